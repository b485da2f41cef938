"""Browser journeys through Praxis & Erfahrungen: a visitor narrows the listing down (kind and Bundesland, then a
topic) and opens a post; the same filters work without JavaScript; the table of transferable activities."""

from datetime import timedelta

import pytest

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser


@pytest.fixture
def practice(live_site):
    """Home, a region, the practice index and five posts, in the live server's database."""
    from django.conf import settings
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from community.regions.models import RegionIndexPage, RegionPage
    from home.models import HomePage, SiteSettings
    from knowledge.practice.models import BestPracticePage, FailureStoryPage, PracticeIndexPage

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
    directory = RegionIndexPage(title="MINT-Regionen", slug="regionen")
    home.add_child(instance=directory)
    directory.save_revision().publish()
    erzgebirge = RegionPage(title="MINT-Netzwerk Erzgebirge", slug="erzgebirge", bundesland="SN")
    directory.add_child(instance=erzgebirge)
    erzgebirge.save_revision().publish()

    index = PracticeIndexPage(
        title="Praxis & Erfahrungen",
        slug="praxis",
        show_in_menus=True,
        intro="Was funktioniert – und was nicht.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()

    def add(model, title, days_ago, tags, **fields):
        page = model(title=title, first_published_at=timezone.now() - timedelta(days=days_ago), **fields)
        index.add_child(instance=page)
        page.tags.add(*tags)
        page.save_revision().publish()
        return page

    story = {
        "goal": "Ein großer Aktionstag.",
        "what_went_wrong": "Kaum jemand kam.",
        "lessons_learned": "Über Schulen einladen.",
    }
    add(
        FailureStoryPage, "Als das Wissen mit dem Ehrenamtlichen ging", 3, ["Ehrenamt", "Schülerlabore"],
        slug="wissen-ging", summary="Ein Schülerlabor hing an einer Person.", region=erzgebirge,
        byline="Koordination MINT-Netzwerk Erzgebirge", do_differently="Tandems bilden.",
        who_benefits="Schülerlabore mit Ehrenamtlichen.", **story,
    )  # fmt: skip
    add(
        FailureStoryPage, "Der MINT-Tag, zu dem kaum jemand kam", 8, ["Veranstaltungsformate", "Elternarbeit"],
        slug="mint-tag", summary="Zwanzig Betriebe, eine Turnhalle, ein Samstag.", bundesland="SN",
        anonymous=True, **story,
    )  # fmt: skip
    add(
        FailureStoryPage, "Drei Jahre Projektförderung", 12, ["Finanzierung"], slug="projektfoerderung",
        summary="Die Anschlussfinanzierung kam zu spät.", bundesland="ST", byline="Mehmet Beispiel", **story,
    )  # fmt: skip
    add(
        BestPracticePage, "Forscherkisten aus der Bibliothek", 5, ["Frühe MINT-Bildung", "Ehrenamt"],
        slug="forscherkisten", summary="Kitas leihen Kisten aus.", bundesland="SN", stages=["kita"],
        target_groups=["kinder"], partners="Kreisbibliothek\nKita-Fachberatung", effort="mittel",
        resources="400 Euro je Kiste.", transferability="ja", transfer_conditions="Eine Bibliothek.",
        contact="Koordination, kisten@example.org", byline="Netzwerk Erzgebirge",
    )  # fmt: skip
    add(
        BestPracticePage, "Betriebsrundgang für Lehrkräfte", 20, ["Lehrkräftefortbildung"], slug="rundgang",
        summary="Lehrkräfte besuchen Betriebe.", bundesland="RP", transferability="teilweise",
        transfer_conditions="Betriebe in Busnähe.", effort="gering",
    )  # fmt: skip
    return index


def card_titles(page) -> list[str]:
    return page.locator(".practice-card__title").all_inner_texts()


def test_visitor_filters_the_listing_and_opens_a_story(practice, page):
    page.goto("/praxis/")
    assert page.locator("h1").inner_text() == "Praxis & Erfahrungen"
    assert len(card_titles(page)) == 5
    assert_accessible(page)

    # With JavaScript the results follow each choice at once, and the address records the state.
    page.get_by_label("Art", exact=True).select_option("story-of-failure")
    page.wait_for_url("**/praxis/?art=story-of-failure")
    assert len(card_titles(page)) == 3
    page.get_by_label("Bundesland", exact=True).select_option("SN")
    page.wait_for_url("**/praxis/?art=story-of-failure&land=SN")
    assert card_titles(page) == [
        "Als das Wissen mit dem Ehrenamtlichen ging",
        "Der MINT-Tag, zu dem kaum jemand kam",
    ]
    assert page.locator("#practice-live").inner_text().startswith("Beiträge 1 bis 2")
    page.get_by_label("Thema", exact=True).select_option(label="Ehrenamt")
    page.wait_for_url("**/praxis/?art=story-of-failure&thema=ehrenamt&land=SN")
    assert card_titles(page) == ["Als das Wissen mit dem Ehrenamtlichen ging"]
    chips = page.locator(".practice-active-filters .chip")
    assert chips.count() == 3
    assert page.title().startswith("Praxis & Erfahrungen: Stories of Failure, Ehrenamt, Sachsen")
    assert_accessible(page)

    # Removing one chip keeps the other filters.
    page.get_by_role("link", name="Filter entfernen: Thema: Ehrenamt").click()
    page.wait_for_url("**/praxis/?art=story-of-failure&land=SN")
    assert len(card_titles(page)) == 2
    # Back in history restores the earlier state.
    page.go_back()
    page.wait_for_url("**/praxis/?art=story-of-failure&thema=ehrenamt&land=SN")

    page.get_by_role("link", name="Als das Wissen mit dem Ehrenamtlichen ging").click()
    page.wait_for_url("**/praxis/wissen-ging/")
    assert page.locator("h1").inner_text() == "Als das Wissen mit dem Ehrenamtlichen ging"
    for heading in ("Was wir vorhatten", "Was schiefging", "Was wir gelernt haben"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert page.get_by_role("link", name="MINT-Netzwerk Erzgebirge").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Forscherkisten aus der Bibliothek").click()  # a related post
    page.wait_for_url("**/praxis/forscherkisten/")
    assert page.get_by_role("heading", name="Beteiligte Partner").is_visible()
    assert_accessible(page)
    assert_clean(page)


def test_an_anonymous_story_in_the_browser(practice, page):
    page.goto("/praxis/mint-tag/")
    assert page.locator(".practice-post__byline").inner_text().startswith("Anonym veröffentlicht")
    assert_accessible(page)
    assert_clean(page)


def test_filters_work_without_javascript(practice, browser, live_site):
    context = browser.new_context(base_url=live_site.url, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/praxis/")
        page.get_by_label("Bundesland", exact=True).select_option("SN")
        page.get_by_label("Nur übertragbare Praxisbeispiele").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Anzeigen").click()
        # The submitted form (with its empty fields) lands on the short address of the state.
        assert page.url.endswith("/praxis/?land=SN&uebertragbar=ja")
        assert card_titles(page) == ["Forscherkisten aus der Bibliothek"]
    finally:
        context.close()


def test_the_table_of_transferable_activities(practice, page):
    page.goto("/praxis/")
    page.get_by_role("link", name="Tabelle der übertragbaren Aktivitäten").click()
    page.wait_for_url("**/praxis/uebertragbar/")
    table = page.get_by_role("table", name="Übertragbare Aktivitäten der MINT-Regionen")
    assert table.get_by_role("row").count() == 3  # header and two activities
    assert table.get_by_role("rowheader", name="Forscherkisten aus der Bibliothek").is_visible()
    page.get_by_label("Bundesland", exact=True).select_option("RP")
    page.wait_for_url("**/praxis/uebertragbar/?land=RP")
    assert page.get_by_role("table").get_by_role("row").count() == 2
    assert_accessible(page)
    assert_clean(page)
