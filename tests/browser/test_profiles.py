"""Profile journey in Chromium: fill the profile (a topic through the autocomplete), hide a field, check the
preview as the public and as members; another member finds the profile by topic and follows it."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser

PASSWORD = "ein-sicheres-passwort"


def button_name(action: str, title: str) -> re.Pattern:
    """The follow button's accessible name: its visible text and, for screen readers, whom it is about."""
    return re.compile(rf"^{action}\W+{title}$")


@pytest.fixture
def journey_site(transactional_db):
    """A home page as the site root (the test database is flushed between browser tests), two members."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page, Site

    from community.members.models import Profile
    from home.models import HomePage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    users = {}
    for key, email, first_name in [
        ("erika", "erika@example.org", "Erika"),
        ("otto", "otto@example.org", "Otto"),
    ]:
        user = get_user_model().objects.create_user(
            username=key, email=email, password=PASSWORD, first_name=first_name
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        users[key] = user
    # Otto's profile brings the topic into the vocabulary that Erika's autocomplete suggests.
    otto = Profile.objects.create(user=users["otto"], display_name="Otto Andersmann", role="coordinator")
    otto.topics.set(["Schülerlabore", "Schulentwicklung"])
    return users


def log_in(page, email):
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.locator("form").filter(has=page.get_by_label("Passwort", exact=True)).locator(
        "button[type=submit]"
    ).first.click()
    expect(page.locator("summary.account-menu__toggle")).to_be_visible()


def log_out(page):
    page.locator("summary.account-menu__toggle").click()
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("link", name="Anmelden").first).to_be_visible()


def test_member_profile_preview_directory_and_follow(page, journey_site):
    log_in(page, "erika@example.org")

    # 1. Fill the profile. The display name was prefilled from the account's first name.
    page.locator("summary.account-menu__toggle").click()
    page.get_by_role("link", name="Profil bearbeiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dein Profil")
    name = page.get_by_label("Anzeigename", exact=True)
    expect(name).to_have_value("Erika")
    name.fill("Erika Beispiel")
    page.get_by_label("Rolle im Netzwerk", exact=True).select_option("coordinator")
    page.get_by_label("Organisation", exact=True).fill("MINT-Netzwerk Nordheide")
    page.get_by_label("Bundesland", exact=True).select_option("NI")
    page.get_by_label("Ich kann helfen bei", exact=True).fill("Kooperationsverträge mit Schulen")
    page.get_by_label("Über mich", exact=True).fill(
        "Ich koordiniere **seit 2019** ein Netzwerk in der Heide."
    )

    # A topic through the autocomplete, with the keyboard only.
    topics = page.get_by_role("combobox", name="Themen", exact=True)
    topics.click()
    topics.press_sequentially("schül", delay=30)
    option = page.get_by_role("option", name="Schülerlabore")
    expect(option).to_be_visible()
    expect(topics).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(
        1
    )  # "Schulentwicklung" does not contain "schül"
    topics.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(topics).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    topics.press("Enter")  # takes the suggestion and does not submit the form
    expect(topics).to_have_value("Schülerlabore, ")
    expect(topics).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".tag-input [role=status]")).to_have_text("„Schülerlabore“ übernommen")
    topics.press_sequentially("Ganztag", delay=10)  # a new topic, typed as plain text
    topics.press("Escape")

    # Who sees what: the name and the help offer for everyone, the organisation for nobody but Erika.
    page.get_by_label("Sichtbar für: Anzeigename").select_option(label="Alle")
    page.get_by_label("Sichtbar für: Ich kann helfen bei").select_option(label="Alle")
    page.get_by_label("Sichtbar für: Organisation").select_option(label="Nur ich")
    assert_accessible(page)
    page.get_by_role("button", name="Profil speichern").click()
    expect(page.get_by_role("status").filter(has_text="Dein Profil ist gespeichert.")).to_be_visible()
    expect(topics).to_have_value("Ganztag, Schülerlabore")

    # 2. The preview as the public, then as members.
    page.get_by_role("link", name="So sehen mich Besucher:innen").click()
    preview = page.locator(".profile-preview")
    expect(preview.get_by_role("heading", name="Erika Beispiel")).to_be_visible()
    expect(preview).to_contain_text("Kooperationsverträge mit Schulen")
    for hidden in ("MINT-Netzwerk Nordheide", "Schülerlabore", "Niedersachsen", "seit 2019"):
        expect(preview).not_to_contain_text(hidden)
    assert_accessible(page)
    page.get_by_role("link", name="Angemeldete Mitglieder").click()
    expect(page.get_by_role("link", name="Angemeldete Mitglieder")).to_have_attribute("aria-current", "page")
    for shown in (
        "Kooperationsverträge mit Schulen",
        "Schülerlabore",
        "Niedersachsen",
        "Netzwerkkoordinator:in",
    ):
        expect(preview).to_contain_text(shown)
    expect(preview.locator("strong")).to_have_text("seit 2019")  # Markdown rendered
    expect(preview).not_to_contain_text("MINT-Netzwerk Nordheide")
    assert_clean(page)
    log_out(page)

    # 3. Otto finds Erika in the directory by topic and follows her.
    log_in(page, "otto@example.org")
    page.get_by_role("link", name="Mitglieder", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitglieder")
    topic_filter = page.get_by_role("combobox", name="Thema", exact=True)
    topic_filter.press_sequentially("Schül", delay=30)
    page.get_by_role("option", name="Schülerlabore").click()
    expect(topic_filter).to_have_value("Schülerlabore")
    page.get_by_role("button", name="Mitglieder anzeigen").click()
    expect(page).to_have_url(re.compile(r"/mitglieder/\?thema=Sch%C3%BClerlabore$"))  # no empty filters
    cards = page.locator(".member-card")
    expect(cards).to_have_count(2)  # Erika and Otto himself
    erika = cards.filter(has=page.get_by_role("link", name="Erika Beispiel"))
    expect(erika).to_contain_text("Kooperationsverträge mit Schulen")
    expect(erika).not_to_contain_text("MINT-Netzwerk Nordheide")
    assert_accessible(page)

    follow = erika.get_by_role("button", name=button_name("Folgen", "Erika Beispiel"))
    follow.click()
    expect(
        erika.get_by_role("button", name=button_name("Nicht mehr folgen", "Erika Beispiel"))
    ).to_be_visible()
    expect(erika.get_by_role("status")).to_have_text("Du folgst jetzt „Erika Beispiel“.")
    assert page.url.endswith("/mitglieder/?thema=Sch%C3%BClerlabore")  # followed in place, no reload

    page.get_by_role("link", name="Erika Beispiel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erika Beispiel")
    expect(
        page.get_by_role("button", name=button_name("Nicht mehr folgen", "Erika Beispiel"))
    ).to_be_visible()
    page.locator("summary.account-menu__toggle").click()
    page.get_by_role("link", name="Meine Abos").click()
    expect(page.get_by_role("link", name="Erika Beispiel")).to_be_visible()
    assert_accessible(page)
    assert_clean(page)


def test_follow_button_works_without_javascript(browser, live_site, journey_site):
    from community.members import follow

    context = browser.new_context(base_url=live_site.url, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "erika@example.org")
        otto = journey_site["otto"]
        page.goto(f"/mitglieder/{otto.pk}/")
        page.get_by_role("button", name=button_name("Folgen", "Otto Andersmann")).click()
        expect(page.get_by_text("Du folgst jetzt „Otto Andersmann“.")).to_be_visible()
        expect(
            page.get_by_role("button", name=button_name("Nicht mehr folgen", "Otto Andersmann"))
        ).to_be_visible()
        assert follow.is_following(journey_site["erika"], otto)
    finally:
        context.close()
