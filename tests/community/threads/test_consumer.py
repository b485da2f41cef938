"""/ws/diskussionen/<id>/ through the full ASGI stack (origin check, session authentication, routing): who may
connect, live delivery of posts, edits, deletions, hides, reactions and locks to every open page in order,
idempotent posting, malformed frames, and catching up after a gap."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from community.threads import moderation, services
from community.threads.broadcast import publish
from community.threads.consumers import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, MAX_FRAME_CHARS
from community.threads.models import Post, Thread
from config.asgi import application

# The consumer reads sessions and posts from other threads: data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")


def cookie_for(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def open_socket(user, thread_id, headers=None) -> WebsocketCommunicator:
    if headers is None:
        headers = [ORIGIN]
        if user is not None:
            headers.append(await database_sync_to_async(cookie_for)(user))
    communicator = WebsocketCommunicator(application, f"/ws/diskussionen/{thread_id}/", headers=headers)
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    return communicator


async def receive(communicator, timeout=3) -> dict:
    return await communicator.receive_json_from(timeout=timeout)


async def receive_types(communicator, *types, timeout=3) -> dict[str, dict]:
    """The next frames of the given types, whatever their order (the ack may overtake the broadcast)."""
    wanted, found = list(types), {}
    while wanted:
        frame = await receive(communicator, timeout=timeout)
        assert frame["type"] in wanted, f"unexpected {frame}"
        wanted.remove(frame["type"])
        found[frame["type"]] = frame
    return found


async def join(user, thread_id):
    communicator = await open_socket(user, thread_id)
    ready = await receive(communicator)
    assert ready["type"] == "ready", ready
    return communicator, ready


async def closed_with(communicator) -> int:
    message = await communicator.receive_output(timeout=3)
    while message["type"] == "websocket.send":
        message = await communicator.receive_output(timeout=3)
    assert message["type"] == "websocket.close"
    return message["code"]


@pytest.fixture
def thread(story, alice, write):
    write(alice, story, "Der erste Beitrag")
    return Thread.objects.get()


# --- Connecting ------------------------------------------------------------------------------------------------


async def test_unknown_threads_close_with_not_found(thread, alice):
    communicator = await open_socket(alice, 987654)
    assert await closed_with(communicator) == CLOSE_NOT_FOUND


async def test_a_foreign_or_missing_origin_is_refused(thread, alice):
    cookie = await database_sync_to_async(cookie_for)(alice)
    for origin in ([(b"origin", b"https://evil.example")], []):
        communicator = WebsocketCommunicator(
            application, f"/ws/diskussionen/{thread.pk}/", headers=[*origin, cookie]
        )
        connected, _ = await communicator.connect()
        assert not connected


async def test_anonymous_readers_connect_read_only(thread):
    communicator, ready = await join(None, thread.pk)
    assert ready["can_post"] is False and ready["user"] is None and ready["refusal"] == "login_required"
    assert ready["last_change"] == 1
    await communicator.send_json_to({"type": "post", "client_id": "anonym-00001", "body": "Hallo"})
    error = await receive(communicator)
    assert (
        error["code"] == "login_required" and error["message"] == "Bitte melde dich an, um mitzudiskutieren."
    )
    assert await database_sync_to_async(Post.objects.count)() == 1
    await communicator.disconnect()


async def test_restricted_pages_refuse_readers_outside_the_group(thread, story, alice, bob):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    def restrict():
        group = Group.objects.create(name="Steuerkreis")
        restriction = PageViewRestriction.objects.create(
            page=story, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(group)
        alice.groups.add(group)

    await database_sync_to_async(restrict)()
    for outsider in (bob, None):
        communicator = await open_socket(outsider, thread.pk)
        assert await closed_with(communicator) == CLOSE_FORBIDDEN
    insider, ready = await join(alice, thread.pk)
    assert ready["can_post"]
    await insider.disconnect()


async def test_a_page_unpublished_meanwhile_closes_the_socket_at_the_next_action(thread, story, alice):
    communicator, _ready = await join(alice, thread.pk)
    await database_sync_to_async(story.unpublish)()
    await communicator.send_json_to({"type": "post", "client_id": "spaeter-00001", "body": "Noch da?"})
    assert await closed_with(communicator) == CLOSE_FORBIDDEN
    assert await database_sync_to_async(Post.objects.count)() == 1


# --- Live delivery ----------------------------------------------------------------------------------------------


async def test_a_post_over_the_socket_reaches_every_open_page(thread, alice, bob):
    writer, _ready = await join(alice, thread.pk)
    reader, _ready = await join(bob, thread.pk)
    anonymous, _ready = await join(None, thread.pk)
    await writer.send_json_to(
        {
            "type": "post",
            "client_id": "live-000000001",
            "body": "Live aus dem **Kraichgau**",
            "reply_to": None,
        }
    )
    frames = await receive_types(writer, "ack", "post")
    assert frames["ack"]["duplicate"] is False and frames["ack"]["client_id"] == "live-000000001"
    assert frames["ack"]["url"].endswith(f"#beitrag-{frames['ack']['id']}")
    received = await receive(reader)
    assert received["type"] == "post" and received["id"] == frames["ack"]["id"] and received["change"] == 2
    assert received["number"] == 2 and received["parent"] is None
    assert (
        "<strong>Kraichgau</strong>" in received["html"]
        and 'data-thread-only="own-write"' in received["html"]
    )
    assert "csrfmiddlewaretoken" not in received["html"]
    public = await receive(anonymous)
    assert public["id"] == received["id"] and "Alice Beispiel" in public["html"]  # Alice's name is public
    for communicator in (writer, reader, anonymous):
        await communicator.disconnect()


async def test_replies_edits_deletions_hides_and_reactions_arrive_in_order(thread, alice, bob, moderator):
    reader, _ready = await join(alice, thread.pk)
    anonymous, _ready = await join(None, thread.pk)
    first = await database_sync_to_async(Post.objects.get)(number=1)

    async def run(function, *args):
        result = await database_sync_to_async(function)(*args)
        await publish(result.outbox)
        return result

    reply = (await run(services.post, bob, await database_sync_to_async(services.target_of)(thread),
                       "Meine Antwort", "antwort-000001", first.pk)).post  # fmt: skip
    frame = await receive(reader)
    assert (frame["id"], frame["parent"], frame["change"]) == (reply.pk, first.pk, 2)
    assert "Antwort an Alice Beispiel" in frame["html"] and "Bob Beispiel" in frame["html"]
    public = await receive(anonymous)
    assert (
        "Bob Beispiel" not in public["html"] and "Ein Mitglied" in public["html"]
    )  # Bob's name: members only

    await run(services.edit, bob, reply.pk, "Meine überarbeitete Antwort")
    frame = await receive(reader)
    assert frame["change"] == 3 and "überarbeitete" in frame["html"] and "bearbeitet" in frame["html"]

    await run(services.toggle_reaction, alice, reply.pk, "hilfreich")
    frame = await receive(reader)
    assert frame["change"] == 4 and 'data-reaction="hilfreich"' in frame["html"]
    assert 'Hilfreich <span class="thread-reaction__count" data-reaction-count>1</span>' in frame["html"]

    await run(moderation.hide, moderator, first.pk, "Off-Topic")
    frame = await receive(reader)
    assert frame["id"] == first.pk and frame["hidden"] and frame["change"] == 5
    assert "Von der Moderation ausgeblendet" in frame["html"] and "Der erste Beitrag" not in frame["html"]
    assert "Off-Topic" not in frame["html"]

    await run(services.delete, bob, reply.pk)
    frame = await receive(reader)
    assert frame["deleted"] and frame["change"] == 6 and "Beitrag gelöscht" in frame["html"]
    assert "überarbeitete" not in frame["html"]
    changes = [(await receive(anonymous))["change"] for _ in range(4)]
    assert changes == [3, 4, 5, 6]
    await reader.disconnect()
    await anonymous.disconnect()


async def test_reacting_over_the_socket_tells_the_member_and_everyone(thread, alice, bob):
    reactor, _ready = await join(bob, thread.pk)
    reader, _ready = await join(alice, thread.pk)
    first = await database_sync_to_async(Post.objects.get)(number=1)
    await reactor.send_json_to({"type": "react", "post": first.pk, "reaction": "danke"})
    frames = await receive_types(reactor, "reacted", "post")
    assert frames["reacted"] == {"type": "reacted", "post": first.pk, "reaction": "danke", "active": True}
    assert (await receive(reader))["change"] == 2
    await reactor.send_json_to({"type": "react", "post": first.pk, "reaction": "herz"})
    assert (await receive(reactor))["code"] == "invalid_reaction"
    await reactor.disconnect()
    await reader.disconnect()


async def test_a_lock_is_announced_and_refuses_posts(thread, alice, moderator):
    member, _ready = await join(alice, thread.pk)
    result = await database_sync_to_async(moderation.set_locked)(moderator, thread, True, "Pause")
    await publish(result.outbox)
    frames = await receive_types(member, "state", "rights")
    assert frames["state"] == {"type": "state", "change": 2, "locked": True, "lock_reason": "Pause"}
    assert frames["rights"]["can_post"] is False and frames["rights"]["refusal"] == "locked"
    await member.send_json_to({"type": "post", "client_id": "gesperrt-0001", "body": "Hallo?"})
    error = await receive(member)
    assert error["code"] == "locked" and error["client_id"] == "gesperrt-0001"
    assert "geschlossen" in error["message"]
    await member.disconnect()


# --- Idempotence, bad frames, catching up --------------------------------------------------------------------------


async def test_a_resent_post_is_stored_and_broadcast_once(thread, alice, bob):
    writer, _ready = await join(alice, thread.pk)
    reader, _ready = await join(bob, thread.pk)
    frame = {"type": "post", "client_id": "doppelt-000001", "body": "Nur einmal, bitte"}
    await writer.send_json_to(frame)
    first = await receive_types(writer, "ack", "post")
    await writer.send_json_to(frame)
    again = await receive(writer)
    assert again["type"] == "ack" and again["duplicate"] is True and again["id"] == first["ack"]["id"]
    assert (await receive(reader))["type"] == "post"
    assert await reader.receive_nothing(timeout=0.3)
    assert await database_sync_to_async(Post.objects.filter(client_id="doppelt-000001").count)() == 1
    await writer.disconnect()
    await reader.disconnect()


async def test_bad_input_over_the_socket_gets_german_errors_and_the_socket_stays(thread, alice):
    communicator, _ready = await join(alice, thread.pk)
    cases = [
        ("not json", "invalid_frame"),
        (json.dumps([1, 2]), "invalid_frame"),
        (json.dumps({"type": "explode"}), "unknown_type"),
        (json.dumps({"type": "post", "client_id": "leer-00000001", "body": "   "}), "empty"),
        (json.dumps({"type": "post", "client_id": "lang-00000001", "body": "x" * 10_001}), "too_long"),
        (json.dumps({"type": "post", "client_id": "!", "body": "Hallo"}), "invalid_client_id"),
        (
            json.dumps({"type": "post", "client_id": "antw-00000001", "body": "Hi", "reply_to": 999999}),
            "reply_not_found",
        ),
        (json.dumps({"type": "sync", "after": "gestern"}), "invalid_frame"),
        (json.dumps({"type": "react", "post": True, "reaction": "danke"}), "invalid_frame"),
        ("x" * (MAX_FRAME_CHARS + 1), "frame_too_large"),
    ]
    for text, code in cases:
        await communicator.send_to(text_data=text)
        error = await receive(communicator)
        assert error["type"] == "error" and error["code"] == code, (text[:40], error)
        assert error["message"]
    await communicator.send_json_to({"type": "ping"})
    assert (await receive(communicator)) == {"type": "pong", "last_change": 1}
    assert await database_sync_to_async(Post.objects.count)() == 1
    await communicator.disconnect()


async def test_a_page_that_missed_changes_catches_up_with_sync(thread, story, alice, bob, write):
    communicator, ready = await join(alice, thread.pk)
    await database_sync_to_async(write)(bob, story, "Verpasst eins")  # not published: as if a frame was lost
    await database_sync_to_async(write)(bob, story, "Verpasst zwei")
    await communicator.send_json_to({"type": "ping"})
    assert (await receive(communicator))["last_change"] == 3
    await communicator.send_json_to({"type": "sync", "after": ready["last_change"]})
    answer = await receive(communicator)
    assert answer["type"] == "sync" and answer["cursor"] == 3 and answer["complete"]
    assert [post["number"] for post in answer["posts"]] == [2, 3]
    assert "Verpasst zwei" in answer["posts"][1]["html"]
    await communicator.disconnect()


async def test_seen_frames_move_the_last_visit(thread, story, bob, write):
    from community.threads.models import LastVisit

    communicator, _ready = await join(bob, thread.pk)
    await communicator.send_json_to({"type": "seen", "number": 1})
    await communicator.send_json_to({"type": "ping"})
    await receive(communicator)
    visit = await database_sync_to_async(LastVisit.objects.get)(user=bob)
    assert visit.last_seen_number == 1
    await communicator.disconnect()


async def test_readers_of_an_empty_discussion_see_the_first_post_arrive(story, alice, bob):
    # Publishing the page opened its (empty) thread: the page has a socket before anyone has written.
    thread = await database_sync_to_async(Thread.objects.get)(object_id=story.pk)
    assert thread.last_number == 0
    reader, _ready = await join(bob, thread.pk)
    anonymous, _ready = await join(None, thread.pk)
    writer, _ready = await join(alice, thread.pk)
    await writer.send_json_to(
        {"type": "post", "client_id": "erster-0000000001", "body": "Wer fängt an? Ich!", "reply_to": None}
    )
    await receive_types(writer, "ack", "post")
    for communicator in (reader, anonymous):
        first = await receive(communicator)
        assert first["type"] == "post" and first["number"] == 1 and "Wer fängt an?" in first["html"]
    for communicator in (writer, reader, anonymous):
        await communicator.disconnect()
