"""Health checks behind /healthz.

Each check returns a CheckResult; apps add their own (search/ adds the search engine) with `register()`.
Only the database decides the status code: without it nothing works, while the others degrade gracefully.
"""

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from asgiref.sync import async_to_sync
from django.core.cache import cache
from django.db import connection


@dataclass
class CheckResult:
    ok: bool
    detail: str = ""
    backend: str = ""


_checks: dict[str, tuple[Callable[[], CheckResult], bool]] = {}


def register(name: str, check: Callable[[], CheckResult], critical: bool = False) -> None:
    _checks[name] = (check, critical)


def run_checks() -> tuple[bool, dict[str, dict]]:
    healthy = True
    report = {}
    for name, (check, critical) in _checks.items():
        started = time.perf_counter()
        try:
            result = check()
        except Exception as error:
            result = CheckResult(ok=False, detail=f"{type(error).__name__}: {error}"[:300])
        report[name] = {
            "ok": result.ok,
            "backend": result.backend,
            "detail": result.detail,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
        if critical and not result.ok:
            healthy = False
    return healthy, report


def check_database() -> CheckResult:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return CheckResult(ok=True, backend=connection.vendor)


def check_cache() -> CheckResult:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    ok = cache.get(key) == "1"
    cache.delete(key)
    backend = type(cache._cache if hasattr(cache, "_cache") else cache).__module__
    return CheckResult(ok=ok, backend=backend, detail="" if ok else "value written was not read back")


async def _channel_layer_roundtrip() -> CheckResult:
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return CheckResult(ok=False, detail="no channel layer configured")
    channel = await layer.new_channel("healthz")
    await layer.send(channel, {"type": "healthz.ping"})
    message = await asyncio.wait_for(layer.receive(channel), timeout=2)
    return CheckResult(ok=message.get("type") == "healthz.ping", backend=type(layer).__name__)


def check_channel_layer() -> CheckResult:
    return async_to_sync(_channel_layer_roundtrip)()


def register_builtin_checks() -> None:
    register("database", check_database, critical=True)
    register("cache", check_cache)
    register("channel_layer", check_channel_layer)
