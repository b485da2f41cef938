"""Authorization matrix over WebSockets (issue #8): every /ws/ route and every frame type each consumer accepts,
for anonymous visitors, member A, another member B, a moderator and an editor, through the real application
(`config.asgi.application`: origin check, session authentication, routing) with each role's session cookie.

Test ids read `test_ws_action[<role>-<route>-<frame type>-<note>]`. Connecting: the socket is accepted, or
closed with the documented code (4401 not logged in, 4403 may not read, 4404 no such thing). Actions: allowed
means the documented answer arrives (ack, message, pong, sync, reacted …, or for frames without an answer, no
error and the change in the database); refused means the documented error frame with its code.

`test_consumers_accept_only_the_frame_types_in_the_matrix` fails when a consumer starts accepting a frame type
the matrix does not list (the chat and discussion consumers' HANDLED tables; the notification consumer's
documented client frames).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from .matrix_fixtures import COMMITTED_WORLD_MARK, ROLES, committed_world  # noqa: F401 - a fixture

# The world is committed once per module (matrix_fixtures.committed_world): the consumers read it from other
# threads. The marker makes pytest-django set up the test database; each test's own transaction stays empty.
pytestmark = COMMITTED_WORLD_MARK

ORIGIN = (b"origin", b"http://localhost")
CHATTER = ("presence", "typing")  # frames about other people, at their own pace
# For frames answered with silence: the unread count that follows marking a notification is not an answer.
QUIET = (*CHATTER, "unread")
ANSWER_TIMEOUT = 3
SILENCE = 0.4

STAFF = ("moderator", "editor")
LOGGED_IN = ("member", "other", "chanmod", "moderator", "editor")
OPEN_MODERATORS = ("chanmod", *STAFF)  # the open channel's own moderator, and the site's


@pytest.fixture(autouse=True)
def _presence_at_once(monkeypatch):
    # Presence is announced without the usual short delay, so no frame arrives at a random time; answers to
    # sync requests are not reused between tests (they are kept for a second per process).
    from community.chat import presence
    from community.chat.consumers import _recent_syncs

    monkeypatch.setattr(presence, "PRESENCE_INTERVAL", 0)
    _recent_syncs.clear()


def _application():
    from config.asgi import application

    return application


async def _open(world, role: str, path: str) -> WebsocketCommunicator:
    headers = [ORIGIN]
    if role != "anonymous":
        headers.append((b"cookie", f"sessionid={world.sessions[role]}".encode()))
    communicator = WebsocketCommunicator(_application(), path, headers=headers)
    connected, _subprotocol = await communicator.connect()
    assert connected, f"{role}: the handshake to {path} failed"
    return communicator


async def _next(communicator, timeout=ANSWER_TIMEOUT, skip=CHATTER) -> dict:
    """The next frame that is not presence/typing chatter, or {"type": "closed", "code": …}."""
    while True:
        message = await communicator.receive_output(timeout=timeout)
        if message["type"] == "websocket.close":
            return {"type": "closed", "code": message.get("code")}
        frame = json.loads(message["text"])
        if frame.get("type") not in skip:
            return frame


async def _quiet(communicator, timeout=SILENCE) -> dict | None:
    """The first frame within `timeout` that is not chatter, or None if nothing came."""
    while True:
        if await communicator.receive_nothing(timeout=timeout):
            return None
        message = await communicator.receive_output()
        if message["type"] == "websocket.close":
            return {"type": "closed", "code": message.get("code")}
        frame = json.loads(message["text"])
        if frame.get("type") not in QUIET:
            return frame


async def _connect(world, role, path) -> tuple[WebsocketCommunicator, dict]:
    communicator = await _open(world, role, path)
    first = await _next(communicator)
    return communicator, first


# --- Connecting ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # route label in test ids
    path: str  # template filled from World.ids
    ready: str  # the first frame of an accepted socket
    connect: dict  # role -> "accepted" or a close code


def _closed(code: int, *roles: str) -> dict:
    return dict.fromkeys(roles, code)


ROUTES = [
    Route("ping", "/ws/ping/", "", dict.fromkeys(ROLES, "accepted")),
    Route(
        "notifications",
        "/ws/benachrichtigungen/",
        "unread",
        {**dict.fromkeys(LOGGED_IN, "accepted"), "anonymous": 4401},
    ),
    Route(
        "chat-open",
        "/ws/kanaele/{open_slug}/",
        "ready",
        {**dict.fromkeys(LOGGED_IN, "accepted"), "anonymous": 4401},
    ),
    Route(
        "chat-announcements",
        "/ws/kanaele/{announce_slug}/",
        "ready",
        {**dict.fromkeys(LOGGED_IN, "accepted"), "anonymous": 4401},
    ),
    Route(
        "chat-private",
        "/ws/kanaele/{private_slug}/",
        "ready",
        {
            "anonymous": 4401,
            "member": "accepted",
            "other": 4403,
            "chanmod": 4403,
            "moderator": "accepted",
            "editor": "accepted",
        },
    ),
    Route(
        "chat-unknown",
        "/ws/kanaele/gibt-es-nicht/",
        "ready",
        {**_closed(4404, *LOGGED_IN), "anonymous": 4401},
    ),
    Route("thread-public", "/ws/diskussionen/{thread_id}/", "ready", dict.fromkeys(ROLES, "accepted")),
    Route(
        "thread-of-draft",
        "/ws/diskussionen/{draft_thread_id}/",
        "ready",
        _closed(4403, *ROLES),  # not even editors: they review drafts in the admin, where no discussion runs
    ),
    Route("thread-unknown", "/ws/diskussionen/999999/", "ready", _closed(4404, *ROLES)),
]


def _ids(world) -> dict:
    ids = world.ids
    if "draft_thread_id" not in ids:
        ids["draft_thread_id"] = _draft_thread(ids["draft_page_id"])
    return ids


def _draft_thread(page_id: int) -> int:
    """A discussion under the unpublished draft page (created directly: nobody could write one there)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from community.threads.models import Thread

    page = Page.objects.get(pk=page_id).specific
    thread, _created = Thread.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(page), object_id=page.pk
    )
    return thread.pk


@pytest.mark.parametrize(
    ("route", "role"),
    [pytest.param(route, role, id=f"{role}-{route.key}") for route in ROUTES for role in ROLES],
)
async def test_ws_connect(committed_world, route, role):  # noqa: F811 - the fixture imported above
    ids = await database_sync_to_async(_ids)(committed_world)
    communicator = await _open(committed_world, role, route.path.format(**ids))
    expected = route.connect[role]
    try:
        if route.key == "ping":
            await communicator.send_json_to({"type": "ping"})
            frame = await _next(communicator)
            assert frame["type"] == "pong", frame
            return
        frame = await _next(communicator)
        if expected == "accepted":
            assert frame["type"] == route.ready, f"{role} on {route.key}: {frame}"
        else:
            assert frame == {"type": "closed", "code": expected}, f"{role} on {route.key}: {frame}"
    finally:
        await communicator.disconnect()


# --- Actions ------------------------------------------------------------------------------------------------------


def _fresh_message(slug: str, author_role: str, world) -> int:
    """A new message by `author_role` (A by default), so a test that deletes or pins it changes nothing another
    test relies on."""
    from community.chat import posting
    from community.chat.models import Channel

    channel = Channel.objects.get(slug=slug)
    return posting.post_message(
        world.user(author_role), channel, "Frische Nachricht", uuid.uuid4().hex
    ).message.seq


def _fresh_post(world) -> int:
    from community.threads import services
    from knowledge.practice.models import BestPracticePage

    practice = BestPracticePage.objects.get(pk=world.ids["practice_id"])
    return services.post(world.user("member"), practice, "Frischer Beitrag", uuid.uuid4().hex).post.pk


def _notification_of_a(world) -> int:
    from community.notifications.api import notify
    from community.notifications.models import Notification

    kind = Notification._meta.get_field("kind").choices[0][0]
    return notify(world.user("member"), kind, "Frisch für A", url="/").pk


def _is_unread(notification_id: int) -> bool:
    from community.notifications.models import Notification

    return Notification.objects.get(pk=notification_id).read_at is None


@dataclass(frozen=True)
class Action:
    route: str  # a Route.key
    frame_type: str
    note: str
    expected: dict  # role -> "ok" or an error code (for roles whose connection is accepted)
    answer: str = ""  # the frame type that shows success; "" for frames answered with silence


def _ok(*roles) -> dict:
    return dict.fromkeys(roles, "ok")


def _refused(code: str, *roles) -> dict:
    return dict.fromkeys(roles, code)


ACTIONS = [
    # Ping endpoint
    Action("ping", "ping", "", _ok(*ROLES), "pong"),
    # Notifications: only the member's own
    Action("notifications", "ping", "", _ok(*LOGGED_IN), "pong"),
    Action("notifications", "mark_read", "A's", {**_ok("member"), **_refused("not_found", "other", *STAFF)}),
    Action("notifications", "mark_all_read", "own", _ok(*LOGGED_IN)),
    # Open channel: every member writes and reacts; only moderators pin; edit by the author, delete by the
    # author and moderators
    Action("chat-open", "ping", "", _ok(*LOGGED_IN), "pong"),
    Action("chat-open", "sync", "", _ok(*LOGGED_IN), "sync"),
    Action("chat-open", "send", "", _ok(*LOGGED_IN), "ack"),
    Action(
        "chat-open",
        "edit",
        "A's",
        {**_ok("member"), **_refused("not_author", "other", *OPEN_MODERATORS)},
        "message",
    ),
    Action(
        "chat-open",
        "delete",
        "A's",
        {**_ok("member", *OPEN_MODERATORS), **_refused("not_moderator", "other")},
        "message",
    ),
    Action("chat-open", "react", "A's", _ok(*LOGGED_IN), "message"),
    Action(
        "chat-open",
        "pin",
        "A's",
        {**_ok(*OPEN_MODERATORS), **_refused("not_moderator", "member", "other")},
        "message",
    ),
    Action("chat-open", "read", "", _ok(*LOGGED_IN)),
    Action("chat-open", "typing", "", _ok(*LOGGED_IN)),
    # Announcements: only moderators write
    Action(
        "chat-announcements",
        "send",
        "",
        {**_ok(*STAFF), **_refused("announcements_only", "member", "other", "chanmod")},
        "ack",
    ),
    Action("chat-announcements", "react", "", _ok(*LOGGED_IN), "message"),
    # Private channel (A its only member; B cannot even connect)
    Action("chat-private", "sync", "", _ok("member", *STAFF), "sync"),
    Action("chat-private", "send", "", _ok("member", *STAFF), "ack"),
    Action("chat-private", "delete", "A's", _ok("member", *STAFF), "message"),
    Action("chat-private", "pin", "A's", {**_ok(*STAFF), **_refused("not_moderator", "member")}, "message"),
    # Public discussion: everyone reads, members write and react
    Action("thread-public", "ping", "", _ok(*ROLES), "pong"),
    Action("thread-public", "sync", "", _ok(*ROLES), "sync"),
    Action("thread-public", "post", "", {**_ok(*LOGGED_IN), "anonymous": "login_required"}, "ack"),
    Action(
        "thread-public",
        "react",
        "A's",
        {**_ok("other", "chanmod", *STAFF), "anonymous": "login_required"},
        "reacted",
    ),
    Action("thread-public", "react", "own", _ok("member"), "reacted"),
    Action("thread-public", "seen", "", _ok(*ROLES)),
]


def _action_frame(action: Action, ids: dict, world) -> dict:
    frame_type = action.frame_type
    route = action.route
    slug = {"chat-open": ids["open_slug"], "chat-announcements": ids["announce_slug"]}.get(
        route, ids.get("private_slug")
    )
    if frame_type == "ping" or frame_type == "typing" or frame_type == "mark_all_read":
        return {"type": frame_type}
    if frame_type == "sync":
        return {"type": "sync", "after": 0}
    if frame_type == "mark_read":
        return {"type": "mark_read", "id": _notification_of_a(world)}
    if route.startswith("thread"):
        if frame_type == "post":
            return {"type": "post", "client_id": uuid.uuid4().hex, "body": "Live geschrieben"}
        if frame_type == "react":
            return {"type": "react", "post": _fresh_post(world), "reaction": "danke"}
        return {"type": "seen", "number": 1}
    if frame_type == "send":
        return {"type": "send", "client_id": uuid.uuid4().hex, "body": "Live geschrieben"}
    if frame_type == "read":
        return {"type": "read", "seq": 1}
    seq = _fresh_message(slug, "moderator" if route == "chat-announcements" else "member", world)
    if frame_type == "edit":
        return {"type": "edit", "seq": seq, "body": "Geändert"}
    if frame_type == "react":
        return {"type": "react", "seq": seq, "emoji": "👍"}
    if frame_type == "pin":
        return {"type": "pin", "seq": seq, "pinned": True}
    return {"type": frame_type, "seq": seq}


def _route(key: str) -> Route:
    return next(route for route in ROUTES if route.key == key)


def _action_params():
    for action in ACTIONS:
        for role, expected in action.expected.items():
            label = f"{role}-{action.route}-{action.frame_type}" + (f"-{action.note}" if action.note else "")
            yield pytest.param(action, role, expected, id=label)


@pytest.mark.parametrize(("action", "role", "expected"), list(_action_params()))
async def test_ws_action(committed_world, action, role, expected):  # noqa: F811
    world = committed_world
    ids = await database_sync_to_async(_ids)(world)
    route = _route(action.route)
    frame = await database_sync_to_async(_action_frame)(action, ids, world)
    communicator = await _open(world, role, route.path.format(**ids))
    try:
        if route.ready:
            first = await _next(communicator)
            assert first["type"] == route.ready, f"{role} could not open {route.key}: {first}"
        await communicator.send_json_to(frame)
        if action.answer:
            answer = await _next(communicator)
            # The broadcast of one's own accepted message may overtake its ack (the in-memory layer delivers
            # at once); the browser matches both by client_id. For a refused send it would be a leak: not skipped.
            while (
                expected == "ok"
                and answer.get("type") == "message"
                and answer.get("client_id")
                and answer.get("client_id") == frame.get("client_id")
            ):
                answer = await _next(communicator)
        else:
            answer = await _quiet(communicator)
        if expected == "ok":
            if action.answer:
                assert answer["type"] == action.answer, f"{role} {action.frame_type}: {answer}"
            else:
                assert answer is None, f"{role} {action.frame_type}: {answer}"
            if action.frame_type == "mark_read":
                assert not await database_sync_to_async(_is_unread)(frame["id"])
        else:
            assert answer is not None and answer["type"] == "error", f"{role} {action.frame_type}: {answer}"
            assert answer["code"] == expected, f"{role} {action.frame_type}: {answer}"
            if action.frame_type == "mark_read":
                assert await database_sync_to_async(_is_unread)(frame["id"]), "A's notification was marked"
    finally:
        await communicator.disconnect()


@pytest.mark.parametrize("route_key", ["ping", "notifications", "chat-open", "thread-public"])
async def test_unknown_frame_types_are_refused(committed_world, route_key):  # noqa: F811
    ids = await database_sync_to_async(_ids)(committed_world)
    route = _route(route_key)
    communicator = await _open(committed_world, "member", route.path.format(**ids))
    try:
        if route.ready:
            await _next(communicator)
        for frame_type in ("hide", "lock", "mute", "slow_mode", "invite", "report", "admin"):
            await communicator.send_json_to({"type": frame_type, "seq": 1, "post": 1})
            answer = await _next(communicator)
            assert answer["type"] == "error", (frame_type, answer)
            assert answer["code"] in ("unknown_type", "unknown_frame"), (frame_type, answer)
    finally:
        await communicator.disconnect()


# --- Completeness ---------------------------------------------------------------------------------------------


def _documented_client_frames(module) -> set[str]:
    """The frame types a consumer's docstring lists under "Client -> server frames"."""
    doc = module.__doc__ or ""
    section = doc.split("Client -> server frames", 1)[1].split("Server -> client", 1)[0].split("\n\n", 1)[0]
    return set(re.findall(r'"type": "([a-z_]+)"', section))


def test_consumers_accept_only_the_frame_types_in_the_matrix():
    from community.chat import consumers as chat
    from community.notifications import consumers as notifications
    from community.threads import consumers as threads

    in_matrix = {}
    for action in ACTIONS:
        family = action.route.split("-")[0]
        in_matrix.setdefault(family, set()).add(action.frame_type)
    assert set(chat.HANDLED) == in_matrix["chat"], "chat frame types and the matrix differ"
    assert set(threads.HANDLED) == in_matrix["thread"], "discussion frame types and the matrix differ"
    assert _documented_client_frames(notifications) == in_matrix["notifications"]
    assert in_matrix["ping"] == {"ping"}


def test_every_websocket_route_is_in_the_matrix():
    from config.routing import websocket_urlpatterns

    routes = {str(pattern.pattern) for pattern in websocket_urlpatterns}
    covered = {re.sub(r"\{[a-z_]+\}|gibt-es-nicht|999999", "<>", route.path).lstrip("/") for route in ROUTES}
    normalised = {re.sub(r"<[^>]+>", "<>", route) for route in routes}
    assert normalised <= covered, f"WebSocket routes missing from the matrix: {sorted(normalised - covered)}"
