#!/usr/bin/env python
"""The load driver: a process of its own that talks to the stack only over loopback, like visitors do.

    .venv/bin/python proof/driver.py --plan var/stack/load-plan.json --out var/stack/load-result.json

proof/load.py and proof/faults.py write the plan (URL, paths per page type, members' session cookies,
channels, rates, duration) and start this driver; it never touches the database. Mixed traffic, each kind in
its own loop of virtual users with think times (an open-ish model: a slow answer delays only that user):

- anonymous page views of every page type, from 16 loopback addresses (127.0.0.2 … 127.0.0.17) so that the
  per-address rate limits see a crowd, not one visitor;
- logged-in browsing (pages, channel list and channel pages, my calls, notifications, profile);
- posting to discussions (thread posts through the form, within the per-member limits: spread over members);
- searches (members and anonymous visitors);
- call registrations: register and cancel again;
- WebSocket chat: N clients over the load channels, each behaving like static/js/chat/channel.js (applies
  frames in order of their change number, asks for a sync on a gap, after a reconnect and when the heartbeat
  answer shows it is behind; reconnects with exponential backoff); some of them send messages and re-send an
  unacknowledged one with the same client id after a reconnect (sending is idempotent).

At the end every chat client asks once more for what it missed; the result file holds every HTTP request
(time, kind, status, ms), the chat deliveries (time, latency, live or sync), the applied message numbers of
every client (the caller compares them with the stored messages) and a per-second timeline.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import httpx

ANONYMOUS_ADDRESSES = [f"127.0.0.{n}" for n in range(2, 18)]
SEARCH_TERMS = [
    "Netzwerk",
    "Schule",
    "Förderung",
    "MINT",
    "Praktikum",
    "Mentoring",
    "Finanzierung",
    "Steuerungsgruppe",
    "Kooperation",
    "Mädchen",
    "Netzwrk",
    "Ehrenamt",
    "Wirkung",
    "Kommune",
    "Berufsorientierung",
]
APP_PATHS = {
    "anon:topics": ["/themen/"],
    "anon:member directory": ["/mitglieder/"],
    "anon:channel list": ["/kanaele/"],
    "anon:calendar feed": ["/community-calls/kalender.ics"],
}
GAP_GRACE = (0.4, 0.8)
HEARTBEAT_INTERVAL = 25.0
HEARTBEAT_TIMEOUT = 10.0
ACK_TIMEOUT = 10.0


# --- Recording ---------------------------------------------------------------------------------------------------


@dataclass
class Recorder:
    started: float = field(default_factory=time.time)
    requests: list = field(default_factory=list)  # [wall time, kind, status (0 = no answer), ms]
    deliveries: list = field(default_factory=list)  # [wall time, latency ms, "live" | "sync"]
    chat_events: list = field(default_factory=list)  # [wall time, client, event]
    notes: Counter = field(default_factory=Counter)

    def request(self, kind: str, status: int, ms: float) -> None:
        self.requests.append([round(time.time(), 3), kind, status, round(ms, 1)])


async def timed(recorder: Recorder, kind: str, call, ok=lambda response: response.status_code < 400):
    started = time.perf_counter()
    try:
        response = await call()
    except (httpx.HTTPError, OSError) as error:
        recorder.request(kind, 0, (time.perf_counter() - started) * 1000)
        recorder.notes[f"{kind}: {type(error).__name__}"] += 1
        return None
    ms = (time.perf_counter() - started) * 1000
    status = response.status_code
    if status < 400 and not ok(response):
        status = 599  # answered, but not what a visitor needed (e.g. a lost login); counted as an error
    recorder.request(kind, status, ms)
    return response


def http_client(base_url: str, cookie: str = "", local_address: str | None = None) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(verify=False, local_address=local_address, retries=0)
    headers = {"User-Agent": "netzwerkstatt-proof/1", "Accept-Language": "de"}
    if cookie:
        headers["Cookie"] = cookie
    return httpx.AsyncClient(
        base_url=base_url, transport=transport, headers=headers, timeout=30, follow_redirects=False
    )


def form_fields(html: str, action: str) -> dict | None:
    """The named inputs of the form posting to `action` (hidden fields, CSRF token), or None."""
    start = html.find(f'action="{action}"')
    if start < 0:
        return None
    end = html.find("</form>", start)
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html[start:end]):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def csrf_cookie(response: httpx.Response) -> str:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith("__Host-csrftoken="):
            return header.split(";", 1)[0]
    return ""


# --- HTTP visitors -----------------------------------------------------------------------------------------------


async def pause(rate_per_user: float, until: float) -> None:
    """A think time (exponential, as independent visitors arrive), never past the end of the run."""
    wait = random.expovariate(rate_per_user) if rate_per_user > 0 else 3600
    await asyncio.sleep(max(0.0, min(wait, until - time.time())))


async def anonymous_visitor(plan: dict, recorder: Recorder, number: int, until: float, rate: float) -> None:
    pages = {f"anon:{kind}": paths for kind, paths in plan["pages"].items()}
    pages.update(APP_PATHS)
    if plan["profile_ids"]:
        pages["anon:member profile"] = [f"/mitglieder/{pk}/" for pk in plan["profile_ids"]]
    kinds = sorted(pages)
    async with http_client(plan["base_url"], local_address=ANONYMOUS_ADDRESSES[number % 16]) as client:
        await asyncio.sleep(random.uniform(0, 1 / rate))
        while time.time() < until:
            kind = kinds[random.randrange(len(kinds))]
            path = random.choice(pages[kind])
            await timed(recorder, kind, lambda path=path: client.get(path))
            await pause(rate, until)


async def anonymous_searcher(plan: dict, recorder: Recorder, number: int, until: float, rate: float) -> None:
    async with http_client(plan["base_url"], local_address=ANONYMOUS_ADDRESSES[number % 16]) as client:
        while time.time() < until:
            await pause(rate, until)
            term = random.choice(SEARCH_TERMS)
            await timed(
                recorder, "search (anonymous)", lambda term=term: client.get("/suche/", params={"q": term})
            )


def logged_in(response: httpx.Response) -> bool:
    # Pages for members carry the logout form; a lost session would answer with the login link instead.
    return response.status_code != 200 or 'action="/konto/logout/"' in response.text


async def member(plan: dict, recorder: Recorder, session: dict, until: float, rates: dict) -> None:
    """One logged-in member: browses, searches, and (if chosen) posts and registers for calls."""
    browse_paths = [paths[0] for paths in plan["pages"].values()] + [
        "/kanaele/",
        "/community-calls/meine/",
        "/benachrichtigungen/",
        "/konto/profil/",
        "/mitglieder/",
        *[f"/kanaele/{slug}/" for slug in plan["channels"]],
    ]
    async with http_client(plan["base_url"], cookie=session["cookie"]) as client:
        tasks = [asyncio.ensure_future(_browse(client, recorder, browse_paths, until, rates["browse"]))]
        tasks.append(asyncio.ensure_future(_search(client, recorder, until, rates["search"])))
        if session.get("posts"):
            tasks.append(asyncio.ensure_future(_post(client, recorder, plan, session, until, rates["post"])))
        if session.get("registers"):
            tasks.append(
                asyncio.ensure_future(_register(client, recorder, plan, session, until, rates["register"]))
            )
        await asyncio.gather(*tasks)


async def _browse(client, recorder, paths, until, rate) -> None:
    while time.time() < until:
        await pause(rate, until)
        path = random.choice(paths)
        await timed(recorder, "member browsing", lambda path=path: client.get(path), ok=logged_in)


async def _search(client, recorder, until, rate) -> None:
    while time.time() < until:
        await pause(rate, until)
        term = random.choice(SEARCH_TERMS)
        await timed(recorder, "search (member)", lambda term=term: client.get("/suche/", params={"q": term}))


MISSING = object()  # the page had no such form


async def _submit(client, recorder, kind: str, page: str, action: str, extra: dict):
    response = await timed(recorder, "member browsing", lambda: client.get(page), ok=logged_in)
    if response is None or response.status_code != 200:
        return None
    fields = form_fields(response.text, action)
    if fields is None:
        recorder.notes[f"{kind}: form not found on {page}"] += 1
        return MISSING
    data = {**fields, **extra}
    cookie = client.headers["Cookie"]
    token = csrf_cookie(response)
    headers = {"Origin": str(client.base_url).rstrip("/"), "Referer": str(client.base_url).rstrip("/") + page}
    if token and token.split("=")[0] not in cookie:
        headers["Cookie"] = f"{cookie}; {token}"
    return await timed(
        recorder,
        kind,
        lambda: client.post(action, data=data, headers=headers),
        # Success is a redirect (post-redirect-get); a 200 is the form again with an error.
        ok=lambda r: r.status_code in (302, 303),
    )


POST_SPACING_S = 16  # a member writes at most 4 posts a minute, the site's burst limit (threads/services.py)


async def _post(client, recorder, plan, session, until, rate) -> None:
    last = 0.0
    while time.time() < until:
        await pause(rate, until)
        # Random pauses can fall close together; a person typing posts cannot.
        await asyncio.sleep(max(0.0, last + POST_SPACING_S - time.time()))
        if time.time() >= until:
            break
        last = time.time()
        page = random.choice(plan["thread_pages"])
        body = f"Beitrag aus dem Lasttest {uuid.uuid4().hex[:8]}: Wie habt ihr das in eurer Region gelöst?"
        await _submit(
            client, recorder, "posting (discussion)", page, "/diskussionen/schreiben/", {"body": body}
        )


async def _register(client, recorder, plan, session, until, rate) -> None:
    while time.time() < until and plan["calls"]:
        await pause(rate, until)
        call = random.choice(plan["calls"])
        response = await _submit(client, recorder, "call registration", call, f"{call}anmelden/", {})
        if response is MISSING:
            # Still registered from an earlier run (the load members are kept): cancel, then it is open again.
            await _submit(client, recorder, "call cancellation", call, f"{call}abmelden/", {})
            continue
        if response is None:
            continue
        await asyncio.sleep(random.uniform(2, 6))
        await _submit(client, recorder, "call cancellation", call, f"{call}abmelden/", {})


# --- Chat clients ------------------------------------------------------------------------------------------------


@dataclass
class ChatShared:
    sent_at: dict = field(default_factory=dict)  # client id -> monotonic time of the first send
    acked: dict = field(default_factory=dict)  # client id -> seq
    send_errors: Counter = field(default_factory=Counter)
    closes: Counter = field(default_factory=Counter)


class ChatClient:
    """One open channel page (static/js/chat/channel.js) over a WebSocket."""

    def __init__(self, number: int, url: str, origin: str, cookie: str, channel: str, shared, recorder):
        self.number, self.url, self.origin, self.cookie, self.channel = number, url, origin, cookie, channel
        self.shared, self.recorder = shared, recorder
        self.cursor = 0
        self.applied: set[int] = set()
        self.duplicates = 0  # the same message number applied twice: must stay 0
        self.duplicate_frames = 0  # frames for an applied message, ignored as the page does
        self.buffered: dict[int, dict] = {}
        self.syncing = False
        self.gap_timer = None
        self.socket = None
        self.ready = asyncio.Event()
        self.stop = False
        self.user_id = None
        self.worker = "?"
        self.pong_deadline = None
        self.reconnects = 0
        self.last_sync_complete = 0.0
        self.outbox: dict[str, str] = {}  # client id -> body, until acknowledged
        self.pong = asyncio.Event()
        self.last_pong = -1
        self.seq_of_client_id: dict[str, int] = {}
        self.background: set[asyncio.Task] = set()

    def _spawn(self, coroutine) -> None:
        # The loop keeps only weak references to tasks: hold them until they are done.
        task = asyncio.ensure_future(coroutine)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def run(self) -> None:
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed, InvalidStatus

        attempt = 0
        while not self.stop:
            try:
                async with connect(
                    self.url,
                    additional_headers={"Origin": self.origin, "Cookie": self.cookie},
                    max_size=2**24,
                    open_timeout=20,
                    ping_interval=None,
                    ssl=_insecure_ssl(),
                ) as websocket:
                    self.socket = websocket
                    response = websocket.response
                    self.worker = response.headers.get("X-Upstream", "?") if response is not None else "?"
                    heartbeat = asyncio.ensure_future(self._heartbeat())
                    try:
                        async for text in websocket:
                            attempt = 0
                            self._handle(text)
                    finally:
                        heartbeat.cancel()
                    if websocket.close_code in (4401, 4403, 4404):
                        self.shared.closes[websocket.close_code] += 1
                        self.recorder.chat_events.append(
                            [time.time(), self.number, f"closed {websocket.close_code}"]
                        )
                        return
            except (ConnectionClosed, OSError, TimeoutError, InvalidStatus) as error:
                self.shared.closes[type(error).__name__] += 1
            was_ready = self.ready.is_set()
            self.socket = None
            self.ready.clear()
            self.syncing = False
            if self.stop:
                return
            if was_ready:
                self.recorder.chat_events.append([time.time(), self.number, "disconnected"])
            attempt += 1
            self.reconnects += 1
            await asyncio.sleep(min(30.0, 1.0 * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0))

    async def _heartbeat(self) -> None:
        await asyncio.sleep(random.uniform(0, HEARTBEAT_INTERVAL))
        while True:
            if not await self.send({"type": "ping"}):
                return
            self.pong_deadline = asyncio.get_running_loop().call_later(HEARTBEAT_TIMEOUT, self._no_pong)
            await asyncio.sleep(HEARTBEAT_INTERVAL)

    def _resend(self, client_id: str) -> None:
        if client_id in self.outbox:
            self._spawn(self.send({"type": "send", "client_id": client_id, "body": self.outbox[client_id]}))

    def _no_pong(self) -> None:
        # No answer in time: the connection is dead without having said so (as the page does: close, reconnect).
        self.recorder.notes["chat: heartbeat timeout"] += 1
        if self.socket is not None:
            self._spawn(self.socket.close())

    async def send(self, frame: dict) -> bool:
        if self.socket is None:
            return False
        try:
            await self.socket.send(json.dumps(frame))
        except Exception:
            return False
        return True

    def request_sync(self, until: int | None = None) -> None:
        if not self.syncing and self.socket is not None:
            self.syncing = True
            frame = {"type": "sync", "after": self.cursor}
            if until is not None and until > self.cursor:
                frame["until"] = until
            self._spawn(self.send(frame))

    def _handle(self, text: str) -> None:
        if text.startswith('{"type":"message"'):
            # Most frames: read the numbers without parsing the (large) HTML, as bench/chat_load.py does.
            end = text.find(',"html":')
            self._on_message(json.loads(text[:end] + "}" if end > 0 else text), "live")
            return
        frame = json.loads(text)
        kind = frame.get("type")
        if kind == "message":
            self._on_message(frame, "live")
        elif kind in ("ready", "access"):
            if kind == "ready":
                self.user_id = frame["user"]
                if not self.ready.is_set():
                    self.recorder.chat_events.append([time.time(), self.number, "ready"])
                self.ready.set()
                for client_id, body in list(self.outbox.items()):
                    self._spawn(self.send({"type": "send", "client_id": client_id, "body": body}))
            if frame["last_change"] > self.cursor or self.buffered:
                self.request_sync()
        elif kind == "sync":
            for message in frame["messages"]:
                self._apply(message, "sync")
            self.cursor = max(self.cursor, frame["cursor"])
            self.syncing = False
            self._drain()
            if not frame["complete"]:
                self.request_sync()
            else:
                self.last_sync_complete = time.time()
                if self.buffered:
                    asyncio.get_running_loop().call_later(0.4, self._gap_check)
        elif kind == "pong":
            if self.pong_deadline is not None:
                self.pong_deadline.cancel()
            self.last_pong = frame["last_change"]
            self.pong.set()
            if frame["last_change"] > self.cursor:
                self.request_sync()
        elif kind == "ack":
            self.shared.acked[frame["client_id"]] = frame["seq"]
            self.outbox.pop(frame["client_id"], None)
        elif kind == "error":
            self.shared.send_errors[frame.get("code", "?")] += 1
            if frame.get("request") == "sync":
                self.syncing = False
            client_id = frame.get("client_id")
            if client_id in self.outbox:
                # The page keeps a failed message with a retry button (or waits out a rate limit); the member
                # retries, with the same client id, so a send that was stored after all is not stored twice.
                delay = frame.get("retry_after") or random.uniform(2, 4)
                asyncio.get_running_loop().call_later(delay, self._resend, client_id)

    def _on_message(self, frame: dict, path: str) -> None:
        if frame["change"] <= self.cursor:
            self._apply(frame, path)
        elif frame["change"] == self.cursor + 1 and not self.syncing:
            self._apply(frame, path)
            self.cursor = frame["change"]
            self._drain()
        else:
            self.buffered[frame["change"]] = frame
            if self.gap_timer is None:
                self.gap_timer = asyncio.get_running_loop().call_later(
                    random.uniform(*GAP_GRACE), self._gap_check
                )

    def _gap_check(self) -> None:
        self.gap_timer = None
        if self.buffered:
            self.request_sync(min(self.buffered) - 1)

    def _drain(self) -> None:
        while self.cursor + 1 in self.buffered:
            frame = self.buffered.pop(self.cursor + 1)
            self._apply(frame, "live")
            self.cursor = frame["change"]
        for change in [c for c in self.buffered if c <= self.cursor]:
            del self.buffered[change]
        if not self.buffered and self.gap_timer is not None:
            self.gap_timer.cancel()
            self.gap_timer = None

    def _apply(self, frame: dict, path: str) -> None:
        seq = frame["seq"]
        if seq in self.applied:
            self.duplicate_frames += 1
            return
        self.applied.add(seq)
        client_id = frame.get("client_id")
        # One send stored twice (a retried send not recognised as the same): a duplicated message.
        if client_id and self.seq_of_client_id.setdefault(client_id, seq) != seq:
            self.duplicates += 1
        sent = self.shared.sent_at.get(frame.get("client_id"))
        if sent is not None and frame.get("author") != self.user_id:
            self.recorder.deliveries.append(
                [round(time.time(), 3), round((time.monotonic() - sent) * 1000, 1), path, self.worker]
            )

    async def final_check(self) -> bool:
        """Ask as the heartbeat does until the answer shows nothing newer than what this page has."""
        for _ in range(6):
            if not self.ready.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.ready.wait(), timeout=30)
            self.pong.clear()
            if await self.send({"type": "ping"}):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.pong.wait(), timeout=10)
                if (
                    self.pong.is_set()
                    and self.last_pong <= self.cursor
                    and not self.buffered
                    and not self.syncing
                ):
                    return True
            await asyncio.sleep(1.5)
        return False


def _insecure_ssl():
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def chat_sender(client: ChatClient, until: float, interval: float) -> None:
    await asyncio.sleep(random.uniform(0, interval))
    while time.time() < until:
        if client.socket is not None and client.ready.is_set() and len(client.outbox) < 3:
            client_id = uuid.uuid4().hex
            body = f"Lastnachricht {client_id[:8]}"
            client.shared.sent_at[client_id] = time.monotonic()
            client.outbox[client_id] = body
            await client.send({"type": "send", "client_id": client_id, "body": body})
        await asyncio.sleep(interval * random.uniform(0.8, 1.2))


# --- Timeline and run ----------------------------------------------------------------------------------------------


async def sample_timeline(clients: list[ChatClient], timeline: list, stop: asyncio.Event) -> None:
    while not stop.is_set():
        connected = sum(1 for c in clients if c.ready.is_set())
        outbox = sum(len(c.outbox) for c in clients)
        timeline.append([round(time.time(), 1), connected, outbox])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1)


async def run(plan: dict) -> dict:
    recorder = Recorder()
    rates = plan["rates"]
    duration = plan["duration_s"]
    until = time.time() + duration
    shared = ChatShared()
    ws_base = plan["base_url"].replace("https://", "wss://")
    clients = []
    sessions = plan["members"]
    for number in range(plan["chat_clients"]):
        session = sessions[number % len(sessions)]
        channel = plan["channels"][number % len(plan["channels"])]
        clients.append(
            ChatClient(
                number,
                f"{ws_base}/ws/kanaele/{channel}/",
                plan["base_url"],
                session["cookie"],
                channel,
                shared,
                recorder,
            )
        )
    chat_tasks = []
    for client in clients:
        chat_tasks.append(asyncio.ensure_future(client.run()))
        await asyncio.sleep(plan.get("connect_interval", 0.02))
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(c.ready.wait() for c in clients)), timeout=120)
    connected = sum(1 for c in clients if c.ready.is_set())
    print(f"driver: {connected}/{len(clients)} chat clients connected", flush=True)
    stop_sampling = asyncio.Event()
    timeline: list = []
    sampler = asyncio.ensure_future(sample_timeline(clients, timeline, stop_sampling))
    started = time.time()
    until = started + duration

    # Senders: distinct members (the per-member limit is 30 messages a minute), spread over the channels.
    senders = clients[: plan["chat_senders"]]
    interval = len(senders) / rates["chat_messages"] if senders and rates["chat_messages"] > 0 else 0
    work = [asyncio.ensure_future(chat_sender(c, until, interval)) for c in senders if interval]
    for number in range(plan["anonymous_visitors"]):
        work.append(
            asyncio.ensure_future(
                anonymous_visitor(plan, recorder, number, until, rates["anonymous_per_visitor"])
            )
        )
    for number in range(plan["anonymous_searchers"]):
        work.append(
            asyncio.ensure_future(
                anonymous_searcher(plan, recorder, number, until, rates["anonymous_search_per_visitor"])
            )
        )
    http_members = sessions[: plan["http_members"]]
    for number, session in enumerate(http_members):
        session = {**session, "posts": number < plan["posting_members"], "registers": number % 3 == 0}
        work.append(asyncio.ensure_future(member(plan, recorder, session, until, rates["member"])))
    await asyncio.gather(*work)
    sending_ended = time.time()
    # Late acks, then the final check a page's heartbeat makes: anything newer than what I have?
    await asyncio.sleep(plan.get("settle_s", 5))
    final = await asyncio.gather(*(client.final_check() for client in clients))
    stop_sampling.set()
    await sampler
    for client in clients:
        client.stop = True
        if client.socket is not None:
            with contextlib.suppress(Exception):
                await client.socket.close()
    await asyncio.gather(*chat_tasks, return_exceptions=True)

    unacked = [cid for c in clients for cid in c.outbox]
    per_channel = defaultdict(list)
    for client in clients:
        per_channel[client.channel].append(
            {
                "client": client.number,
                "applied": sorted(client.applied),
                "duplicates": client.duplicates,
                "ready_at_end": client.ready.is_set(),
                "final_check": final[client.number],
            }
        )
    return {
        "started": started,
        "sending_ended": sending_ended,
        "duration_s": round(sending_ended - started, 1),
        "requests": recorder.requests,
        "deliveries": recorder.deliveries,
        "chat_events": recorder.chat_events,
        "timeline": timeline,
        "notes": dict(recorder.notes),
        "chat": {
            "clients": len(clients),
            "connected_at_start": connected,
            "senders": len(senders),
            "sent": len(shared.sent_at),
            "acked": len(shared.acked),
            "unacked": unacked,
            "acked_client_ids": shared.acked,
            "send_errors": dict(shared.send_errors),
            "closes": {str(k): v for k, v in shared.closes.items()},
            "reconnects": sum(c.reconnects for c in clients),
            "duplicate_frames_ignored": sum(c.duplicate_frames for c in clients),
            "per_channel": per_channel,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.plan) as plan_file:
        plan = json.load(plan_file)
    result = asyncio.run(run(plan))
    with open(args.out, "w") as out:
        json.dump(result, out)
    print(
        f"driver: done, {len(result['requests'])} requests, {result['chat']['acked']} messages acknowledged",
        flush=True,
    )


if __name__ == "__main__":
    main()
