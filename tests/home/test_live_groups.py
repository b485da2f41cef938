"""Group memberships survive a Redis that lost its state (home/live_groups.py), on the real Redis layer."""

import uuid

import pytest
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from home import live_groups

pytestmark = pytest.mark.redis

REDIS_URL = "redis://127.0.0.1:6379/13"


class EchoGroupConsumer(live_groups.StickyGroups, AsyncWebsocketConsumer):
    async def connect(self):
        await self.join_group("werkstatt")
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        if text_data == "ping":
            await self.keep_groups()
            await self.send(text_data="pong")

    async def disconnect(self, code):
        await self.leave_groups()

    async def group_event(self, event):
        await self.send(text_data=event["text"])


@pytest.fixture
def redis_layer():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is needed for this test: {error}")
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"nws-test-live-{uuid.uuid4().hex[:8]}"},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        from channels.layers import channel_layers

        channel_layers.backends.clear()
        yield client
        channel_layers.backends.clear()
    for key in client.keys("nws-test-live-*"):
        client.delete(key)


async def _communicator():
    communicator = WebsocketCommunicator(EchoGroupConsumer.as_asgi(), "/ws/test/")
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_a_socket_joins_again_after_redis_lost_its_groups(redis_layer):
    live_groups._state.checked_at = float("-inf")
    communicator = await _communicator()
    layer = get_channel_layer()
    await layer.group_send("werkstatt", {"type": "group.event", "text": "vorher"})
    assert await communicator.receive_from(timeout=2) == "vorher"

    for key in redis_layer.keys(f"{layer.prefix}*"):  # what a restart leaves: nothing of ours
        redis_layer.delete(key)
    await layer.group_send("werkstatt", {"type": "group.event", "text": "verloren"})
    assert await communicator.receive_nothing(timeout=0.5)  # the membership is gone: silence

    live_groups._state.checked_at = float("-inf")  # as if CHECK_INTERVAL had passed
    await communicator.send_to(text_data="ping")  # the page's heartbeat
    assert await communicator.receive_from(timeout=2) == "pong"
    await layer.group_send("werkstatt", {"type": "group.event", "text": "wieder da"})
    assert await communicator.receive_from(timeout=2) == "wieder da"
    await communicator.disconnect()


async def test_an_unchanged_redis_costs_no_rejoin(redis_layer):
    live_groups._state.checked_at = float("-inf")
    communicator = await _communicator()
    layer = get_channel_layer()
    generation = await live_groups.layer_generation(layer)
    live_groups._state.checked_at = float("-inf")
    assert await live_groups.layer_generation(layer) == generation  # the sentinel is still there
    await communicator.send_to(text_data="ping")
    assert await communicator.receive_from(timeout=2) == "pong"
    await communicator.disconnect()
    group_key = layer._group_key("werkstatt")
    assert not redis_layer.zrange(group_key, 0, -1)  # leaving removed the membership
