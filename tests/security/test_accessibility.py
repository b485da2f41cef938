"""Accessibility on every page type (issue #8): axe-core finds no serious or critical violation, logged out and
logged in as a member, on one live page of every Wagtail page type (the list is derived from the page models,
and a test fails when a type is missing), the sub-pages of routable pages, and the key account and community
pages (login, signup, profile edit, notifications, privacy and export, Meine Calls, a channel with messages,
search results with facets, the 404 page …).

Chromium runs headless through the suite's fixtures (tests/browser/conftest.py: `browser`, `assert_accessible`);
the site is served once per module from the committed fixture world (matrix_fixtures.world_live_server).
Test ids read `test_page_is_accessible[<role>-<page>]`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import assert_accessible

from .matrix_fixtures import COMMITTED_WORLD_MARK, committed_world, world_live_server  # noqa: F401 - fixtures

# The marker makes pytest-django set up the test database; the world itself is committed once per module.
pytestmark = [pytest.mark.browser, COMMITTED_WORLD_MARK]

# One live page of every page type: model label -> how to find it. PracticePage is the concrete base of the
# two practice kinds (never created on its own), so its instances are served as one of them.
PAGE_TYPES = {
    "home.HomePage": "home.HomePage",
    "home.StandardPage": "home.StandardPage",
    "home.SectionIndexPage": "home.SectionIndexPage",
    "guide.GuidePage": "guide.GuidePage",
    "guide.GuideChapterPage": "guide.GuideChapterPage",
    "practice.PracticeIndexPage": "practice.PracticeIndexPage",
    "practice.PracticePage": "practice.BestPracticePage",
    "practice.BestPracticePage": "practice.BestPracticePage",
    "practice.FailureStoryPage": "practice.FailureStoryPage",
    "calls.CommunityCallIndexPage": "calls.CommunityCallIndexPage",
    "calls.CommunityCallPage": "calls.CommunityCallPage",
    "regions.RegionIndexPage": "regions.RegionIndexPage",
    "regions.RegionPage": "regions.RegionPage",
    "regions.StateOfficePage": "regions.StateOfficePage",
}

# Sub-pages of routable pages that render HTML (the CSV, calendar and POST-only routes are not pages).
SUB_PAGES = {
    "guide.GuidePage:print": ("guide.GuidePage", "{url}gesamt/"),
    "practice.PracticeIndexPage:transferable": ("practice.PracticeIndexPage", "{url}uebertragbar/"),
}

# Views that are not pages: role -> path templates filled from the world's ids.
VIEWS = {
    "anonymous": {
        "login": "/konto/login/",
        "signup": "/konto/signup/",
        "password-reset": "/konto/password/reset/",
        "login-by-code": "/konto/login/code/",
        "topics": "/themen/",
        "topic": "/themen/{tag_slug}/",
        "profile-public": "/mitglieder/{member_id}/",
        "search-with-facets": "/suche/?q=Netzwerk",
        "not-found": "/gibt-es-nicht/",
    },
    "member": {
        "account": "/konto/",
        "profile-edit": "/konto/profil/",
        "profile-preview": "/konto/profil/vorschau/?als=alle",
        "own-profile": "/mitglieder/{member_id}/",
        "directory": "/mitglieder/",
        "subscriptions": "/konto/abos/",
        "notifications": "/benachrichtigungen/",
        "notification-settings": "/konto/benachrichtigungen/",
        "privacy-and-export": "/konto/daten/",
        "delete-account": "/konto/daten/loeschen/",
        "two-factor": "/konto/2fa/",
        "email": "/konto/email/",
        "password-change": "/konto/password/change/",
        "my-calls": "/community-calls/meine/",
        "channels": "/kanaele/",
        "channel-with-messages": "/kanaele/{open_slug}/",
        "private-channel": "/kanaele/{private_slug}/",
        "message-edit": "/kanaele/{open_slug}/nachrichten/{open_seq}/bearbeiten/",
        "message-report": "/kanaele/{open_slug}/nachrichten/{other_seq}/melden/",
        "discussion-post-edit": "/diskussionen/beitraege/{post_id}/bearbeiten/",
        "my-submissions": "/beitraege/",
        "submission-kind": "/beitraege/neu/",
        "submission-form": "/beitraege/neu/best-practice/",
        "submission-edit": "/beitraege/{submission_id}/bearbeiten/",
        "topics": "/themen/",
        "search-with-facets": "/suche/?q=Netzwerk",
        "not-found": "/gibt-es-nicht/",
    },
}
NOT_FOUND_KEYS = {"not-found"}


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _page_url(label: str) -> str:
    return _model(label).objects.live().order_by("pk").first().url


def _targets(role: str):
    keys = [(f"page:{label}", None) for label in PAGE_TYPES]
    keys += [(f"page:{key}", None) for key in SUB_PAGES]
    keys += [(key, None) for key in VIEWS[role]]
    return [pytest.param(role, key, id=f"{role}-{key}") for key, _unused in keys]


def _path(world, role: str, key: str) -> str:
    if key.startswith("page:"):
        name = key[len("page:") :]
        if name in SUB_PAGES:
            label, template = SUB_PAGES[name]
            return template.format(url=_page_url(label))
        return _page_url(PAGE_TYPES[name])
    return VIEWS[role][key].format(**world.ids)


@pytest.mark.parametrize(("role", "key"), [*_targets("anonymous"), *_targets("member")])
def test_page_is_accessible(browser, world_live_server, committed_world, role, key):  # noqa: F811
    path = _path(committed_world, role, key)
    context = browser.new_context(base_url=world_live_server.url, locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(15_000)
    try:
        if role != "anonymous":
            context.add_cookies(
                [{"name": "sessionid", "value": committed_world.sessions[role], "url": world_live_server.url}]
            )
        page = context.new_page()
        foreign = []
        page.on(
            "request", lambda request: foreign.append(request.url) if not _same_origin(request.url) else None
        )
        response = page.goto(path)
        expected = 404 if key in NOT_FOUND_KEYS else 200
        assert response.status == expected, f"{role} {path}: HTTP {response.status}"
        # Not sent elsewhere (say, to the login page): the page checked is the page meant.
        assert urlsplit(page.url).path == urlsplit(path).path, f"{role} {path}: ended at {page.url}"
        assert_accessible(page)
        assert foreign == [], f"requests to other origins from {path}: {foreign}"
    finally:
        context.close()


def _same_origin(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))


def test_every_page_type_is_checked():
    from wagtail.models import Page, get_page_models

    labels = {f"{model._meta.app_label}.{model.__name__}" for model in get_page_models() if model is not Page}
    assert labels == set(PAGE_TYPES), (
        f"page types without an accessibility check: {sorted(labels - set(PAGE_TYPES))}"
    )
