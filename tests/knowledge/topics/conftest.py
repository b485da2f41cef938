"""Fixtures for topics, feeds and the API: a small site with guide chapters, practice posts, regions and members,
each created published or as a draft, tagged as a test needs."""

import itertools

import pytest
from django.contrib.auth import get_user_model

_numbers = itertools.count(1)
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


def _publish(page, tags, publish):
    if tags:
        page.tags.add(*tags)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def guide(home):
    from knowledge.guide.models import GuidePage

    guide = GuidePage(title="Auf dem Weg zur MINT-Region", slug="gruendungsleitfaden", intro="Der Leitfaden.")
    home.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


@pytest.fixture
def make_chapter(guide):
    """make_chapter(title, tags=[...], publish=True) -> a GuideChapterPage."""
    from knowledge.guide.models import GuideChapterPage

    def make(title=None, *, tags=(), publish=True, summary="Worum es in diesem Kapitel geht.", **fields):
        number = next(_numbers)
        chapter = GuideChapterPage(
            title=title or f"Kapitel {number}",
            slug=f"kapitel-{number}",
            summary=summary,
            body=[],
            live=publish,
            **fields,
        )
        guide.add_child(instance=chapter)
        return _publish(chapter, tags, publish)

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
    """make_post(title, failure=False, tags=[...], publish=True, anonymous=False, byline="", author=None)."""
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
            "bundesland": fields.pop("bundesland", "NW"),
        }
        if failure:
            post = FailureStoryPage(
                goal="Wir wollten viel.",
                what_went_wrong="Es kam anders.",
                lessons_learned="Früher fragen.",
                **common,
                **fields,
            )
        else:
            post = BestPracticePage(transferability="ja", **common, **fields)
        practice_index.add_child(instance=post)
        return _publish(post, tags, publish)

    return make


@pytest.fixture
def directory(home):
    from community.regions.models import RegionIndexPage

    index = RegionIndexPage(title="MINT-Regionen", slug="regionen", intro="Alle Regionen.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_region(directory):
    from community.regions.models import RegionPage

    def make(title=None, bundesland="NW", *, tags=(), publish=True, **fields):
        number = next(_numbers)
        region = RegionPage(
            title=title or f"MINT-Region {number}",
            slug=f"region-{number}",
            bundesland=bundesland,
            live=publish,
            **fields,
        )
        directory.add_child(instance=region)
        return _publish(region, tags, publish)

    return make


@pytest.fixture
def make_member(db):
    """make_member(display_name, visibility={...}, topics=[...], groups=[...]) -> an active, verified user."""
    from allauth.account.models import EmailAddress

    from community.members.models import Profile

    def make(display_name=None, *, email=None, visibility=None, topics=(), groups=(), **fields):
        number = next(_numbers)
        email = email or f"person{number}@example.org"
        user = get_user_model().objects.create_user(
            username=f"person{number}", email=email, password=PASSWORD
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        profile = Profile.objects.create(
            user=user, display_name=display_name or f"Person {number}", visibility=visibility or {}, **fields
        )
        if topics:
            profile.topics.add(*topics)
        if groups:
            from django.contrib.auth.models import Group

            user.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in groups])
        return user

    return make


PUBLIC_TOPICS = {"display_name": "public", "topics": "public"}


@pytest.fixture
def roles(db):
    from community.members.roles import sync_roles

    sync_roles()


@pytest.fixture
def editor_user(make_member, roles):
    """A member of the group Redaktion (not a superuser) with an authenticator app, as the admin requires."""
    from community.members.mfa import ensure_demo_totp

    user = make_member("Rieke Redaktion", groups=["Redaktion"])
    ensure_demo_totp(user)
    return user


@pytest.fixture
def moderator_user(make_member, roles):
    from community.members.mfa import ensure_demo_totp

    user = make_member("Moni Moderation", groups=["Moderation"])
    ensure_demo_totp(user)
    return user


def tag(name):
    from taggit.models import Tag

    return Tag.objects.get(name=name)
