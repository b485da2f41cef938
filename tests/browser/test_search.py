"""Browser journey through the site search: the header form, results with highlights, a facet click, and the
autocomplete of the search box (keyboard only), each state checked with axe."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser


@pytest.fixture
def search_site(live_site, settings, tmp_path):
    """A guide chapter, practice posts and a region, published in the live server's database; the site search
    indexes them through its signals (a fresh index of this test's own)."""
    from django.conf import settings as django_settings
    from django.db import connection
    from wagtail.models import Locale, Page, Site

    from community.regions.models import RegionIndexPage, RegionPage
    from home.models import HomePage, SiteSettings
    from knowledge.guide.models import GuideChapterPage, GuidePage
    from knowledge.practice.models import BestPracticePage, FailureStoryPage, PracticeIndexPage
    from search import engines

    settings.SEARCH_SQLITE_PATH = tmp_path / "search.sqlite3"
    engines.reset()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document")
            cursor.execute("DELETE FROM search_term")

    Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _ = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)

    def publish(parent, page, tags=()):
        parent.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        page.save_revision().publish()
        return page

    guide = publish(
        home,
        GuidePage(title="Auf dem Weg zur MINT-Region", slug="gruendungsleitfaden", intro="Der Leitfaden."),
    )
    publish(
        guide,
        GuideChapterPage(
            title="Netzwerkkoordination: Aufgaben und Rollen",
            slug="koordination",
            summary="Was eine Kümmerin im Netzwerk leistet und wie sie Partner gewinnt.",
            body=[],
        ),
        ["Netzwerkarbeit"],
    )
    practice = publish(
        home, PracticeIndexPage(title="Praxis & Erfahrungen", slug="praxis", intro="Aus den Regionen.")
    )
    publish(
        practice,
        BestPracticePage(
            title="Netzwerktreffen mit Kita und Grundschule",
            slug="netzwerktreffen",
            summary="Zweimal im Jahr an einem Tisch: so wächst das Netzwerk.",
            bundesland="NW",
            transferability="ja",
        ),
        ["Netzwerkarbeit", "Bildungskette"],
    )
    publish(
        practice,
        FailureStoryPage(
            title="Das Netzwerk, das nur auf dem Papier stand",
            slug="papiernetzwerk",
            summary="Zwanzig Partner unterschrieben, keiner kam zum zweiten Treffen.",
            bundesland="SN",
            goal="Ein großes Netzwerk.",
            what_went_wrong="Niemand fühlte sich zuständig.",
            lessons_learned="Erst Aufgaben, dann Unterschriften.",
        ),
        ["Netzwerkarbeit"],
    )
    regions = publish(home, RegionIndexPage(title="MINT-Regionen", slug="regionen"))
    publish(
        regions,
        RegionPage(title="MINT-Netzwerk Musterstadt", slug="musterstadt", bundesland="HE"),
        ["Bildungskette"],
    )
    yield live_site
    engines.reset()


def test_visitor_searches_filters_and_uses_autocomplete(search_site, page):
    page.goto("/")
    header_search = page.get_by_role("search", name="Suche auf der Website")
    header_search.get_by_label("Website durchsuchen").fill("Netzwerke")
    with page.expect_navigation():
        header_search.get_by_role("button", name="Suche").click()
    assert urlsplit(page.url).path == "/suche/"
    assert page.locator("h1").inner_text() == "Suche"
    status = page.get_by_role("status").filter(has_text="Treffer")
    assert re.search(r"4 Treffer für „Netzwerke“", status.inner_text())
    results = page.locator(".search-result")
    assert results.count() == 4
    assert page.locator(".search-result mark").count() >= 4  # highlighted matches
    assert page.locator(".search-badge").first.is_visible()
    assert_accessible(page)
    assert_clean(page)

    # A click on a topic in the facet sidebar filters; the state lives in the URL.
    facets = page.get_by_role("complementary")
    with page.expect_navigation():
        facets.get_by_role("link", name=re.compile("^Bildungskette")).click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["Netzwerke"] and len(query["tag"]) == 1
    assert page.locator(".search-result").count() == 2
    assert page.get_by_role("link", name=re.compile("^Thema: Bildungskette")).is_visible()
    assert_accessible(page)

    # Autocomplete: type, move with the arrow key, take the suggestion with Enter.
    box = page.get_by_role("combobox", name="Suchbegriff")
    box.fill("")
    box.press_sequentially("Netzwerkt", delay=40)
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    option = listbox.get_by_role("option", name="Netzwerktreffen mit Kita und Grundschule")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert_accessible(page)
    box.press("ArrowDown")
    assert page.locator("[role=option][aria-selected=true]").count() == 1
    with page.expect_navigation():
        box.press("Enter")
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["Netzwerktreffen mit Kita und Grundschule"]
    assert page.locator(".search-result").first.get_by_role("link").first.inner_text() == (
        "Netzwerktreffen mit Kita und Grundschule"
    )
    assert_accessible(page)
    assert_clean(page)


def test_typo_offers_a_better_spelling_and_works_without_javascript(search_site, browser):
    context = browser.new_context(base_url=search_site.url, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/suche/?q=Netzwerkkordination")
        suggestion = page.get_by_role("link", name="Netzwerkkoordination")
        assert page.get_by_text("Meintest du").is_visible()
        with page.expect_navigation():
            suggestion.click()
        assert page.locator(".search-result").count() >= 1
        # Facets are plain links: filtering works without JavaScript too.
        with page.expect_navigation():
            page.get_by_role("complementary").get_by_role("link", name=re.compile("^Netzwerkarbeit")).click()
        assert "tag=" in page.url
    finally:
        context.close()
