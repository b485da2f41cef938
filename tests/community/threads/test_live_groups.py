"""A discussion's open pages keep receiving posts after the channel layer's Redis lost its state (restart):
the consumer joins its group again on the page's next heartbeat (home/live_groups.py)."""

import pytest

from home import live_groups
from tests.community.threads.test_consumer import join, receive, receive_types, thread  # noqa: F401
from tests.home.test_live_groups import redis_layer  # noqa: F401 - the real Redis layer, database 13

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]


async def test_a_discussion_page_joins_again_after_redis_lost_its_groups(redis_layer, thread, alice, bob):  # noqa: F811
    live_groups._state.checked_at = float("-inf")
    reader, _ready = await join(bob, thread.pk)
    writer, _ready = await join(alice, thread.pk)

    for key in redis_layer.keys("nws-test-live-*"):  # what a restart leaves: nothing of ours
        redis_layer.delete(key)
    live_groups._state.checked_at = float("-inf")  # as if CHECK_INTERVAL had passed
    await reader.send_json_to({"type": "ping"})  # the page's heartbeat
    assert (await receive(reader))["type"] == "pong"
    await writer.send_json_to({"type": "ping"})
    assert (await receive(writer))["type"] == "pong"

    await writer.send_json_to(
        {"type": "post", "client_id": "nach-neustart-01", "body": "Nach dem Neustart", "reply_to": None}
    )
    frames = await receive_types(writer, "ack", "post")
    received = await receive(reader, timeout=5)
    assert received["type"] == "post" and received["id"] == frames["ack"]["id"]
    await reader.disconnect()
    await writer.disconnect()
