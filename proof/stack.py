#!/usr/bin/env python
"""`make stack`: the production settings behind nginx on loopback, two ASGI workers, until Ctrl+C.

    .venv/bin/python proof/stack.py [--fresh] [--smoke-only]

Starts what proof/common.py describes (PostgreSQL database nw_stack through a cuttable TCP proxy, a Redis of
its own, two uvicorn workers with config.settings.production, nginx with TLS), checks every page type once
over HTTPS through nginx, checks that nginx serves /static/ itself with far-future caching and gzip, writes
var/reports/stack.md, prints the URL and waits. Ctrl+C (or SIGTERM) stops everything it started.
`--smoke-only` stops right after the report (used to check the stack itself); `--fresh` rebuilds the database.
"""

from __future__ import annotations

import argparse
import re
import ssl
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import Stack, StackError, log

# Sections that are views rather than Wagtail pages.
APP_PATHS = {
    "channel list (login required)": "/kanaele/",
    "member directory": "/mitglieder/",
    "topics": "/themen/",
    "search": "/suche/?q=Netzwerk",
    "calendar feed": "/community-calls/kalender.ics",
    "RSS feed": "/feeds/wissen/rss/",
    "API v2": "/api/v2/pages/",
}


def _context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the stack's own self-signed certificate
    return context


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict | None = None, follow: bool = True) -> tuple[int, dict, bytes, float]:
    handlers = [urllib.request.HTTPSHandler(context=_context())]
    if not follow:
        handlers.append(_NoRedirect())
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=30) as response:
            body = response.read()
            return response.status, response.headers, body, (time.perf_counter() - started) * 1000
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read(), (time.perf_counter() - started) * 1000


def smoke(stack: Stack, site: dict) -> dict:
    """One request per page type (the first page of each type) and per view, through nginx over HTTPS."""
    rows = []
    for page_type, paths in sorted(site["pages"].items()):
        status, _headers, body, ms = fetch(stack.base_url + paths[0])
        rows.append(
            {"kind": page_type, "path": paths[0], "status": status, "ms": round(ms, 1), "bytes": len(body)}
        )
    for kind, path in APP_PATHS.items():
        status, _headers, body, ms = fetch(stack.base_url + path)
        rows.append({"kind": kind, "path": path, "status": status, "ms": round(ms, 1), "bytes": len(body)})
    if site["members"]:
        path = f"/mitglieder/{site['members'][0]}/"
        status, _headers, body, ms = fetch(stack.base_url + path)
        rows.append(
            {"kind": "member profile", "path": path, "status": status, "ms": round(ms, 1), "bytes": len(body)}
        )

    checks = {}
    status, headers, body, _ms = fetch(stack.base_url + "/")
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body)
    if stylesheet:
        static_path = stylesheet.group(1).decode()
        status, headers, body, _ms = fetch(stack.base_url + static_path, {"Accept-Encoding": "gzip"})
        checks["static"] = {
            "path": static_path,
            "status": status,
            "cache_control": headers.get("Cache-Control", ""),
            "content_encoding": headers.get("Content-Encoding", ""),
            # nginx answers static files itself: its Server header, none of the site's own security headers.
            "served_by": headers.get("Server", ""),
            "csp_header_from_django": "Content-Security-Policy" in headers,
        }
    status, headers, body, _ms = fetch(f"http://127.0.0.1:{stack.http_port}/ueber-uns/", follow=False)
    checks["http_redirect"] = {"status": status, "location": headers.get("Location", "")}
    status, headers, body, _ms = fetch(stack.base_url + "/")
    checks["home_headers"] = {
        "Strict-Transport-Security": headers.get("Strict-Transport-Security", ""),
        "Set-Cookie": headers.get("Set-Cookie", ""),
    }
    status, headers, body, _ms = fetch(stack.base_url + "/media/documents/anything.pdf")
    checks["media_documents_blocked"] = {"status": status}
    status, headers, body, _ms = fetch(stack.base_url + "/healthz")
    checks["healthz"] = {"status": status, "body": body.decode()[:400]}
    return {"pages": rows, "checks": checks}


def write_report(stack: Stack, result: dict, started_in: float) -> list[Path]:
    rows = [(r["kind"], f"`{r['path']}`", r["status"], r["ms"], r["bytes"]) for r in result["pages"]]
    failed = [r for r in result["pages"] if r["status"] != 200]
    static = result["checks"].get("static", {})
    static_ok = (
        static.get("status") == 200
        and "immutable" in static.get("cache_control", "")
        and static.get("content_encoding") == "gzip"
        and static.get("served_by", "").startswith("nginx")
    )
    processes = stack.process_table()
    lines = [
        common.report_header("Production-like stack (`make stack`)", common.shell_command()),
        f"- Started in {started_in:.0f} s; URL {stack.base_url}/ (self-signed certificate)",
        "",
        "## What runs",
        "",
        common.markdown_table(
            ["process", "pid", "RSS MB", "listens on"],
            [
                (
                    name,
                    pid,
                    f"{rss / 1024:.1f}",
                    _port_of(stack, name),
                )
                for name, pid, rss in processes
            ],
        ),
        "",
        f"Workers: `{' '.join(stack.worker_command(stack.worker_ports[0]))}` with `config.settings.production` "
        f"(DEBUG off, SSL redirect, HSTS, `__Host-` cookies), `REDIS_URL` of the stack's own redis-server, "
        f"`DATABASE_URL` through the TCP proxy to `{common.display_url(stack.database_url)}`, search on the "
        "database engine (no `ELASTICSEARCH_URL`).",
        "",
        "## Smoke: every page type through nginx over HTTPS",
        "",
        common.markdown_table(["kind", "path", "status", "ms", "bytes"], rows),
        "",
        "## Checks",
        "",
        f"- {'PASS' if not failed else 'FAIL'}: every page type answers 200 ({len(rows) - len(failed)}/{len(rows)})",
        f"- {'PASS' if static_ok else 'FAIL'}: nginx serves `{static.get('path', '?')}` itself: status "
        f"{static.get('status')}, `Cache-Control: {static.get('cache_control')}`, "
        f"`Content-Encoding: {static.get('content_encoding')}`, `Server: {static.get('served_by')}`",
    ]
    redirect = result["checks"]["http_redirect"]
    lines.append(
        f"- {'PASS' if redirect['status'] == 301 and redirect['location'].startswith('https://') else 'FAIL'}: "
        f"plain HTTP redirects to HTTPS ({redirect['status']} → `{redirect['location']}`)"
    )
    headers = result["checks"]["home_headers"]
    lines.append(
        f"- {'PASS' if 'max-age=31536000' in headers['Strict-Transport-Security'] else 'FAIL'}: HSTS "
        f"`{headers['Strict-Transport-Security']}`"
    )
    blocked = result["checks"]["media_documents_blocked"]["status"]
    lines.append(
        f"- {'PASS' if blocked == 404 else 'FAIL'}: `/media/documents/…` is not served directly ({blocked})"
    )
    health = result["checks"]["healthz"]
    lines.append(
        f"- {'PASS' if health['status'] == 200 else 'FAIL'}: `/healthz` {health['status']}: `{health['body']}`"
    )
    lines.append("")
    return common.write_report("stack", "\n".join(lines), {"stack": stack.describe(), **result})


def _port_of(stack: Stack, name: str) -> str:
    if name.startswith("nginx master"):
        return f"{stack.https_port} (HTTPS), {stack.http_port} (HTTP → HTTPS, /healthz)"
    service = stack.services.get(name)
    return str(service.port) if service and service.port else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the stack's database")
    parser.add_argument("--smoke-only", action="store_true", help="stop after the smoke check and report")
    args = parser.parse_args()
    stack = Stack()
    started = time.monotonic()
    try:
        stack.start(fresh=args.fresh)
        site = common.discover(stack)
        result = smoke(stack, site)
        paths = write_report(stack, result, time.monotonic() - started)
        failed = [r for r in result["pages"] if r["status"] != 200]
        for row in result["pages"]:
            print(f"  {row['status']}  {row['kind']:<32} {row['path']}")
        log(f"report: {paths[0]}")
        if args.smoke_only:
            return 1 if failed else 0
        print(
            f"\nNetzwerkstatt (production settings) läuft auf {stack.base_url}/ — Strg+C beendet alles.\n",
            flush=True,
        )
        while all(service.alive() for service in stack.services.values()):
            time.sleep(1)
        dead = [name for name, service in stack.services.items() if not service.alive()]
        log(f"stopping: {', '.join(dead)} exited")
        return 1
    except KeyboardInterrupt:
        return 0
    except StackError as error:
        print(f"stack failed: {error}", file=sys.stderr)
        return 2
    finally:
        log("stopping the stack …")
        stack.stop()
        log("stopped.")


if __name__ == "__main__":
    sys.exit(main())
