"""The Redis cache rides out a Redis restart (REDIS_CACHE_OPTIONS in config/settings/base.py).

The test starts a redis-server of its own on a free port (never the shared one), so restarting it disturbs
nobody; it is skipped with a reason where no redis-server binary exists, and fails under CI=true.
"""

import os
import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.tmp_path = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is needed for this test in CI")
        pytest.skip("no redis-server binary on this machine")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def production_cache(port: int) -> RedisCache:
    return RedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": settings.REDIS_CACHE_OPTIONS})


@pytest.mark.redis
def test_cache_commands_survive_a_redis_restart(private_redis):
    cache = production_cache(private_redis.port)
    cache.set("before", "1")
    assert cache.get("before") == "1"

    # Redis goes away and comes back 0.4 s later, while a command is under way (as in proof/faults.py).
    private_redis.stop()
    restarter = threading.Timer(0.4, private_redis.start)
    restarter.start()
    try:
        cache.set("during", "2")  # retried until the new server answers
        assert cache.get("during") == "2"
        assert cache.get("before") is None  # the new server starts empty: a cache miss, not an error
    finally:
        restarter.join()


@pytest.mark.redis
def test_without_the_retry_options_the_same_restart_is_an_error(private_redis):
    """The counter-check: Django's Redis cache without the options fails while the server restarts."""
    import redis

    cache = RedisCache(f"redis://127.0.0.1:{private_redis.port}/0", {})
    cache.set("before", "1")
    private_redis.stop()
    restarter = threading.Timer(0.4, private_redis.start)
    restarter.start()
    try:
        with pytest.raises(redis.exceptions.ConnectionError):
            cache.get("before")
    finally:
        restarter.join()
