""" "Aus der Praxis": the live posts that share a chapter's topics, ranked by shared topics, anonymity respected."""

import re

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def practice_section(html: str) -> str:
    start = html.index('id="chapter-practice"')
    return html[start : html.index("</section>", start)]


def test_posts_sharing_topics_appear_most_shared_first(client, make_chapter, make_post):
    chapter = make_chapter(tags=["Finanzierung", "Verstetigung", "Fördermittel"])
    one = make_post("Ein gemeinsames Thema", tags=["Finanzierung", "Ganztag"])
    three = make_post(
        "Drei gemeinsame Themen", tags=["Finanzierung", "Verstetigung", "Fördermittel"], failure=True
    )
    two = make_post("Zwei gemeinsame Themen", tags=["Verstetigung", "Fördermittel"])
    make_post("Kein gemeinsames Thema", tags=["Ganztag"])
    make_post("Ganz ohne Themen")

    section = practice_section(client.get(chapter.url).content.decode())
    assert "Aus der Praxis" in section
    titles = re.findall(
        r'<h3 class="card__title practice-card__title"><a href="([^"]+)">([^<]+)</a>', section
    )
    assert titles == [
        (three.url, "Drei gemeinsame Themen"),
        (two.url, "Zwei gemeinsame Themen"),
        (one.url, "Ein gemeinsames Thema"),
    ]
    assert '<span class="kind-badge kind-badge--failure">Story of Failure</span>' in section
    assert section.count('<span class="kind-badge kind-badge--best_practice">Best Practice</span>') == 2
    assert "Eine kurze Zusammenfassung." in section


def test_drafts_are_left_out_and_at_most_six_posts_are_shown(client, make_chapter, make_post):
    chapter = make_chapter(tags=["Partnergewinnung"])
    make_post("Noch ein Entwurf", tags=["Partnergewinnung"], publish=False)
    for number in range(8):
        make_post(f"Beitrag Nummer {number}", tags=["Partnergewinnung"])
    section = practice_section(client.get(chapter.url).content.decode())
    assert "Noch ein Entwurf" not in section
    assert section.count('class="card practice-card') == 6


def test_an_anonymous_post_shows_no_author(client, make_chapter, make_post, member):
    chapter = make_chapter(tags=["Mädchen in MINT"])
    make_post(
        "Was wir beim Mädchen-Technik-Tag gelernt haben",
        tags=["Mädchen in MINT"],
        failure=True,
        anonymous=True,
        byline="Erika Geheim, MINT-Region Verborgen",
        author=member,
    )
    make_post("Offen berichtet", tags=["Mädchen in MINT"], byline="Jana Beispiel, MINT-Region Musterland")
    html = client.get(chapter.url).content.decode()
    assert "Erika Geheim" not in html and "Verborgen" not in html
    assert member.first_name not in html and member.email not in html
    assert "von Jana Beispiel, MINT-Region Musterland" in practice_section(html)


def test_a_chapter_without_matching_posts_shows_an_empty_state(client, make_chapter, make_post):
    chapter = make_chapter(tags=["Datenschutz"])
    make_post("Anderes Thema", tags=["Ganztag"])
    section = practice_section(client.get(chapter.url).content.decode())
    assert "Zu den Themen dieses Kapitels gibt es noch keine Berichte aus der Praxis." in section
    assert 'href="/themen/datenschutz/"' in section


def test_a_newly_published_post_appears_at_once(client, make_chapter, make_post):
    chapter = make_chapter(tags=["Wirkungsmessung"])
    assert "Neu veröffentlicht" not in client.get(chapter.url).content.decode()  # now cached
    make_post("Neu veröffentlicht", tags=["Wirkungsmessung"])
    assert "Neu veröffentlicht" in practice_section(client.get(chapter.url).content.decode())


def test_related_practice_costs_one_query(make_chapter, make_post, django_assert_num_queries):
    from wagtail.models import Site

    from knowledge.guide.practice import related_practice

    chapter = make_chapter(tags=["Finanzierung", "Verstetigung"])
    for number in range(5):
        make_post(f"Beitrag {number}", tags=["Finanzierung", "Verstetigung"], failure=number % 2 == 0)
    tag_ids = [tag.pk for tag in chapter.tags.all()]
    site = Site.objects.get(is_default_site=True)
    site.root_page  # noqa: B018 - loaded once, as the request's site is
    with django_assert_num_queries(1):
        cards = related_practice(tag_ids, site)
    assert len(cards) == 5 and all(card.shared_tags == 2 for card in cards)
