"""The founding guide in Chromium: a member reads a chapter, ticks checklist items (saved in place), reloads,
marks the chapter as read and sees the progress on the guide page; an anonymous reader's ticks stay in the
browser; without JavaScript the checklist form still saves. Every page passes axe."""

import os
import re
import time

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser

PASSWORD = "ein-sicheres-passwort"
FIRST_ITEM = "Für jede Partnergruppe den konkreten Nutzen der Zusammenarbeit aufgeschrieben"
SECOND_ITEM = "Türöffner in Kammer, Wirtschaftsförderung und Schulamt gewonnen"


@pytest.fixture
def guide_site(transactional_db):
    """A home page as the site root, the demo guide with its eight chapters, and one member."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page, Site

    from home.demo_support import DemoContext
    from home.models import HomePage, SiteSettings
    from knowledge.guide import demo

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)
    demo.load(DemoContext(stdout=open(os.devnull, "w"), style=None))  # noqa: SIM115
    member = get_user_model().objects.create_user(
        username="erika", email="erika@example.org", password=PASSWORD, first_name="Erika"
    )
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    return {"member": member}


def wait_until(condition, timeout: float = 5) -> None:
    """Wait for something the page causes on the server (a fetch in flight) to be true."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not become true in time"
        time.sleep(0.05)


def log_in(page, email):
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.locator("form").filter(has=page.get_by_label("Passwort", exact=True)).locator(
        "button[type=submit]"
    ).first.click()
    expect(page.locator("summary.account-menu__toggle")).to_be_visible()


def test_member_reads_ticks_and_tracks_progress(page, guide_site):
    from knowledge.guide.models import ChecklistTick

    log_in(page, "erika@example.org")
    page.goto("/gruendungsleitfaden/")
    expect(page.get_by_text("0 von 8 Kapiteln gelesen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kapitel 2: Partner gewinnen entlang der Bildungskette").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner gewinnen entlang der Bildungskette")
    expect(page.get_by_text("Kapitel 2 von 8")).to_be_visible()
    outline = page.get_by_role("navigation", name="Auf dieser Seite")
    outline.get_by_role("link", name="Die richtige Ansprache").click()
    assert page.url.endswith("#die-richtige-ansprache")
    assert_accessible(page)

    # Ticks are saved in place: no reload, the status line says so, the save button is not needed.
    checklist = page.locator("[data-checklist]").filter(has_text="Checkliste Partnergewinnung")
    expect(checklist.get_by_role("button", name="Checkliste speichern")).to_be_hidden()
    checklist.get_by_label(FIRST_ITEM).check()
    expect(checklist.get_by_role("status")).to_have_text("Gespeichert.")
    checklist.get_by_label(SECOND_ITEM).check()
    expect(checklist.get_by_text("2 von 6 abgehakt")).to_be_visible()
    expect(checklist.get_by_role("status")).to_have_text("Gespeichert.")
    wait_until(lambda: ChecklistTick.objects.filter(user=guide_site["member"]).count() == 2)

    page.reload()
    checklist = page.locator("[data-checklist]").filter(has_text="Checkliste Partnergewinnung")
    expect(checklist.get_by_label(FIRST_ITEM)).to_be_checked()
    expect(checklist.get_by_label(SECOND_ITEM)).to_be_checked()
    expect(
        checklist.get_by_label("Auftakttreffen mit festen nächsten Schritten durchgeführt")
    ).not_to_be_checked()

    read_button = page.get_by_role("button", name="Kapitel als gelesen markieren")
    expect(read_button).to_have_attribute("aria-pressed", "false")
    read_button.click()
    expect(read_button).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("Du hast dieses Kapitel als gelesen markiert.")).to_be_visible()

    page.get_by_role("link", name="Inhalt", exact=True).click()
    expect(page.get_by_text("1 von 8 Kapiteln gelesen")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^2 von \d+ Checklistenpunkten abgehakt$"))).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "1")
    continue_link = page.get_by_role("link", name=re.compile(r"^Weiterlesen: Kapitel 3 · Vision und Ziele"))
    expect(continue_link).to_be_visible()
    assert_accessible(page)

    page.goto("/gruendungsleitfaden/gesamt/")
    expect(page.get_by_role("heading", name="Partner gewinnen entlang der Bildungskette")).to_be_visible()
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()
    assert_accessible(page)
    assert_clean(page)


def test_anonymous_reader_keeps_ticks_in_the_browser(page, guide_site):
    from knowledge.guide.models import ChapterProgress, ChecklistTick

    page.goto("/gruendungsleitfaden/partner-gewinnen/")
    checklist = page.locator("[data-checklist]").filter(has_text="Checkliste Partnergewinnung")
    expect(checklist.get_by_text("Deine Häkchen werden nur in diesem Browser gespeichert.")).to_be_visible()
    checklist.get_by_label(SECOND_ITEM).check()
    expect(checklist.get_by_role("status")).to_have_text("In diesem Browser gespeichert.")
    expect(checklist.get_by_text("1 von 6 abgehakt")).to_be_visible()
    assert_accessible(page)

    page.reload()
    checklist = page.locator("[data-checklist]").filter(has_text="Checkliste Partnergewinnung")
    expect(checklist.get_by_label(SECOND_ITEM)).to_be_checked()
    expect(checklist.get_by_label(FIRST_ITEM)).not_to_be_checked()
    expect(checklist.get_by_text("1 von 6 abgehakt")).to_be_visible()
    # Another chapter's checklist is its own.
    page.goto("/gruendungsleitfaden/bestandsaufnahme/")
    expect(page.locator(".checklist__checkbox:checked")).to_have_count(0)
    assert ChecklistTick.objects.count() == 0 and ChapterProgress.objects.count() == 0
    assert_accessible(page)
    assert_clean(page)


def test_member_ticks_without_javascript(browser, live_site, guide_site):
    from knowledge.guide.models import ChecklistTick

    context = browser.new_context(base_url=live_site.url, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "erika@example.org")
        page.goto("/gruendungsleitfaden/partner-gewinnen/")
        checklist = page.locator("[data-checklist]").filter(has_text="Checkliste Partnergewinnung")
        checklist.get_by_label(FIRST_ITEM).check()
        checklist.get_by_role("button", name="Checkliste speichern").click()
        page.wait_for_url(
            re.compile(r"/gruendungsleitfaden/partner-gewinnen/#checkliste-checkliste-partnergewinnung$")
        )
        expect(page.get_by_text("Deine Checkliste ist gespeichert.")).to_be_visible()
        checklist = page.locator("[data-checklist]").filter(has_text="Checkliste Partnergewinnung")
        expect(checklist.get_by_label(FIRST_ITEM)).to_be_checked()
        assert ChecklistTick.objects.filter(user=guide_site["member"]).count() == 1
        page.get_by_role("button", name="Kapitel als gelesen markieren").click()
        expect(page.get_by_role("button", name="Kapitel als gelesen markieren")).to_have_attribute(
            "aria-pressed", "true"
        )
    finally:
        context.close()
