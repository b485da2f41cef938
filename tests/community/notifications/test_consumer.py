"""/ws/benachrichtigungen/ through the full ASGI stack (origin check, session auth, routing)."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from community.notifications.api import NotificationKind, notify
from community.notifications.consumers import CLOSE_NOT_AUTHENTICATED
from community.notifications.models import Notification
from config.asgi import application

# The consumer reads the session and the notifications from other threads: data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PATH = "/ws/benachrichtigungen/"
ORIGIN = (b"origin", b"http://localhost")


def cookie_for(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def connect_as(user) -> WebsocketCommunicator:
    headers = [ORIGIN]
    if user is not None:
        headers.append(await database_sync_to_async(cookie_for)(user))
    communicator = WebsocketCommunicator(application, PATH, headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_anonymous_connections_are_closed_with_a_code():
    communicator = await connect_as(None)
    message = await communicator.receive_output()
    assert message == {"type": "websocket.close", "code": CLOSE_NOT_AUTHENTICATED}
    await communicator.wait()


async def test_foreign_origin_is_refused(member):
    cookie = await database_sync_to_async(cookie_for)(member)
    communicator = WebsocketCommunicator(
        application, PATH, headers=[(b"origin", b"https://evil.example"), cookie]
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_missing_origin_is_refused(member):
    cookie = await database_sync_to_async(cookie_for)(member)
    communicator = WebsocketCommunicator(application, PATH, headers=[cookie])
    connected, _ = await communicator.connect()
    assert not connected


async def test_member_gets_the_count_then_each_new_notification(member, other_member):
    await database_sync_to_async(Notification.objects.create)(recipient=member, kind="reply", title="Alt")
    communicator = await connect_as(member)
    assert await communicator.receive_json_from() == {"type": "unread", "unread": 1}

    notification = await database_sync_to_async(notify)(
        member, NotificationKind.MENTION, "Otto hat dich erwähnt", url="/kanaele/2/", actor=other_member
    )
    frame = await communicator.receive_json_from(timeout=5)
    assert frame["type"] == "notification"
    assert frame["id"] == notification.pk
    assert frame["title"] == "Otto hat dich erwähnt" and frame["url"] == "/kanaele/2/"
    assert frame["kind"] == "mention" and frame["kind_label"] == "Erwähnung"
    assert frame["open_url"] == f"/benachrichtigungen/{notification.pk}/"
    assert frame["unread"] == 2
    await communicator.disconnect()


async def test_other_members_notifications_are_not_pushed(member, other_member):
    communicator = await connect_as(member)
    await communicator.receive_json_from()
    await database_sync_to_async(notify)(other_member, NotificationKind.MENTION, "Nicht für Erika")
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_mark_read_only_for_own_notifications(member, other_member):
    own = await database_sync_to_async(Notification.objects.create)(
        recipient=member, kind="reply", title="Meins"
    )
    foreign = await database_sync_to_async(Notification.objects.create)(
        recipient=other_member, kind="reply", title="Fremd"
    )
    communicator = await connect_as(member)
    await communicator.receive_json_from()

    await communicator.send_json_to({"type": "mark_read", "id": foreign.pk})
    assert await communicator.receive_json_from() == {"type": "error", "code": "not_found", "id": foreign.pk}
    await database_sync_to_async(foreign.refresh_from_db)()
    assert foreign.read_at is None

    await communicator.send_json_to({"type": "mark_read", "id": own.pk})
    assert await communicator.receive_json_from(timeout=5) == {"type": "unread", "unread": 0}
    await database_sync_to_async(own.refresh_from_db)()
    assert own.read_at is not None
    await communicator.disconnect()


async def test_every_open_tab_learns_the_new_count(member):
    await database_sync_to_async(Notification.objects.bulk_create)(
        [Notification(recipient=member, kind="reply", title=f"N{i}") for i in range(3)]
    )
    first, second = await connect_as(member), await connect_as(member)
    assert (await first.receive_json_from())["unread"] == 3
    assert (await second.receive_json_from())["unread"] == 3
    await first.send_json_to({"type": "mark_all_read"})
    assert await first.receive_json_from(timeout=5) == {"type": "unread", "unread": 0}
    assert await second.receive_json_from(timeout=5) == {"type": "unread", "unread": 0}
    await first.disconnect()
    await second.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("kein json", "invalid_json"),
        ("[1, 2]", "invalid_frame"),
        ('{"id": 3}', "invalid_frame"),
        ('{"type": "delete_everything"}', "unknown_type"),
        ('{"type": "mark_read"}', "invalid_id"),
        ('{"type": "mark_read", "id": "7"}', "invalid_id"),
        ('{"type": "mark_read", "id": true}', "invalid_id"),
        ('{"type": "mark_read", "id": -1}', "invalid_id"),
        ('{"type": "mark_read", "id": 1.5}', "invalid_id"),
        ("x" * 5000, "invalid_frame"),
    ],
)
async def test_malformed_frames_get_an_error_and_the_connection_stays(member, frame, code):
    communicator = await connect_as(member)
    await communicator.receive_json_from()
    await communicator.send_to(text_data=frame)
    reply = await communicator.receive_json_from()
    assert reply["type"] == "error" and reply["code"] == code
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    assert await communicator.receive_json_from() == {"type": "pong"}
    await communicator.disconnect()


async def test_binary_frames_are_refused(member):
    communicator = await connect_as(member)
    await communicator.receive_json_from()
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert await communicator.receive_json_from() == {"type": "error", "code": "invalid_frame"}
    await communicator.disconnect()


async def test_actions_are_rate_limited(member):
    from community.notifications.consumers import frame_limit

    await database_sync_to_async(lambda: [frame_limit.hit(member.pk) for _ in range(frame_limit.limit)])()
    communicator = await connect_as(member)
    await communicator.receive_json_from()
    await communicator.send_json_to({"type": "mark_all_read"})
    reply = await communicator.receive_json_from()
    assert reply["code"] == "rate_limited" and reply["retry_after"] > 0
    await communicator.disconnect()


async def test_logging_out_closes_that_sessions_sockets_only(member):
    def two_sessions():
        first, second = Client(), Client()
        first.force_login(member)
        second.force_login(member)
        return first, second

    first_client, second_client = await database_sync_to_async(two_sessions)()

    async def open_socket(client):
        cookie = (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())
        communicator = WebsocketCommunicator(application, PATH, headers=[ORIGIN, cookie])
        assert (await communicator.connect())[0]
        await communicator.receive_json_from()
        return communicator

    first, second = await open_socket(first_client), await open_socket(second_client)
    await database_sync_to_async(first_client.post)("/konto/logout/")
    assert await first.receive_output(timeout=5) == {
        "type": "websocket.close",
        "code": CLOSE_NOT_AUTHENTICATED,
    }
    await second.send_json_to({"type": "ping"})
    assert await second.receive_json_from() == {"type": "pong"}
    await second.disconnect()
