"""Smoke test of the embedded default: a fresh SQLite database, the demo content, the real ASGI server.

Every page type of the demo must answer 200 over HTTP, /healthz must be healthy, and a WebSocket ping must
come back. Run by `make smoke` (and so by .ci/run) with no service variables set.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

APP_PATHS = [
    "/themen/",
    "/kanaele/",
    "/mitglieder/",
    "/feeds/wissen/rss/",
    "/api/v2/pages/",
    "/suche/?q=Netzwerk",
    "/community-calls/kalender.ics",
]

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def main() -> int:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    with tempfile.TemporaryDirectory(prefix="netzwerkstatt-smoke-") as var_dir:
        env["NETZWERKSTATT_VAR_DIR"] = var_dir
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo_content", "--quiet-credentials")
        listing = manage(
            env,
            "shell",
            "-c",
            "import json; from wagtail.models import Page; "
            "print(json.dumps({p.specific_class.__name__: p.url_path for p in Page.objects.live().filter(depth__gt=1)"
            ".order_by('-path')}))",
        )
        page_types = json.loads(listing.strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--ws",
                "websockets-sansio",
                "--lifespan",
                "off",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.1)
            failures = []
            home_path = min(page_types.values(), key=len)
            for page_type, url_path in sorted(page_types.items()):
                path = "/" + url_path[len(home_path) :] if url_path.startswith(home_path) else url_path
                status = urllib.request.urlopen(f"{base}{path}", timeout=10).status  # noqa: S310
                print(f"  {status}  {page_type:<20} {path}")
                if status != 200:
                    failures.append(path)
            # Sections that are views rather than pages (anonymous: /kanaele/ answers through the login page).
            for path in APP_PATHS:
                status = urllib.request.urlopen(f"{base}{path}", timeout=10).status  # noqa: S310
                print(f"  {status}  {'':<20} {path}")
                if status != 200:
                    failures.append(path)
            health = json.loads(urllib.request.urlopen(f"{base}/healthz", timeout=10).read())  # noqa: S310
            print(f"  healthz: {health['status']}")
            if health["status"] != "ok":
                failures.append("/healthz")
            pong = asyncio.run(ping(f"ws://127.0.0.1:{port}/ws/ping/", base))
            print(f"  websocket: {pong['type']}")
            if pong["type"] != "pong":
                failures.append("/ws/ping/")
        finally:
            server.terminate()
            server.wait(timeout=10)
    if failures:
        print(f"smoke test FAILED: {failures}")
        return 1
    print(f"smoke test passed: {len(page_types)} page types answer 200")
    return 0


async def ping(url: str, origin: str) -> dict:
    from websockets.asyncio.client import connect

    async with connect(url, origin=origin) as websocket:
        await websocket.send(json.dumps({"type": "ping"}))
        return json.loads(await asyncio.wait_for(websocket.recv(), timeout=5))


if __name__ == "__main__":
    sys.exit(main())
