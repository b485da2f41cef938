"""A tiny WebSocket endpoint that proves the live stack end to end (proxy, ASGI server, channel layer).

Load balancers and the smoke test use it; it answers every "ping" with "pong" and the server time.
"""

import json
import time

from channels.generic.websocket import AsyncWebsocketConsumer


class PingConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        try:
            frame = json.loads(text_data or "")
        except ValueError:
            frame = None
        if not isinstance(frame, dict) or frame.get("type") != "ping":
            await self.send(json.dumps({"type": "error", "code": "unknown_frame"}))
            return
        await self.send(json.dumps({"type": "pong", "server_time": time.time()}))
