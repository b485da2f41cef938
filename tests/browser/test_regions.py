"""Browser journeys through the regional directory: a visitor filters the map and opens a region; a
coordinator proposes a change to their region."""

from decimal import Decimal

import pytest

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser

PASSWORD = "ein-sicheres-passwort"


@pytest.fixture
def directory_with_regions(live_site):
    """Home, directory, four regions, one state office and a coordinator, in the live server's database."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page, Site

    from community.members.models import Profile
    from community.regions.models import RegionIndexPage, RegionPage, StateOfficePage
    from home.models import HomePage, SiteSettings

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    # Transactional tests flush the database, Wagtail's tree root included.
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _ = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)
    index = RegionIndexPage(title="MINT-Regionen", slug="regionen", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()

    coordinator = get_user_model().objects.create_user(
        username="carla", email="carla@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(user=coordinator, email=coordinator.email, verified=True, primary=True)
    Profile.objects.create(
        user=coordinator, display_name="Carla Koordinatorin", role="coordinator", bundesland="BY",
        visibility={"display_name": "public"},
    )  # fmt: skip

    specs = [
        ("technikland-allgaeu", "Technikland Allgäu", "BY", "47.7267", "10.3139", ["kita", "school", "club"]),
        (
            "mint-netz-regensburg",
            "MINT-Netz Regensburg",
            "BY",
            "49.0134",
            "12.1016",
            ["school", "university"],
        ),
        ("mint-bergisch", "MINT.Bergisch", "NW", "51.2562", "7.1508", ["school", "company"]),
        ("ostthueringen", "Forschernetz Ostthüringen", "TH", "50.8806", "12.0833", ["student_lab"]),
    ]
    regions = {}
    for slug, title, land, lat, lon, partners in specs:
        region = RegionPage(
            title=title,
            slug=slug,
            bundesland=land,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            founded_year=2015,
            organisational_form="association",
            partner_types=partners,
            financing="Vereinsbeiträge und Spenden.",
            goals="Tüftelwerkstätten in allen Grundschulen",
            intro=f"{title} bringt Schulen und Betriebe zusammen.",
        )
        index.add_child(instance=region)
        region.tags.add("Mädchen in MINT")
        if slug == "technikland-allgaeu":
            region.coordinators.add(coordinator)
        region.save_revision().publish()
        regions[slug] = region
    office = StateOfficePage(
        title="Koordinierungsstelle Bayern", slug="bayern", bundesland="BY",
        latitude=Decimal("48.1351"), longitude=Decimal("11.5820"),
    )  # fmt: skip
    index.add_child(instance=office)
    office.save_revision().publish()
    return {"regions": regions, "coordinator": coordinator}


def test_visitor_filters_the_map_by_land_and_opens_a_region(directory_with_regions, page):
    page.goto("/regionen/")
    assert page.locator("h1").inner_text() == "MINT-Regionen"
    assert page.locator("svg.germany-map use.germany-map__land").count() == 16
    assert page.locator("a.germany-map__marker--region").count() == 4
    assert page.locator(".land-summary__item--white-spot").count() == 13
    assert_accessible(page)

    page.get_by_label("Bundesland", exact=True).select_option("BY")
    with page.expect_navigation():
        page.get_by_role("button", name="Anzeigen").click()
    assert page.url.endswith("/regionen/?land=BY")  # the short URL of this filter state

    marker = page.get_by_role("link", name="MINT-Region Technikland Allgäu (Bayern)")
    assert marker.is_visible()
    assert page.locator("a.germany-map__marker--region").count() == 2
    assert (
        page.get_by_role(
            "link", name="Landeskoordinierungsstelle Koordinierungsstelle Bayern (Bayern)"
        ).count()
        == 1
    )
    row = page.locator("tr.region-table__row", has_text="Technikland Allgäu")
    assert row.is_visible()
    assert page.locator("tr.region-table__row", has_text="MINT.Bergisch").count() == 0
    assert page.locator("svg.germany-map").get_attribute("class").endswith("germany-map--zoomed")

    # The enhancement links marker and row: pointing at the marker highlights the row.
    marker.hover()
    assert "is-highlighted" in row.get_attribute("class")
    page.mouse.move(0, 0)
    assert "is-highlighted" not in row.get_attribute("class")
    assert_accessible(page)
    assert_clean(page)

    row.get_by_role("link", name="Technikland Allgäu").click()
    page.wait_for_url("**/regionen/technikland-allgaeu/")
    assert page.locator("h1").inner_text() == "Technikland Allgäu"
    assert page.get_by_role("img", name="Lage von Technikland Allgäu in Bayern").is_visible()
    assert page.get_by_text("Carla Koordinatorin").is_visible()
    assert (
        page.get_by_role("link", name="Mädchen in MINT").get_attribute("href") == "/themen/mädchen-in-mint/"
    )
    assert page.get_by_role("link", name="Koordinierungsstelle Bayern").is_visible()
    assert_accessible(page)
    assert_clean(page)


def test_the_directory_works_by_keyboard(directory_with_regions, page):
    page.goto("/regionen/?land=TH")
    marker = page.get_by_role("link", name="MINT-Region Forschernetz Ostthüringen (Thüringen)")
    marker.focus()
    row = page.locator("tr.region-table__row", has_text="Forschernetz Ostthüringen")
    assert "is-highlighted" in row.get_attribute("class")
    page.keyboard.press("Enter")
    page.wait_for_url("**/regionen/ostthueringen/")
    assert page.locator("h1").inner_text() == "Forschernetz Ostthüringen"
    assert_clean(page)


def test_coordinator_proposes_a_change(directory_with_regions, page):
    from community.regions.models import RegionChangeProposal

    page.goto("/regionen/technikland-allgaeu/vorschlag/")
    page.wait_for_url("**/konto/login/**")
    page.get_by_label("E-Mail").fill("carla@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/regionen/technikland-allgaeu/vorschlag/")
    assert page.locator("h1").inner_text() == "Änderung vorschlagen"
    financing = page.get_by_label("Finanzierung")
    assert financing.input_value() == "Vereinsbeiträge und Spenden."
    assert page.get_by_role("checkbox", name="Kitas").is_checked()
    assert_accessible(page)

    # A founding year in the future is refused, and what was typed stays.
    page.get_by_label("Gegründet").fill("2999")
    financing.fill("Vereinsbeiträge, Spenden und ab 2026 ein Zuschuss des Landkreises.")
    page.get_by_role("checkbox", name="Kammern (IHK, HWK)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlag senden").click()
    assert page.get_by_role("alert").is_visible()
    assert "Das Gründungsjahr kann nicht in der Zukunft liegen." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Finanzierung").input_value().startswith("Vereinsbeiträge, Spenden und ab 2026")
    assert page.get_by_role("checkbox", name="Kammern (IHK, HWK)").is_checked()
    assert_accessible(page)

    page.get_by_label("Gegründet").fill("2015")
    page.get_by_label("Nachricht an die Redaktion").fill("Der Landkreis hat den Zuschuss beschlossen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlag senden").click()
    page.wait_for_url("**/regionen/technikland-allgaeu/")
    assert page.locator(".messages").inner_text().startswith("Danke! Die Redaktion prüft deinen Vorschlag")
    proposal = RegionChangeProposal.objects.get()
    assert proposal.proposed_values["partner_types"] == ["kita", "school", "chamber", "club"]
    assert proposal.message == "Der Landkreis hat den Zuschuss beschlossen."
    assert_accessible(page)
    assert_clean(page)
