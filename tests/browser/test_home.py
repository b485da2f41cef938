import pytest
from django.core.management import call_command

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo_content", quiet_credentials=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_home_page_in_chromium(demo, page):
    page.goto("/")
    assert page.title() == "Netzwerkstatt · Netzwerkstatt"
    assert page.locator("h1").inner_text().startswith("Die Werkstatt für alle")
    from home.sections import home_sections

    unfilled = [slot for slot in home_sections.slots.values() if slot.provider is None]
    assert page.locator(".home-section .empty-state").count() == len(unfilled)
    assert_accessible(page)
    assert_clean(page)


def test_visitor_navigates_by_keyboard_and_menu(demo, page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Über Netzwerkstatt"
    ).click()
    page.get_by_role("link", name="Netiquette").click()
    assert page.locator("h1").inner_text() == "Netiquette"
    assert page.get_by_role("navigation", name="Brotkrumennavigation").is_visible()
    assert_accessible(page)

    page.get_by_role("contentinfo").get_by_role("link", name="Impressum").click()
    assert page.locator("h1").inner_text() == "Impressum"
    assert_accessible(page)
    assert_clean(page)


def test_small_screen_menu_toggle(demo, page):
    page.set_viewport_size({"width": 380, "height": 800})
    page.goto("/")
    toggle = page.get_by_role("button", name="Menü")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Über Netzwerkstatt").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Über Netzwerkstatt").is_visible()
    assert_accessible(page)
    assert_clean(page)


def test_language_switch_in_the_browser(demo, page):
    page.goto("/ueber-uns/")
    with page.expect_navigation():
        page.get_by_label("Sprache").select_option("en")
    assert page.url.endswith("/ueber-uns/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Log in").is_visible()
    assert_clean(page)


def test_not_found_page(demo, page):
    response = page.goto("/gibt-es-nicht/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Seite nicht gefunden"
    assert_accessible(page)
