"""Through the real Redis channel layer: two ASGI worker processes (uvicorn, as in production) share the groups,
so a message sent to worker A reaches a member connected to worker B; when worker B restarts, its member
reconnects and fetches what was written meanwhile, each message once and in order.

Redis database 13 with a prefix of its own per run, so nothing else on the Redis server is touched.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from django.test import Client

from home import live_groups

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]

REDIS_URL = "redis://127.0.0.1:6379/13"
PROJECT = Path(__file__).resolve().parents[3]


def _redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is required in CI: {error}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    return client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{credentials}{settings.get('HOST') or '127.0.0.1'}{port}/{settings['NAME']}"


class Worker:
    """One uvicorn process serving the project with the Redis layer, like one of N production workers."""

    def __init__(self, prefix: str, database_url: str):
        self.port = _free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "CHANNEL_LAYER_PREFIX": prefix,
            "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        }
        self.process = None

    def start(self) -> "Worker":
        command = [
            sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
            "--port", str(self.port), "--ws", "websockets-sansio", "--lifespan", "off", "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=PROJECT, env=self.env)  # noqa: S603
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker on port {self.port} exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"worker on port {self.port} did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"


@pytest.fixture
def workers():
    redis_client = _redis_client()
    # Database 13 belongs to this test: the workers' cache (rate limits) starts empty, whatever ran before.
    redis_client.flushdb()
    prefix = f"nws-test-chat-{uuid.uuid4().hex[:8]}"
    database_url = _database_url()
    started = [Worker(prefix, database_url).start(), Worker(prefix, database_url).start()]
    yield started
    for worker in started:
        worker.stop()
    redis_client.flushdb()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


async def open_socket(worker, cookie):
    from websockets.asyncio.client import connect

    socket_ = await connect(
        worker.url("/ws/kanaele/allgemein/"),
        additional_headers={"Origin": f"http://127.0.0.1:{worker.port}", "Cookie": cookie},
    )
    ready = await next_frame(socket_, "ready")
    return socket_, ready


async def next_frame(socket_, kind: str, timeout: float = 10) -> dict:
    """The next frame of a kind, skipping presence and typing frames."""
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await socket_.recv())
            if frame["type"] == kind:
                return frame
            assert frame["type"] in ("presence", "typing", "message", "ack"), frame


async def test_two_worker_processes_share_the_channel_through_redis(workers, alice, bob, open_channel):
    worker_a, worker_b = workers
    cookie_a = await database_sync_to_async(session_cookie)(alice)
    cookie_b = await database_sync_to_async(session_cookie)(bob)

    writer, _ready = await open_socket(worker_a, cookie_a)
    reader, ready = await open_socket(worker_b, cookie_b)
    cursor = ready["last_change"]

    await writer.send(
        json.dumps({"type": "send", "client_id": "ueber-redis-0001", "body": "Hallo über Redis"})
    )
    assert (await next_frame(writer, "ack"))["seq"] == 1
    arrived = await next_frame(reader, "message")
    assert arrived["seq"] == 1 and arrived["change"] == cursor + 1 and "Hallo über Redis" in arrived["html"]
    cursor = arrived["change"]

    # Worker B restarts (a deploy); meanwhile Alice writes on worker A.
    worker_b.stop()
    for number in (2, 3):
        await writer.send(
            json.dumps({"type": "send", "client_id": f"waehrenddessen-{number}", "body": f"Nummer {number}"})
        )
        ack = await next_frame(writer, "ack")
        assert ack["seq"] == number
    worker_b.start()

    reader, ready = await open_socket(worker_b, cookie_b)
    assert ready["last_change"] == cursor + 2  # the page learns that it is behind ...
    await reader.send(json.dumps({"type": "sync", "after": cursor}))  # ... and asks for what it missed
    sync = await next_frame(reader, "sync")
    assert [message["seq"] for message in sync["messages"]] == [2, 3]
    assert sync["complete"] and sync["cursor"] == cursor + 2

    # Both workers deliver live again, across processes, in both directions.
    await reader.send(json.dumps({"type": "send", "client_id": "zurueck-0004", "body": "Wieder da"}))
    delivered = await next_frame(writer, "message")
    while delivered["seq"] < 4:  # the writer's own messages 2 and 3 came back to it as well
        delivered = await next_frame(writer, "message")
    assert delivered["seq"] == 4 and delivered["author"] == bob.pk
    await writer.close()
    await reader.close()


async def test_workers_join_their_groups_again_when_redis_lost_them(workers, alice, bob, open_channel):
    """A Redis restart empties it: every group membership is gone. The workers notice (their sentinel keys
    are missing) and join again, so live delivery resumes by itself, without a reconnect or a page reload."""
    worker_a, worker_b = workers
    cookie_a = await database_sync_to_async(session_cookie)(alice)
    cookie_b = await database_sync_to_async(session_cookie)(bob)
    writer, _ready = await open_socket(worker_a, cookie_a)
    reader, _ready = await open_socket(worker_b, cookie_b)

    redis_client = _redis_client()
    assert any(b":group:" in key for key in redis_client.keys("*"))
    redis_client.flushdb()  # what a restart of a Redis that keeps nothing on disk leaves behind
    assert not any(b":group:" in key for key in redis_client.keys("*"))  # (presence may write at once)

    await asyncio.sleep(live_groups.CHECK_INTERVAL * 2 + 1)  # the fan-out looks every CHECK_INTERVAL
    assert any(b":group:" in key for key in redis_client.keys("*"))
    await writer.send(json.dumps({"type": "send", "client_id": "nach-dem-neustart", "body": "Noch da?"}))
    arrived = await next_frame(reader, "message", timeout=5)
    assert arrived["author"] == alice.pk and "Noch da?" in arrived["html"]
    await writer.close()
    await reader.close()
