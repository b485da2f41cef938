#!/usr/bin/env python
"""Load driver for the live channels: K WebSocket clients against N uvicorn worker processes that share the
Redis channel layer, a set rate of messages, and what arrives where, when, and how often.

    .venv/bin/python bench/chat_load.py --clients 500 --rate 20 --duration 60 --reconnect-fraction 0.1

It builds its own database (BENCH_DATABASE_URL + "_chat"; `make bench-chat` points it at the local PostgreSQL, as
two workers would share in production; without it var/bench/chat/netzwerkstatt.sqlite3), creates one open
channel and K members with login sessions, starts the workers (uvicorn, test settings, DEBUG off) with
REDIS_URL = --redis-url (a database of its own, emptied before and after), connects the clients spread over the
workers, measures the server memory per idle connection, then lets `--senders` of the clients send messages at
`--rate` per second in total over the real path (socket -> consumer -> database -> Redis group -> sockets).

Each client behaves like the browser (static/js/chat/channel.js): it applies frames in order of their change
numbers, asks for a sync when it sees a gap or reconnects, and ignores frames it has already applied. With
`--reconnect-fraction`, that share of the clients drops its connection in the middle of the run and comes
back after a short random pause. At the end every client asks once more for what it may have missed (as the
browser's heartbeat does) and the driver checks that each client has every stored message exactly once.

Reported: delivery latency p50/p95/p99 (send -> arrival at each other client, live frames only), messages
stored per second, frames delivered per second, lost messages (missing at a client after the final sync),
duplicated messages (applied twice by a client; the client protocol must make this 0) and duplicate frames
on the wire (frames for an already applied message: ignored by the client, counted for information),
reconnects, and the server memory (RSS of the workers) per idle connection. Goals of the project on the 2-core
development machine: 500 clients in one channel with p95 under 150 ms at 20 messages per second, no lost and
no duplicated message, also when a tenth of the clients reconnect, and under 150 KB per idle connection.

This is a benchmark, not a test: the figures depend on the machine and on what else runs on it. The exit
status is 0 unless it could not run (2) or --strict is given and a goal failed (1).
"""

import argparse
import asyncio
import json
import math
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import common
from common import BenchError

BENCHMARK = "chat"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
CHANNEL_SLUG = "last"
GAP_GRACE = (0.4, 0.8)  # seconds a gap may last before a client asks for a sync (as the browser does)
BEHIND_GRACE = 1.5  # seconds before a pong that reports a newer change leads to a sync (as the browser)
# The workers connect to the database as production does (a pool on PostgreSQL): config/settings/bench.py.
WORKER_SETTINGS_MODULE = "config.settings.bench"
SEND_TIMEOUT = 10.0  # seconds
SEND_PER_MEMBER = 0.4  # messages per second one member may send steadily (below the per-member rate limit)

GOAL_P95_MS = 150.0
GOAL_CLIENTS = 500
GOAL_RATE = 20.0
GOAL_KB_PER_CONNECTION = 150.0


# --- Preparation (in this process, with Django) ------------------------------------------------------------------

SQLITE_DIR = common.BENCH_DIR / "chat"


def bench_database():
    """BENCH_DATABASE_URL + "_chat" for PostgreSQL; else var/bench/chat/netzwerkstatt.sqlite3, which the workers
    open as the site's embedded default (WAL, immediate transactions, a busy timeout: see config/settings)."""
    if os.environ.get("BENCH_DATABASE_URL", "").strip():
        return common.bench_database(suffix="_chat")
    path = SQLITE_DIR / "netzwerkstatt.sqlite3"
    return common.BenchDatabase(url=f"sqlite:///{path}", vendor="sqlite", name=path.name, path=path)


def prepare(database, clients: int) -> list[str]:
    """Migrate the benchmark database and create the channel and one member with a session per client."""
    common.reset_database(database)
    common.setup_django(database)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from community.chat.models import Channel
    from community.members.models import Profile

    print(f"Datenbank {database.display}: migrate …", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    Channel.objects.create(slug=CHANNEL_SLUG, name="Lasttest", description="Kanal des Lasttests.")
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(username=f"last-{n}", email=f"last-{n}@bench.example", password=make_password(None))
        for n in range(clients)
    )
    users = list(user_model.objects.filter(username__startswith="last-").order_by("pk"))
    Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Lasttest {n}") for n, user in enumerate(users)
    )
    backend = settings.AUTHENTICATION_BACKENDS[0]
    cookies = []
    for user in users:
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = backend
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    print(f"{clients} Mitglieder mit Sitzung angelegt.", flush=True)
    return cookies


# --- Workers ---------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Worker:
    port: int
    process: subprocess.Popen

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self) -> float:
        """User + system CPU time of the worker process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_workers(count: int, database, redis_url: str, prefix: str, deflate: bool = False) -> list[Worker]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": WORKER_SETTINGS_MODULE,
        "REDIS_URL": redis_url,
        "CHANNEL_LAYER_PREFIX": prefix,
        "NETZWERKSTATT_VAR_DIR": str(SQLITE_DIR if database.path is not None else common.BENCH_DIR),
        "LOG_LEVEL": "WARNING",
        # As in production (config/settings/base.py): index updates off the path of a message.
        "SEARCH_INDEX_IN_BACKGROUND": "1",
    }
    env.pop("DATABASE_URL", None)
    if database.path is None:
        env["DATABASE_URL"] = database.url
    workers = []
    for _ in range(count):
        port = free_port()
        command = [
            sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port),
            "--ws", "websockets-sansio", "--lifespan", "off", "--log-level", "warning", "--no-access-log",
            "--ws-per-message-deflate", "true" if deflate else "false",
        ]  # fmt: skip
        process = subprocess.Popen(command, cwd=common.PROJECT_ROOT, env=env)
        workers.append(Worker(port, process))
    for worker in workers:
        deadline = time.monotonic() + 60
        while True:
            if worker.process.poll() is not None:
                raise BenchError(
                    f"Worker auf Port {worker.port} hat sich beendet ({worker.process.returncode})."
                )
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{worker.port}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError(f"Worker auf Port {worker.port} startet nicht.") from None
                time.sleep(0.2)
    return workers


def stop_workers(workers: list[Worker]) -> None:
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.terminate()
    for worker in workers:
        try:
            worker.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.process.kill()


# --- Clients ---------------------------------------------------------------------------------------------------------


@dataclass
class Stats:
    sent_at: dict = field(default_factory=dict)  # client id -> monotonic time of sending
    acked: dict = field(default_factory=dict)  # client id -> seq
    latencies_ms: list = field(default_factory=list)
    frames: int = 0
    duplicate_frames: int = 0
    duplicated: int = 0
    reconnects: int = 0
    syncs: int = 0
    errors: dict = field(default_factory=dict)


def _message_head(text: str) -> dict:
    """The fields before the (large) HTML of a message frame, parsed without reading the HTML."""
    end = text.find(',"html":')
    return json.loads(text[:end] + "}" if end > 0 else text)


class Client:
    def __init__(self, number: int, url: str, origin: str, cookie: str, stats: Stats):
        self.number, self.url, self.origin, self.cookie, self.stats = number, url, origin, cookie, stats
        self.cursor = 0
        self.applied: set[int] = set()
        self.buffered: dict[int, dict] = {}
        self.syncing = False
        self.gap_timer = None
        self.behind_timer = None
        self.pending: set[asyncio.Task] = set()
        self.socket = None
        self.connected = asyncio.Event()
        self.stop = False
        self.user_id = None

    async def run(self, heartbeat: float) -> None:
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed

        attempt = 0
        while not self.stop:
            try:
                async with connect(
                    self.url,
                    additional_headers={"Origin": self.origin, "Cookie": self.cookie},
                    max_size=2**24,
                    open_timeout=30,
                    ping_interval=None,
                ) as websocket:
                    self.socket = websocket
                    attempt = 0
                    pinger = asyncio.ensure_future(self._heartbeat(heartbeat)) if heartbeat else None
                    try:
                        async for text in websocket:
                            self._handle(text)
                    finally:
                        if pinger:
                            pinger.cancel()
            except (ConnectionClosed, OSError, TimeoutError):
                pass
            self.socket = None
            self.connected.clear()
            self.syncing = False
            if self.stop:
                return
            attempt += 1
            await asyncio.sleep(min(10.0, 0.5 * 2**attempt) * random.uniform(0.5, 1.0))

    async def _heartbeat(self, interval: float) -> None:
        await asyncio.sleep(random.uniform(0, interval))
        while True:
            await self.send({"type": "ping"})
            await asyncio.sleep(interval)

    async def send(self, frame: dict) -> bool:
        if self.socket is None:
            return False
        try:
            # A socket whose peer stopped reading blocks its writer; the run must still end (and say so).
            await asyncio.wait_for(self.socket.send(json.dumps(frame)), timeout=SEND_TIMEOUT)
        except TimeoutError:
            self.stats.errors["send_timeout"] = self.stats.errors.get("send_timeout", 0) + 1
            return False
        except Exception:
            return False
        return True

    def _request_sync(self, until: int | None = None) -> None:
        if not self.syncing and self.socket is not None:
            self.syncing = True
            self.stats.syncs += 1
            frame = {"type": "sync", "after": self.cursor}
            if until is not None and until > self.cursor:
                frame["until"] = until
            task = asyncio.ensure_future(self.send(frame))
            self.pending.add(task)
            task.add_done_callback(self.pending.discard)

    def _handle(self, text: str) -> None:
        now = time.monotonic()
        if text.startswith('{"type":"message"'):
            self.stats.frames += 1
            frame = _message_head(text)
            sent = self.stats.sent_at.get(frame.get("client_id"))
            if sent is not None and frame["author"] != self.user_id and frame["seq"] not in self.applied:
                self.stats.latencies_ms.append((now - sent) * 1000)
            self._on_message(frame)
            return
        frame = json.loads(text)
        kind = frame.get("type")
        if kind == "ready":
            self.user_id = frame["user"]
            self.connected.set()
            if frame["last_change"] > self.cursor:
                self._request_sync()
        elif kind == "sync":
            for message in frame["messages"]:
                self._apply(message)
            self.cursor = max(self.cursor, frame["cursor"])
            self.syncing = False
            self._drain()
            if not frame["complete"]:
                self._request_sync()
            elif self.buffered:
                asyncio.get_running_loop().call_later(0.4, self._gap_check)
        elif kind == "pong":
            # As the browser does: the frame of that change may still be on its way; fetch only if it has not
            # arrived in a moment.
            if frame["last_change"] > self.cursor and self.behind_timer is None:
                self.behind_timer = asyncio.get_running_loop().call_later(
                    BEHIND_GRACE, self._behind_check, frame["last_change"]
                )
        elif kind == "ack":
            self.stats.acked[frame["client_id"]] = frame["seq"]
        elif kind == "error":
            self.stats.errors[frame["code"]] = self.stats.errors.get(frame["code"], 0) + 1
            if frame.get("request") == "sync":
                self.syncing = False

    def _on_message(self, frame: dict) -> None:
        if frame["change"] <= self.cursor:
            self._apply(frame)
        elif frame["change"] == self.cursor + 1 and not self.syncing:
            self._apply(frame)
            self.cursor = frame["change"]
            self._drain()
        else:
            self.buffered[frame["change"]] = frame
            if self.gap_timer is None:
                self.gap_timer = asyncio.get_running_loop().call_later(
                    random.uniform(*GAP_GRACE), self._gap_check
                )

    def _behind_check(self, change: int) -> None:
        self.behind_timer = None
        if self.cursor < change:
            self._request_sync()

    def _gap_check(self) -> None:
        self.gap_timer = None
        if self.buffered:
            self._request_sync(min(self.buffered) - 1)  # only the gap, as the browser does

    def _drain(self) -> None:
        while self.cursor + 1 in self.buffered:
            frame = self.buffered.pop(self.cursor + 1)
            self._apply(frame)
            self.cursor = frame["change"]
        for change in [c for c in self.buffered if c <= self.cursor]:
            del self.buffered[change]
        if not self.buffered and self.gap_timer is not None:
            self.gap_timer.cancel()
            self.gap_timer = None

    def _apply(self, frame: dict) -> None:
        seq = frame["seq"]
        if seq in self.applied:
            self.stats.duplicate_frames += 1  # already shown: the page ignores it, as it should
            return
        self.applied.add(seq)

    async def reconnect(self, pause: float) -> None:
        self.stats.reconnects += 1
        if self.socket is not None:
            await self.socket.close()
        await asyncio.sleep(pause)


async def sender(client: Client, interval: float, until: float, stats: Stats) -> None:
    await asyncio.sleep(random.uniform(0, interval))
    while time.monotonic() < until:
        client_id = uuid.uuid4().hex
        stats.sent_at[client_id] = time.monotonic()
        # A retried send after a reconnect is idempotent; here a send that finds no socket is simply skipped.
        if not await client.send(
            {"type": "send", "client_id": client_id, "body": f"Lastnachricht {client_id[:6]}"}
        ):
            del stats.sent_at[client_id]
        await asyncio.sleep(interval * random.uniform(0.8, 1.2))


async def drive(args, workers: list[Worker], cookies: list[str]) -> dict:
    stats = Stats()
    clients = []
    for number, cookie in enumerate(cookies):
        worker = workers[number % len(workers)]
        url = f"ws://127.0.0.1:{worker.port}/ws/kanaele/{CHANNEL_SLUG}/"
        clients.append(Client(number, url, f"http://127.0.0.1:{worker.port}", cookie, stats))

    # Warm-up: the first connection of a worker imports and caches what every later one shares.
    warm = [
        Client(-1, client.url, client.origin, client.cookie, Stats()) for client in clients[: len(workers)]
    ]
    warm_tasks = [asyncio.ensure_future(client.run(0)) for client in warm]
    await asyncio.wait_for(asyncio.gather(*(client.connected.wait() for client in warm)), timeout=60)
    for client in warm:
        client.stop = True
        await client.socket.close()
    await asyncio.gather(*warm_tasks, return_exceptions=True)
    await asyncio.sleep(1)

    rss_before = sum(worker.rss_kb() for worker in workers)
    tasks = []
    for client in clients:
        tasks.append(asyncio.ensure_future(client.run(args.heartbeat)))
        await asyncio.sleep(args.connect_interval)
    await asyncio.wait_for(asyncio.gather(*(client.connected.wait() for client in clients)), timeout=120)
    await asyncio.sleep(3)  # settle: presence announcements, garbage collection
    rss_idle = sum(worker.rss_kb() for worker in workers)
    kb_per_connection = (rss_idle - rss_before) / len(clients)
    print(
        f"{len(clients)} Verbindungen offen; Server-Speicher {rss_before / 1024:.0f} -> {rss_idle / 1024:.0f} MB "
        f"({kb_per_connection:.1f} KB je Verbindung).",
        flush=True,
    )

    senders = min(len(clients), max(args.senders or math.ceil(args.rate / SEND_PER_MEMBER), 1))
    interval = senders / args.rate
    start = time.monotonic()
    cpu_start = [worker.cpu_seconds() for worker in workers], time.process_time()
    until = start + args.duration
    sending = [asyncio.ensure_future(sender(clients[i], interval, until, stats)) for i in range(senders)]
    print(f"{senders} Sender, zusammen {args.rate:g} Nachrichten/s, {args.duration:g} s …", flush=True)

    if args.reconnect_fraction > 0:
        await asyncio.sleep(args.duration / 2)
        chosen = random.sample(
            clients[senders:] or clients, max(1, int(len(clients) * args.reconnect_fraction))
        )
        await asyncio.gather(*(client.reconnect(random.uniform(0.2, 2.0)) for client in chosen))
        print(f"{len(chosen)} Clients haben die Verbindung getrennt und neu aufgebaut.", flush=True)

    await asyncio.gather(*sending)
    elapsed = time.monotonic() - start
    # Where the machine's time went while sending: the workers' share against the driver's own (they share
    # the cores, so a driver that needs most of one core delays the arrivals it measures).
    worker_cpu = [worker.cpu_seconds() - before for worker, before in zip(workers, cpu_start[0], strict=True)]
    driver_cpu = time.process_time() - cpu_start[1]
    await asyncio.sleep(args.settle)
    # The final check a browser's heartbeat makes: anything newer than what I have?
    for client in clients:
        client._request_sync()
    await asyncio.sleep(args.settle)

    from common import percentile

    stored = sorted(set(stats.acked.values()))
    expected = set(stored)
    lost = sum(len(expected - client.applied) for client in clients)
    for client in clients:
        client.stop = True
    # All at once, and bounded: one by one, each close waits for the server's closing handshake.
    closing = [client.socket.close() for client in clients if client.socket is not None]
    try:
        await asyncio.wait_for(asyncio.gather(*closing, return_exceptions=True), timeout=30)
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=30)
    except TimeoutError:
        print("Nicht alle Verbindungen haben sich in 30 s geschlossen.", flush=True)
    latencies = stats.latencies_ms or [float("nan")]
    return {
        "clients": len(clients),
        "workers": len(workers),
        "senders": senders,
        "rate_target": args.rate,
        "duration_s": round(elapsed, 1),
        "messages_stored": len(stored),
        "messages_per_second": round(len(stored) / elapsed, 2),
        "frames_delivered": stats.frames,
        "frames_per_second": round(stats.frames / elapsed, 1),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.5), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies), 1),
            "samples": len(stats.latencies_ms),
        },
        "cpu_seconds": {
            "workers": [round(value, 1) for value in worker_cpu],
            "driver": round(driver_cpu, 1),
            "server_us_per_frame": round(sum(worker_cpu) / max(stats.frames, 1) * 1e6, 1),
            "driver_us_per_frame": round(driver_cpu / max(stats.frames, 1) * 1e6, 1),
        },
        "lost": lost,
        "duplicated": stats.duplicated,
        "duplicate_frames_ignored": stats.duplicate_frames,
        "reconnects": stats.reconnects,
        "syncs": stats.syncs,
        "errors": stats.errors,
        "memory": {
            "rss_before_kb": rss_before,
            "rss_idle_kb": rss_idle,
            "kb_per_idle_connection": round(kb_per_connection, 1),
        },
    }


def check_goals(result: dict, args) -> list[tuple[str, str, str]]:
    at_goal_scale = args.clients >= GOAL_CLIENTS and args.rate >= GOAL_RATE
    checks = [
        (
            f"p95 unter {GOAL_P95_MS:g} ms bei {GOAL_CLIENTS} Clients und {GOAL_RATE:g} Nachrichten/s",
            ("PASS" if result["latency_ms"]["p95"] < GOAL_P95_MS else "FAIL") if at_goal_scale else "SKIP",
            f"{result['latency_ms']['p95']} ms",
        ),
        ("keine verlorene Nachricht", "PASS" if result["lost"] == 0 else "FAIL", str(result["lost"])),
        (
            "keine doppelte Nachricht",
            "PASS" if result["duplicated"] == 0 else "FAIL",
            str(result["duplicated"]),
        ),
        (
            f"unter {GOAL_KB_PER_CONNECTION:g} KB je ruhender Verbindung",
            "PASS" if result["memory"]["kb_per_idle_connection"] < GOAL_KB_PER_CONNECTION else "FAIL",
            f"{result['memory']['kb_per_idle_connection']} KB",
        ),
    ]
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100, help="WebSocket clients (default 100)")
    parser.add_argument("--rate", type=float, default=10.0, help="messages per second in total (default 10)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of sending (default 30)")
    parser.add_argument("--senders", type=int, default=0, help="clients that send (default: rate / 0.4)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (default 2)")
    parser.add_argument(
        "--reconnect-fraction", type=float, default=0.1, help="share of clients that reconnect mid-run"
    )
    parser.add_argument(
        "--heartbeat", type=float, default=25.0, help="seconds between client pings (0 = none)"
    )
    parser.add_argument("--connect-interval", type=float, default=0.01, help="seconds between two connects")
    parser.add_argument(
        "--settle", type=float, default=5.0, help="seconds to wait for late frames at the end"
    )
    parser.add_argument(
        "--deflate",
        action="store_true",
        help="let the workers compress frames (permessage-deflate), as uvicorn does unless told otherwise; "
        "the site's own configuration (Makefile, README) switches it off",
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--strict", action="store_true", help="exit with 1 when a goal fails")
    args = parser.parse_args()

    import redis

    redis_client = redis.Redis.from_url(args.redis_url)
    try:
        redis_client.ping()
    except redis.RedisError as error:
        print(f"Redis unter {args.redis_url} nicht erreichbar: {error}", file=sys.stderr)
        return 2
    prefix = f"nws-bench-{uuid.uuid4().hex[:6]}"
    database = bench_database()
    workers = []
    try:
        redis_client.flushdb()  # the benchmark's own Redis database: rate limits and layer start empty
        cookies = prepare(database, args.clients)
        workers = start_workers(args.workers, database, args.redis_url, prefix, deflate=args.deflate)
        print(f"{len(workers)} Worker: Ports {', '.join(str(w.port) for w in workers)}", flush=True)
        result = asyncio.run(drive(args, workers, cookies))
    except BenchError as error:
        print(f"Benchmark konnte nicht laufen: {error}", file=sys.stderr)
        return 2
    finally:
        stop_workers(workers)
        redis_client.flushdb()

    latency = result["latency_ms"]
    rows = [
        ("Clients / Worker / Sender", f"{result['clients']} / {result['workers']} / {result['senders']}"),
        ("Nachrichten gespeichert", f"{result['messages_stored']} ({result['messages_per_second']}/s)"),
        ("Frames zugestellt", f"{result['frames_delivered']} ({result['frames_per_second']}/s)"),
        (
            "Latenz p50 / p95 / p99 / max",
            f"{latency['p50']} / {latency['p95']} / {latency['p99']} / {latency['max']} ms",
        ),
        ("Verloren / doppelt", f"{result['lost']} / {result['duplicated']}"),
        ("Doppelte Frames (ignoriert)", str(result["duplicate_frames_ignored"])),
        ("Neu verbunden / Syncs", f"{result['reconnects']} / {result['syncs']}"),
        (
            "CPU Worker / Treiber (Sendephase)",
            f"{' + '.join(str(v) for v in result['cpu_seconds']['workers'])} s / {result['cpu_seconds']['driver']} s "
            f"({result['cpu_seconds']['server_us_per_frame']} / {result['cpu_seconds']['driver_us_per_frame']} µs je Frame)",
        ),
        ("Speicher je ruhender Verbindung", f"{result['memory']['kb_per_idle_connection']} KB"),
        ("Fehler-Events", json.dumps(result["errors"]) if result["errors"] else "keine"),
    ]
    print()
    print(common.format_table(["Messgröße", "Wert"], rows))
    checks = check_goals(result, args)
    print()
    for name, verdict, value in checks:
        print(f"{verdict:4}  {name}: {value}")
    payload = {
        **common.report_header(database, redis=args.redis_url),
        "options": vars(args),
        "result": result,
        "goals": [{"goal": name, "verdict": verdict, "value": value} for name, verdict, value in checks],
    }
    for path in common.write_report(BENCHMARK, args.clients, payload):
        print(f"Bericht: {common.display_path(path)}")
    if args.strict and any(verdict == "FAIL" for _name, verdict, _value in checks):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
