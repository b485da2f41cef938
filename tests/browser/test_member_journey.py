"""The whole journey of a new coordinator, end to end in Chromium: sign up, confirm the email, log in, fill
the profile, find a region on the map, follow a topic, and receive a notification live when new content with
that topic is published."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import assert_accessible_and_clean as check
from .conftest import confirmation_path

pytestmark = pytest.mark.browser

PASSWORD = "Netzwerke-brauchen-Geduld-2031"
EMAIL = "frieda.neumann@example.org"


@pytest.fixture
def demo(transactional_db):
    from community.members.roles import sync_roles

    call_command("load_demo_content", quiet_credentials=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    sync_roles()  # the flushed test database lost the role groups' permissions


def publish_region_with_topic(topic_name: str):
    """What an editor does in the admin, done directly: a new MINT-Region carrying the topic goes live."""
    from decimal import Decimal

    from community.regions.models import RegionIndexPage, RegionPage

    index = RegionIndexPage.objects.get()
    region = RegionPage(
        title="MINT-Netzwerk Elbmarsch",
        slug="mint-netzwerk-elbmarsch",
        bundesland="SH",
        latitude=Decimal("53.75"),
        longitude=Decimal("9.65"),
        intro="Ein neues Netzwerk für Schulen und Betriebe an der Unterelbe.",
    )
    index.add_child(instance=region)
    region.tags.add(topic_name)
    region.save_revision().publish()
    return region


def test_new_coordinator_journey(demo, page):
    # 1. Sign up and confirm the email address.
    page.goto("/")
    page.get_by_role("link", name="Mitmachen", exact=True).click()
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Anzeigename").fill("Frieda Neumann")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("checkbox", name=re.compile("Nutzungsbedingungen")).check()
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_url("**/konto/confirm-email/")
    check(page)
    page.goto(confirmation_path(EMAIL))
    page.get_by_role("button", name="E-Mail-Adresse bestätigen").click()
    page.wait_for_url("**/konto/")

    # 2. Log out and in again with the new password.
    page.goto("/konto/logout/")
    page.get_by_role("main").get_by_role("button", name="Abmelden").click()
    page.goto("/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    check(page)

    # 3. Fill the profile.
    page.goto("/konto/profil/")
    page.get_by_label("Rolle im Netzwerk", exact=True).select_option("coordinator")
    page.get_by_label("Organisation", exact=True).fill("Bildungsbüro Kreis Steinburg")
    page.get_by_label("Bundesland", exact=True).select_option("SH")
    page.get_by_label("Ich kann helfen bei", exact=True).fill("Kooperationsverträge mit Schulträgern")
    page.get_by_role("button", name="Profil speichern").click()
    expect(page.get_by_role("status").filter(has_text="Dein Profil ist gespeichert.")).to_be_visible()
    check(page)

    # 4. Find a region on the map of the directory.
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="MINT-Regionen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MINT-Regionen")
    check(page)
    marker = page.locator("a.germany-map__marker").first
    region_name = marker.get_attribute("aria-label")
    marker.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.get_by_role("heading", level=1).inner_text() in region_name
    check(page)

    # 5. Follow a topic: through the member directory filtered by it.
    page.goto("/mitglieder/")
    topic = "Mädchen in MINT"
    topic_filter = page.get_by_role("combobox", name="Thema", exact=True)
    topic_filter.fill(topic)
    page.get_by_role("button", name="Mitglieder anzeigen").click()
    page.locator(".directory__topic").get_by_role("button", name=re.compile("^Folgen")).click()
    expect(page.get_by_role("status").filter(has_text=f"Du folgst jetzt „{topic}“")).to_be_visible()
    check(page)

    # 6. An editor publishes a new region with that topic: the bell changes without a reload.
    page.goto("/")
    expect(page.locator("[data-notification-bell]")).to_have_attribute("data-live-state", "connected")
    badge = page.locator("[data-notification-badge]")
    unread_before = int(badge.inner_text() or 0) if badge.is_visible() else 0
    publish_region_with_topic(topic)
    expect(badge).to_have_text(str(unread_before + 1))
    expect(page.locator("[data-notification-live]")).to_contain_text("MINT-Netzwerk Elbmarsch")
    page.get_by_role("link", name=re.compile("^Benachrichtigungen")).click()
    expect(page.locator(".notification-item--unread").first).to_contain_text("MINT-Netzwerk Elbmarsch")
    check(page)
