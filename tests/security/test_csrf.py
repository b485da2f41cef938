"""CSRF: every address of the site (the apps' routes, django-allauth, the language switch, Wagtail's page routes)
refuses a POST without token from a logged-in member, and nothing changes. Views exempt from the check are
listed with the reason; a newly exempted view, or a new route whose arguments this file cannot fill, fails here.
"""

import hashlib
import re

import pytest
from django.apps import apps
from django.core import serializers
from django.http import HttpResponseForbidden
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from .world import add_call, build_world

pytestmark = pytest.mark.django_db

# View name (or prefix ending in ":") -> why it may take a POST without a CSRF token.
CSRF_EXEMPT = {
    "notifications:unsubscribe": "one-click unsubscribe (RFC 8058): mail providers POST without a token; the "
    "signed token in the address is the authentication, and the only effect is less mail",
    "wagtailapi:pages:": "Wagtail's public read-only API (Django REST framework views): GET only, a POST gets 405",
    "wagtailadmin_api:": "Wagtail's admin API (Django REST framework views): DRF's SessionAuthentication enforces "
    "CSRF itself for logged-in requests (checked below)",
}
# The admin (Wagtail and Django's) is hundreds of routes behind the same middleware; its exemptions are checked
# like everyone's, and a sample of its forms below.
ADMIN_PREFIXES = ("admin/", "django-admin/")
ADMIN_SAMPLE = ["/admin/pages/{story}/edit/", "/admin/logout/", "/django-admin/logout/"]
# Keys the project's forms read, so that a POST that got through would change something.
PAYLOAD = {
    "body": "Über CSRF geschrieben", "display_name": "Gekapert", "operation": "follow", "type": "member",
    "target_type": "practice.failurestorypage", "client_id": "csrf-angriff-0001", "emoji": "👍", "pinned": "1",
    "reason": "spam", "note": "x", "language": "en", "next": "/", "email": "angreifer@evil.example",
    "password": "ein-sicheres-passwort", "password1": "Neues-Passwort-4711", "password2": "Neues-Passwort-4711",
    "title": "Gekapert", "action": "save", "confirm": "on", "contributions": "delete", "login": "erika@example.org",
    "oldpassword": "ein-sicheres-passwort", "read": "1", "done": "1", "frequency": "never",
}  # fmt: skip


# Routes with unnamed regex groups.
FIXED_PATHS = {"wagtaildocs_serve": "/dokumente/1/bericht.pdf"}


def csrf_rejected(request, reason=""):
    response = HttpResponseForbidden("CSRF")
    response["X-CSRF-Rejected"] = reason or "yes"
    return response


def walk(resolver=None, prefix="", namespace=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
            yield prefix + str(pattern.pattern), name, pattern.callback


def exemption_for(name: str) -> str | None:
    for key, reason in CSRF_EXEMPT.items():
        if name == key or (key.endswith(":") and name.startswith(key)):
            return reason
    return None


def test_no_view_is_exempt_from_csrf_unless_listed_with_a_reason():
    exempt = {name for _route, name, callback in walk() if getattr(callback, "csrf_exempt", False)}
    unlisted = sorted(name for name in exempt if exemption_for(name) is None)
    assert unlisted == [], f"views exempt from CSRF without a reason in CSRF_EXEMPT: {unlisted}"
    stale = [
        key for key in CSRF_EXEMPT if not any(exemption_for(name) == CSRF_EXEMPT[key] for name in exempt)
    ]
    assert stale == [], f"listed as exempt but no longer exempt (remove them): {stale}"


def _concrete(route: str, values: dict) -> str | None:
    """The route with its arguments filled in from `values` (None when one is unknown)."""
    path = re.sub(r"^\^|\$$", "", route.replace("$", "").replace("^", ""))

    def typed(match):
        name = match.group(2)
        return str(values[name]) if name in values else "\0"

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m.group(1), "\0")), path)
    path = re.sub(r"<(?:(\w+):)?(\w+)>", typed, path)
    if "\0" in path or re.search(r"[()\\*+?\[\]]", path):
        return None
    return "/" + path


def _fingerprint() -> dict[str, str]:
    """A digest per model of every row the site stores (sessions excepted: the test client's login lives there)."""
    digests = {}
    for model in apps.get_models():
        if model._meta.label in {"sessions.Session"} or model._meta.proxy:
            continue
        # Serialised as JSON: the repr of a StreamField value names its memory address.
        data = serializers.serialize("json", model.objects.order_by("pk"))
        digests[model._meta.label] = hashlib.sha256(data.encode()).hexdigest()
    return digests


@override_settings(CSRF_FAILURE_VIEW="tests.security.test_csrf.csrf_rejected")
def test_every_route_refuses_a_post_without_token_and_changes_nothing(record_property):
    from community.chat import posting
    from community.threads import services

    world = build_world()
    call = add_call(world)
    message = posting.post_message(world.member, world.channel, "Hallo", "csrf-vorab-01").message
    post = services.post(world.member, world.story, "Hallo", "csrf-vorab-02").post
    values = {"slug": world.channel.slug, "seq": message.seq, "post_id": post.pk, "thread_id": post.thread_id,
              "user_id": world.member.pk, "pk": 1, "chapter_id": 1, "token": "abc", "kind_slug": "story-of-failure",
              "page_view_restriction_id": 1, "page_id": world.story.pk, "restriction_id": 1, "key": "abc",
              "uidb36": "1", "action_name": "copy"}  # fmt: skip
    paths, unfillable = [], []
    for route, name, _callback in walk():
        if route.startswith(ADMIN_PREFIXES) or exemption_for(name) or name == "wagtail_serve":
            continue
        path = FIXED_PATHS.get(name) or _concrete(route, values)
        (paths if path else unfillable).append(path or f"{route} ({name})")
    assert unfillable == [], f"add the arguments of these routes to `values`: {unfillable}"
    # Wagtail's pages: every page of this small site, and the call's own routes (register, cancel).
    from wagtail.models import Page

    paths += [page.url for page in Page.objects.live().specific() if page.url]
    paths += [f"{call.url}anmelden/", f"{call.url}abmelden/"]
    paths += [p.format(story=world.story.pk) for p in ADMIN_SAMPLE]

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    before = _fingerprint()
    accepted = []
    for path in paths:
        response = client.post(path, PAYLOAD)
        if response.status_code != 403 or "X-CSRF-Rejected" not in response:
            accepted.append(f"{path}: {response.status_code}")
    assert accepted == [], f"POST without CSRF token not refused: {accepted}"
    after = _fingerprint()
    changed = sorted(label for label in before if after[label] != before[label])
    assert changed == [], f"a POST without CSRF token changed stored data: {changed}"
    assert len(paths) > 80  # the walk found the routes (guards against an empty loop)
    record_property("urls", len(paths))


def test_exempt_apis_refuse_writes(editor):
    from wagtail.models import Page

    page = build_world().story
    pages = Page.objects.count()
    from community.members.mfa import ensure_demo_totp

    ensure_demo_totp(editor)  # the admin needs a second factor
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code in (403, 405)
    response = client.post(f"/admin/api/main/pages/{page.pk}/action/copy/", {"destination_page_id": page.pk})
    assert response.status_code == 403
    assert Page.objects.count() == pages


# --- WebSockets: a page on another origin must not open a socket with the member's cookies ----------------------


@pytest.mark.django_db(transaction=True)
async def test_every_websocket_route_refuses_a_foreign_origin(record_property):
    from channels.db import database_sync_to_async  # closes the thread's database connection after each call
    from channels.testing import WebsocketCommunicator

    from community.threads import services
    from config.asgi import application
    from config.routing import websocket_urlpatterns

    def prepare():
        world = build_world()
        post = services.post(world.member, world.story, "Hallo", "ws-vorab-0001").post
        client = Client()
        client.force_login(world.member)
        values = {"slug": world.channel.slug, "thread_id": post.thread_id}
        return values, client.cookies["sessionid"].value

    values, session = await database_sync_to_async(prepare)()
    cookie = (b"cookie", f"sessionid={session}".encode())
    paths = [_concrete(str(pattern.pattern), values) for pattern in websocket_urlpatterns]
    assert None not in paths, f"add the arguments of the new /ws/ routes to `values`: {paths}"
    assert len(paths) >= 4
    for path in paths:
        for origin in (b"https://evil.example", b"http://localhost.evil.example", b"null"):
            communicator = WebsocketCommunicator(application, path, headers=[(b"origin", origin), cookie])
            connected, _ = await communicator.connect()
            assert not connected, f"{path} accepted Origin {origin!r}"
        # The same socket from the site's own origin opens: the refusal above is the origin check.
        communicator = WebsocketCommunicator(
            application, path, headers=[(b"origin", b"http://localhost"), cookie]
        )
        connected, _ = await communicator.connect()
        assert connected, f"{path} refused its own origin"
        await communicator.disconnect()
    record_property("urls", len(paths))
