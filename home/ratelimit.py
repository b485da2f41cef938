"""A small fixed-window rate limiter on the Django cache (Redis in production, shared by all workers).

limit = RateLimit("profile-save", limit=10, period=60)
result = limit.hit(request.user.pk)
if not result.allowed:
    ... answer with a German message, keep what the user wrote, and say when to try again
"""

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    remaining: int
    retry_after: int  # seconds until the window resets


@dataclass(frozen=True)
class RateLimit:
    scope: str
    limit: int
    period: int  # seconds

    def _key(self, identifier) -> tuple[str, int]:
        window = int(time.time() // self.period)
        return f"ratelimit:{self.scope}:{identifier}:{window}", window

    def hit(self, identifier) -> RateLimitResult:
        key, window = self._key(identifier)
        # add() is atomic: only the first hit in a window creates the counter.
        if cache.add(key, 1, timeout=self.period + 1):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=self.period + 1)
                count = 1
        retry_after = int((window + 1) * self.period - time.time()) + 1
        return RateLimitResult(
            allowed=count <= self.limit, remaining=max(0, self.limit - count), retry_after=retry_after
        )

    def reset(self, identifier) -> None:
        cache.delete(self._key(identifier)[0])


def client_identifier(request) -> str:
    """Who is asking: the member, or for anonymous visitors the client address.

    REMOTE_ADDR only. X-Forwarded-For is whatever the client sent plus what each proxy appended, so its first
    hop is free to choose: keying on it let anyone escape the limits with a made-up header. Behind a proxy, the
    ASGI server turns the hop that the trusted proxy added into REMOTE_ADDR (`uvicorn --proxy-headers
    --forwarded-allow-ips <proxy>`, see README "Production"), the same address allauth's limits use."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR') or 'unknown'}"
