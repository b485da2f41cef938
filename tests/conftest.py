"""Fixtures shared by the whole suite."""

import os

import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(db):
    """The demo page tree and accounts, as `make run` loads them."""
    call_command("load_demo_content", quiet_credentials=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(demo_site):
    return demo_site.root_page.specific


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
