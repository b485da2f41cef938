import re
import time

import pytest
from django.core.management import call_command

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_account(transactional_db, django_user_model):
    from allauth.account.models import EmailAddress

    call_command("load_demo_content", quiet_credentials=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = django_user_model.objects.create_user(
        username="redaktion-test",
        email="redaktion-test@example.org",
        password="ein-sicheres-passwort",
        is_staff=True,
        is_superuser=True,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # Editors need two-factor authentication for the admin (community/members/mfa.py).
    from community.members.mfa import ensure_demo_totp

    user.totp_secret = ensure_demo_totp(user)
    return user


def current_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_editor_logs_in_and_sees_the_site_and_the_admin(editor_account, page):
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").fill("redaktion-test@example.org")
    page.get_by_label("Passwort").fill("ein-sicheres-passwort")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/konto/2fa/authenticate/")
    page.get_by_label("Code").fill(current_code(editor_account.totp_secret))
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    # The Wagtail user bar appears on public pages for editors and must not break the strict policy.
    page.goto("/ueber-uns/idee/")
    assert page.locator("wagtail-userbar").count() == 1
    assert_accessible(page)
    assert_clean(page)

    page.goto("/admin/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert page.recorder.foreign_requests() == []
    csp_errors = [e for e in page.recorder.console_errors if "Content Security Policy" in e]
    assert csp_errors == []
