#!/usr/bin/env python
"""`make faults`: faults injected into the production-like stack during a load run, then a report.

    .venv/bin/python proof/faults.py [--chat-clients 300] [--gap 60]

Starts the stack and the load driver (as `make load` does, proof/load.py) and, while the traffic runs:

1. restarts the stack's own Redis (cache and channel layer lose everything they held);
2. kills one ASGI worker with SIGKILL and restarts it after 5 s, as a supervisor would;
3. makes the database unreachable for 5 s through the TCP proxy (connections dropped, new ones refused),
   probing a page and /healthz every 0.25 s: expected a German 503 page with Retry-After, then recovery
   without anyone's help;
4. restarts the workers one after the other with ELASTICSEARCH_URL pointing at a closed loopback port:
   search must answer from the database and /healthz must say so.

For each fault: when it started and ended, HTTP errors during it (per kind and status), time to recovery
(first successful answer after the fault, and the time until every chat client is connected again), chat
clients disconnected, and live chat deliveries before and after (frames that still arrive through the Redis
groups, not only through syncs). At the end every chat client checks it has every stored message exactly
once. Writes var/reports/faults.md and faults.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
import urllib.error
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import load
from common import Stack, StackError, log
from stack import fetch

OUTAGE_SECONDS = 5.0
WORKER_DOWN_SECONDS = 5.0
PROBE_INTERVAL = 0.25


class Args:
    def __init__(self, parsed):
        self.__dict__.update(vars(parsed))
        self.minutes = 0  # set from the schedule


def probe(url: str) -> tuple[int, dict, str]:
    try:
        status, headers, body, _ms = fetch(url)
    except (urllib.error.URLError, OSError) as error:
        return 0, {}, type(error).__name__
    return status, {k.lower(): v for k, v in headers.items()}, body.decode("utf-8", "replace")


def wait_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.time()))


def traffic_started(stack: Stack, timeout: float = 300) -> float:
    """The driver connects its chat clients first; the traffic starts when it says so in its log."""
    path = stack.run_dir / "logs" / "driver.log"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists() and "chat clients connected" in path.read_text():
            return time.time()
        time.sleep(0.5)
    raise StackError("the load driver did not connect its chat clients")


def inject(stack: Stack, gap: float, faults: list) -> None:
    """Runs in the harness while the driver runs; appends one record per fault."""
    start = traffic_started(stack)
    log("traffic runs; faults follow")
    moment = start + gap / 2

    # 1. Redis restart.
    wait_until(moment)
    record = {"fault": "Redis restarted", "start": time.time()}
    stack.restart_redis()
    record["end"] = time.time()
    record["detail"] = f"redis-server stopped (SIGTERM) and started again on port {stack.redis_port}, empty"
    faults.append(record)
    log(f"fault 1: {record['detail']} in {record['end'] - record['start']:.2f} s")

    # 2. One worker killed, restarted after a while.
    moment += gap
    wait_until(moment)
    victim = stack.services["worker-1"]
    record = {"fault": "ASGI worker killed (SIGKILL)", "start": time.time()}
    victim.signal(9)
    victim.process.wait()
    time.sleep(WORKER_DOWN_SECONDS)
    stack.start_worker(0)
    stack.wait_for_worker(0)
    record["end"] = time.time()
    record["detail"] = (
        f"worker-1 (port {stack.worker_ports[0]}) killed, restarted after {WORKER_DOWN_SECONDS:g} s"
    )
    faults.append(record)
    log(f"fault 2: {record['detail']}; back after {record['end'] - record['start']:.1f} s")

    # 3. Database unreachable.
    moment += gap
    wait_until(moment)
    record = {"fault": "database unreachable", "start": time.time(), "probes": []}
    stack.cut_database()
    # Probes run beside the clock: a probe that waits (for the connection pool's timeout) must not stretch
    # the outage itself.
    probing = threading.Event()
    prober = threading.Thread(target=_probe_loop, args=(stack, record["probes"], probing), daemon=True)
    prober.start()
    time.sleep(OUTAGE_SECONDS)
    stack.restore_database()
    record["end"] = time.time()
    recovered = None
    while time.time() < record["end"] + 60:
        if any(
            p["t"] >= record["end"] and p["page_status"] == 200 and p["health_status"] == 200
            for p in record["probes"]
        ):
            recovered = min(
                p["t"]
                for p in record["probes"]
                if p["t"] >= record["end"] and p["page_status"] == 200 and p["health_status"] == 200
            )
            break
        time.sleep(PROBE_INTERVAL)
    probing.set()
    prober.join(timeout=30)
    record["recovered"] = recovered
    record["detail"] = f"proxy cut for {OUTAGE_SECONDS:g} s: open connections reset, new ones refused"
    faults.append(record)
    log(
        f"fault 3: {record['detail']}; recovered {'after ' + format(recovered - record['end'], '.2f') + ' s' if recovered else 'NOT'}"
    )

    # 4. Unreachable Elasticsearch.
    moment += gap
    wait_until(moment)
    bad_url = f"http://127.0.0.1:{common.free_port()}"
    record = {"fault": "Elasticsearch unreachable", "start": time.time()}
    stack.restart_workers(elasticsearch_url=bad_url)
    record["end"] = time.time()
    status, _headers, body = probe(stack.base_url + "/suche/?q=Netzwerk")
    record["search_status"] = status
    record["search_has_results"] = "Netzwerk" in body
    status, _headers, body = probe(stack.base_url + "/healthz")
    record["health_status"] = status
    try:
        record["health_search"] = json.loads(body)["checks"]["search"]
    except (ValueError, KeyError):
        record["health_search"] = body[:300]
    record["detail"] = (
        f"both workers restarted one after the other with ELASTICSEARCH_URL={bad_url} (closed port)"
    )
    faults.append(record)
    log(f"fault 4: search {status}, healthz search: {record['health_search']}")


def _probe_loop(stack: Stack, probes: list, stop: threading.Event) -> None:
    while not stop.is_set():
        probes.append(_outage_probe(stack))
        stop.wait(PROBE_INTERVAL)


def _outage_probe(stack: Stack) -> dict:
    t = time.time()
    status, headers, body = probe(stack.base_url + "/praxis/")
    page_s = time.time() - t
    health, _h, _b = probe(stack.base_url + "/healthz")
    return {
        "t": t,
        "page_s": round(page_s, 2),
        "page_status": status,
        "retry_after": headers.get("retry-after", ""),
        "german": 'lang="de"' in body and "Bitte versuche es in" in body,
        "traceback": "Traceback" in body or "OperationalError" in body,
        "health_status": health,
    }


# --- Analysis --------------------------------------------------------------------------------------------------


def analyse_fault(record: dict, result: dict, window_after: float = 30.0) -> dict:
    start, end = record["start"], record["end"]
    in_window = [r for r in result["requests"] if start <= r[0] <= end + window_after]
    errors = [r for r in in_window if r[2] == 0 or r[2] >= 400]
    by_status = Counter(f"{r[1]}: {r[2]}" for r in errors)
    last_error = max((r[0] for r in errors), default=None)
    first_ok_after = min((r[0] for r in result["requests"] if r[0] >= start and 0 < r[2] < 400), default=None)
    # Chat: connected clients over time (sampled each second by the driver).
    total = result["chat"]["clients"]
    timeline = [row for row in result["timeline"] if row[0] >= start]
    window = [row for row in timeline if row[0] <= end + window_after]
    lowest_row = min(window, key=lambda row: row[1], default=None)
    lowest = lowest_row[1] if lowest_row else total
    all_back = None
    if lowest_row and lowest < total:
        all_back = next((row[0] for row in timeline if row[0] >= lowest_row[0] and row[1] == total), None)
    live_before = sum(
        1 for t, _ms, path, *_worker in result["deliveries"] if start - 20 <= t < start and path == "live"
    )
    live_after = sum(
        1 for t, _ms, path, *_worker in result["deliveries"] if end + 5 <= t < end + 25 and path == "live"
    )
    sync_after = sum(
        1 for t, _ms, path, *_worker in result["deliveries"] if end + 5 <= t < end + 25 and path == "sync"
    )
    latencies_after = [ms for t, ms, _p, *_worker in result["deliveries"] if end + 5 <= t < end + 25]
    seconds = sorted({int(r[0]) for r in errors})
    # Per worker (X-Upstream of the WebSocket handshake): live frames 5-25 s after, so a worker whose
    # subscription to the Redis groups was lost shows up even while the other delivers.
    live_by_worker = Counter(
        row[3]
        for row in result["deliveries"]
        if len(row) > 3 and end + 5 <= row[0] < end + 25 and row[2] == "live"
    )
    return {
        "fault": record["fault"],
        "detail": record["detail"],
        "duration_s": round(end - start, 2),
        "requests_in_window": len(in_window),
        "errors_in_window": len(errors),
        "error_seconds": len(seconds),
        "errors_by_kind_status": dict(by_status.most_common(12)),
        "last_error_after_start_s": round(last_error - start, 2) if last_error else None,
        "first_success_after_start_s": round(first_ok_after - start, 2) if first_ok_after else None,
        "chat_lowest_connected": lowest,
        # 0 = no client noticed; None = not all back by the end of the run.
        "chat_all_connected_after_start_s": 0.0
        if lowest == total
        else (round(all_back - start, 1) if all_back else None),
        "live_deliveries_20s_before": live_before,
        "live_deliveries_5_25s_after": live_after,
        "sync_deliveries_5_25s_after": sync_after,
        "live_deliveries_by_worker_5_25s_after": dict(live_by_worker),
        "delivery_p95_5_25s_after_ms": round(common.percentile(latencies_after, 0.95), 1)
        if latencies_after
        else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chat-clients", type=int, default=300, help="WebSocket clients (default 300)")
    parser.add_argument("--channels", type=int, default=4)
    parser.add_argument("--chat-rate", type=float, default=3.0)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--gap", type=float, default=60.0, help="seconds between two faults (default 60)")
    args = Args(parser.parse_args())
    # Traffic from the first fault's lead-in to a while after the last one.
    args.minutes = (args.gap * 4 + args.gap / 2 + 60) / 60
    command = common.shell_command()
    stack = None
    faults: list = []
    try:
        stack, load_data, site = load.prepare_stack(args)
        plan = load.build_plan(stack, load_data, site, args)
        log(f"faults during {args.minutes:.1f} min of load, {args.chat_clients} chat clients …")
        result, sampler = load.run_driver(stack, plan, during=lambda s, _t: inject(s, args.gap, faults))
        stored = common.stored_messages(stack, load_data["channels"])
        worker_ports = list(stack.worker_ports)
    except StackError as error:
        print(f"faults failed: {error}", file=sys.stderr)
        return 2
    finally:
        if stack is not None:
            log("stopping the stack …")
            stack.stop()

    analysed = [analyse_fault(record, result) for record in faults]
    chat = load.chat_summary(result, stored)
    requests = load.request_table(result["requests"], result["duration_s"])
    outage = next((f for f in faults if f["fault"] == "database unreachable"), None)
    es = next((f for f in faults if f["fault"] == "Elasticsearch unreachable"), None)
    goals = []
    if outage:
        during = [p for p in outage["probes"] if p["t"] < outage["end"]]
        clean_503 = [
            p
            for p in during
            if p["page_status"] == 503 and p["retry_after"] and p["german"] and not p["traceback"]
        ]
        # A request that waited for the pool and got its connection once the database was back is fine too.
        answered = [p for p in during if p["page_status"] == 200]
        health_503 = [p for p in during if p["health_status"] == 503]
        goals.append(
            (
                "database outage: every page probe got the German 503 page with Retry-After (or, having waited, the page)",
                bool(clean_503) and len(clean_503) + len(answered) == len(during),
                f"{len(clean_503)} × 503, {len(answered)} × 200 of {len(during)} probes; slowest answer "
                f"{max((p['page_s'] for p in during), default=0):.1f} s",
            )
        )
        goals.append(("database outage: /healthz 503", bool(health_503), f"{len(health_503)}/{len(during)}"))
        goals.append(
            (
                "database outage: recovered by itself",
                outage["recovered"] is not None,
                f"{outage['recovered'] - outage['end']:.2f} s after restore" if outage["recovered"] else "no",
            )
        )
    kill = next((a for a in analysed if a["fault"].startswith("ASGI worker")), None)
    if kill:
        goals.append(
            (
                "worker killed: the other kept serving (errors while it was down)",
                kill["errors_in_window"] == 0,
                f"{kill['errors_in_window']} errors of {kill['requests_in_window']} requests",
            )
        )
    redis = next((a for a in analysed if a["fault"] == "Redis restarted"), None)
    if redis:
        goals.append(
            (
                "Redis restart: no HTTP errors",
                redis["errors_in_window"] == 0,
                f"{redis['errors_in_window']} errors",
            )
        )
        goals.append(
            (
                "Redis restart: live chat delivery resumes (5–25 s after)",
                redis["live_deliveries_5_25s_after"] > 0,
                f"{redis['live_deliveries_5_25s_after']} live / {redis['sync_deliveries_5_25s_after']} by sync",
            )
        )
        workers = {f"127.0.0.1:{port}" for port in worker_ports}
        resumed = {w for w, n in redis["live_deliveries_by_worker_5_25s_after"].items() if n > 0}
        goals.append(
            (
                "Redis restart: live chat delivery resumes on every worker",
                workers <= resumed,
                ", ".join(
                    f"{w}: {redis['live_deliveries_by_worker_5_25s_after'].get(w, 0)}"
                    for w in sorted(workers)
                ),
            )
        )
    if es:
        health = es.get("health_search") or {}
        goals.append(
            (
                "Elasticsearch unreachable: search answers from the database",
                es["search_status"] == 200,
                f"status {es['search_status']}",
            )
        )
        goals.append(
            (
                "Elasticsearch unreachable: /healthz says so",
                "fallback" in json.dumps(health, ensure_ascii=False),
                json.dumps(health, ensure_ascii=False)[:160],
            )
        )
    goals.append(("no chat message lost", chat["lost"] == 0, str(chat["lost"])))
    goals.append(("no chat message duplicated", chat["duplicated"] == 0, str(chat["duplicated"])))

    lines = [
        common.report_header("Faults under load (`make faults`)", command),
        f"- Load: {plan['anonymous_visitors']} anonymous visitors, {plan['http_members']} members, "
        f"{chat['clients']} chat clients in {chat['channels']} channels at {plan['rates']['chat_messages']:g} messages/s; "
        f"{result['duration_s']} s of traffic, one fault every {args.gap:g} s",
        "",
        "## Goals",
        "",
        *[f"- {'PASS' if ok else 'FAIL'}: {name} ({value})" for name, ok, value in goals],
        "",
        "## Faults",
        "",
        "Window: from the fault's start to 30 s after its end. Recovery: first successful request after the "
        "start, last error in the window, and the time until every chat client was connected again.",
        "",
        common.markdown_table(
            [
                "fault",
                "lasted s",
                "requests",
                "errors",
                "first OK after s",
                "last error after s",
                "chat lowest connected",
                "chat all back after s",
                "live deliveries 20 s before / 5–25 s after (+ by sync)",
                "delivery p95 after ms",
            ],
            [
                (
                    a["fault"],
                    a["duration_s"],
                    a["requests_in_window"],
                    a["errors_in_window"],
                    a["first_success_after_start_s"],
                    a["last_error_after_start_s"],
                    f"{a['chat_lowest_connected']}/{chat['clients']}",
                    a["chat_all_connected_after_start_s"],
                    f"{a['live_deliveries_20s_before']} / {a['live_deliveries_5_25s_after']} (+{a['sync_deliveries_5_25s_after']})",
                    a["delivery_p95_5_25s_after_ms"],
                )
                for a in analysed
            ],
        ),
        "",
    ]
    for a in analysed:
        lines += [f"### {a['fault']}", "", f"- {a['detail']}"]
        by_worker = a["live_deliveries_by_worker_5_25s_after"]
        lines.append(
            "- live chat deliveries 5–25 s after, per worker (clients' WebSocket upstream): "
            + (", ".join(f"`{worker}` {count}" for worker, count in sorted(by_worker.items())) or "none")
        )
        if a["errors_by_kind_status"]:
            lines.append(
                "- errors (kind: status): "
                + ", ".join(f"{k} × {v}" for k, v in a["errors_by_kind_status"].items())
            )
        lines.append("")
    if outage:
        during = [p for p in outage["probes"] if p["t"] < outage["end"]]
        lines += [
            "### Database outage probes (`/praxis/` and `/healthz` every 0.25 s)",
            "",
            common.markdown_table(
                ["t after cut s", "page", "answered in s", "Retry-After", "German page", "health"],
                [
                    (
                        round(p["t"] - outage["start"], 2),
                        p["page_status"],
                        p["page_s"],
                        p["retry_after"] or "–",
                        "yes" if p["german"] else "no",
                        p["health_status"],
                    )
                    for p in outage["probes"][:: max(1, len(outage["probes"]) // 16)]
                ],
            ),
            "",
            f"Recovered (page and /healthz 200) {outage['recovered'] - outage['end']:.2f} s after the proxy opened again."
            if outage["recovered"]
            else "Not recovered within 60 s.",
            "",
        ]
    lines += [
        "## Chat over the whole run",
        "",
        load.markdown_chat(chat),
        "",
        "## HTTP requests over the whole run (errors include those the faults caused)",
        "",
        load.markdown_requests(requests),
        "",
        "## Memory",
        "",
        load.markdown_memory(load.memory_summary(sampler)),
        "",
    ]
    if result["notes"]:
        lines += [
            "## Notes from the driver",
            "",
            *[f"- {k}: {v}" for k, v in sorted(result["notes"].items())],
            "",
        ]
    paths = common.write_report(
        "faults",
        "\n".join(lines),
        {
            "command": command,
            "faults": faults,
            "analysis": analysed,
            "chat": chat,
            "requests": requests,
            "goals": [{"goal": n, "pass": ok, "value": v} for n, ok, v in goals],
            "timeline": result["timeline"],
        },
    )
    print("\n".join(lines))
    log(f"report: {paths[0]}")
    return 0 if all(ok for _n, ok, _v in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
