"""Publishing: every change is stored first (the services commit before they return), then published to the
thread's group through the channel layer, carrying its stored change number.

Group: threads.thread.<id>, every open page of the thread (members and anonymous readers).

An event is {"type": "threads.frame", "texts": {"de:public": "<json>", "de:members": "<json>", …}}: the frame
is serialised once per language and audience at the sender (an author's name is shown to anonymous readers
only if the author made it public), so each socket only forwards a ready string.
"""

import asyncio
import logging
import threading
from dataclasses import dataclass, field

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def thread_group(thread_id: int) -> str:
    return f"threads.thread.{thread_id}"


@dataclass
class Outbox:
    """What an action publishes once it is stored: (group, event) pairs in order."""

    events: list[tuple[str, dict]] = field(default_factory=list)

    def frame(self, thread_id: int, texts: dict[str, str]) -> None:
        self.events.append((thread_group(thread_id), {"type": "threads.frame", "texts": texts}))

    def rights_changed(self, thread_id: int) -> None:
        """Every open page of the thread re-reads its rights (the page was unpublished or restricted)."""
        self.events.append((thread_group(thread_id), {"type": "threads.rights"}))

    def extend(self, other: "Outbox") -> None:
        self.events.extend(other.events)


async def publish(outbox: Outbox) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for group, event in outbox.events:
        try:
            await layer.group_send(group, event)
        except Exception:  # stored is stored: pages notice the gap and fetch what they missed
            logger.warning("Could not publish a thread event to %s", group, exc_info=True)


def publish_sync(outbox: Outbox) -> None:
    """From synchronous code (views, the admin, management commands)."""
    if not outbox.events:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(publish)(outbox)
        return
    # This thread runs an event loop (a test harness such as Playwright's sync API): publish from a helper.
    worker = threading.Thread(target=async_to_sync(publish), args=(outbox,), name="threads-publish")
    worker.start()
    worker.join(timeout=10)
