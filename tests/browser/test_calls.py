"""Community calls in Chromium: a member registers, sees the video link and downloads the calendar file with it,
then cancels; the member on the waiting list is told live and finds the place and the link on the page.
The index, the call page (for visitors, participants and waiting members) and "Meine Calls" pass axe."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser

TITLE = "Mädchen in MINT: Rollenvorbilder, die wirken"
VIDEO_URL = "https://video.example/raum-vorbilder-2519"


@pytest.fixture
def calls_site(live_site):
    """The site shell, the calls index, one call with a single place, and two members."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from community.calls.models import CommunityCallIndexPage, CommunityCallPage
    from community.members.models import Profile
    from home import demo
    from home.demo_support import DemoContext
    from home.models import HomePage

    demo.load(DemoContext(stdout=open(os.devnull, "w"), style=None))  # noqa: SIM115
    home = HomePage.objects.get()
    index = CommunityCallIndexPage(title="Community Calls", slug="community-calls", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    start = (timezone.now() + timedelta(days=6)).replace(minute=0, second=0, microsecond=0)
    call = CommunityCallPage(
        title=TITLE,
        slug="rollenvorbilder",
        summary="Ein kleines Werkstattgespräch über Vorbilder, die bei Schülerinnen nachwirken.",
        start_at=start,
        end_at=start + timedelta(minutes=60),
        capacity=1,
        video_url=VIDEO_URL,
        agenda=[
            {"type": "item", "value": {"title": "Ankommen", "minutes": 10, "speaker": "", "description": ""}},
            {
                "type": "item",
                "value": {"title": "Zwei Formate", "minutes": 30, "speaker": "", "description": ""},
            },
        ],
        live=False,
    )
    index.add_child(instance=call)
    call.tags.add("Mädchen in MINT")
    call.save_revision().publish()
    people = {}
    for first, last in (("Ria", "Registriert"), ("Wim", "Wartend")):
        user = get_user_model().objects.create_user(
            username=first.lower(), email=f"{first.lower()}@example.org", password="ein-sicheres-passwort"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        Profile.objects.create(user=user, display_name=f"{first} {last}")
        people[first.lower()] = user
    return {"call": CommunityCallPage.objects.get(pk=call.pk), **people}


def log_in(context, live_site, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_site.url}])


def test_register_see_the_link_cancel_and_the_waiting_member_moves_up(calls_site, page, browser, live_site):
    call_url = calls_site["call"].url

    # A visitor finds the call and is asked to log in.
    page.goto("/community-calls/")
    expect(page.get_by_role("heading", level=1, name="Community Calls")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_role("link", name="Anmelden und teilnehmen")).to_be_visible()
    assert VIDEO_URL not in page.content()
    assert_accessible(page)

    # Ria registers: the link and the calendar file with it appear.
    log_in(page.context, live_site, calls_site["ria"])
    page.reload()
    page.get_by_role("button", name="Jetzt anmelden").click()
    expect(page.get_by_text("Du bist angemeldet. Den Zugangslink")).to_be_visible()
    expect(page.get_by_role("link", name="Zur Videokonferenz")).to_have_attribute("href", VIDEO_URL)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Kalenderdatei mit Zugangslink (.ics)").click()
    calendar = Path(download_info.value.path()).read_text(encoding="utf-8").replace("\r\n ", "")
    assert "BEGIN:VEVENT" in calendar and VIDEO_URL in calendar and "Rollenvorbilder" in calendar
    assert_accessible(page)

    # Wim, in his own browser, gets the waiting list.
    other_context = browser.new_context(base_url=live_site.url, locale="de-DE", timezone_id="Europe/Berlin")
    other_context.set_default_timeout(10_000)
    log_in(other_context, live_site, calls_site["wim"])
    other = other_context.new_page()
    other.goto(call_url)
    expect(other.get_by_text("Der einzige Platz ist vergeben.")).to_be_visible()
    other.get_by_role("button", name="Auf die Warteliste").click()
    expect(other.get_by_text("Du stehst auf der Warteliste, auf Platz 1.")).to_be_visible()
    expect(other.get_by_role("link", name="Zur Videokonferenz")).to_have_count(0)
    assert VIDEO_URL not in other.content()
    assert_accessible(other)
    expect(other.locator("[data-notification-bell]")).to_have_attribute("data-live-state", "connected")

    # Ria cancels; the link is gone from her page.
    page.get_by_role("button", name="Teilnahme absagen").click()
    expect(page.get_by_text("Du hast deine Teilnahme abgesagt.")).to_be_visible()
    expect(page.get_by_role("link", name="Zur Videokonferenz")).to_have_count(0)
    assert VIDEO_URL not in page.content()

    # Wim is told at once, without reloading, and then finds his place and the link.
    expect(other.get_by_role("link", name="Benachrichtigungen, 1 ungelesen")).to_be_visible()
    other.reload()
    expect(other.locator(".call-registration__state--ok")).to_have_text("Du bist angemeldet.")
    expect(other.get_by_role("link", name="Zur Videokonferenz")).to_have_attribute("href", VIDEO_URL)
    assert_accessible(other)

    # "Meine Calls" with the personal calendar address.
    other.goto("/community-calls/meine/")
    expect(other.get_by_role("link", name=TITLE)).to_be_visible()
    other.get_by_role("button", name="Meine Kalenderadresse erstellen").click()
    expect(other.get_by_label("Deine Kalenderadresse")).to_have_value(
        re.compile(r"/community-calls/kalender/[\w-]{40,}\.ics$")
    )
    assert_accessible(other)
    other_context.close()

    from community.calls.models import Registration

    assert Registration.objects.get(user=calls_site["wim"]).status == "registered"
    assert_clean(page)


def test_registration_works_without_javascript(calls_site, browser, live_site):
    context = browser.new_context(base_url=live_site.url, locale="de-DE", java_script_enabled=False)
    log_in(context, live_site, calls_site["ria"])
    page = context.new_page()
    page.goto(calls_site["call"].url)
    page.get_by_role("button", name="Jetzt anmelden").click()
    expect(page.get_by_role("link", name="Zur Videokonferenz")).to_be_visible()
    page.get_by_role("button", name="Teilnahme absagen").click()
    expect(page.get_by_text("Du hast deine Teilnahme abgesagt.")).to_be_visible()
    context.close()
