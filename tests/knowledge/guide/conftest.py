"""Fixtures for the founding guide: a home page as site root, a guide, chapters built from readable block specs,
practice posts, documents and images."""

import io
import itertools

import pytest

_numbers = itertools.count(1)
PASSWORD = "ein-sicheres-passwort"


@pytest.fixture
def home(db):
    """A home page as the site root (as `make run` has it), without the rest of the demo content."""
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
    SiteSettings.for_site(site)  # created on first access otherwise, which would reset the cached chrome
    return home


@pytest.fixture
def guide(home):
    from knowledge.guide.models import GuidePage

    guide = GuidePage(
        title="Gründungsleitfaden",
        subtitle="Auf dem Weg zur MINT-Region",
        slug="gruendungsleitfaden",
        intro="Von der ersten Idee bis zum laufenden Netzwerk.",
        show_in_menus=True,
    )
    home.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def checklist(title, *items):
    """A checklist block with ids for its items, as the Wagtail admin saves them."""
    import uuid

    return {
        "type": "checklist",
        "value": {
            "title": title,
            "items": [{"type": "item", "value": text, "id": str(uuid.uuid4())} for text in items],
        },
    }


@pytest.fixture
def make_chapter(guide):
    """make_chapter(title, body=[...], tags=[...], publish=True, parent=guide) -> a GuideChapterPage."""
    from knowledge.guide.models import GuideChapterPage

    def make(title=None, *, body=None, tags=(), publish=True, parent=None, summary=None, **fields):
        number = next(_numbers)
        chapter = GuideChapterPage(
            title=title or f"Kapitel {number}",
            slug=fields.pop("slug", f"kapitel-{number}"),
            summary=summary or "Worum es in diesem Kapitel geht.",
            body=body if body is not None else [paragraph("<p>Ein kurzer Text.</p>")],
            live=publish,
            **fields,
        )
        (parent or guide).add_child(instance=chapter)
        if tags:
            chapter.tags.add(*tags)
        revision = chapter.save_revision()
        if publish:
            revision.publish()
        chapter.refresh_from_db()
        return GuideChapterPage.objects.get(pk=chapter.pk)

    return make


@pytest.fixture
def practice_index(home):
    from knowledge.practice.models import PracticeIndexPage

    index = PracticeIndexPage(title="Praxis & Erfahrungen", slug="praxis", intro="Aus den Regionen.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_post(practice_index):
    """make_post(title, failure=False, tags=[...], publish=True, anonymous=False, byline="")."""
    from knowledge.practice.models import BestPracticePage, FailureStoryPage

    def make(
        title=None, *, failure=False, tags=(), publish=True, summary="Eine kurze Zusammenfassung.", **fields
    ):
        number = next(_numbers)
        common = {
            "title": title or f"Beitrag {number}",
            "slug": f"beitrag-{number}",
            "summary": summary,
            "live": publish,
        }
        if failure:
            post = FailureStoryPage(
                goal="Wir wollten viel.", what_went_wrong="Es kam anders.", lessons_learned="Früher fragen.",
                **common, **fields,
            )  # fmt: skip
        else:
            post = BestPracticePage(transferability="ja", **common, **fields)
        practice_index.add_child(instance=post)
        if tags:
            post.tags.add(*tags)
        revision = post.save_revision()
        if publish:
            revision.publish()
        return post

    return make


@pytest.fixture
def make_member(db, django_user_model):
    from allauth.account.models import EmailAddress

    def make(name=None):
        number = next(_numbers)
        user = django_user_model.objects.create_user(
            username=f"leserin{number}", email=f"leserin{number}@example.org", password=PASSWORD,
            first_name=name or f"Leserin {number}",
        )  # fmt: skip
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def document(db):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Vorlage Kooperationsvereinbarung")
    document.file.save("vorlage.txt", ContentFile(b"Vorlage: Partner, Ziele, Beitraege."), save=False)
    document.save()
    return document


@pytest.fixture
def pdf_document(db):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Gründungsleitfaden als PDF")
    document.file.save("leitfaden.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document


@pytest.fixture
def image(db):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (11, 92, 107)).save(buffer, format="PNG")
    image = get_image_model()(title="Forschertag in der Grundschule")
    image.file.save("forschertag.png", ImageFile(buffer, name="forschertag.png"), save=False)
    image.save()
    return image


def count_queries(client, path, *, cold=False):
    """Queries of a request after one warm-up request; with cold=True the cache is emptied in between."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(captured), captured
