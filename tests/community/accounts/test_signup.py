"""Sign-up: the happy path, every bad input (German error, input kept), the honeypot, CSRF."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from community.members.models import Profile, User
from community.members.roles import MEMBERS

from .conftest import STRONG_PASSWORD, last_mail_to, link_in, log_in, make_user

pytestmark = pytest.mark.django_db

SIGNUP = "/konto/signup/"


def signup_data(**overrides):
    data = {
        "email": "lena.kuemmerer@example.org",
        "display_name": "Lena Kümmerer",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "accept_terms": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_signup_page_is_german_with_labelled_fields(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bei Netzwerkstatt mitmachen" in html
    for label in ("E-Mail-Adresse", "Anzeigename", "Passwort", "Passwort wiederholen"):
        assert f">{label}<" in html or f">{label} <" in html
    assert 'href="/ueber-uns/netiquette/"' in html and 'href="/datenschutz/"' in html
    # No username field: usernames are internal.
    assert 'name="username"' not in html
    # The honeypot is hidden from people and assistive technology, out of the tab order, not autofilled.
    assert 'class="form-field form-field--extra" aria-hidden="true"' in html
    assert 'name="website" tabindex="-1" autocomplete="off"' in html
    assert "style=" not in html
    assert "novalidate" in html


def test_signup_happy_path_creates_account_profile_and_role(client, roles):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"

    user = User.objects.get(email="lena.kuemmerer@example.org")
    assert user.profile.display_name == "Lena Kümmerer"
    assert user.profile.terms_accepted_at is not None
    assert list(user.groups.values_list("name", flat=True)) == [MEMBERS]
    # The username is generated, random and never derived from the address.
    assert user.username.startswith("m-") and "lena" not in user.username
    assert user.check_password(STRONG_PASSWORD)
    assert not EmailAddress.objects.get(user=user).verified

    message = last_mail_to("lena.kuemmerer@example.org")
    assert message.subject == "[Netzwerkstatt] Bitte bestätige deine E-Mail-Adresse"
    assert "Schön, dass du bei Netzwerkstatt mitmachst" in message.body
    assert user.username not in message.body

    page = client.get("/konto/confirm-email/")
    assert "Fast geschafft" in page.content.decode()


def test_display_name_whitespace_is_tidied(client, roles):
    client.post(SIGNUP, signup_data(display_name="  Lena   Kümmerer "))
    assert Profile.objects.get().display_name == "Lena Kümmerer"


def assert_error_and_kept(
    response, field_error: str, *, kept=("lena.kuemmerer@example.org", "Lena Kümmerer")
):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte prüfe deine Eingaben" in html  # the summary at the top
    assert field_error in html
    for value in kept:
        assert f'value="{value}"' in html
    assert User.objects.filter(email="lena.kuemmerer@example.org").count() == 0 or "bereits" in field_error


def test_existing_email_is_refused_with_german_error(client, roles, django_user_model):
    make_user(django_user_model, "lena.kuemmerer@example.org")
    response = client.post(SIGNUP, signup_data(email="Lena.Kuemmerer@example.org"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mit dieser E-Mail-Adresse gibt es schon ein Konto" in html
    assert 'value="Lena Kümmerer"' in html
    assert User.objects.filter(email__iexact="lena.kuemmerer@example.org").count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("Kx7!q", "Dieses Passwort ist zu kurz"),
        ("1234567890123", "komplett numerisch"),
        ("password1234", "zu üblich"),
        ("lena.kuemmerer", "zu ähnlich zu E-Mail-Adresse"),
    ],
)
def test_weak_passwords_are_refused(client, roles, password, error):
    response = client.post(SIGNUP, signup_data(password1=password, password2=password))
    assert_error_and_kept(response, error)
    # Passwords are never sent back.
    assert f'value="{password}"' not in response.content.decode()


def test_password_similar_to_the_display_name_is_refused(client, roles):
    data = signup_data(
        display_name="Frieda Sonnenschein", password1="FriedaSonnenschein", password2="FriedaSonnenschein"
    )
    response = client.post(SIGNUP, data)
    assert_error_and_kept(
        response, "Das Passwort ist deinem Anzeigenamen zu ähnlich", kept=("Frieda Sonnenschein",)
    )


def test_password_mismatch(client, roles):
    response = client.post(SIGNUP, signup_data(password2=STRONG_PASSWORD + "x"))
    assert_error_and_kept(response, "Du musst zweimal das selbe Passwort eingeben")


def test_missing_consent(client, roles):
    data = signup_data()
    del data["accept_terms"]
    response = client.post(SIGNUP, data)
    assert_error_and_kept(response, "Bitte stimme den Nutzungsbedingungen und der Datenschutzerklärung zu")


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("display_name", "", "Dieses Feld muss ausgefüllt werden"),
        ("display_name", " L ", "mindestens zwei Zeichen"),
        ("email", "keine-adresse", "gültige E-Mail-Adresse"),
    ],
)
def test_other_bad_input(client, roles, field, value, error):
    response = client.post(SIGNUP, signup_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == 0


def test_error_is_linked_from_the_summary_and_described_on_the_field(client, roles):
    data = signup_data()
    del data["accept_terms"]
    html = client.post(SIGNUP, data).content.decode()
    assert 'href="#id_accept_terms"' in html
    assert 'id="id_accept_terms_error"' in html
    assert 'aria-describedby="id_accept_terms_error"' in html


def test_filled_honeypot_creates_nothing_and_looks_like_success(client, roles, caplog):
    response = client.post(SIGNUP, signup_data(website="https://spam.example"))
    # The bot sees the same "check your mail" redirect as a person does ...
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    # ... but nothing was created or sent, and the attempt is logged.
    assert User.objects.count() == 0
    assert mail.outbox == []
    assert any("honeypot" in record.getMessage() for record in caplog.records)


def test_signup_requires_csrf_token(roles):
    client = Client(enforce_csrf_checks=True)
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 403
    assert User.objects.count() == 0


def test_email_verification_is_required_before_login(client, roles):
    client.post(SIGNUP, signup_data())
    other_browser = Client()
    response = log_in(other_browser, "lena.kuemmerer@example.org", STRONG_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert "_auth_user_id" not in other_browser.session


def test_confirming_the_email_needs_a_click_and_logs_in_the_signing_up_browser(client, roles):
    client.post(SIGNUP, signup_data())
    path = link_in(last_mail_to("lena.kuemmerer@example.org"), "/konto/confirm-email/")

    # Opening the link (e.g. by a mail scanner) confirms nothing: the page asks for a click.
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "lena.kuemmerer@example.org" in html and "E-Mail-Adresse bestätigen" in html
    assert not EmailAddress.objects.get(email="lena.kuemmerer@example.org").verified

    response = client.post(path)
    assert EmailAddress.objects.get(email="lena.kuemmerer@example.org").verified
    assert response.status_code == 302 and response["Location"] == "/konto/"
    overview = client.get("/konto/")
    assert overview.status_code == 200
    assert "Hallo Lena Kümmerer!" in overview.content.decode()


def test_confirmation_in_another_browser_asks_to_log_in(client, roles):
    client.post(SIGNUP, signup_data())
    path = link_in(last_mail_to("lena.kuemmerer@example.org"), "/konto/confirm-email/")
    other_browser = Client()
    response = other_browser.post(path)
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    response = log_in(other_browser, "lena.kuemmerer@example.org", STRONG_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"


def test_invalid_confirmation_link_explains_what_to_do(client):
    html = client.get("/konto/confirm-email/ungueltig/").content.decode()
    assert "Dieser Bestätigungslink ist abgelaufen oder ungültig" in html


def test_signup_is_rate_limited_per_address(client, roles):
    for number in range(5):
        client.post(SIGNUP, signup_data(email=f"person{number}@example.org"))
    response = client.post(SIGNUP, signup_data(email="person5@example.org"))
    assert response.status_code == 429
    assert not User.objects.filter(email="person5@example.org").exists()
