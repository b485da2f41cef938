"""/ws/benachrichtigungen/: the live unread count and new notifications for the signed-in member.

Server -> client frames:
    {"type": "unread", "unread": n}                          on connect and whenever the count changes
    {"type": "notification", "id", "kind", "kind_label", "title", "body", "url", "open_url", "created_at",
     "unread": n}                                            for each new notification
    {"type": "error", "code": "...", ...}                    for a frame the server cannot act on
Client -> server frames:
    {"type": "mark_read", "id": n}, {"type": "mark_all_read"}, {"type": "ping"}

Anonymous connections are accepted and closed at once with code 4401, so the client knows not to retry; so are
the open sockets of a browser session that logs out.
The consumer is thin: every action goes through community.notifications.inbox, which the HTTP views use too.
"""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from home.live_groups import StickyGroups
from home.ratelimit import RateLimit

from . import inbox

CLOSE_NOT_AUTHENTICATED = 4401
MAX_FRAME_LENGTH = 2048

frame_limit = RateLimit("notifications-ws", limit=60, period=60)


class NotificationConsumer(StickyGroups, AsyncJsonWebsocketConsumer):
    user = None
    group = None
    session_group = None

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.accept()
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        self.user = user
        self.group = inbox.group_name(user.pk)
        await self.join_group(self.group)
        session_key = getattr(self.scope.get("session"), "session_key", None)
        if session_key:
            self.session_group = inbox.session_group_name(session_key)
            await self.join_group(self.session_group)
        await self.accept()
        unread = await database_sync_to_async(inbox.unread_count)(user.pk)
        await self.send_json({"type": "unread", "unread": unread})

    async def disconnect(self, code):
        await self.leave_groups()

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if self.user is None:
            return
        if text_data is None or len(text_data) > MAX_FRAME_LENGTH:
            await self._error("invalid_frame")
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self._error("invalid_json")
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self._error("invalid_frame")
            return
        action = content["type"]
        if action == "ping":
            # channels-redis forgets group members after group_expiry, and all of them when Redis restarts.
            await self.keep_groups()
            await self.send_json({"type": "pong"})
            return
        if action not in ("mark_read", "mark_all_read"):
            await self._error("unknown_type")
            return
        allowed, retry_after = await database_sync_to_async(self._hit_limit)()
        if not allowed:
            await self._error("rate_limited", retry_after=retry_after)
            return
        if action == "mark_all_read":
            await database_sync_to_async(inbox.mark_all_read)(self.user)
            return
        notification_id = content.get("id")
        if not isinstance(notification_id, int) or isinstance(notification_id, bool) or notification_id < 1:
            await self._error("invalid_id")
            return
        # Authorisation per action: mark_read only finds the member's own notifications.
        if not await database_sync_to_async(inbox.mark_read)(self.user, notification_id):
            await self._error("not_found", id=notification_id)

    def _hit_limit(self) -> tuple[bool, int]:
        result = frame_limit.hit(self.user.pk)
        return result.allowed, result.retry_after

    async def _error(self, code: str, **extra):
        await self.send_json({"type": "error", "code": code, **extra})

    # Group messages (see inbox.push_new / inbox.push_unread)

    async def notification_push(self, event):
        await self.send_json(event["frame"])

    async def notification_unread(self, event):
        await self.send_json(event["frame"])

    async def notification_logout(self, event):
        """The member logged out in this browser: stop, and tell the client not to reconnect."""
        self.user = None
        await self.close(code=CLOSE_NOT_AUTHENTICATED)
