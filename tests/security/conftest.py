"""Fixtures of the attack-surface tests. The browser fixtures are the suite's own (`browser` in tests/conftest.py,
`live_site` and `page` in tests/browser/conftest.py),
imported so that tests here can render pages in Chromium the same way."""

from tests.browser.conftest import live_site, page  # noqa: F401
