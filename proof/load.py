#!/usr/bin/env python
"""`make load`: a bounded soak of mixed traffic against the production-like stack, then a report.

    .venv/bin/python proof/load.py --minutes 10 [--chat-clients 300] [--channels 4] [--scale 1.0]

Starts the stack (proof/common.py), creates load members with login sessions and open channels, starts the
load driver (proof/driver.py) as a second process, samples the memory of every process of the stack every
few seconds, stops the stack and writes var/reports/load.md (and load.json) with, per kind of request: count,
requests per second, p50/p95/p99 and errors by status; WebSocket delivery latency, lost and duplicated
messages (every client's applied messages against the stored ones per channel, after a final sync), and the
memory of every process at start, after a warm-up minute, at the end of the traffic and after the final check,
with its slope over the soak.

Goals: no errors, no lost or duplicated message, memory flat (growth under 10 % from the minute after the
warm-up to the last minute of traffic, or under 8 MB for small processes).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import Stack, StackError, log, percentile

WARM_UP_S = 60
FLAT_GROWTH = 0.10
FLAT_ABSOLUTE_KB = 8 * 1024


# --- Plan and driver -------------------------------------------------------------------------------------------


def build_plan(stack: Stack, load: dict, site: dict, args) -> dict:
    pages = {kind: paths[:12] for kind, paths in site["pages"].items()}
    thread_pages = (
        pages.get("BestPracticePage", [])[:4]
        + pages.get("FailureStoryPage", [])[:2]
        + site["upcoming_calls"][:2]
    )
    scale = args.scale
    # Only profiles an anonymous visitor may see (the others answer 404 by design: visibility.py).
    from stack import fetch

    public_profiles = [pk for pk in site["members"] if fetch(f"{stack.base_url}/mitglieder/{pk}/")[0] == 200][
        :20
    ]
    return {
        "base_url": stack.base_url,
        "duration_s": args.minutes * 60,
        "pages": pages,
        "profile_ids": public_profiles,
        "calls": site["upcoming_calls"][:4],
        "thread_pages": thread_pages,
        "members": load["members"],
        "channels": load["channels"],
        "chat_clients": args.chat_clients,
        "chat_senders": min(args.chat_clients, 40),
        "anonymous_visitors": 12,
        "anonymous_searchers": 4,
        "http_members": 40,
        "posting_members": 20,
        "settle_s": 5,
        "rates": {
            # Per virtual user and second; totals: ~6 anonymous page views, 0.8 anonymous searches, ~4 member
            # page views, 0.8 member searches, 0.17 posts, ~0.1 registrations (+ cancellations), chat messages.
            "anonymous_per_visitor": 0.5 * scale,
            "anonymous_search_per_visitor": 0.2 * scale,
            "member": {
                "browse": 0.1 * scale,
                "search": 0.02 * scale,
                "post": 1 / 120 * scale,
                "register": 1 / 120 * scale,
            },
            "chat_messages": args.chat_rate * scale,
        },
    }


class MemorySampler(threading.Thread):
    """RSS of every process of the stack (and of the driver) every `interval` seconds."""

    def __init__(self, stack: Stack, interval: float, extra: dict | None = None):
        super().__init__(daemon=True)
        self.stack, self.interval, self.extra = stack, interval, extra or {}
        self.samples: dict[str, list[tuple[float, int]]] = defaultdict(list)
        self.started = time.time()
        self.halt = threading.Event()

    def sample(self) -> None:
        now = time.time() - self.started
        for name, _pid, rss in self.stack.process_table():
            self.samples[name].append((now, rss))
        for name, pid in self.extra.items():
            rss = common.rss_kb(pid)
            if rss:
                self.samples[name].append((now, rss))

    def run(self) -> None:
        while not self.halt.is_set():
            self.sample()
            self.halt.wait(self.interval)

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=5)
        self.sample()


def run_driver(stack: Stack, plan: dict, during=None) -> tuple[dict, MemorySampler]:
    """Start the driver process, sample memory while it runs (and call `during(stack, driver_started)` in
    this process, for faults), and return its result."""
    plan_path = stack.run_dir / "load-plan.json"
    out_path = stack.run_dir / "load-result.json"
    out_path.unlink(missing_ok=True)
    plan_path.write_text(json.dumps(plan))
    driver = common.Service(
        "driver",
        [
            common.PYTHON,
            str(common.PROJECT_ROOT / "proof" / "driver.py"),
            "--plan",
            str(plan_path),
            "--out",
            str(out_path),
        ],
        dict(__import__("os").environ),
        stack.run_dir / "logs" / "driver.log",
    )
    driver.log_path.unlink(missing_ok=True)  # faults.py watches it for the start of the traffic
    driver.start()
    stack.services["driver"] = driver  # stopped with the stack if anything goes wrong
    sampler = MemorySampler(stack, 5.0)
    sampler.start()
    try:
        if during is not None:
            during(stack, time.time())
        deadline = time.time() + plan["duration_s"] + 600
        while driver.alive():
            if time.time() > deadline:
                raise StackError("the load driver did not finish in time")
            time.sleep(1)
    finally:
        sampler.stop()
        stack.services.pop("driver", None)
    if driver.process.returncode != 0 or not out_path.exists():
        tail = driver.log_path.read_text()[-3000:] if driver.log_path.exists() else ""
        raise StackError(f"the load driver failed ({driver.process.returncode}):\n{tail}")
    return json.loads(out_path.read_text()), sampler


# --- Analysis --------------------------------------------------------------------------------------------------


def request_table(requests: list, duration: float) -> list[dict]:
    by_kind = defaultdict(list)
    for _t, kind, status, ms in requests:
        by_kind[kind].append((status, ms))
    rows = []
    for kind in sorted(by_kind):
        entries = by_kind[kind]
        latencies = [ms for status, ms in entries if status]
        errors = Counter(str(status) for status, _ms in entries if status == 0 or status >= 400)
        rows.append(
            {
                "kind": kind,
                "count": len(entries),
                "rps": round(len(entries) / duration, 2) if duration else 0,
                "p50": round(percentile(latencies, 0.5), 1),
                "p95": round(percentile(latencies, 0.95), 1),
                "p99": round(percentile(latencies, 0.99), 1),
                "errors": sum(errors.values()),
                "errors_by_status": dict(errors),
            }
        )
    return rows


def chat_summary(result: dict, stored: dict) -> dict:
    chat = result["chat"]
    lost = 0
    missing_clients = 0
    for slug, clients in chat["per_channel"].items():
        expected = set(stored.get(slug, {}).get("seqs", []))
        for client in clients:
            missing = len(expected - set(client["applied"]))
            lost += missing
            missing_clients += 1 if missing else 0
    duplicated = sum(c["duplicates"] for clients in chat["per_channel"].values() for c in clients)
    duplicated += sum(info.get("duplicate_client_ids", 0) for info in stored.values())
    acked_seqs = set(chat["acked_client_ids"].values())
    latencies = [ms for _t, ms, *_rest in result["deliveries"]]
    live = [ms for _t, ms, path, *_rest in result["deliveries"] if path == "live"]
    return {
        "clients": chat["clients"],
        "connected_at_start": chat["connected_at_start"],
        "channels": len(chat["per_channel"]),
        "senders": chat["senders"],
        "sent": chat["sent"],
        "acknowledged": chat["acked"],
        "never_acknowledged": len(chat["unacked"]),
        "stored": sum(len(info["seqs"]) for info in stored.values()),
        "acked_distinct_seqs": len(acked_seqs),
        "deliveries": len(latencies),
        "deliveries_live": len(live),
        "deliveries_sync": len(latencies) - len(live),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.5), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies), 1) if latencies else None,
        },
        "live_latency_ms": {
            "p50": round(percentile(live, 0.5), 1),
            "p95": round(percentile(live, 0.95), 1),
            "p99": round(percentile(live, 0.99), 1),
        },
        "lost": lost + len(chat["unacked"]),
        "clients_missing_messages": missing_clients,
        "duplicated": duplicated,
        "duplicate_frames_ignored": chat["duplicate_frames_ignored"],
        "reconnects": chat["reconnects"],
        "final_check_failed": sum(
            1 for clients in chat["per_channel"].values() for c in clients if not c.get("final_check")
        ),
        "send_errors": chat["send_errors"],
        "closes": chat["closes"],
    }


def memory_summary(sampler: MemorySampler, traffic: tuple[float, float] | None = None) -> list[dict]:
    """Per process: RSS at start, after the warm-up minute, at the end of the traffic and after the driver's
    final check, with the slope over the soak. `traffic` is (start, end) of the traffic as epoch seconds (the
    driver's result): the soak is judged on that window only; the final check (every client asks for what it
    missed, a burst the site never sees in a steady state) is reported beside it. Both ends of the comparison
    are medians of a minute of samples, so that one sample taken in a burst does not decide."""
    rows = []
    for name, samples in sorted(sampler.samples.items()):
        if not samples:
            continue
        if traffic is not None:
            soak_start = traffic[0] - sampler.started + WARM_UP_S
            soak_end = traffic[1] - sampler.started
        else:
            soak_start, soak_end = WARM_UP_S, samples[-1][0]
        soak = [(t, v) for t, v in samples if soak_start <= t <= soak_end] or samples[-1:]
        first_minute = [v for t, v in soak if t <= soak[0][0] + 60]
        last_minute = [v for t, v in soak if t >= soak[-1][0] - 60]
        base, end = statistics.median(first_minute), statistics.median(last_minute)
        growth = end - base
        flat = growth <= max(base * FLAT_GROWTH, FLAT_ABSOLUTE_KB)
        rows.append(
            {
                "process": name,
                "start_mb": round(samples[0][1] / 1024, 1),
                "after_warm_up_mb": round(base / 1024, 1),
                "end_mb": round(end / 1024, 1),
                "after_final_check_mb": round(samples[-1][1] / 1024, 1),
                "peak_mb": round(max(v for _t, v in samples) / 1024, 1),
                "slope_mb_per_min": round(common.slope_per_minute(soak) / 1024, 2),
                "samples": len(samples),
                "flat": flat,
                # Seconds since the sampler started and RSS in KB, for a second look (load.json only).
                "series": [(round(t, 1), v) for t, v in samples],
            }
        )
    return rows


def markdown_requests(rows: list[dict]) -> str:
    return common.markdown_table(
        ["kind", "count", "rps", "p50 ms", "p95 ms", "p99 ms", "errors", "by status"],
        [
            (
                r["kind"],
                r["count"],
                r["rps"],
                r["p50"],
                r["p95"],
                r["p99"],
                r["errors"],
                ", ".join(f"{k}: {v}" for k, v in r["errors_by_status"].items()) or "–",
            )
            for r in rows
        ],
    )


def markdown_memory(rows: list[dict]) -> str:
    return common.markdown_table(
        [
            "process",
            "start MB",
            "after warm-up MB",
            "end of traffic MB",
            "after final check MB",
            "peak MB",
            "slope MB/min",
            "flat",
        ],
        [
            (
                r["process"],
                r["start_mb"],
                r["after_warm_up_mb"],
                r["end_mb"],
                r.get("after_final_check_mb", r["end_mb"]),
                r["peak_mb"],
                r["slope_mb_per_min"],
                "yes" if r["flat"] else "NO",
            )
            for r in rows
        ],
    )


def markdown_chat(chat: dict) -> str:
    latency, live = chat["latency_ms"], chat["live_latency_ms"]
    return common.markdown_table(
        ["figure", "value"],
        [
            ("clients / channels / senders", f"{chat['clients']} / {chat['channels']} / {chat['senders']}"),
            ("connected at start", chat["connected_at_start"]),
            (
                "messages sent / acknowledged / stored",
                f"{chat['sent']} / {chat['acknowledged']} / {chat['stored']}",
            ),
            (
                "deliveries to other clients (live / by sync)",
                f"{chat['deliveries']} ({chat['deliveries_live']} / {chat['deliveries_sync']})",
            ),
            (
                "delivery latency p50 / p95 / p99 / max",
                f"{latency['p50']} / {latency['p95']} / {latency['p99']} / {latency['max']} ms",
            ),
            ("live frames only p50 / p95 / p99", f"{live['p50']} / {live['p95']} / {live['p99']} ms"),
            ("lost (missing after final sync + never acknowledged)", chat["lost"]),
            ("duplicated", chat["duplicated"]),
            ("duplicate frames (ignored by the client)", chat["duplicate_frames_ignored"]),
            ("reconnects", chat["reconnects"]),
            ("clients whose final check did not settle", chat["final_check_failed"]),
            ("error frames", json.dumps(chat["send_errors"]) if chat["send_errors"] else "none"),
        ],
    )


def prepare_stack(args) -> tuple[Stack, dict, dict]:
    stack = Stack()
    members = max(args.chat_clients, 60)
    holder = {}
    stack.start(prepare=lambda s: holder.update(load=common.prepare_load(s, members, args.channels)))
    site = common.discover(stack)
    return stack, holder["load"], site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the soak (default 10)")
    parser.add_argument("--chat-clients", type=int, default=300, help="WebSocket clients (default 300)")
    parser.add_argument("--channels", type=int, default=4, help="channels they chat in (default 4)")
    parser.add_argument(
        "--chat-rate", type=float, default=3.0, help="chat messages per second in total (default 3)"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every request rate")
    args = parser.parse_args()
    command = common.shell_command()
    stack = None
    try:
        stack, load, site = prepare_stack(args)
        plan = build_plan(stack, load, site, args)
        log(f"load for {args.minutes:g} min: {args.chat_clients} chat clients in {args.channels} channels …")
        result, sampler = run_driver(stack, plan)
        stored = common.stored_messages(stack, load["channels"])
    except StackError as error:
        print(f"load failed: {error}", file=sys.stderr)
        return 2
    finally:
        if stack is not None:
            log("stopping the stack …")
            stack.stop()
    requests = request_table(result["requests"], result["duration_s"])
    chat = chat_summary(result, stored)
    memory = memory_summary(sampler, (result["started"], result["sending_ended"]))
    total = sum(r["count"] for r in requests)
    errors = sum(r["errors"] for r in requests)
    goals = [
        ("no HTTP errors", errors == 0, f"{errors} of {total}"),
        ("no lost chat message", chat["lost"] == 0, str(chat["lost"])),
        ("no duplicated chat message", chat["duplicated"] == 0, str(chat["duplicated"])),
        (
            "every chat client connected",
            chat["connected_at_start"] == chat["clients"],
            f"{chat['connected_at_start']}/{chat['clients']}",
        ),
        (
            "memory of the stack's processes flat after the warm-up minute",
            all(r["flat"] for r in memory if r["process"] != "driver"),
            ", ".join(r["process"] for r in memory if not r["flat"] and r["process"] != "driver")
            or "all flat",
        ),
    ]
    text = [
        common.report_header("Load and soak (`make load`)", command),
        f"- Duration: {result['duration_s']} s of traffic; {total} HTTP requests ({total / result['duration_s']:.1f}/s) "
        f"through nginx (HTTPS) to 2 uvicorn workers; {chat['clients']} WebSocket clients",
        f"- Plan: {plan['anonymous_visitors']} anonymous visitors from 16 loopback addresses, {plan['anonymous_searchers']} "
        f"anonymous searchers, {plan['http_members']} logged-in members browsing and searching ({plan['posting_members']} "
        f"of them posting to discussions, every third registering for calls and cancelling), "
        f"{plan['chat_senders']} chat senders at {plan['rates']['chat_messages']:g} messages/s in total",
        "",
        "## Goals",
        "",
        *[f"- {'PASS' if ok else 'FAIL'}: {name} ({value})" for name, ok, value in goals],
        "",
        "## HTTP requests per kind",
        "",
        "Status 0 = no answer (connection error or timeout); 599 = answered, but not as the visitor needed "
        "(a member page without the login, a form that came back instead of redirecting).",
        "",
        markdown_requests(requests),
        "",
        "## WebSocket chat",
        "",
        markdown_chat(chat),
        "",
        "Latency: from sending a message to its arrival at each other client of the channel. Lost: stored "
        "messages of a client's channel it does not have after the final sync, plus sends never acknowledged.",
        "",
        "## Memory (RSS, sampled every 5 s)",
        "",
        f"Flat = growth from the minute after the warm-up minute to the last minute of traffic (medians of "
        f'the samples in each) under {FLAT_GROWTH:.0%} (or under {FLAT_ABSOLUTE_KB // 1024} MB). "After final '
        'check": once the traffic has stopped, every chat client asks for what it might have missed, a burst '
        "that is shown, not judged. The driver is listed for information only: it keeps every measurement in "
        "memory until the end.",
        "",
        markdown_memory(memory),
        "",
    ]
    if result["notes"]:
        text += [
            "## Notes from the driver",
            "",
            *[f"- {k}: {v}" for k, v in sorted(result["notes"].items())],
            "",
        ]
    paths = common.write_report(
        "load",
        "\n".join(text),
        {
            "command": command,
            "plan": {k: v for k, v in plan.items() if k != "members"},
            "requests": requests,
            "chat": chat,
            "memory": memory,
            "goals": [{"goal": n, "pass": ok, "value": v} for n, ok, v in goals],
            "notes": result["notes"],
        },
    )
    print("\n".join(text))
    log(f"report: {paths[0]}")
    return 0 if all(ok for _name, ok, _value in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
