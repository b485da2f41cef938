import pytest
from wagtail.models import Page

from home.models import HomePage, SectionIndexPage, StandardPage

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)
    assert HomePage.max_count == 1
    from community.calls.models import CommunityCallIndexPage
    from community.regions.models import RegionIndexPage
    from knowledge.guide.models import GuidePage
    from knowledge.practice.models import PracticeIndexPage

    assert set(HomePage.allowed_subpage_models()) == {
        StandardPage,
        SectionIndexPage,
        RegionIndexPage,
        GuidePage,
        PracticeIndexPage,
        CommunityCallIndexPage,
    }
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage, SectionIndexPage}
    assert SectionIndexPage.allowed_parent_page_models() == [HomePage]
    assert StandardPage.allowed_subpage_models() == [StandardPage]


def test_home_page_can_not_be_created_twice(home_page):
    assert not HomePage.can_create_at(Page.get_first_root_node())


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "Die Werkstatt für alle"),
        ("/ueber-uns/", "Über Netzwerkstatt"),
        ("/ueber-uns/idee/", "Warum es Netzwerkstatt gibt"),
        ("/ueber-uns/netiquette/", "Fehler sind willkommen"),
        ("/impressum/", "Angaben gemäß"),
        ("/datenschutz/", "Deine Rechte"),
    ],
)
def test_demo_pages_render_in_german(client, site_shell, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert '<html lang="de">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "Zum Inhalt springen" in html  # the skip link, translated


def test_home_page_sections_show_deliberate_empty_states(client, site_shell):
    from home.sections import home_sections

    html = client.get("/").content.decode()
    for heading in [
        "Neu in Praxis &amp; Erfahrungen",
        "Nächste Community Calls",
        "Aktive Diskussionskanäle",
        "MINT-Regionen in Deutschland",
    ]:
        assert heading in html
    # Slots whose provider has nothing to show (the site shell has no content) render their empty state.
    for slot in home_sections.slots.values():
        assert str(slot.empty_title) in html


def test_main_navigation_and_breadcrumbs(client, site_shell):
    html = client.get("/ueber-uns/idee/").content.decode()
    assert '<nav id="site-nav"' in html
    assert '<a href="/ueber-uns/" aria-current="page">Über Netzwerkstatt</a>' in html
    assert 'aria-label="Brotkrumennavigation"' in html
    assert '<span aria-current="page">Die Idee</span>' in html


def test_footer_links_and_site_settings(client, site_shell):
    html = client.get("/").content.decode()
    assert 'href="/impressum/"' in html and 'href="/datenschutz/"' in html
    assert "redaktion@netzwerkstatt.example" in html


def test_not_found_page_is_german(client, site_shell):
    response = client.get("/diese-seite-gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_server_error_page_is_german_and_needs_no_database(rf):
    from home.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Etwas ist schiefgelaufen" in response.content.decode()


def test_unpublished_pages_are_not_public(client, home_page):
    draft = StandardPage(title="Entwurf", slug="entwurf", live=False)
    home_page.add_child(instance=draft)
    assert client.get("/entwurf/").status_code == 404
    assert "Entwurf" not in client.get("/").content.decode()


def test_home_page_query_count(client, site_shell, django_assert_max_num_queries):
    client.get("/")  # warm the caches as in production
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def _count_queries(client, path, cold=False):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_listing_query_count_does_not_grow_with_items(client, site_shell, cold):
    index = SectionIndexPage.objects.get(slug="ueber-uns")
    few = _count_queries(client, "/ueber-uns/", cold)
    for number in range(45):
        index.add_child(
            instance=StandardPage(title=f"Unterseite {number:02}", slug=f"unterseite-{number}", intro="Kurz.")
        )
    many = _count_queries(client, "/ueber-uns/", cold)
    assert many == few
    assert many <= 12


@pytest.mark.parametrize("path", ["/", "/ueber-uns/", "/ueber-uns/idee/", "/impressum/"])
def test_every_page_type_stays_within_twelve_queries_on_a_cold_cache(client, site_shell, path):
    assert _count_queries(client, path, cold=True) <= 12


def test_listing_is_paginated_without_losing_items(client, site_shell):
    index = SectionIndexPage.objects.get(slug="ueber-uns")
    for number in range(25):
        index.add_child(instance=StandardPage(title=f"Unterseite {number:02}", slug=f"unterseite-{number}"))
    first = client.get("/ueber-uns/").content.decode()
    assert first.count('class="card"') == SectionIndexPage.PAGE_SIZE
    assert '<a rel="next" href="?seite=2">' in first
    second = client.get("/ueber-uns/?seite=2").content.decode()
    assert "Unterseite 24" in second and '<a rel="prev" href="?seite=1">' in second
    assert second.count('class="card"') == 27 - SectionIndexPage.PAGE_SIZE  # 25 new + 2 demo pages
    # A nonsensical page number is answered, not an error.
    assert client.get("/ueber-uns/?seite=abc").status_code == 200


def test_restricted_pages_stay_out_of_navigation_footer_and_listings(client, site_shell):
    from wagtail.models import PageViewRestriction

    idee = StandardPage.objects.get(slug="idee")
    impressum = StandardPage.objects.get(slug="impressum")
    PageViewRestriction.objects.create(page=idee, restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.create(page=impressum, restriction_type=PageViewRestriction.LOGIN)
    listing = client.get("/ueber-uns/").content.decode()
    assert "Die Idee" not in listing and "Netiquette" in listing
    assert 'href="/impressum/"' not in client.get("/").content.decode()
    assert client.get("/ueber-uns/idee/").status_code == 302  # to the login page


def test_navigation_follows_publishing_at_once(client, site_shell, home_page):
    assert "Mitmachen-Seite" not in client.get("/").content.decode()  # the chrome is now cached
    page = StandardPage(title="Mitmachen-Seite", slug="mitmachen", show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert 'href="/mitmachen/"' in client.get("/").content.decode()
    page.unpublish()
    assert 'href="/mitmachen/"' not in client.get("/").content.decode()


def test_logged_in_member_sees_logout_form(client, site_shell, member):
    client.force_login(member)
    html = client.get("/").content.decode()
    assert "Abmelden" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_app_sections_join_the_main_navigation_after_the_menu_pages(client, site_shell):
    html = client.get("/themen/").content.decode()
    navigation = html.split('<nav id="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert navigation.index('href="/ueber-uns/"') < navigation.index('href="/themen/"')
    assert '<a href="/themen/" aria-current="page">Themen</a>' in navigation
    assert '<a href="/mitglieder/">Mitglieder</a>' in navigation
