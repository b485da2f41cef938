"""Who has a channel open right now, shared by every worker process.

Each open socket is an entry "<user id>:<socket id>" with an expiry time, refreshed by the page's heartbeat
(every 25 seconds) and removed when the socket closes; entries of a crashed worker simply expire. With Redis
(REDIS_URL) the entries are a sorted set per channel (score = expiry), so every worker sees the same list;
without it the site runs in one process and a dictionary in that process is the whole truth.

Changes are announced to the channel at most once per PRESENCE_INTERVAL per worker and channel (see
consumers.py), so a crowd joining at once costs a few frames, not one per arrival per member.
"""

import threading
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

ENTRY_TTL = 70  # seconds without a heartbeat after which a socket counts as gone
PRESENCE_INTERVAL = 2.0  # seconds between two presence frames of one worker for one channel


class LocalPresence:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries: dict[int, dict[str, float]] = {}

    def touch(self, channel_id: int, user_id: int, socket_id: str) -> None:
        with self._lock:
            self._entries.setdefault(channel_id, {})[f"{user_id}:{socket_id}"] = time.time() + ENTRY_TTL

    def leave(self, channel_id: int, user_id: int, socket_id: str) -> None:
        with self._lock:
            self._entries.get(channel_id, {}).pop(f"{user_id}:{socket_id}", None)

    def online(self, channel_id: int) -> list[int]:
        now = time.time()
        with self._lock:
            entries = self._entries.get(channel_id, {})
            for key in [key for key, expires in entries.items() if expires <= now]:
                del entries[key]
            return _user_ids(entries)


class RedisPresence:
    def __init__(self, redis_cache: RedisCache):
        self._cache = redis_cache

    def _client(self):
        return self._cache._cache.get_client(write=True)

    def _key(self, channel_id: int) -> str:
        return self._cache.make_key(f"chat:presence:{channel_id}")

    def touch(self, channel_id: int, user_id: int, socket_id: str) -> None:
        key = self._key(channel_id)
        pipe = self._client().pipeline()
        pipe.zadd(key, {f"{user_id}:{socket_id}": time.time() + ENTRY_TTL})
        pipe.expire(key, ENTRY_TTL * 2)
        pipe.execute()

    def leave(self, channel_id: int, user_id: int, socket_id: str) -> None:
        self._client().zrem(self._key(channel_id), f"{user_id}:{socket_id}")

    def online(self, channel_id: int) -> list[int]:
        key = self._key(channel_id)
        pipe = self._client().pipeline()
        pipe.zremrangebyscore(key, "-inf", time.time())
        pipe.zrange(key, 0, -1)
        _removed, members = pipe.execute()
        return _user_ids(member.decode() if isinstance(member, bytes) else member for member in members)


def _user_ids(entries) -> list[int]:
    ids = set()
    for entry in entries:
        user_id, _sep, _socket = str(entry).partition(":")
        if user_id.isdigit():
            ids.add(int(user_id))
    return sorted(ids)


_local = LocalPresence()


def store():
    """Redis when the cache is Redis (shared by all workers), else this process."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return RedisPresence(backend)
    return _local


def names(user_ids: list[int], limit: int = 50) -> list[dict]:
    """Display names of the members online, for the presence list (members see each other's names)."""
    from community.members.models import Profile

    rows = (
        Profile.objects.filter(user_id__in=user_ids[: limit * 2], user__is_active=True)
        .order_by("display_name")
        .values_list("user_id", "display_name")[:limit]
    )
    return [{"id": user_id, "name": name} for user_id, name in rows]
