"""Fixtures shared by the whole suite."""

import os
import shutil

import pytest
from django.core.management import call_command

# --- Chromium for the browser tests (tests/browser, tests/security) ---------------------------------------------
# Chromium must be installed (`apt-get install chromium`). Outside CI a missing browser skips these tests with a
# clear reason; in CI (CI=true) it fails them, so a machine without a browser can never pass silently.

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    for candidate in [configured, *CHROMIUM_CANDIDATES]:
        if candidate and shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        message = "Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}: browser tests must run in CI.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def demo_site(db):
    """The demo page tree and accounts, as `make run` loads them."""
    call_command("load_demo_content", quiet_credentials=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def site_shell(db):
    """Only the site shell's demo (home page, standard pages, settings, two accounts): fast, for tests that do
    not need members, regions and the rest."""
    from home import demo
    from home.demo_support import DemoContext

    demo.load(DemoContext(stdout=open(os.devnull, "w"), style=None))  # noqa: SIM115
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site_shell):
    return site_shell.root_page.specific


@pytest.fixture
def member(db, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user(
        username="erika", email="erika@example.org", password="ein-sicheres-passwort", first_name="Erika"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def editor(db, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user(
        username="redakteurin",
        email="redaktion@example.org",
        password="ein-sicheres-passwort",
        is_staff=True,
        is_superuser=True,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # Without an authenticator: the admin sends this editor to the two-factor set-up first (see
    # tests/community/accounts/test_mfa.py); call community.members.mfa.ensure_demo_totp(user) to give one.
    return user


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright keeps an event loop running in the main thread while it is open,
    which async tests (Channels' communicators) cannot share."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so nothing one test cached (site chrome, rate limits) leaks."""
    from django.core.cache import cache

    cache.clear()
    yield
