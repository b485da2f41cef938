"""A member submits a Story of Failure through the site; an editor approves it in the Wagtail admin; the story
appears on the site and on its topic page. The form, the preview and "Meine Beiträge" pass axe."""

import re
import time

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser

PASSWORD = "ein-sicheres-passwort"
TITLE = "Der Technik-Sommer, zu dem niemand kam"


@pytest.fixture
def submission_site(transactional_db):
    """Home page, practice index, a region, a member and an editor of the group Redaktion with two-factor."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Locale, Page, Site

    from community.members.mfa import ensure_demo_totp
    from community.members.models import Profile
    from community.regions.models import RegionIndexPage, RegionPage
    from home.models import HomePage, SiteSettings
    from knowledge.practice.models import PracticeIndexPage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    # An earlier transactional test may have flushed the tables, with the root page the role permissions hang
    # on; give the roles their permissions again, as `migrate` does.
    from community.members.roles import sync_roles

    sync_roles()
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)
    index = PracticeIndexPage(title="Praxis & Erfahrungen", slug="praxis", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    directory = RegionIndexPage(title="MINT-Regionen", slug="regionen")
    home.add_child(instance=directory)
    directory.save_revision().publish()
    region = RegionPage(title="Technikland Allgäu", slug="technikland-allgaeu", bundesland="BY")
    directory.add_child(instance=region)
    region.save_revision().publish()

    users = get_user_model().objects
    member = users.create_user(
        username="jana", email="jana@example.org", password=PASSWORD, first_name="Jana"
    )
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    Profile.objects.create(user=member, display_name="Jana Beispiel")
    editor = users.create_user(
        username="rita", email="rita@example.org", password=PASSWORD, first_name="Rita"
    )
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    return {"member": member, "editor": editor, "totp_secret": ensure_demo_totp(editor), "region": region}


def serve_media(context) -> None:
    """Uploaded files as the production web server serves them (the test server, like Django without DEBUG,
    does not serve MEDIA_URL)."""
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT).resolve()

    def handle(route, request):
        relative = unquote(urlsplit(request.url).path)[len(settings.MEDIA_URL) :]
        file = (root / relative).resolve()
        if root in file.parents and file.is_file():
            route.fulfill(path=file)
        else:
            route.fulfill(status=404)

    context.route("**/media/**", handle)


def png_bytes() -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (640, 400), (11, 92, 107)).save(output, "PNG")
    return output.getvalue()


def current_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(page, email, totp_secret=None):
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.locator("form").filter(has=page.get_by_label("Passwort", exact=True)).locator(
        "button[type=submit]"
    ).first.click()
    if totp_secret:
        page.wait_for_url("**/konto/2fa/authenticate/")
        page.get_by_label("Code").fill(current_code(totp_secret))
        page.get_by_role("button", name="Bestätigen").click()
    expect(page.locator("summary.account-menu__toggle")).to_be_visible()


def test_member_submits_a_story_an_editor_approves_it(page, browser, live_site, submission_site):
    from knowledge.submissions.models import Submission

    serve_media(page.context)
    log_in(page, "jana@example.org")
    page.locator("summary.account-menu__toggle").click()
    page.get_by_role("link", name="Meine Beiträge").click()
    expect(page.get_by_role("heading", level=1, name="Meine Beiträge")).to_be_visible()
    page.get_by_role("link", name="Neuen Beitrag schreiben").click()
    assert_accessible(page)
    page.get_by_role("link", name="Story of Failure").click()
    expect(page.get_by_role("heading", level=1, name="Neue Story of Failure")).to_be_visible()
    expect(page.get_by_label("Angezeigter Name")).to_have_value("Jana Beispiel")
    assert_accessible(page)

    # A first save with a missing title: a German error, nothing lost, the photo kept.
    page.get_by_label(re.compile("^Was wir vorhatten")).fill(
        "Zwei Wochen Technik-Workshops in den Sommerferien."
    )
    page.get_by_label("Bilder hinzufügen").set_input_files(
        files=[{"name": "werkstatt.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.locator("#form-errors")).to_contain_text("Bitte fülle dieses Feld aus.")
    expect(page.get_by_label(re.compile("^Was wir vorhatten"))).to_have_value(
        "Zwei Wochen Technik-Workshops in den Sommerferien."
    )
    expect(page.locator(".attachment__name", has_text="werkstatt.png")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Bildbeschreibung")).fill("Drei Jugendliche löten an einer Platine")

    page.get_by_label(re.compile("^Titel")).fill(TITLE)
    page.get_by_label(re.compile("^Zusammenfassung")).fill(
        "Ein Ferienprogramm, das an den Jugendlichen vorbeiging."
    )
    page.get_by_label(re.compile("^Was schiefging")).fill(
        "Nur acht Anmeldungen: Die Termine lagen in der **Erntezeit**."
    )
    page.get_by_label(re.compile("^Was wir gelernt haben")).fill("Termine mit den Schulen abstimmen.")
    page.get_by_label("MINT-Region").select_option(label="Technikland Allgäu")
    page.get_by_label("Sekundarstufe I", exact=False).first.check()
    page.get_by_role("combobox", name="Themen").fill("Ländlicher Raum")
    page.get_by_role("button", name="Vorschau").click()

    # The preview: the page as it will look, nothing published.
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text("Noch ist nichts veröffentlicht")).to_be_visible()
    expect(page.get_by_role("img", name="Drei Jugendliche löten an einer Platine")).to_be_visible()
    expect(page.locator("strong", has_text="Erntezeit")).to_be_visible()
    assert_accessible(page)
    page.locator(".preview-bar").get_by_role("button", name="Einreichen").click()

    expect(page.get_by_text("Dein Beitrag ist eingereicht")).to_be_visible()
    expect(page.locator(".state-badge", has_text="In Prüfung")).to_be_visible()
    assert_accessible(page)
    assert_clean(page)

    submission = Submission.objects.get()
    page_id = submission.page_id

    # The editor approves in the admin.
    editor_context = browser.new_context(base_url=live_site.url, locale="de-DE", timezone_id="Europe/Berlin")
    editor_context.set_default_timeout(15_000)
    admin = editor_context.new_page()
    log_in(admin, "rita@example.org", submission_site["totp_secret"])
    admin.goto(f"/admin/pages/{page_id}/edit/")
    approve = admin.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    )
    admin.locator("footer button[aria-expanded]").first.click()
    expect(approve).to_be_visible()
    expect(approve).to_have_text(re.compile("Freigeben"))
    approve.click()
    admin.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    editor_context.close()

    submission.refresh_from_db()
    assert submission.state == "published"
    story = submission.page.specific
    assert story.live

    # The story is on the site and on its topic page, for everyone.
    visitor = browser.new_context(base_url=live_site.url, locale="de-DE", timezone_id="Europe/Berlin")
    serve_media(visitor)
    reader = visitor.new_page()
    reader.goto("/praxis/")
    reader.get_by_role("link", name=TITLE).first.click()
    expect(reader.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(reader.get_by_text("Von Jana Beispiel")).to_be_visible()
    expect(reader.get_by_role("img", name="Drei Jugendliche löten an einer Platine")).to_be_visible()
    reader.goto("/themen/ländlicher-raum/")
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()
    visitor.close()

    # The member sees the decision in "Meine Beiträge" and in the notification bell.
    page.goto("/beitraege/")
    expect(page.locator(".state-badge", has_text="Veröffentlicht")).to_be_visible()
    page.get_by_role("link", name=re.compile("Veröffentlichten Beitrag ansehen")).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    assert_clean(page)
