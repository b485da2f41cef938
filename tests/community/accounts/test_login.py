"""Login by email, "remember me", rate limits, password reset, login by code, logout, CSRF."""

import re

import pytest
from django.core import mail
from django.test import Client

from .conftest import PASSWORD, STRONG_PASSWORD, last_mail_to, link_in, log_in

pytestmark = pytest.mark.django_db


def test_login_page_is_german_and_accessible_markup(client):
    response = client.get("/konto/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_login">E-Mail-Adresse</label>' in html
    assert '<label for="id_password">Passwort</label>' in html
    assert 'autocomplete="current-password"' in html
    assert 'href="/konto/password/reset/"' in html  # "Passwort vergessen?"
    assert "Angemeldet bleiben" in html
    assert 'href="/konto/login/code/"' in html  # login by code is offered
    assert "placeholder=" not in html  # labels, not placeholders
    assert "style=" not in html


def test_login_by_email(client, plain_member):
    response = log_in(client, "jana.beispiel@example.org")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(plain_member.pk)
    # Without "remember me" the session ends with the browser.
    assert client.session.get_expire_at_browser_close()


def test_email_is_case_insensitive(client, plain_member):
    response = log_in(client, "Jana.Beispiel@Example.org")
    assert response.status_code == 302


def test_remember_me_keeps_the_session_for_two_weeks(client, plain_member):
    client.post("/konto/login/", {"login": plain_member.email, "password": PASSWORD, "remember": "on"})
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 14 * 24 * 60 * 60


def test_login_redirects_to_next(client, plain_member):
    response = client.post(
        "/konto/login/?next=/konto/daten/", {"login": plain_member.email, "password": PASSWORD}
    )
    assert response["Location"] == "/konto/daten/"


def test_wrong_password_german_error_and_email_kept(client, plain_member):
    response = log_in(client, "jana.beispiel@example.org", "falsch-falsch-falsch")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die E-Mail-Adresse oder das Passwort ist nicht korrekt." in html
    assert 'value="jana.beispiel@example.org"' in html
    assert "falsch-falsch-falsch" not in html
    assert "_auth_user_id" not in client.session


def test_username_cannot_be_used_to_log_in(client, plain_member):
    response = log_in(client, plain_member.username)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_get_blocked(client, plain_member):
    for _attempt in range(5):
        response = log_in(client, plain_member.email, "falsch-falsch-falsch")
        assert "nicht korrekt" in response.content.decode()
    # Now even the right password is refused for a while, with a German explanation.
    response = log_in(client, plain_member.email, PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in html
    assert "_auth_user_id" not in client.session


def test_lock_is_per_address(client, plain_member, redaktion_user):
    for _attempt in range(5):
        log_in(client, plain_member.email, "falsch-falsch-falsch")
    response = log_in(client, "redakteur@example.org", PASSWORD)
    assert response.status_code == 302


def test_inactive_account_cannot_log_in(client, plain_member):
    plain_member.is_active = False
    plain_member.save()
    response = log_in(client, plain_member.email)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response["Location"] == "/konto/inactive/"
    assert "Dieses Konto ist deaktiviert" in client.get("/konto/inactive/").content.decode()


def test_login_requires_csrf_token(plain_member):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"login": plain_member.email, "password": PASSWORD})
    assert response.status_code == 403


def test_logout_is_a_post_with_confirmation_page(client, plain_member):
    client.force_login(plain_member)
    page = client.get("/konto/logout/")
    assert page.status_code == 200
    assert "_auth_user_id" in client.session  # GET does not log out
    response = client.post("/konto/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_link(client, plain_member):
    response = client.post("/konto/password/reset/", {"email": "jana.beispiel@example.org"})
    assert response.status_code == 302 and response["Location"] == "/konto/password/reset/done/"
    assert "Bitte schau in dein Postfach" in client.get(response["Location"]).content.decode()

    message = last_mail_to("jana.beispiel@example.org")
    assert message.subject == "[Netzwerkstatt] Passwort zurücksetzen"
    assert plain_member.username not in message.body  # internal usernames are never shown
    path = link_in(message, "/konto/password/reset/key/")

    response = client.get(path)
    assert response.status_code == 302  # allauth moves the key into the session
    form_url = response["Location"]
    page = client.get(form_url)
    assert "Neues Passwort wählen" in page.content.decode()

    response = client.post(form_url, {"password1": "kurz", "password2": "kurz"})
    assert "Dieses Passwort ist zu kurz" in response.content.decode()

    response = client.post(form_url, {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD})
    assert response.status_code == 302
    assert "Dein Passwort wurde geändert" in client.get(response["Location"]).content.decode()
    plain_member.refresh_from_db()
    assert plain_member.check_password(STRONG_PASSWORD)

    # The link works once.
    assert "Dieser Link funktioniert nicht mehr" in Client().get(path, follow=True).content.decode()


def test_password_reset_does_not_reveal_unknown_addresses(client, plain_member):
    response = client.post("/konto/password/reset/", {"email": "niemand@example.org"})
    assert response.status_code == 302 and response["Location"] == "/konto/password/reset/done/"
    message = last_mail_to("niemand@example.org")
    assert "Mit dieser Adresse gibt es kein Konto" in message.body


def test_password_reset_is_rate_limited_per_address(client, plain_member):
    for _attempt in range(3):
        client.post("/konto/password/reset/", {"email": plain_member.email})
    sent = len(mail.outbox)
    response = client.post("/konto/password/reset/", {"email": plain_member.email})
    assert len(mail.outbox) == sent
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wir haben gerade mehrere Links an diese Adresse geschickt" in html
    assert f'value="{plain_member.email}"' in html


def test_login_by_code(client, plain_member):
    response = client.post("/konto/login/code/", {"email": plain_member.email})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/code/confirm/")
    page = client.get(response["Location"])
    assert "Anmeldecode eingeben" in page.content.decode()

    message = last_mail_to(plain_member.email)
    assert message.subject == "[Netzwerkstatt] Dein Anmeldecode"
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9-]{6,})$", message.body, re.M).group(1)

    response = client.post("/konto/login/code/confirm/", {"code": "FALSCH-00"})
    assert "Dieser Code stimmt nicht" in response.content.decode()
    response = client.post("/konto/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(plain_member.pk)


def test_login_by_code_for_unknown_address_reveals_nothing(client, plain_member):
    response = client.post("/konto/login/code/", {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert "Mit dieser Adresse gibt es kein Konto" in last_mail_to("niemand@example.org").body


def test_changing_the_password(client, plain_member):
    client.force_login(plain_member)
    response = client.post(
        "/konto/password/change/",
        {"oldpassword": "falsch", "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD},
    )
    assert "Bitte gib dein aktuelles Passwort ein." in response.content.decode()
    response = client.post(
        "/konto/password/change/",
        {"oldpassword": PASSWORD, "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD},
    )
    assert response.status_code == 302
    plain_member.refresh_from_db()
    assert plain_member.check_password(STRONG_PASSWORD)
    # The member is told by mail (someone else may have done it).
    assert "Dein Passwort wurde geändert." in last_mail_to(plain_member.email).body
