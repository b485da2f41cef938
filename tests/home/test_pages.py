import pytest
from django.test import Client
from wagtail.models import Page

from home.models import HomePage, SectionIndexPage, StandardPage

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)
    assert HomePage.max_count == 1
    assert set(HomePage.allowed_subpage_models()) == {StandardPage, SectionIndexPage}
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
def test_demo_pages_render_in_german(client, demo_site, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert '<html lang="de">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "Zum Inhalt springen" in html  # the skip link, translated


def test_home_page_sections_show_deliberate_empty_states(client, demo_site):
    html = client.get("/").content.decode()
    for heading in [
        "Neu in Praxis &amp; Erfahrungen",
        "Nächste Community Calls",
        "Aktive Diskussionskanäle",
        "MINT-Regionen in Deutschland",
    ]:
        assert heading in html
    assert html.count('class="empty-state"') == 4


def test_main_navigation_and_breadcrumbs(client, demo_site):
    html = client.get("/ueber-uns/idee/").content.decode()
    assert '<nav id="site-nav"' in html
    assert '<a href="/ueber-uns/" aria-current="page">Über Netzwerkstatt</a>' in html
    assert 'aria-label="Brotkrumennavigation"' in html
    assert '<span aria-current="page">Die Idee</span>' in html


def test_footer_links_and_site_settings(client, demo_site):
    html = client.get("/").content.decode()
    assert 'href="/impressum/"' in html and 'href="/datenschutz/"' in html
    assert "redaktion@netzwerkstatt.example" in html


def test_not_found_page_is_german(client, demo_site):
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


def test_home_page_query_count(client, demo_site, django_assert_max_num_queries):
    client.get("/")  # warm Wagtail's site-root cache as in production
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def _count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_listing_query_count_does_not_grow_with_items(client, demo_site, django_assert_max_num_queries):
    index = SectionIndexPage.objects.get(slug="ueber-uns")
    few = _count_queries(client, "/ueber-uns/")
    for number in range(25):
        index.add_child(
            instance=StandardPage(
                title=f"Unterseite {number}", slug=f"unterseite-{number}", intro="Kurz erklärt."
            )
        )
    many = _count_queries(client, "/ueber-uns/")
    assert many == few
    assert many <= 12
    assert "Unterseite 24" in Client().get("/ueber-uns/").content.decode()


def test_logged_in_member_sees_logout_form(client, demo_site, member):
    client.force_login(member)
    html = client.get("/").content.decode()
    assert "Abmelden" in html
    assert 'name="csrfmiddlewaretoken"' in html
