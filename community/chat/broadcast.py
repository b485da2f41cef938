"""Group names and publishing: every change is stored first (the services commit before they return), then
published to the channel's group through the channel layer, carrying its stored numbers.

Groups:
    chat.channel.<id>              everyone with the channel open: messages, typing, presence, channel state
    chat.member.<id>.<user id>     one member's sockets in one channel: their rights changed (muted, removed)
    chat.session.<hash>            the sockets of one login session: closed when it logs out

An event is {"type": "chat.frame", "group": "...", "texts": {"de": "<json>", "en": "<json>"}}: the frame is
serialised once per language at the sender, so each of hundreds of sockets only gets a ready string. Channel
groups are joined once per worker process and fanned out locally (fanout.py), which is why events name
their group.
"""

import asyncio
import hashlib
import logging
import threading
from dataclasses import dataclass, field

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def channel_group(channel_id: int) -> str:
    return f"chat.channel.{channel_id}"


def member_group(channel_id: int, user_id: int) -> str:
    return f"chat.member.{channel_id}.{user_id}"


def session_group(session_key: str) -> str:
    return "chat.session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


@dataclass
class Outbox:
    """What an action publishes once it is stored: (group, event) pairs in order."""

    events: list[tuple[str, dict]] = field(default_factory=list)

    def frame(self, group: str, texts: dict[str, str]) -> None:
        self.events.append((group, {"type": "chat.frame", "group": group, "texts": texts}))

    def access_changed(self, channel_id: int, user_id: int) -> None:
        group = member_group(channel_id, user_id)
        self.events.append((group, {"type": "chat.access", "group": group}))

    def channel_changed(self, channel_id: int) -> None:
        """Every open socket of the channel re-reads its rights (locked, slow mode, archived)."""
        group = channel_group(channel_id)
        self.events.append((group, {"type": "chat.access", "group": group}))

    def extend(self, other: "Outbox") -> None:
        self.events.extend(other.events)


async def publish(outbox: Outbox) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for group, event in outbox.events:
        try:
            await layer.group_send(group, event)
        except Exception:  # stored is stored: clients notice the gap and fetch what they missed
            logger.warning("Could not publish a chat event to %s", group, exc_info=True)


def publish_sync(outbox: Outbox) -> None:
    """From synchronous code (views, management commands)."""
    if not outbox.events:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(publish)(outbox)
        return
    # This thread runs an event loop (a test harness such as Playwright's sync API): publish from a helper.
    worker = threading.Thread(target=async_to_sync(publish), args=(outbox,), name="chat-publish")
    worker.start()
    worker.join(timeout=10)
