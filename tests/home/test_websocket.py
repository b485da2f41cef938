import json

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application


async def test_ping_roundtrip_through_the_full_stack():
    communicator = WebsocketCommunicator(application, "/ws/ping/", headers=[(b"origin", b"http://localhost")])
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    reply = json.loads(await communicator.receive_from())
    assert reply["type"] == "pong"
    await communicator.send_to(text_data="kein json")
    error = json.loads(await communicator.receive_from())
    assert error == {"type": "error", "code": "unknown_frame"}
    await communicator.disconnect()


async def test_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/ping/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_unknown_path_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/gibt-es-nicht/", headers=[(b"origin", b"http://localhost")]
    )
    with pytest.raises(ValueError):
        await communicator.connect()
