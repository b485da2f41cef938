"""Open redirects: every view that sends the visitor to an address the request names (`next=`, the Referer) sends
them only to a path on this site. Login, logout, sign-up, the language switch, following, notifications, the
admin's login redirect and the notification links."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client

from .world import PASSWORD, build_world, make_member

pytestmark = pytest.mark.django_db

HOSTILE_TARGETS = [
    "//evil.example",
    "https://evil.example",
    "http://evil.example/konto/",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "///evil.example",
    "http:evil.example",
    "https:/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "https://localhost@evil.example",
    "https://evil.example\\@localhost/",
    "data:text/html,<script>alert(1)</script>",
]


def stays_on_site(location: str) -> bool:
    """Whether a browser following `location` from http://localhost/ stays on localhost."""
    # Browsers ignore tabs and newlines in URLs and read a backslash as a slash.
    cleaned = "".join(ch for ch in location if ch not in "\t\r\n").strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    if parts.netloc and parts.hostname not in ("localhost", "testserver"):
        return False
    # An encoded slash (%2F) stays part of the path for the browser; the test below makes sure the site never
    # turns such a path into a redirect elsewhere.
    return not cleaned.startswith("//")


def assert_stays_on_site(response, context: str):
    assert response.status_code < 500, f"{context}: {response.status_code}"
    location = response.get("Location", "")
    assert stays_on_site(location), f"{context}: redirected to {location!r}"
    # A redirect to the login page carries the target on: it must be safe there too.
    for value in parse_qs(urlsplit(location).query).get("next", []):
        assert stays_on_site(value), f"{context}: next={value!r} passed on"


@pytest.fixture
def world(db):
    return build_world()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_login_logout_and_signup_refuse_foreign_targets(world, record_property):
    record_property("targets", len(HOSTILE_TARGETS))
    for target in HOSTILE_TARGETS:
        cache.clear()
        client = Client()
        response = client.post(
            "/konto/login/", {"login": world.member.email, "password": PASSWORD, "next": target}
        )
        assert response.status_code == 302, "the login itself must work"
        assert_stays_on_site(response, f"login next={target!r}")
        assert_stays_on_site(client.post("/konto/logout/", {"next": target}), f"logout next={target!r}")
        assert_stays_on_site(client.get("/konto/login/", {"next": target}), f"login page next={target!r}")
        response = client.post(
            "/konto/signup/",
            {"email": "neu@example.org", "display_name": "Neu Hier", "password1": "Ein-sehr-sicheres-Passwort-42",
             "password2": "Ein-sehr-sicheres-Passwort-42", "accept_terms": "on", "website": "", "next": target},
        )  # fmt: skip
        assert_stays_on_site(response, f"signup next={target!r}")
        assert_stays_on_site(
            logged_in(world.member).get("/konto/reauthenticate/", {"next": target}),
            f"reauthenticate next={target!r}",
        )


def test_language_switch_refuses_foreign_targets(world):
    for target in HOSTILE_TARGETS:
        client = Client()
        response = client.post("/i18n/setlang/", {"language": "en", "next": target})
        assert_stays_on_site(response, f"setlang next={target!r}")
        response = client.post("/i18n/setlang/", {"language": "de"}, HTTP_REFERER=target)
        assert_stays_on_site(response, f"setlang Referer={target!r}")


def test_member_actions_refuse_foreign_targets(world):
    other = make_member("jana")
    client = logged_in(world.member)
    for target in HOSTILE_TARGETS:
        cache.clear()
        data = {"type": "member", "id": other.pk, "operation": "follow", "next": target}
        assert_stays_on_site(client.post("/folgen/", data), f"follow next={target!r}")
        cache.clear()
        data["operation"] = "unfollow"
        assert_stays_on_site(client.post("/folgen/", data, HTTP_REFERER=target), f"follow Referer={target!r}")
        assert_stays_on_site(
            Client().post("/folgen/", {"type": "member", "id": other.pk, "next": target}),
            f"anonymous follow {target!r}",
        )
        assert_stays_on_site(
            client.post("/benachrichtigungen/alle-gelesen/", {"next": target}),
            f"mark all read next={target!r}",
        )


def test_admin_login_redirect_refuses_foreign_targets(world):
    for target in HOSTILE_TARGETS:
        response = Client().get("/admin/login/", {"next": target})
        assert response.status_code == 302
        assert_stays_on_site(response, f"admin login next={target!r}")


def test_notification_links_only_lead_to_this_site(world):
    from community.notifications.api import notify
    from community.notifications.models import Notification

    client = logged_in(world.member)
    for target in HOSTILE_TARGETS:
        notify(world.member, "mention", "Hallo", url=target)
    for notification in Notification.objects.filter(recipient=world.member):
        response = client.post(f"/benachrichtigungen/{notification.pk}/")
        if response.status_code == 405:
            response = client.get(f"/benachrichtigungen/{notification.pk}/")
        assert_stays_on_site(response, f"notification url={notification.url!r}")


def test_paths_that_look_like_foreign_addresses_do_not_redirect_there(world):
    # Django's slash appending and Wagtail's page routing must not turn an encoded path into "//evil.example".
    paths = [
        "/%2F%2Fevil.example",
        "/%2F%2Fevil.example/",
        "//evil.example",
        "/%5C%5Cevil.example",
        "/%09/evil.example",
    ]
    for path in paths:
        for client in (Client(), logged_in(world.member)):
            response = client.get(path)
            assert_stays_on_site(response, f"GET {path}")
