"""Group memberships on the channel layer that survive a restart of its Redis.

channels-redis keeps who belongs to which group in Redis only. When Redis restarts (or is flushed, or fails
over to an empty replica) every membership is gone, and a socket that joined a group before hears nothing
more: no error, just silence. The live features' clients notice the silence only at their next heartbeat.

So each worker process keeps a key of its own in the layer's Redis (`layer_generation`). While the key is
there, nothing was lost; when it is missing, Redis lost its state since the worker last looked, the worker's
generation number grows, and every socket of the worker joins its groups again at its next heartbeat
(`StickyGroups.keep_groups`). The same call also re-joins before channels-redis's group expiry.
"""

import asyncio
import logging
import time
import uuid

logger = logging.getLogger(__name__)

CHECK_INTERVAL = 5.0  # seconds between two looks at the sentinel key (per worker process)
SENTINEL_TTL = 86_400  # a worker that is gone leaves its key behind for a day at most
GROUP_REFRESH_INTERVAL = 600  # seconds: re-join before channels-redis forgets members (its group_expiry)

_worker_key = f"live-sentinel:{uuid.uuid4().hex}"


class _State:
    generation = 0
    checked_at = float("-inf")
    lock: asyncio.Lock | None = None
    loop: asyncio.AbstractEventLoop | None = None


_state = _State()


async def layer_generation(layer) -> int:
    """A number that grows whenever the layer's Redis has lost its state since this worker last looked."""
    connection_for = getattr(layer, "connection", None)
    if connection_for is None:  # the in-memory layer lives and dies with the process
        return _state.generation
    loop = asyncio.get_running_loop()
    if _state.lock is None or _state.loop is not loop:
        _state.lock, _state.loop = asyncio.Lock(), loop
    async with _state.lock:
        now = time.monotonic()
        if now - _state.checked_at < CHECK_INTERVAL:
            return _state.generation
        _state.checked_at = now
        key = f"{layer.prefix}:{_worker_key}"
        try:
            connection = connection_for(layer.consistent_hash(key))
            previous = await connection.set(key, b"1", ex=SENTINEL_TTL, get=True)
        except Exception:
            # Redis is away: look again soon; the memberships are re-made once it answers.
            _state.checked_at = float("-inf")
            logger.warning("The channel layer's Redis did not answer the sentinel check", exc_info=True)
            return _state.generation
        if previous is None:
            _state.generation += 1
        return _state.generation


class StickyGroups:
    """Mixin for consumers: `join_group` instead of `channel_layer.group_add`, `keep_groups` on heartbeats."""

    sticky_groups: tuple = ()
    sticky_generation = 0
    sticky_joined_at = 0.0

    async def join_group(self, group: str) -> None:
        if self.sticky_groups == ():
            self.sticky_generation = await layer_generation(self.channel_layer)
            self.sticky_joined_at = time.monotonic()
        await self.channel_layer.group_add(group, self.channel_name)
        self.sticky_groups = (*self.sticky_groups, group)

    async def leave_groups(self) -> None:
        groups, self.sticky_groups = self.sticky_groups, ()
        for group in groups:
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:
                # A socket that is closing must finish closing; channels-redis forgets the stale membership
                # after its group expiry, and events sent to it meanwhile expire unread.
                logger.warning("Could not leave the group %s", group, exc_info=True)

    async def keep_groups(self) -> None:
        """Join the groups again if Redis lost them or they are about to expire."""
        if not self.sticky_groups:
            return
        generation = await layer_generation(self.channel_layer)
        stale = time.monotonic() - self.sticky_joined_at > GROUP_REFRESH_INTERVAL
        if generation == self.sticky_generation and not stale:
            return
        for group in self.sticky_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.sticky_generation, self.sticky_joined_at = generation, time.monotonic()
