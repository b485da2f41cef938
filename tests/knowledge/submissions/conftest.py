"""Fixtures for member submissions: a site with the practice index, two regions, members and an editor of the
group Redaktion, and helpers that post the submission form like a browser does."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "ein-sicheres-passwort"


@pytest.fixture
def home(db):
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage, SiteSettings

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)
    return home


@pytest.fixture
def practice_index(home):
    from knowledge.practice.models import PracticeIndexPage

    index = PracticeIndexPage(title="Praxis & Erfahrungen", slug="praxis", intro="Aus den Regionen.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def regions(home):
    """Two live region pages (Bayern, Nordrhein-Westfalen)."""
    from wagtail.models import Page

    from community.regions.models import RegionIndexPage, RegionPage

    directory = RegionIndexPage(title="MINT-Regionen", slug="regionen")
    home.add_child(instance=directory)
    directory.save_revision().publish()
    created = []
    for slug, title, land in (
        ("technikland-allgaeu", "Technikland Allgäu", "BY"),
        ("mint-bergisch", "MINT.Bergisch", "NW"),
    ):
        region = RegionPage(title=title, slug=slug, bundesland=land)
        directory.add_child(instance=region)
        region.save_revision().publish()
        created.append(Page.objects.get(pk=region.pk).specific)
    return created


def _verified_member(username, email, first_name="", groups=()):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username, email=email, password=PASSWORD, first_name=first_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def coordinator(db):
    """A member with a profile and display name (the byline is prefilled from it)."""
    from community.members.models import Profile

    user = _verified_member("jana", "jana@example.org", "Jana", groups=("Mitglieder",))
    Profile.objects.create(user=user, display_name="Jana Beispiel")
    return user


@pytest.fixture
def other_member(db):
    return _verified_member("otto", "otto@example.org", "Otto", groups=("Mitglieder",))


@pytest.fixture
def unverified_member(db):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(username="ulla", email="ulla@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


@pytest.fixture
def redaktion(db):
    """An editor of the group Redaktion (not a superuser) with an authenticator app, as the admin demands."""
    from community.members.mfa import ensure_demo_totp

    user = _verified_member("rita", "rita@example.org", "Rita", groups=("Redaktion",))
    ensure_demo_totp(user)
    return user


@pytest.fixture
def member_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def editor_client(redaktion):
    """A second browser, logged in as the editor (member_client uses pytest-django's `client`)."""
    from django.test import Client

    editor = Client()
    editor.force_login(redaktion)
    return editor


def failure_story_data(**overrides):
    data = {
        "title": "Der Technik-Sommer, zu dem niemand kam",
        "summary": "Wir haben ein Ferienprogramm geplant, das an der Zielgruppe vorbeiging.",
        "bundesland": "BY",
        "stages": ["sek1", "ausserschulisch"],
        "target_groups": ["schueler"],
        "tags": "Veranstaltungsformate, Ländlicher Raum",
        "goal": "Zwei Wochen Technik-Workshops in den Sommerferien für 60 Jugendliche.",
        "what_went_wrong": "Nur acht Anmeldungen: Die Termine lagen in der **Erntezeit**.",
        "lessons_learned": "- Termine mit den Schulen abstimmen\n- Eltern früh einbinden",
        "do_differently": "Wir würden die Jugendlichen selbst mitplanen lassen.",
        "who_benefits": "Regionen im ländlichen Raum.",
        "body": "## Zum Nachlesen\n\nUnsere [Auswertung](https://example.org/auswertung) als Zusammenfassung.",
        "byline": "Jana Beispiel, MINT-Region Allgäu",
        "action": "save",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def best_practice_data(**overrides):
    data = {
        "title": "Tüftelwerkstatt in jeder Grundschule",
        "summary": "Ein Koffer voller Material und eine Patenschaft mit einem Betrieb pro Schule.",
        "bundesland": "NW",
        "stages": ["grundschule"],
        "target_groups": ["kinder", "fachkraefte"],
        "tags": "Unternehmenskooperation, Frühe MINT-Bildung",
        "body": "Jede Schule bekommt einen Koffer und eine feste Ansprechperson.",
        "partners": "Kreissparkasse (Finanzierung)\nHandwerkskammer",
        "effort": "mittel",
        "resources": "Eine halbe Stelle für die Koordination, 800 Euro Material pro Schule.",
        "transferability": "teilweise",
        "transfer_conditions": "Ein Betrieb pro Schule, der Zeit mitbringt.",
        "contact": "Koordinationsstelle, koordination@example.org",
        "byline": "Jana Beispiel",
        "action": "save",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def png_bytes(size=(400, 300), color=(11, 92, 107)) -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, "PNG")
    return output.getvalue()


def jpeg_with_gps(size=(640, 480)) -> bytes:
    """A JPEG carrying EXIF data with a GPS position, as phone photos do."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Beispielkamera"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 8.0, 0.0), 3: "E", 4: (10.0, 30.0, 0.0)}  # GPSInfo
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def pdf_bytes(extra: bytes = b"") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        + extra
        + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def docx_bytes(*, macros: bool = False) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        content_type = (
            "application/vnd.ms-word.document.macroEnabled.main+xml" if macros else "application/xml"
        )
        archive.writestr("[Content_Types].xml", f'<Types><Default ContentType="{content_type}"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00macro")
    return output.getvalue()


def odt_bytes() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return output.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)
