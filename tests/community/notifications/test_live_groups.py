"""The bell keeps receiving notifications after the channel layer's Redis lost its state (restart): the
consumer joins its groups again on the page's next heartbeat (home/live_groups.py)."""

import pytest
from channels.db import database_sync_to_async

from community.notifications.api import NotificationKind, notify
from home import live_groups
from tests.community.notifications.test_consumer import connect_as
from tests.home.test_live_groups import redis_layer  # noqa: F401 - the real Redis layer, database 13

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]


async def test_the_bell_joins_again_after_redis_lost_its_groups(redis_layer, member):  # noqa: F811
    live_groups._state.checked_at = float("-inf")
    communicator = await connect_as(member)
    assert (await communicator.receive_json_from(timeout=5))["type"] == "unread"

    for key in redis_layer.keys("nws-test-live-*"):  # what a restart leaves: nothing of ours
        redis_layer.delete(key)
    live_groups._state.checked_at = float("-inf")  # as if CHECK_INTERVAL had passed
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=5) == {"type": "pong"}

    await database_sync_to_async(notify)(member, NotificationKind.MENTION, "Nach dem Neustart", url="/")
    frame = await communicator.receive_json_from(timeout=5)
    assert frame["type"] == "notification"
    await communicator.disconnect()
