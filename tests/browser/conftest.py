"""Browser tests: the real ASGI application served by uvicorn in a thread, driven by the system Chromium.

The `browser` fixture itself (one Chromium for the whole session) lives in tests/conftest.py, so that the
attack-surface tests (tests/security) share it: a second Playwright instance in the same thread would find the
first one's event loop running and refuse to start.
"""

import contextlib
import os
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make around it are
# ordinary synchronous code, so Django's async-safety guard would misfire.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, url: str):
        self.url = url
        self.ws_url = url.replace("http://", "ws://")
        self.origin = url

    def __str__(self):
        return self.url


@contextlib.contextmanager
def serve_application(thread_name: str = "uvicorn-live-server"):
    """The full ASGI application (HTTP and WebSockets) served by uvicorn in a thread on a free loopback port."""
    import uvicorn
    from channels.layers import channel_layers

    from config.asgi import application

    # A worker process has one event loop for its whole life; each live server here runs its own. The Redis
    # layer lets only one loop receive at a time (the chat fan-out keeps a receive running), so every server
    # gets a fresh layer instance instead of the one an earlier server's loop still holds.
    channel_layers.backends.clear()
    port = _free_port()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, ws="websockets-sansio", lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=thread_name, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("The ASGI live server did not start.")
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        channel_layers.backends.clear()


@pytest.fixture
def live_site(transactional_db):
    """The full ASGI application (HTTP and WebSockets) on a free loopback port, for one test."""
    with serve_application() as server:
        yield server


class PageRecorder:
    """Everything a page did that a test may want to check: console errors and every request it made."""

    def __init__(self, base_url: str):
        self.base_origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        self.console_errors: list[str] = []
        self.requests: list[str] = []

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith(self.base_origin) and not url.startswith(("data:", "blob:", "about:"))
        ]


@pytest.fixture
def page(browser, live_site):
    context = browser.new_context(base_url=live_site.url, locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(10_000)
    page = context.new_page()
    recorder = PageRecorder(live_site.url)
    page.on("console", lambda msg: recorder.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: recorder.console_errors.append(str(error)))
    page.on("request", lambda request: recorder.requests.append(request.url))
    page.recorder = recorder
    yield page
    context.close()


def assert_accessible(page, context: str | None = None) -> None:
    """axe-core finds no serious or critical violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in serious
    )
    assert not serious, f"axe found serious accessibility violations on {page.url}:\n{report}"


def assert_clean(page) -> None:
    """No console error (CSP violations included) and no request to another origin."""
    assert page.recorder.console_errors == [], page.recorder.console_errors
    assert page.recorder.foreign_requests() == [], page.recorder.foreign_requests()


def confirmation_path(address: str, timeout: float = 5) -> str:
    """The path of the email-confirmation link sent to `address` (the live server shares the locmem outbox)."""
    import re

    from django.core import mail

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(mail.outbox):
            if address in message.to:
                return re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", message.body).group(1)
        time.sleep(0.05)
    raise AssertionError(f"no confirmation mail to {address}")


def assert_accessible_and_clean(page) -> None:
    assert_accessible(page)
    assert_clean(page)
