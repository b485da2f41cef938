"""Account journeys in Chromium: sign up and confirm, log in, the account pages, two-factor set-up, deletion."""

import re
import time

import pytest
from django.core.management import call_command

from .conftest import assert_accessible_and_clean as check
from .conftest import confirmation_path

pytestmark = pytest.mark.browser

PASSWORD = "Kooperation-mit-Schulen-2031"


@pytest.fixture
def site(transactional_db):
    from community.members.roles import sync_roles

    call_command("load_demo_content", quiet_credentials=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    sync_roles()  # a flushed test database lost the role groups' permissions


def test_sign_up_confirm_and_log_in(site, page):
    page.goto("/")
    page.get_by_role("link", name="Mitmachen", exact=True).click()
    page.wait_for_url("**/konto/signup/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bei Netzwerkstatt mitmachen"
    check(page)

    page.get_by_label("E-Mail-Adresse").fill("lotte.feldmann@example.org")
    page.get_by_label("Anzeigename").fill("Lotte Feldmann")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    # Forgot the consent: German errors, at the top and at the field, and nothing typed is lost.
    page.get_by_role("button", name="Konto anlegen").click()
    summary = page.get_by_role("alert")
    assert "Bitte prüfe deine Eingaben" in summary.inner_text()
    assert summary.evaluate("el => el === document.activeElement")  # focus moved to the summary
    assert page.get_by_label("E-Mail-Adresse").input_value() == "lotte.feldmann@example.org"
    assert page.get_by_label("Anzeigename").input_value() == "Lotte Feldmann"
    consent = page.get_by_role("checkbox", name=re.compile("Nutzungsbedingungen"))
    assert consent.get_attribute("aria-invalid") == "true"
    check(page)

    # The summary's link leads to the field.
    summary.get_by_role("link").click()
    assert consent.evaluate("el => el === document.activeElement")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    consent.check()
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_url("**/konto/confirm-email/")
    assert "Fast geschafft" in page.get_by_role("heading", level=1).inner_text()
    check(page)

    page.goto(confirmation_path("lotte.feldmann@example.org"))
    assert "lotte.feldmann@example.org" in page.locator("main").inner_text()
    check(page)
    page.get_by_role("button", name="E-Mail-Adresse bestätigen").click()
    # Confirmed in the browser that signed up: logged in, on the account overview.
    page.wait_for_url("**/konto/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mein Konto"
    assert "Hallo Lotte Feldmann!" in page.locator("main").inner_text()
    check(page)

    page.goto("/konto/logout/")
    check(page)
    page.get_by_role("main").get_by_role("button", name="Abmelden").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    page.goto("/konto/login/")
    check(page)
    page.get_by_label("E-Mail-Adresse").fill("lotte.feldmann@example.org")
    page.get_by_label("Passwort", exact=True).fill("falsches-passwort")
    page.get_by_role("button", name="Anmelden").click()
    assert "nicht korrekt" in page.get_by_role("alert").inner_text()
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    page.goto("/konto/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mein Konto"

    for path, heading in [
        ("/konto/email/", "E-Mail-Adresse"),
        ("/konto/password/change/", "Passwort ändern"),
        ("/konto/2fa/", "Zwei-Faktor-Authentifizierung"),
        ("/konto/daten/", "Meine Daten"),
        ("/konto/daten/loeschen/", "Konto löschen"),
    ]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).inner_text() == heading
        nav = page.get_by_role("navigation", name="Mein Konto")
        assert nav.locator("[aria-current=page]").count() == 1
        check(page)


def test_editor_sets_up_two_factor_before_the_admin(site, page, django_user_model):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from community.members.roles import EDITORS, add_to_role

    editor = django_user_model.objects.create_user(
        username="m-redaktion-test", email="jonas.redaktion@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    add_to_role(editor, EDITORS)

    page.goto("/konto/login/?next=/admin/")
    page.get_by_label("E-Mail-Adresse").fill(editor.email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    # No authenticator app yet: the admin sends the editor to set one up, after confirming the password.
    page.wait_for_url("**/konto/reauthenticate/**")
    assert "Zwei-Faktor-Authentifizierung" in page.locator(".messages").inner_text()
    check(page)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/konto/2fa/totp/activate/")
    assert page.get_by_role("img", name="QR-Code für deine Authenticator-App").is_visible()
    check(page)

    page.get_by_text("Scannen klappt nicht?").click()
    secret = page.locator(".totp-secret").inner_text().strip()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Code aus der App").fill(code)
    page.get_by_role("button", name="Aktivieren").click()
    page.wait_for_url("**/konto/2fa/recovery-codes/")
    assert page.locator(".recovery-codes li").count() == 10
    check(page)

    page.get_by_role("link", name="Weiter zur Redaktion").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert page.recorder.foreign_requests() == []


def test_member_deletes_the_account(site, page, django_user_model):
    from allauth.account.models import EmailAddress

    from community.members.models import Profile

    member = django_user_model.objects.create_user(
        username="m-loeschen-test", email="paula.abschied@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    Profile.objects.create(user=member, display_name="Paula Abschied")

    page.goto("/konto/login/?next=/konto/daten/")
    page.get_by_label("E-Mail-Adresse").fill(member.email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/konto/daten/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Meine Daten (JSON)").click()
    assert download.value.suggested_filename.startswith("netzwerkstatt-meine-daten-")

    page.get_by_role("link", name="Konto löschen …").click()
    page.wait_for_url("**/konto/daten/loeschen/")
    page.get_by_label("Dein Passwort").fill(PASSWORD)
    page.get_by_label(re.compile("^Behalten")).check()
    page.get_by_label("Mir ist klar").check()
    page.get_by_role("button", name="Mein Konto endgültig löschen").click()
    page.wait_for_url("**/konto/geloescht/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dein Konto wurde gelöscht"
    assert page.get_by_role("link", name="Anmelden").first.is_visible()  # logged out
    check(page)
    assert not Profile.objects.filter(user_id=member.pk).exists()
