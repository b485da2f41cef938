"""One subscription per worker process and chat channel, fanned out to the process's open sockets.

With Channels, every consumer normally joins the group itself and receives each group message through the
channel layer on its own: for a channel open in 250 tabs on one worker, every message wakes 250 receive loops
(each creating and cancelling tasks inside channels-redis) before a single frame is written. Here the worker
joins the group once, with one channel name of its own, and one task hands each event to the local sockets
in order: the frame text is written straight to each socket. The layer still carries the events between
workers (Redis groups), so delivery across processes is unchanged, and so are its limits: at most once,
bounded, which the change numbers and the clients' sync make up for.

Events for one member (rights changed) and one login session (logged out) stay on each consumer's own
channel: they are rare and concern single sockets.
"""

import asyncio
import logging
import time
import weakref

from home import live_groups
from home.live_groups import layer_generation

logger = logging.getLogger(__name__)

GROUP_REFRESH_INTERVAL = live_groups.GROUP_REFRESH_INTERVAL

# One fan-out per event loop (a worker process has one; tests have one per test).
_fanouts: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LocalFanout]" = weakref.WeakKeyDictionary()


def for_layer(layer) -> "LocalFanout":
    loop = asyncio.get_running_loop()
    fanout = _fanouts.get(loop)
    if fanout is None or fanout.layer is not layer:
        fanout = _fanouts[loop] = LocalFanout(layer)
    return fanout


class LocalFanout:
    def __init__(self, layer):
        self.layer = layer
        self.channel_name: str | None = None
        self.members: dict[str, set] = {}
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task] = []
        self.joined_at = time.monotonic()

    async def join(self, group: str, consumer) -> None:
        async with self._lock:
            if self.channel_name is None:
                self.channel_name = await self.layer.new_channel()
                self._tasks = [
                    asyncio.ensure_future(self._receive(self.channel_name)),
                    asyncio.ensure_future(self._refresh()),
                ]
            local = self.members.setdefault(group, set())
            if not local:
                await self.layer.group_add(group, self.channel_name)
            local.add(consumer)

    async def leave(self, group: str, consumer) -> None:
        async with self._lock:
            local = self.members.get(group)
            if local is None or consumer not in local:
                return
            local.discard(consumer)
            if local:
                return
            del self.members[group]
            await self.layer.group_discard(group, self.channel_name)
            if not self.members:
                # Nobody left on this worker: stop listening until the next socket comes.
                for task in self._tasks:
                    task.cancel()
                self._tasks, self.channel_name = [], None

    async def _receive(self, channel_name: str) -> None:
        while True:
            try:
                event = await self.layer.receive(channel_name)
            except asyncio.CancelledError:
                raise
            except Exception:
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    # Cancelled (the worker or the test's event loop is closing) while the layer was receiving,
                    # and the layer turned that into another error: stop, never retry forever.
                    raise asyncio.CancelledError from None
                # Redis went away (restart, network): once it answers again, it may have lost the groups.
                logger.warning("Chat fan-out could not receive; retrying", exc_info=True)
                await asyncio.sleep(1)
                await self._rejoin()
                continue
            for consumer in list(self.members.get(event.get("group", ""), ())):
                try:
                    await consumer.deliver(event)
                except Exception:  # one broken socket must not hold up the others
                    logger.debug("Could not deliver a chat event to a socket", exc_info=True)

    async def _rejoin(self) -> None:
        for group in list(self.members):
            try:
                await self.layer.group_add(group, self.channel_name)
            except Exception:
                logger.warning("Could not join the chat group %s again", group, exc_info=True)
                return
        self.joined_at = time.monotonic()

    async def _refresh(self) -> None:
        """Join again when Redis lost its state (live_groups) or before channels-redis forgets the groups."""
        generation = await layer_generation(self.layer)
        while True:
            await asyncio.sleep(live_groups.CHECK_INTERVAL)
            current = await layer_generation(self.layer)
            if current != generation or time.monotonic() - self.joined_at > GROUP_REFRESH_INTERVAL:
                await self._rejoin()
                generation = current
