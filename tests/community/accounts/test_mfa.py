"""Two-factor authentication: required for the admin, the login stage, set-up, demo helpers."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from community.members.mfa import current_totp_code, ensure_demo_totp, has_totp

from .conftest import PASSWORD, log_in, log_in_with_totp, totp_code_for

pytestmark = pytest.mark.django_db

ACTIVATE = "/konto/2fa/totp/activate/"


def test_editor_without_totp_is_sent_to_the_activation_page(client, redaktion_user):
    log_in(client, redaktion_user.email)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == ACTIVATE
    message = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Die Redaktion ist mit Zwei-Faktor-Authentifizierung geschützt" in m for m in message)
    # Every admin path, not only the dashboard.
    assert client.get("/admin/pages/").status_code == 302
    assert client.get("/django-admin/").status_code == 302


def test_superuser_without_totp_is_sent_to_the_activation_page(client, editor):
    client.force_login(editor)
    assert client.get("/admin/")["Location"] == ACTIVATE


def test_moderator_without_totp_is_sent_too(client, moderation_user):
    client.force_login(moderation_user)
    assert client.get("/admin/")["Location"] == ACTIVATE


def test_editor_with_totp_reaches_the_admin(client, redaktion_user):
    ensure_demo_totp(redaktion_user)
    log_in_with_totp(client, redaktion_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "wagtail" in response.content.decode().lower()


def test_member_cannot_reach_the_admin_and_is_not_asked_for_totp(client, plain_member):
    log_in(client, plain_member.email)
    for path in ("/admin/", "/admin/pages/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/", path
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(
        "Die Redaktion ist nur für das Redaktions- und das Moderationsteam zugänglich" in m for m in messages
    )
    assert client.get("/konto/").status_code == 200  # members' own pages are unaffected


def test_anonymous_admin_visit_goes_to_the_site_login(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_password_only_admin_logins_are_closed(client, path, editor):
    response = client.get(f"{path}?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=%2Fadmin%2Fpages%2F"
    # Posting a password there does not log in either.
    client.post(path, {"username": editor.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_external_next_is_not_followed(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/konto/login/?next=%2Fadmin%2F"


def test_login_with_totp_needs_the_code(client, plain_member):
    ensure_demo_totp(plain_member)
    response = log_in(client, plain_member.email)
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    page = client.get("/konto/2fa/authenticate/")
    html = page.content.decode()
    assert (
        "Code eingeben" in html and 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    )

    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert "Dieser Code stimmt nicht" in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post("/konto/2fa/authenticate/", {"code": totp_code_for(plain_member)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(plain_member.pk)


def test_recovery_code_works_once(client, plain_member):
    ensure_demo_totp(plain_member)
    codes = Authenticator.objects.get(user=plain_member, type="recovery_codes").wrap().get_unused_codes()
    log_in(client, plain_member.email)
    client.post("/konto/2fa/authenticate/", {"code": codes[0]})
    assert client.session["_auth_user_id"] == str(plain_member.pk)

    other = Client()
    log_in(other, plain_member.email)
    response = other.post("/konto/2fa/authenticate/", {"code": codes[0]})
    assert "_auth_user_id" not in other.session
    assert "Dieser Code stimmt nicht" in response.content.decode()


def test_activating_totp_through_the_pages(client, redaktion_user):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

    log_in(client, redaktion_user.email)
    # Setting up a second factor is security-relevant: allauth asks for the password once more.
    response = client.get(ACTIVATE)
    assert response["Location"] == "/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F"
    reauth = client.get(response["Location"]).content.decode()
    assert "Bestätige, dass du es bist" in reauth
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == ACTIVATE
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Authenticator-App einrichten" in html
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, inline, no third party
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in html  # for typing in by hand

    response = client.post(ACTIVATE, {"code": "123456"})
    assert "Dieser Code stimmt nicht" in response.content.decode()

    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(ACTIVATE, {"code": code})
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/recovery-codes/"
    assert has_totp(redaktion_user)
    codes_page = client.get("/konto/2fa/recovery-codes/").content.decode()
    assert "Wiederherstellungscodes" in codes_page and "Weiter zur Redaktion" in codes_page
    assert client.get("/admin/").status_code == 200


def test_every_mfa_page_renders(client, plain_member):
    ensure_demo_totp(plain_member)
    log_in_with_totp(client, plain_member)
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    for path, text in [
        ("/konto/2fa/", "Zwei-Faktor-Authentifizierung"),
        ("/konto/2fa/totp/deactivate/", "Zwei-Faktor-Authentifizierung ausschalten"),
        ("/konto/2fa/recovery-codes/", "Unbenutzte Codes: 10 von 10."),
        ("/konto/2fa/recovery-codes/generate/", "Neue Wiederherstellungscodes erstellen"),
        ("/konto/2fa/reauthenticate/", "Bestätige, dass du es bist"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert text in html, path
        assert "style=" not in html, path
    download = client.get("/konto/2fa/recovery-codes/download/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_deactivating_totp(client, plain_member):
    ensure_demo_totp(plain_member)
    log_in_with_totp(client, plain_member)
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    response = client.post("/konto/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not has_totp(plain_member)


def test_ensure_demo_totp_replaces_the_secret(plain_member):
    first = ensure_demo_totp(plain_member)
    second = ensure_demo_totp(plain_member)
    assert first != second
    assert Authenticator.objects.filter(user=plain_member, type="totp").count() == 1
    assert Authenticator.objects.filter(user=plain_member, type="recovery_codes").count() == 1
    code = current_totp_code(plain_member)
    assert len(code) == 6 and code.isdigit()


def test_totp_code_command_refuses_without_debug(plain_member):
    ensure_demo_totp(plain_member)
    with pytest.raises(CommandError, match="DEBUG=True"):
        call_command("totp_code", plain_member.email)


@override_settings(DEBUG=True)
def test_totp_code_command_prints_the_current_code(plain_member, capsys):
    ensure_demo_totp(plain_member)
    call_command("totp_code", plain_member.email.upper())
    assert capsys.readouterr().out.strip() == current_totp_code(plain_member)
    with pytest.raises(CommandError, match="keine Authenticator-App"):
        Authenticator.objects.filter(user=plain_member).delete()
        call_command("totp_code", plain_member.email)
    with pytest.raises(CommandError, match="Kein Konto"):
        call_command("totp_code", "niemand@example.org")
