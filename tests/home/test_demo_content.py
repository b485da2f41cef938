import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def test_demo_content_is_idempotent():
    first_output = _load()
    pages, users = Page.objects.count(), get_user_model().objects.count()
    second_output = _load()
    assert Page.objects.count() == pages
    assert get_user_model().objects.count() == users
    assert "neu" in first_output
    assert "Seiten neu" not in second_output


def test_demo_content_sets_up_site_and_accounts():
    output = _load()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert SiteSettings.for_site(site).contact_email.endswith(".example")
    assert "redaktion@netzwerkstatt.example" in output and "Passwort:" in output
    editor = get_user_model().objects.get(email="redaktion@netzwerkstatt.example")
    assert editor.is_staff and editor.is_superuser
    assert editor.emailaddress_set.get().verified
    member = get_user_model().objects.get(email="mitglied@netzwerkstatt.example")
    assert not member.is_staff


def test_demo_accounts_can_log_in(client):
    output = _load()
    password = output.split("Passwort: ")[1].split()[0]
    response = client.post("/konto/login/", {"login": "mitglied@netzwerkstatt.example", "password": password})
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated


def test_no_welcome_placeholder_left():
    _load()
    assert not Page.objects.filter(depth=2).exclude(pk__in=HomePage.objects.values("pk")).exists()
