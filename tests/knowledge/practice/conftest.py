"""Fixtures for Praxis & Erfahrungen: a small page tree with the practice index, region pages and posts."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

_numbers = itertools.count(1)
PASSWORD = "ein-sicheres-passwort"


@pytest.fixture
def home(db):
    """A home page as the site root, as `make run` has it, without the rest of the demo content."""
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
def practice_index(home):
    from knowledge.practice.models import PracticeIndexPage

    index = PracticeIndexPage(
        title="Praxis & Erfahrungen",
        slug="praxis",
        show_in_menus=True,
        intro="Was funktioniert – und was nicht.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def directory(home):
    from community.regions.models import RegionIndexPage

    index = RegionIndexPage(title="MINT-Regionen", slug="regionen", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_region(directory):
    from community.regions.models import RegionPage

    def make(title, bundesland, slug=None, **fields):
        region = RegionPage(
            title=title, slug=slug or f"region-{next(_numbers)}", bundesland=bundesland, **fields
        )
        directory.add_child(instance=region)
        region.save_revision().publish()
        region.refresh_from_db()
        return region

    return make


@pytest.fixture
def aachen(make_region):
    return make_region("MINT-Netzwerk Aachener Revier", "NW", slug="aachener-revier")


@pytest.fixture
def make_post(practice_index):
    """make_post(kind="bp"|"sof", title=…, tags=[…], publish=True, days_ago=…, **fields) -> a post page.

    Required fields get plausible defaults; `days_ago` sets the first publication date before publishing.
    `user` saves the revision (as a submitting member would), `publisher` publishes it (an editor)."""
    from knowledge.practice.models import BestPracticePage, FailureStoryPage

    def make(
        kind="bp", title=None, *, tags=(), publish=True, days_ago=None, user=None, publisher=None, **fields
    ):
        number = next(_numbers)
        fields.setdefault("slug", f"beitrag-{number}")
        fields.setdefault("summary", f"Zusammenfassung von Beitrag {number}.")
        if kind == "bp":
            model = BestPracticePage
            fields.setdefault("transferability", "ja")
        else:
            model = FailureStoryPage
            fields.setdefault("goal", "Wir wollten viel erreichen.")
            fields.setdefault("what_went_wrong", "Es kam anders.")
            fields.setdefault("lessons_learned", "Wir haben dazugelernt.")
        if days_ago is not None:
            fields["first_published_at"] = timezone.now() - timedelta(days=days_ago)
        page = model(title=title or f"Beitrag {number}", live=False, **fields)
        practice_index.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        revision = page.save_revision(user=user)
        if publish:
            revision.publish(user=publisher)
        return model.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_user(db):
    """make_user(display_name) -> an active member with a verified address and a profile."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from community.members.models import Profile

    def make(display_name, *, email=None, **profile_fields):
        number = next(_numbers)
        email = email or f"mitglied{number}@example.org"
        user = get_user_model().objects.create_user(
            username=f"mitglied{number}", email=email, password=PASSWORD
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Profile.objects.create(user=user, display_name=display_name, **profile_fields)
        return user

    return make


def count_queries(client, path, *, cold=True) -> int:
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
    return len(captured)
