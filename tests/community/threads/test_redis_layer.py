"""Through the real Redis channel layer: two ASGI worker processes (uvicorn, as in production) share a
discussion's group, so a post written on worker A appears for a reader on worker B; when worker B restarts, the
reader's page reconnects and fetches what was written meanwhile, each post once and in order.

Redis database 6 with a prefix of its own per run, so nothing else on the Redis server is touched.
"""

import asyncio
import json
import uuid

import pytest
from channels.db import database_sync_to_async

from tests.community.chat.test_redis_layer import Worker, _database_url, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]

REDIS_URL = "redis://127.0.0.1:6379/6"


def _redis_client():
    import os

    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is required in CI: {error}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    return client


class ThreadWorker(Worker):
    def __init__(self, prefix: str, database_url: str):
        super().__init__(prefix, database_url)
        self.env["REDIS_URL"] = REDIS_URL


@pytest.fixture
def workers():
    redis_client = _redis_client()
    redis_client.flushdb()  # database 6 belongs to the discussion tests: rate limits start empty
    prefix = f"nws-test-threads-{uuid.uuid4().hex[:8]}"
    database_url = _database_url()
    started = [ThreadWorker(prefix, database_url).start(), ThreadWorker(prefix, database_url).start()]
    yield started
    for worker in started:
        worker.stop()
    redis_client.flushdb()


async def open_socket(worker, cookie, thread_id):
    from websockets.asyncio.client import connect

    socket_ = await connect(
        worker.url(f"/ws/diskussionen/{thread_id}/"),
        additional_headers={"Origin": f"http://127.0.0.1:{worker.port}", "Cookie": cookie},
    )
    return socket_, await next_frame(socket_, "ready")


async def next_frame(socket_, kind: str, timeout: float = 10) -> dict:
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await socket_.recv())
            if frame["type"] == kind:
                return frame
            assert frame["type"] in ("post", "ack"), frame


async def test_two_worker_processes_share_a_discussion_through_redis(workers, story, alice, bob, write):
    from community.threads.models import Thread

    await database_sync_to_async(write)(alice, story, "Der erste Beitrag")
    thread = await database_sync_to_async(Thread.objects.get)()
    worker_a, worker_b = workers
    cookie_a = await database_sync_to_async(session_cookie)(alice)
    cookie_b = await database_sync_to_async(session_cookie)(bob)

    writer, _ready = await open_socket(worker_a, cookie_a, thread.pk)
    reader, ready = await open_socket(worker_b, cookie_b, thread.pk)
    cursor = ready["last_change"]
    await writer.send(
        json.dumps({"type": "post", "client_id": "ueber-redis-0001", "body": "Hallo über Redis"})
    )
    assert (await next_frame(writer, "ack"))["duplicate"] is False
    arrived = await next_frame(reader, "post")
    assert arrived["change"] == cursor + 1 and "Hallo über Redis" in arrived["html"]
    cursor = arrived["change"]

    # Worker B restarts (a deploy); meanwhile Alice writes on worker A.
    worker_b.stop()
    for number in (3, 4):
        await writer.send(
            json.dumps({"type": "post", "client_id": f"waehrenddessen-{number}", "body": f"Nr. {number}"})
        )
        await next_frame(writer, "ack")
    worker_b.start()

    reader, ready = await open_socket(worker_b, cookie_b, thread.pk)
    assert ready["last_change"] == cursor + 2  # the page learns that it is behind ...
    await reader.send(json.dumps({"type": "sync", "after": cursor}))  # ... and asks for what it missed
    sync = await next_frame(reader, "sync")
    assert [post["number"] for post in sync["posts"]] == [3, 4] and sync["complete"]
    assert sync["cursor"] == cursor + 2

    # Live again, across processes, the other way round.
    await reader.send(json.dumps({"type": "post", "client_id": "zurueck-00005", "body": "Wieder da"}))
    delivered = await next_frame(writer, "post")
    while delivered["number"] < 5:  # the writer's own posts 3 and 4 came back to it as well
        delivered = await next_frame(writer, "post")
    assert delivered["author"] == bob.pk
    await writer.close()
    await reader.close()
