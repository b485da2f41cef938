"""/ws/kanaele/<slug>/ through the full ASGI stack: origin check, session authentication, routing, and every
action with its permission check, limits, malformed frames, idempotent resend and gap resync."""

import asyncio
import json
import time

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from community.chat import moderation, posting, presence
from community.chat.broadcast import publish
from community.chat.consumers import (
    CLOSE_FORBIDDEN,
    CLOSE_NOT_AUTHENTICATED,
    CLOSE_NOT_FOUND,
    MAX_FRAME_CHARS,
)
from community.chat.models import ChannelKind, Message
from config.asgi import application

# The consumer reads sessions and messages from other threads: data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")


@pytest.fixture(autouse=True)
def _presence_at_once(monkeypatch):
    # Presence is announced at once instead of after a short delay, so no frame arrives at a random time.
    monkeypatch.setattr(presence, "PRESENCE_INTERVAL", 0)
    # Sync answers are kept for a second per process; ids repeat between tests.
    from community.chat.consumers import _recent_syncs

    _recent_syncs.clear()


def cookie_for(user, client=None) -> tuple[bytes, bytes]:
    client = client or Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def open_socket(user, slug="allgemein", headers=None) -> WebsocketCommunicator:
    if headers is None:
        headers = [ORIGIN]
        if user is not None:
            headers.append(await database_sync_to_async(cookie_for)(user))
    communicator = WebsocketCommunicator(application, f"/ws/kanaele/{slug}/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def receive(communicator, timeout=3, skip=("presence",)) -> dict:
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] not in skip:
            return frame


async def receive_types(communicator, *types, timeout=3) -> dict[str, dict]:
    """The next frames of the given types, whatever their order (the ack may overtake the broadcast)."""
    wanted, found = list(types), {}
    while wanted:
        frame = await receive(communicator, timeout=timeout)
        assert frame["type"] in wanted, f"unexpected {frame}"
        wanted.remove(frame["type"])
        found[frame["type"]] = frame
    return found


async def nothing_more(communicator, timeout=0.3) -> bool:
    while True:
        if await communicator.receive_nothing(timeout=timeout):
            return True
        frame = json.loads((await communicator.receive_output())["text"])
        if frame["type"] != "presence":
            raise AssertionError(f"unexpected frame {frame}")


async def join(user, slug="allgemein"):
    communicator = await open_socket(user, slug)
    ready = await receive(communicator)
    assert ready["type"] == "ready"
    return communicator, ready


async def closed_with(communicator) -> int:
    message = await communicator.receive_output(timeout=3)
    while message["type"] == "websocket.send":
        message = await communicator.receive_output(timeout=3)
    assert message["type"] == "websocket.close"
    return message["code"]


# --- Connecting ---------------------------------------------------------------------------------------------------


async def test_anonymous_connections_are_closed_with_a_code(open_channel):
    communicator = await open_socket(None)
    assert await closed_with(communicator) == CLOSE_NOT_AUTHENTICATED


@pytest.mark.parametrize("origin", [[(b"origin", b"https://evil.example")], []])
async def test_foreign_or_missing_origin_is_refused(alice, open_channel, origin):
    cookie = await database_sync_to_async(cookie_for)(alice)
    communicator = WebsocketCommunicator(application, "/ws/kanaele/allgemein/", headers=[*origin, cookie])
    connected, _ = await communicator.connect()
    assert not connected


async def test_unknown_channels_close_with_not_found(alice, open_channel):
    communicator = await open_socket(alice, "gibt-es-nicht")
    assert await closed_with(communicator) == CLOSE_NOT_FOUND


async def test_private_channels_only_for_their_members(alice, bob, moderator, make_channel):
    channel = await database_sync_to_async(make_channel)("intern", kind=ChannelKind.PRIVATE)
    outsider = await open_socket(bob, "intern")
    assert await closed_with(outsider) == CLOSE_FORBIDDEN
    await database_sync_to_async(moderation.invite)(moderator, channel, alice)
    insider, ready = await join(alice, "intern")
    assert ready["can_post"] and not ready["can_moderate"]
    site_moderator, ready = await join(moderator, "intern")
    assert ready["can_moderate"]
    await insider.disconnect()
    await site_moderator.disconnect()


async def test_ready_tells_the_client_where_the_channel_stands(alice, bob, open_channel, post):
    await database_sync_to_async(post)(bob, open_channel, "Schon da")
    communicator, ready = await join(alice)
    assert ready == {
        "type": "ready", "user": alice.pk, "last_seq": 1, "last_change": 1, "can_post": True, "can_react": True,
        "can_moderate": False, "refusal": "", "refusal_message": "", "slow_mode": 0, "locked": False,
        "archived": False,
    }  # fmt: skip
    await communicator.disconnect()


# --- Sending ------------------------------------------------------------------------------------------------------


async def test_a_message_is_stored_then_delivered_to_everyone_with_its_numbers(alice, bob, open_channel):
    sender, _ = await join(alice)
    reader, _ = await join(bob)
    await sender.send_json_to({"type": "send", "client_id": "erste-nachricht-1", "body": "Hallo **alle**"})
    frames = await receive_types(sender, "ack", "message")
    assert frames["ack"] == {
        "type": "ack", "client_id": "erste-nachricht-1", "seq": 1, "change": 1, "duplicate": False
    }  # fmt: skip
    delivered = await receive(reader)
    assert delivered["type"] == "message" and delivered["seq"] == 1 and delivered["change"] == 1
    assert delivered["author"] == alice.pk and delivered["client_id"] == "erste-nachricht-1"
    assert "<strong>alle</strong>" in delivered["html"] and 'id="nachricht-1"' in delivered["html"]
    # The menu is not in the frame (the page holds one copy for the script), only its slot: frames stay small.
    assert "data-chat-menu" in delivered["html"] and "chat-message__menu" not in delivered["html"]
    assert len(delivered["html"]) < 1500
    stored = await database_sync_to_async(Message.objects.get)(seq=1)
    assert stored.body == "Hallo **alle**"
    await sender.disconnect()
    await reader.disconnect()


async def test_a_retried_send_is_stored_once_and_answered_to_the_sender_only(alice, bob, open_channel):
    sender, _ = await join(alice)
    reader, _ = await join(bob)
    frame = {"type": "send", "client_id": "wiederholt-42", "body": "Nur einmal"}
    await sender.send_json_to(frame)
    await receive_types(sender, "ack", "message")
    assert (await receive(reader))["seq"] == 1
    await sender.send_json_to(frame)  # e.g. after a reconnect, not knowing whether the first arrived
    frames = await receive_types(sender, "ack", "message")
    assert frames["ack"]["duplicate"] is True and frames["ack"]["seq"] == 1
    assert frames["message"]["seq"] == 1
    assert await nothing_more(reader)
    assert await database_sync_to_async(Message.objects.count)() == 1
    await sender.disconnect()
    await reader.disconnect()


async def test_too_long_messages_get_an_error_with_the_client_id(alice, open_channel):
    communicator, _ = await join(alice)
    await communicator.send_json_to({"type": "send", "client_id": "zu-lang-0001", "body": "x" * 4001})
    error = await receive(communicator)
    assert error["type"] == "error" and error["code"] == "too_long" and error["client_id"] == "zu-lang-0001"
    assert error["message"] == "Eine Nachricht darf höchstens 4.000 Zeichen haben; diese hat 4001."
    await communicator.send_json_to({"type": "send", "client_id": "genau-4000", "body": "x" * 4000})
    assert (await receive_types(communicator, "ack", "message"))["ack"]["seq"] == 1
    await communicator.disconnect()


async def test_the_rate_limit_answers_with_an_error_event(alice, open_channel):
    # The limit counts per fixed window: start in a fresh one, or a slow machine may cross into the next
    # window halfway through the burst and never reach the limit.
    period = posting.SEND_BURST_LIMIT.period
    if period - time.time() % period < 6:
        await asyncio.sleep(period - time.time() % period + 0.05)
    communicator, _ = await join(alice)
    for number in range(posting.SEND_BURST_LIMIT.limit):
        await communicator.send_json_to(
            {"type": "send", "client_id": f"schnell-{number:04d}", "body": "schnell"}
        )
        await receive_types(communicator, "ack", "message")
    await communicator.send_json_to({"type": "send", "client_id": "schnell-zuviel", "body": "zu schnell"})
    error = await receive(communicator)
    assert error["code"] == "rate_limited" and error["client_id"] == "schnell-zuviel"
    assert error["retry_after"] > 0 and "Bitte warte" in error["message"]
    await communicator.disconnect()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("kein json", "invalid_json"),
        ("[1, 2]", "invalid_frame"),
        ('{"kein": "typ"}', "invalid_frame"),
        ('{"type": 5}', "invalid_frame"),
        ('{"type": "explode"}', "unknown_type"),
        ('{"type": "sync", "after": "gestern"}', "invalid_frame"),
        ('{"type": "sync", "after": -1}', "invalid_frame"),
        ('{"type": "read", "seq": true}', "invalid_frame"),
        ('{"type": "pin", "seq": 1, "pinned": "ja"}', "invalid_frame"),
        ('{"type": "edit", "seq": "eins", "body": "x"}', "not_found"),
        ('{"type": "react", "seq": 1, "emoji": ["👍"]}', "invalid_emoji"),
        ('{"type": "send", "body": "ohne id"}', "invalid_client_id"),
        ('{"type": "send", "client_id": "gute-id-123", "body": {"text": "x"}}', "empty"),
        ('{"type": "send", "client_id": "gute-id-124", "body": "x", "reply_to": "1"}', "reply_not_found"),
        ('{"type": "delete", "seq": 999}', "not_found"),
    ],
)
async def test_malformed_and_unknown_frames_get_an_error_and_the_socket_stays(alice, open_channel, raw, code):
    communicator, _ = await join(alice)
    await communicator.send_to(text_data=raw)
    error = await receive(communicator)
    assert error["type"] == "error" and error["code"] == code and error["message"]
    await communicator.send_json_to({"type": "ping"})
    assert (await receive(communicator))["type"] == "pong"
    await communicator.disconnect()


async def test_binary_and_oversized_frames_get_an_error(alice, open_channel):
    communicator, _ = await join(alice)
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert (await receive(communicator))["code"] == "invalid_frame"
    await communicator.send_to(text_data=json.dumps({"type": "send", "body": "x" * MAX_FRAME_CHARS}))
    assert (await receive(communicator))["code"] == "frame_too_large"
    await communicator.disconnect()


# --- Permissions per action ----------------------------------------------------------------------------------------


async def test_announcements_refuse_members_per_action(alice, moderator, make_channel):
    await database_sync_to_async(make_channel)("ankuendigungen", kind=ChannelKind.ANNOUNCEMENTS)
    member, ready = await join(alice, "ankuendigungen")
    assert not ready["can_post"] and ready["can_react"] and ready["refusal"] == "announcements_only"
    assert ready["refusal_message"] == "In diesem Ankündigungskanal schreibt nur die Moderation."
    await member.send_json_to({"type": "send", "client_id": "ankuendigung-1", "body": "Ich auch!"})
    assert (await receive(member))["code"] == "announcements_only"
    announcer, _ = await join(moderator, "ankuendigungen")
    await announcer.send_json_to({"type": "send", "client_id": "ankuendigung-2", "body": "Neuer Leitfaden"})
    await receive_types(announcer, "ack", "message")
    assert (await receive(member))["seq"] == 1
    await member.send_json_to({"type": "react", "seq": 1, "emoji": "🎉"})
    assert (await receive(member))["type"] == "message"
    await member.disconnect()
    await announcer.disconnect()


async def test_moderation_actions_need_a_moderator(alice, bob, moderator, open_channel, post):
    await database_sync_to_async(post)(bob, open_channel, "Bobs Nachricht")
    member, _ = await join(alice)
    for frame in ({"type": "pin", "seq": 1, "pinned": True}, {"type": "delete", "seq": 1}):
        await member.send_json_to(frame)
        error = await receive(member)
        assert error["code"] == "not_moderator" and error["seq"] == 1
    await member.send_json_to({"type": "edit", "seq": 1, "body": "Übernommen"})
    assert (await receive(member))["code"] == "not_author"

    mod, _ = await join(moderator)
    await mod.send_json_to({"type": "delete", "seq": 1})
    deleted = await receive(member)
    assert deleted["type"] == "message" and deleted["deleted"] and deleted["change"] == 2
    assert "Nachricht gelöscht" in deleted["html"] and "Bobs Nachricht" not in deleted["html"]
    await member.disconnect()
    await mod.disconnect()


async def test_edits_and_reactions_reach_everyone_with_new_change_numbers(alice, bob, open_channel, post):
    await database_sync_to_async(post)(alice, open_channel, "Treffen am Dienstag")
    author, _ = await join(alice)
    reader, _ = await join(bob)
    await author.send_json_to({"type": "edit", "seq": 1, "body": "Treffen am Mittwoch"})
    edited = await receive(reader)
    assert edited["seq"] == 1 and edited["change"] == 2 and "Mittwoch" in edited["html"]
    assert "bearbeitet" in edited["html"]
    assert (await receive(author))["change"] == 2
    await reader.send_json_to({"type": "react", "seq": 1, "emoji": "👍"})
    reacted = await receive(author)
    assert reacted["change"] == 3 and f'data-reactors="{bob.pk}"' in reacted["html"]
    await author.disconnect()
    await reader.disconnect()


async def test_a_muted_member_learns_it_at_once(alice, moderator, open_channel):
    member, _ = await join(alice)
    await publish(await database_sync_to_async(moderation.mute)(moderator, open_channel, alice, 10))
    access = await receive(member)
    assert access["type"] == "access" and not access["can_post"] and access["refusal"] == "muted"
    await member.send_json_to({"type": "send", "client_id": "stumm-0001", "body": "Hallo?"})
    assert (await receive(member))["code"] == "muted"
    await publish(await database_sync_to_async(moderation.unmute)(moderator, open_channel, alice))
    assert (await receive(member))["can_post"]
    await member.disconnect()


async def test_removing_a_member_closes_their_socket_in_a_private_channel(alice, moderator, make_channel):
    channel = await database_sync_to_async(make_channel)("intern", kind=ChannelKind.PRIVATE)
    await database_sync_to_async(moderation.invite)(moderator, channel, alice)
    member, _ = await join(alice, "intern")
    await publish(await database_sync_to_async(moderation.remove_member)(moderator, channel, alice))
    assert await closed_with(member) == CLOSE_FORBIDDEN


async def test_locking_tells_every_socket(alice, moderator, open_channel):
    member, _ = await join(alice)
    await publish(await database_sync_to_async(moderation.set_locked)(moderator, open_channel, True))
    access = await receive(member)
    assert access["type"] == "access" and access["locked"] and access["refusal"] == "locked"
    await member.disconnect()


async def test_logging_out_closes_the_sessions_sockets(alice, open_channel):
    client = Client()
    cookie = await database_sync_to_async(cookie_for)(alice, client)
    communicator = WebsocketCommunicator(application, "/ws/kanaele/allgemein/", headers=[ORIGIN, cookie])
    assert (await communicator.connect())[0]
    assert (await receive(communicator))["type"] == "ready"
    await sync_to_async(client.post)("/konto/logout/")
    assert await closed_with(communicator) == CLOSE_NOT_AUTHENTICATED


# --- Delivery guarantees ------------------------------------------------------------------------------------------------


async def test_a_gap_in_change_numbers_is_filled_by_sync(alice, bob, open_channel, post):
    reader, ready = await join(bob)
    cursor = ready["last_change"]
    # Two messages whose broadcasts are lost (stored, never published), then one that arrives.
    await database_sync_to_async(post)(alice, open_channel, "Verloren eins")
    await database_sync_to_async(post)(alice, open_channel, "Verloren zwei")
    sender, _ = await join(alice)
    await sender.send_json_to({"type": "send", "client_id": "nach-der-luecke", "body": "Angekommen"})
    arrived = await receive(reader)
    assert arrived["change"] == cursor + 3  # the reader sees the jump ...
    await reader.send_json_to({"type": "sync", "after": cursor})  # ... and asks for what it missed
    sync = await receive(reader)
    assert sync["type"] == "sync" and sync["complete"] and sync["cursor"] == 3 and sync["last_seq"] == 3
    assert [m["seq"] for m in sync["messages"]] == [1, 2, 3]
    assert "Verloren eins" in sync["messages"][0]["html"]
    await sender.disconnect()
    await reader.disconnect()


async def test_pong_carries_the_newest_change_so_a_lost_last_frame_is_noticed(alice, bob, open_channel, post):
    reader, ready = await join(bob)
    await database_sync_to_async(post)(alice, open_channel, "Ohne Broadcast")
    await reader.send_json_to({"type": "ping"})
    pong = await receive(reader)
    assert pong == {"type": "pong", "last_change": ready["last_change"] + 1}
    await reader.disconnect()


async def test_read_position_is_stored(alice, bob, open_channel, post):
    from community.chat.models import Membership

    await database_sync_to_async(post)(alice, open_channel, "Eins")
    await database_sync_to_async(post)(bob, open_channel, "Zwei")
    await database_sync_to_async(Membership.objects.filter(user=alice).update)(last_read_seq=0)
    member, _ = await join(alice)
    await member.send_json_to({"type": "read", "seq": 2})
    await member.send_json_to({"type": "ping"})
    await receive(member)
    membership = await database_sync_to_async(Membership.objects.get)(user=alice)
    assert membership.last_read_seq == 2
    await member.disconnect()


# --- Typing and presence ----------------------------------------------------------------------------------------------


async def test_typing_is_forwarded_and_throttled(alice, bob, open_channel):
    writer, _ = await join(alice)
    reader, _ = await join(bob)
    await writer.send_json_to({"type": "typing"})
    assert await receive(reader) == {"type": "typing", "user": alice.pk, "name": "Alice Beispiel"}
    await writer.send_json_to({"type": "typing"})
    assert await nothing_more(reader)
    await writer.disconnect()
    await reader.disconnect()


async def test_presence_lists_who_has_the_channel_open(alice, bob, open_channel):
    first = await open_socket(alice)
    assert (await receive(first, skip=()))["type"] == "ready"
    assert (await receive(first, skip=()))["members"] == [{"id": alice.pk, "name": "Alice Beispiel"}]
    second = await open_socket(bob)
    await receive(second, skip=())
    frame = await receive(first, skip=())
    assert frame["type"] == "presence" and frame["count"] == 2
    await second.disconnect()
    frame = await receive(first, skip=())
    assert frame["count"] == 1
    await first.disconnect()
