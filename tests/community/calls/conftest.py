"""Fixtures for the community calls: a small page tree with the calls index, calls at chosen times, members."""

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

BERLIN = ZoneInfo("Europe/Berlin")
PASSWORD = "ein-sicheres-passwort"
VIDEO_URL = "https://video.example/raum-geheim-4711"
_numbers = itertools.count(1)


def berlin(*args) -> datetime:
    """An aware datetime on the wall clock in Berlin, e.g. berlin(2026, 10, 25, 10, 0)."""
    return datetime(*args, tzinfo=BERLIN)


def agenda(*items) -> list[dict]:
    """agenda(("Begrüßung", 10), ("Input", 20)) -> StreamField data."""
    return [
        {"type": "item", "value": {"title": title, "minutes": minutes, "speaker": "", "description": ""}}
        for title, minutes in items
    ]


@pytest.fixture
def home(db):
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage, SiteSettings

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(
        title="Root", slug="root"
    )  # flushed by transactional tests
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)
    return home


@pytest.fixture
def call_index(home):
    from community.calls.models import CommunityCallIndexPage

    index = CommunityCallIndexPage(
        title="Community Calls", slug="community-calls", show_in_menus=True, intro="Austausch im Netzwerk."
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_call(call_index):
    """make_call(title=…, start=aware datetime or timedelta from now, minutes=60, capacity=None, tags=(), …)."""
    from community.calls.models import CallHost, CommunityCallPage

    def make(
        title=None,
        *,
        start=timedelta(days=7),
        minutes=60,
        tags=(),
        publish=True,
        hosts=(),
        user=None,
        **fields,
    ):
        number = next(_numbers)
        if isinstance(start, timedelta):
            start = (timezone.now() + start).replace(second=0, microsecond=0)
        start = start.astimezone(UTC)  # adding minutes to a Berlin time would add them to the wall clock
        fields.setdefault("slug", f"call-{number}")
        fields.setdefault("summary", f"Worum es im Call {number} geht.")
        fields.setdefault("video_url", VIDEO_URL)
        page = CommunityCallPage(
            title=title or f"Call {number}",
            start_at=start,
            end_at=start + timedelta(minutes=minutes),
            live=False,
            **fields,
        )
        call_index.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        for host in hosts:
            page.hosts.add(CallHost(**host))
        revision = page.save_revision(user=user)
        if publish:
            revision.publish()
        return CommunityCallPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_member(db):
    """make_member(display_name, groups=(), **profile fields) -> an active member with a verified address."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from community.members.models import Profile

    def make(display_name="Mia Mitglied", *, email=None, groups=(), **profile_fields):
        number = next(_numbers)
        email = email or f"mitglied{number}@example.org"
        user = get_user_model().objects.create_user(
            username=f"mitglied{number}", email=email, password=PASSWORD
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Profile.objects.create(user=user, display_name=display_name, **profile_fields)
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        return user

    return make


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


def count_queries(client, path, *, cold=False) -> int:
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
