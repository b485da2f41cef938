"""Fixtures for the regional directory: a small page tree, regions and offices, members in every role."""

import itertools
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

_numbers = itertools.count(1)
PASSWORD = "ein-sicheres-passwort"


@pytest.fixture
def home(db):
    """A home page as the site root (as `make run` has it), without the rest of the demo content."""
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    from home.models import SiteSettings

    SiteSettings.for_site(site)  # created on first access otherwise, which would reset the cached chrome
    return home


@pytest.fixture
def directory(home):
    from community.regions.models import RegionIndexPage

    index = RegionIndexPage(
        title="MINT-Regionen", slug="regionen", show_in_menus=True, intro="Alle Regionen."
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_region(directory):
    """make_region(title, bundesland, **fields) -> a published RegionPage (tags: a list of names)."""
    from community.regions.models import RegionPage

    def make(title=None, bundesland="NW", *, tags=(), publish=True, **fields):
        number = next(_numbers)
        title = title or f"MINT-Region Nummer {number}"
        fields.setdefault("slug", f"region-{number}")
        region = RegionPage(title=title, bundesland=bundesland, live=publish, **fields)
        directory.add_child(instance=region)
        if tags:
            region.tags.add(*tags)
        revision = region.save_revision()
        if publish:
            revision.publish()
        region.refresh_from_db()
        return region

    return make


@pytest.fixture
def make_office(directory):
    from community.regions.models import StateOfficePage

    def make(title, bundesland, **fields):
        fields.setdefault("slug", f"stelle-{next(_numbers)}")
        office = StateOfficePage(title=title, bundesland=bundesland, **fields)
        directory.add_child(instance=office)
        office.save_revision().publish()
        return office

    return make


@pytest.fixture
def aachen(make_region):
    return make_region(
        "MINT-Netzwerk Aachener Revier",
        "NW",
        slug="aachener-revier",
        intro="Schulen und Betriebe im Revier.",
        area_covered="StädteRegion Aachen\nKreis Düren",
        latitude=Decimal("50.77530"),
        longitude=Decimal("6.08390"),
        founded_year=2011,
        organisational_form="association",
        financing="Mitgliedsbeiträge und ein Zuschuss der StädteRegion.",
        partner_types=["school", "university", "company"],
        goals="Jede Schule hat einen Partner\n- Mehr Ausbildungsverträge",
        website="https://aachener-revier.example",
        tags=["Berufsorientierung", "Mädchen in MINT"],
    )


@pytest.fixture
def roles(db):
    from community.members.roles import sync_roles

    sync_roles()


@pytest.fixture
def make_member(db):
    """make_member(display_name, visibility=…, **profile fields) -> an active user with a verified address."""
    from allauth.account.models import EmailAddress

    from community.members.models import Profile

    def make(display_name=None, *, email=None, visibility=None, groups=(), **fields):
        number = next(_numbers)
        email = email or f"person{number}@example.org"
        user = get_user_model().objects.create_user(
            username=f"person{number}", email=email, password=PASSWORD
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Profile.objects.create(
            user=user,
            display_name=display_name or f"Person {number}",
            visibility=visibility or {},
            **fields,
        )
        if groups:
            from django.contrib.auth.models import Group

            user.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in groups])
        return user

    return make


@pytest.fixture
def coordinator(make_member, aachen):
    user = make_member("Carla Koordinatorin", visibility={"display_name": "public"}, role="coordinator")
    add_coordinator(aachen, user)
    return user


def add_coordinator(region, user):
    """Assign a coordinator the way editors do: in a new, published revision."""
    from community.regions.models import RegionPage

    page = RegionPage.objects.get(pk=region.pk).get_latest_revision_as_object()
    page.coordinators.add(user)
    page.save_revision().publish()
    region.refresh_from_db()


@pytest.fixture
def editor_user(make_member, roles):
    """A member of the group Redaktion with an authenticator app (the admin requires two factors)."""
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


def count_queries(client, path, *, cold=True):
    """Queries of a request after one warm-up request; with cold=True the cache is emptied in between, so
    only process-level caches (content types) stay warm, as in the site's other query tests."""
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
