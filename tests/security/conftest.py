"""Fixtures of the attack-surface tests. The browser fixtures are the suite's own (tests/browser/conftest.py),
imported so that tests here can render pages in Chromium the same way."""

from tests.browser.conftest import browser, live_site, page  # noqa: F401
