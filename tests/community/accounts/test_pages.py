"""Every account page renders in German, in the site's layout, without inline styles; the account overview."""

import re

import pytest
from django.test import Client

from community.members.mfa import ensure_demo_totp

from .conftest import PASSWORD, STRONG_PASSWORD, last_mail_to, log_in, make_user

pytestmark = pytest.mark.django_db

ENGLISH_LEFTOVERS = [
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Forgot",
    "Remember Me",
    "E-mail",
    "Email Address",
    "Submit",
]


def assert_site_page(response, heading: str):
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert 'class="site-header"' in html and 'id="main"' in html  # the site's own layout
    assert re.search(r"<h1[^>]*>\s*" + re.escape(heading), html), f"h1 {heading!r} missing"
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html), "inline script"
    for english in ENGLISH_LEFTOVERS:
        assert english not in html, english
    return html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/konto/login/", "Anmelden"),
        ("/konto/signup/", "Bei Netzwerkstatt mitmachen"),
        ("/konto/password/reset/", "Passwort vergessen?"),
        ("/konto/password/reset/done/", "Bitte schau in dein Postfach"),
        ("/konto/password/reset/key/done/", "Dein Passwort wurde geändert"),
        ("/konto/login/code/", "Mit Code anmelden"),
        ("/konto/confirm-email/", "Fast geschafft"),
        ("/konto/confirm-email/ungueltig/", "E-Mail-Adresse bestätigen"),
        ("/konto/inactive/", "Dieses Konto ist deaktiviert"),
    ],
)
def test_public_account_pages(client, path, heading):
    assert_site_page(client.get(path), heading)


def test_invalid_password_reset_link(client, plain_member):
    html = assert_site_page(
        client.get("/konto/password/reset/key/1-ungueltig/", follow=True),
        "Dieser Link funktioniert nicht mehr",
    )
    assert 'href="/konto/password/reset/"' in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/konto/", "Mein Konto"),
        ("/konto/daten/", "Meine Daten"),
        ("/konto/daten/loeschen/", "Konto löschen"),
        ("/konto/email/", "E-Mail-Adresse"),
        ("/konto/password/change/", "Passwort ändern"),
        ("/konto/2fa/", "Zwei-Faktor-Authentifizierung"),
        ("/konto/reauthenticate/", "Bestätige, dass du es bist"),
        ("/konto/logout/", "Abmelden"),
    ],
)
def test_member_account_pages(client, plain_member, path, heading):
    client.force_login(plain_member)
    assert_site_page(client.get(path), heading)


def test_pages_that_need_a_fresh_confirmation(client, plain_member):
    log_in(client, plain_member.email)
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert_site_page(client.get("/konto/2fa/totp/activate/"), "Authenticator-App einrichten")


def test_password_set_page_for_accounts_without_password(client, django_user_model, roles):
    user = make_user(django_user_model, "ohne.passwort@example.org", password=None)
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert_site_page(client.get("/konto/password/set/"), "Passwort festlegen")
    overview = client.get("/konto/").content.decode()
    assert 'href="/konto/password/set/"' in overview


def test_login_stage_pages(client, plain_member):
    client.post("/konto/login/code/", {"email": plain_member.email})
    html = assert_site_page(client.get("/konto/login/code/confirm/"), "Anmeldecode eingeben")
    assert "jana.beispiel@example.org" in html

    other = Client()
    ensure_demo_totp(plain_member)
    log_in(other, plain_member.email)
    assert_site_page(other.get("/konto/2fa/authenticate/"), "Code eingeben")


def test_email_confirmation_page(client, plain_member):
    client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "display_name": "Neu Mitglied",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            "accept_terms": "on",
        },
    )
    body = last_mail_to("neu@example.org").body
    path = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", body).group(1)
    html = assert_site_page(Client().get(path), "E-Mail-Adresse bestätigen")
    assert "neu@example.org" in html


def test_account_overview_links_every_setting(client, demo_site, plain_member, django_assert_max_num_queries):
    client.force_login(plain_member)
    client.get("/konto/")  # warms the cached site chrome, as any earlier page view would
    with django_assert_max_num_queries(12):
        response = client.get("/konto/")
    html = response.content.decode()
    for href in (
        "/konto/profil/",
        "/konto/email/",
        "/konto/password/change/",
        "/konto/2fa/",
        "/konto/benachrichtigungen/",
        "/konto/daten/",
    ):
        assert f'href="{href}"' in html, href
    assert "Hallo Jana Beispiel!" in html
    assert "jana.beispiel@example.org" in html
    # The account navigation marks the current page.
    assert 'href="/konto/" aria-current="page"' in html
    assert "Zwei-Faktor-Authentifizierung fehlt" not in html  # members are not pushed to set it up


def test_overview_asks_editors_to_set_up_two_factor(client, redaktion_user):
    client.force_login(redaktion_user)
    html = client.get("/konto/").content.decode()
    assert "Zwei-Faktor-Authentifizierung fehlt" in html
    assert 'href="/konto/2fa/totp/activate/"' in html


def test_account_pages_need_login(client):
    for path in ("/konto/", "/konto/daten/", "/konto/email/", "/konto/2fa/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), path


def test_changing_the_email_address(client, plain_member):
    client.force_login(plain_member)
    response = client.post("/konto/email/", {"email": "jana.neu@example.org", "action_add": ""})
    # A security-relevant change: the password is asked for once more, then the change goes through.
    assert response["Location"].startswith("/konto/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    html = client.get("/konto/email/").content.decode()
    assert "jana.neu@example.org" in html and "noch nicht bestätigt" in html
    message = last_mail_to("jana.neu@example.org")
    assert "/konto/confirm-email/" in message.body

    plain_member.refresh_from_db()
    assert plain_member.email == "jana.beispiel@example.org"  # until the new address is confirmed

    path = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", message.body).group(1)
    response = client.post(path)
    assert response["Location"] == "/konto/"
    plain_member.refresh_from_db()
    assert plain_member.email == "jana.neu@example.org"
    assert list(plain_member.emailaddress_set.values_list("email", "primary", "verified")) == [
        ("jana.neu@example.org", True, True)
    ]
    # The old address is told about the change.
    assert "jana.neu@example.org" in last_mail_to("jana.beispiel@example.org").body


def test_changing_to_an_invalid_address_keeps_the_input(client, plain_member):
    client.force_login(plain_member)
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    response = client.post("/konto/email/", {"email": "kein-at-zeichen", "action_add": ""})
    html = response.content.decode()
    assert "gültige E-Mail-Adresse" in html
    assert 'value="kein-at-zeichen"' in html


def test_english_is_available(client):
    client.cookies["django_language"] = "en"
    html = client.get("/konto/login/").content.decode()
    assert "Email address" in html and "Forgotten your password?" in html


def test_several_addresses_page_works_without_javascript(rf, plain_member):
    """account/email.html serves ACCOUNT_CHANGE_EMAIL = False; allauth's own version needs inline scripts."""
    from allauth.account.views import EmailView
    from allauth.core.context import request_context
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/konto/email/")
    request.user = plain_member
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    with request_context(request):
        response = EmailView.as_view(template_name="account/email.html")(request)
        html = response.rendered_content
    assert "E-Mail-Adressen" in html and "jana.beispiel@example.org" in html
    assert "<script" not in html.split('<main id="main"')[1]
    assert "style=" not in html
