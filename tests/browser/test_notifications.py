"""A member sees a new notification arrive without reloading, opens it, and manages what they are sent."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from community.notifications.api import NotificationKind, notify
from community.notifications.models import Notification, NotificationPreference
from community.notifications.preferences import make_unsubscribe_token

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo_content", quiet_credentials=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def other_member(django_user_model):
    return django_user_model.objects.create_user(username="otto", email="otto@example.org", first_name="Otto")


def log_in(page, live_site, user) -> None:
    """The session cookie of a real login, set directly (robust against changes to the login form)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_site.url}])


def wait_until_live(page) -> None:
    expect(page.locator("[data-notification-bell]")).to_have_attribute("data-live-state", "connected")


def test_new_notification_arrives_live_and_is_read_by_opening_it(demo, page, live_site, member, other_member):
    log_in(page, live_site, member)
    page.goto("/")
    bell = page.get_by_role("link", name="Benachrichtigungen")
    expect(bell).to_be_visible()
    badge = page.locator("[data-notification-badge]")
    expect(badge).to_be_hidden()
    wait_until_live(page)
    focused_before = page.evaluate("document.activeElement.tagName")

    notification = notify(
        member,
        NotificationKind.REPLY,
        "Otto hat auf deine Frage zur Kofinanzierung geantwortet",
        body="Bei uns hat der Landkreis die Hälfte übernommen.",
        url="/ueber-uns/idee/",
        actor=other_member,
    )

    expect(badge).to_have_text("1")
    expect(bell).to_have_accessible_name("Benachrichtigungen, 1 ungelesen")
    live = page.locator("[data-notification-live]")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_contain_text(
        "Neue Benachrichtigung: Otto hat auf deine Frage zur Kofinanzierung geantwortet"
    )
    toast = page.get_by_role("complementary", name="Neue Benachrichtigungen")
    expect(
        toast.get_by_role("link", name="Otto hat auf deine Frage zur Kofinanzierung geantwortet")
    ).to_be_visible()
    assert page.evaluate("document.activeElement.tagName") == focused_before  # no focus stolen
    assert_accessible(page)

    bell.click()
    expect(page.locator("h1")).to_have_text("Benachrichtigungen")
    item = page.locator(".notification-item--unread")
    expect(item).to_have_count(1)
    assert_accessible(page)
    item.get_by_role("link", name="Otto hat auf deine Frage zur Kofinanzierung geantwortet").click()
    page.wait_for_url("**/ueber-uns/idee/")
    notification.refresh_from_db()
    assert notification.read_at is not None
    expect(page.locator("[data-notification-badge]")).to_be_hidden()

    page.goto("/benachrichtigungen/")
    expect(page.locator(".notification-item--unread")).to_have_count(0)
    expect(page.get_by_text("Du bist auf dem Laufenden")).to_be_visible()
    assert_clean(page)


def test_marking_read_from_the_live_note_updates_every_tab(demo, page, live_site, member):
    Notification.objects.create(recipient=member, kind="mention", title="Schon da")
    log_in(page, live_site, member)
    page.goto("/")
    second_tab = page.context.new_page()
    second_tab.goto("/ueber-uns/")
    for tab in (page, second_tab):
        wait_until_live(tab)
        expect(tab.locator("[data-notification-badge]")).to_have_text("1")

    notify(member, NotificationKind.CALL_REMINDER, "Morgen: Community Call zu Wirkungsmessung")
    expect(page.locator("[data-notification-badge]")).to_have_text("2")
    expect(second_tab.locator("[data-notification-badge]")).to_have_text("2")

    page.get_by_role("complementary", name="Neue Benachrichtigungen").get_by_role(
        "button", name="Als gelesen markieren"
    ).click()
    expect(page.locator("[data-notification-badge]")).to_have_text("1")
    expect(second_tab.locator("[data-notification-badge]")).to_have_text("1")
    expect(page.get_by_role("complementary", name="Neue Benachrichtigungen")).to_have_count(0)
    assert Notification.objects.get(recipient=member, kind="call_reminder").read_at is not None
    assert_clean(page)
    second_tab.close()


def test_settings_and_unsubscribe_pages(demo, page, live_site, member):
    log_in(page, live_site, member)
    page.goto("/konto/benachrichtigungen/")
    assert_accessible(page)
    answers = page.get_by_role("group", name="Antworten")
    answers.get_by_label("Per E-Mail").uncheck()
    page.get_by_label("Einmal in der Woche als Zusammenfassung").check()
    page.get_by_role("button", name="Einstellungen speichern").click()
    expect(page.get_by_text("Deine Benachrichtigungseinstellungen sind gespeichert.")).to_be_visible()
    expect(page.get_by_role("group", name="Antworten").get_by_label("Per E-Mail")).not_to_be_checked()
    preference = NotificationPreference.objects.get(user=member)
    assert preference.digest == "weekly" and not preference.wants_email("reply")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(f"/abmelden/{make_unsubscribe_token(member.pk, 'mention')}/")
    assert_accessible(page)
    page.get_by_role("button", name="Nur E-Mails zu „Erwähnungen“ abbestellen").click()
    expect(page.get_by_text("Du bekommst keine E-Mails zu „Erwähnungen“ mehr")).to_be_visible()
    preference.refresh_from_db()
    assert not preference.wants_email("mention")
    page.get_by_role("button", name="Rückgängig machen").click()
    expect(page.get_by_text("wieder eingeschaltet")).to_be_visible()
    preference.refresh_from_db()
    assert preference.wants_email("mention")
    assert_accessible(page)
    assert_clean(page)
