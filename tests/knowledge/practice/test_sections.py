"""Posts elsewhere on the site: the home page's "knowledge" slot and a region page's two lists."""

import pytest

from .conftest import count_queries

pytestmark = pytest.mark.django_db


def home_section(html: str) -> str:
    start = html.index('class="home-section home-section--knowledge"')
    return html[start : html.index("</section>", start)]


def region_section(html: str, key: str) -> str:
    start = html.index(f'class="region-section region-section--{key}"')
    return html[start : html.index("</section>", start)]


def test_home_shows_the_newest_posts_of_both_kinds(client, make_post):
    make_post("bp", "Alt", days_ago=90)
    make_post("bp", "Neu eins", days_ago=1, bundesland="HE")
    make_post("bp", "Neu zwei", days_ago=3)
    make_post("sof", "Story neu", days_ago=2)
    make_post("sof", "Story alt", days_ago=60)
    make_post("sof", "Story ganz alt", days_ago=120)
    section = home_section(client.get("/").content.decode())
    order = ["Neu eins", "Story neu", "Neu zwei", "Story alt"]
    positions = [section.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Alt<" not in section and "Story ganz alt" not in section
    assert "Hessen" in section and 'href="/praxis/"' in section and 'href="/praxis/uebertragbar/"' in section


def test_home_section_is_refreshed_on_publishing_and_unpublishing(client, make_post):
    make_post("bp", "Erster Beitrag", days_ago=5)
    assert "Erster Beitrag" in home_section(client.get("/").content.decode())
    newer = make_post("sof", "Frisch veröffentlicht")
    assert "Frisch veröffentlicht" in home_section(client.get("/").content.decode())
    newer.unpublish()
    assert "Frisch veröffentlicht" not in home_section(client.get("/").content.decode())


def test_home_section_without_posts_shows_the_empty_state(client, practice_index):
    section = home_section(client.get("/").content.decode())
    assert "empty-state" in section


def test_home_section_cost_does_not_grow(client, make_post):
    make_post("bp", tags=["Ehrenamt"])
    make_post("sof", tags=["Ehrenamt"])
    cold = count_queries(client, "/")
    warm = count_queries(client, "/", cold=False)
    for _ in range(10):
        make_post("bp", tags=["Ehrenamt"])
        make_post("sof")
    assert count_queries(client, "/") == cold
    assert count_queries(client, "/", cold=False) == warm


def test_anonymous_author_is_not_named_on_the_home_page(client, make_post, make_user):
    author = make_user("Olga Ohnename")
    make_post("sof", "Geheim gescheitert", author=author, byline="Olga Ohnename", anonymous=True)
    section = home_section(client.get("/").content.decode())
    assert "Geheim gescheitert" in section and "Olga" not in section


def test_region_page_lists_its_own_live_posts_by_kind(client, make_post, aachen, make_region, make_user):
    other = make_region("Technikland Allgäu", "BY", slug="allgaeu")
    author = make_user("Rita Regional")
    make_post("bp", "Patenschaften im Revier", region=aachen, byline="Geschäftsstelle Aachen", days_ago=2)
    make_post("bp", "Entwurf im Revier", region=aachen, publish=False)
    make_post("bp", "Allgäuer Praxis", region=other)
    make_post(
        "sof", "Gescheitert im Revier", region=aachen, author=author, byline="Rita Regional", anonymous=True
    )
    html = client.get("/regionen/aachener-revier/").content.decode()
    best = region_section(html, "best_practice")
    assert "Patenschaften im Revier" in best and "Geschäftsstelle Aachen" in best
    assert "Entwurf im Revier" not in best and "Allgäuer Praxis" not in best
    assert "Gescheitert im Revier" not in best
    stories = region_section(html, "stories_of_failure")
    assert "Gescheitert im Revier" in stories and "Anonym veröffentlicht" in stories
    assert "Rita" not in html
    # The other region's page has no Story of Failure: its slot shows the empty state.
    allgaeu = client.get("/regionen/allgaeu/").content.decode()
    assert "Allgäuer Praxis" in region_section(allgaeu, "best_practice")
    assert "empty-state" in region_section(allgaeu, "stories_of_failure")


def test_region_lists_are_limited_and_link_to_the_filtered_listing(client, make_post, aachen):
    for number in range(7):
        make_post("bp", f"Praxis {number}", region=aachen, days_ago=number + 1)
    best = region_section(client.get("/regionen/aachener-revier/").content.decode(), "best_practice")
    assert best.count('class="card"') == 5
    assert "Praxis 0" in best and "Praxis 5" not in best
    assert (
        'href="/praxis/?art=praxisbeispiel&amp;land=NW">Alle Praxisbeispiele aus Nordrhein-Westfalen' in best
    )


def test_region_page_cost_does_not_grow_with_its_posts(client, make_post, aachen):
    make_post("bp", region=aachen)
    make_post("sof", region=aachen)
    few = count_queries(client, "/regionen/aachener-revier/")
    for _ in range(6):
        make_post("bp", region=aachen)
        make_post("sof", region=aachen)
    assert count_queries(client, "/regionen/aachener-revier/") == few
