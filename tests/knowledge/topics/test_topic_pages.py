"""The topic overview (/themen/) and topic pages (/themen/<slug>/): what appears for whom, counts, Unicode slugs,
404 and query counts."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import PUBLIC_TOPICS, tag

TOPIC = "/themen/mädchen-in-mint/"


@pytest.fixture
def tagged_site(make_chapter, make_post, make_region, make_member):
    """One item of every type with "Mädchen in MINT", and items that must not appear for the public."""
    make_chapter("Partner gewinnen", tags=["Mädchen in MINT", "Partnergewinnung"])
    make_post("Girls' Day im Revier", tags=["Mädchen in MINT"], byline="Jana Beispiel", bundesland="NW")
    make_post("Der Robotik-Kurs, den keiner wollte", failure=True, tags=["Mädchen in MINT"], anonymous=True)
    make_region("MINT-Netzwerk Musterstadt", tags=["Mädchen in MINT", "Finanzierung"])
    make_member("Paula Public", visibility=PUBLIC_TOPICS, topics=["Mädchen in MINT"])
    # Never visible to the public:
    make_chapter("Entwurfskapitel", tags=["Mädchen in MINT", "Nur im Entwurf"], publish=False)
    make_post("Unveröffentlichter Beitrag", tags=["Mädchen in MINT"], publish=False)
    make_region("Geplante Region", tags=["Mädchen in MINT"], publish=False)
    # Members see this one (topics default to members only), nobody but Hanna sees Hanna's topics.
    make_member("Mira Members", visibility={"display_name": "public"}, topics=["Mädchen in MINT", "Ehrenamt"])
    make_member(
        "Hanna Hidden", visibility={"display_name": "public", "topics": "hidden"}, topics=["Mädchen in MINT"]
    )


VISIBLE_TO_ALL = (
    "Partner gewinnen",
    "Girls&#x27; Day im Revier",
    "Der Robotik-Kurs, den keiner wollte",
    "MINT-Netzwerk Musterstadt",
    "Paula Public",
)
NEVER_VISIBLE = ("Entwurfskapitel", "Unveröffentlichter Beitrag", "Geplante Region")


def sections_of(html):
    return re.findall(r'<section class="topic-section" id="([^"]+)"', html)


def section_count(html, key):
    match = re.search(
        rf'id="topic-section-{key}-title">[^<]*<span class="topic-section__count">(\d+)</span>', html
    )
    return int(match.group(1)) if match else 0


def test_topic_page_lists_every_type_the_visitor_may_see(client, tagged_site):
    response = client.get(TOPIC)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="topic-header__title">Mädchen in MINT</h1>' in html
    for title in VISIBLE_TO_ALL:
        assert title in html, title
    for hidden in (*NEVER_VISIBLE, "Mira Members", "Hanna Hidden"):
        assert hidden not in html, hidden
    assert "5 Einträge zu diesem Thema." in html
    assert sections_of(html) == ["leitfaden", "praxis", "regionen", "mitglieder"]
    assert [section_count(html, key) for key in sections_of(html)] == [1, 2, 1, 1]
    # Readers see the public byline only; the anonymous story shows no name at all.
    assert "Jana Beispiel" in html
    # Links go to the pages and to the filtered listings.
    assert 'href="/gruendungsleitfaden/' in html
    assert 'href="/praxis/?thema=m%C3%A4dchen-in-mint"' in html
    assert 'href="/regionen/?thema=m%C3%A4dchen-in-mint"' in html


def test_members_see_members_only_topics_and_their_own_hidden_ones(client, tagged_site, make_member):
    from community.members.models import Profile

    client.force_login(make_member("Mona Mitglied"))
    html = client.get(TOPIC).content.decode()
    assert "Mira Members" in html and "Paula Public" in html
    assert "Hanna Hidden" not in html
    assert section_count(html, "mitglieder") == 2

    hanna = Profile.objects.get(display_name="Hanna Hidden").user
    client.force_login(hanna)
    html = client.get(TOPIC).content.decode()
    assert "Hanna Hidden" in html  # as on her own profile page, she sees her own topics
    assert section_count(html, "mitglieder") == 3


def test_restricted_pages_never_appear(client, tagged_site, make_post, make_member):
    from wagtail.models import PageViewRestriction

    secret = make_post("Nur für Eingeloggte", tags=["Mädchen in MINT"])
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    assert "Nur für Eingeloggte" not in client.get(TOPIC).content.decode()
    client.force_login(make_member())
    assert "Nur für Eingeloggte" not in client.get(TOPIC).content.decode()


def test_slugs_keep_umlauts_and_any_spelling_finds_the_one_tag(client, tagged_site, make_post):
    from taggit.models import Tag

    # TAGGIT_CASE_INSENSITIVE: another spelling reuses the tag; its slug keeps the umlaut.
    make_post("Noch ein Beitrag", tags=["mädchen in mint"])
    assert Tag.objects.filter(name__iexact="Mädchen in MINT").count() == 1
    assert tag("Mädchen in MINT").slug == "mädchen-in-mint"
    assert client.get("/themen/m%C3%A4dchen-in-mint/").status_code == 200
    # Decomposed umlaut (as some systems send it) and upper case lead to the canonical address.
    assert client.get("/themen/ma%CC%88dchen-in-mint/").status_code == 200
    response = client.get("/themen/Mädchen-in-MINT/")
    assert response.status_code == 301
    assert response["Location"] == "/themen/m%C3%A4dchen-in-mint/" or response["Location"] == TOPIC


def test_unknown_topic_is_404(client, home):
    assert client.get("/themen/gibt-es-nicht/").status_code == 404
    assert client.get("/themen/gibt-es-nicht/rss/").status_code == 404


def test_topic_without_visible_content_has_an_empty_state(client, tagged_site):
    response = client.get("/themen/nur-im-entwurf/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zu diesem Thema gibt es noch nichts." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Entwurfskapitel" not in html


def test_follow_button_and_feed_links(client, tagged_site, make_member):
    html = client.get(TOPIC).content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/themen/mädchen-in-mint/rss/"' in html and 'href="/themen/mädchen-in-mint/atom/"' in html
    assert "Zum Folgen anmelden" in html

    member = make_member("Fiona Folgt")
    client.force_login(member)
    html = client.get(TOPIC).content.decode()
    assert 'name="type" value="taggit.tag"' in html
    assert f'name="id" value="{tag("Mädchen in MINT").pk}"' in html
    response = client.post(
        "/folgen/",
        {"type": "taggit.tag", "id": tag("Mädchen in MINT").pk, "operation": "follow", "next": TOPIC},
    )
    assert response.status_code in (302, 303)
    from community.members.follow import is_following

    assert is_following(member, tag("Mädchen in MINT"))
    assert "Nicht mehr folgen" in client.get(TOPIC).content.decode()
    # "Meine Abos" links the followed topic to its topic page.
    assert 'href="/themen/mädchen-in-mint/"' in client.get("/konto/abos/").content.decode()


def test_type_listing_paginates(client, make_post):
    for number in range(30):
        make_post(f"Praxisbeitrag {number:02d}", tags=["Finanzierung"])
    html = client.get("/themen/finanzierung/").content.decode()
    assert section_count(html, "praxis") == 30
    assert html.count("topic-card--practice") == 6
    assert 'href="?typ=praxis"' in html and "Alle 30 anzeigen" in html

    first = client.get("/themen/finanzierung/?typ=praxis").content.decode()
    assert first.count("topic-card--practice") == 24
    assert 'rel="next" href="?typ=praxis&amp;seite=2"' in first
    second = client.get("/themen/finanzierung/?typ=praxis&seite=2").content.decode()
    assert second.count("topic-card--practice") == 6
    # Unknown types and pages past the end lead back.
    assert client.get("/themen/finanzierung/?typ=unbekannt").status_code == 302
    assert client.get("/themen/finanzierung/?typ=praxis&seite=9").status_code == 302
    assert client.get("/themen/finanzierung/?typ=praxis&seite=abc").status_code == 200


def test_overview_counts_what_the_visitor_may_see(client, tagged_site, make_member):
    response = client.get("/themen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/themen/mädchen-in-mint/">Mädchen in MINT</a>' in html
    assert 'href="/themen/finanzierung/"' in html and 'href="/themen/partnergewinnung/"' in html
    # Used only by a draft, or only by members-only topics: not for the public.
    assert "Nur im Entwurf" not in html
    assert "Ehrenamt" not in html
    ranking = re.search(r'<ol class="topic-ranking">(.*?)</ol>', html, re.S).group(1)
    assert ranking.index("Mädchen in MINT") < ranking.index("Finanzierung")
    assert "5 Einträge" in ranking
    # A–Z with letter anchors; umlauts sort with their base letter.
    assert '<a href="#buchstabe-m">M</a>' in html
    assert 'id="buchstabe-f"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html

    client.force_login(make_member())
    html = client.get("/themen/").content.decode()
    assert 'href="/themen/ehrenamt/"' in html
    ranking = re.search(r'<ol class="topic-ranking">(.*?)</ol>', html, re.S).group(1)
    assert "6 Einträge" in ranking  # Mira's profile counts for members


def test_overview_groups_umlauts_with_their_base_letter(client, make_post):
    make_post("A", tags=["Öffentlichkeitsarbeit", "Ortsgruppen", "Ähnliches", "3D-Druck"])
    html = client.get("/themen/").content.decode()
    o_group = re.search(r'id="buchstabe-o".*?</section>', html, re.S).group(0)
    assert o_group.index("Öffentlichkeitsarbeit") < o_group.index("Ortsgruppen")
    a_group = re.search(r'id="buchstabe-a".*?</section>', html, re.S).group(0)
    assert "Ähnliches" in a_group
    assert "3D-Druck" in re.search(r'id="buchstabe-andere".*?</section>', html, re.S).group(0)


def test_overview_without_topics(client, home):
    html = client.get("/themen/").content.decode()
    assert "Noch keine Themen." in html


def _queries(client, path, *, cold=True):
    client.get(path)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("logged_in", [False, True])
def test_query_counts_do_not_grow_with_content(
    client, make_chapter, make_post, make_region, make_member, logged_in
):
    def add_one_of_each(number):
        make_chapter(f"Kapitel {number}", tags=["Finanzierung", "Verstetigung"])
        make_post(f"Beitrag {number}", tags=["Finanzierung"], byline="Jana Beispiel")
        make_post(f"Story {number}", failure=True, tags=["Finanzierung", "Ehrenamt"])
        make_region(f"Region {number}", tags=["Finanzierung"])
        make_member(f"Person {number}", visibility=PUBLIC_TOPICS, topics=["Finanzierung", "Ehrenamt"])

    if logged_in:
        client.force_login(make_member("Leserin"))
    paths = ("/themen/", "/themen/finanzierung/", "/themen/finanzierung/?typ=praxis")
    add_one_of_each(0)
    small = {path: _queries(client, path) for path in paths}
    for number in range(1, 9):  # more than a section shows
        add_one_of_each(number)
    large = {path: _queries(client, path) for path in paths}
    assert large == small
    # Measured with an empty cache. One query per registered type, the tag, the members' topics and follows,
    # and the site shell (site, navigation, settings; for members session, user, profile, permissions, bell);
    # for members also their roles (which channels they may read).
    assert large["/themen/finanzierung/"] <= (20 if logged_in else 11), large
    assert large["/themen/"] <= (15 if logged_in else 8), large
    # With the cache warm (the site shell, permissions and listing addresses are cached), as most requests are.
    assert _queries(client, "/themen/finanzierung/", cold=False) <= (12 if logged_in else 7)


def test_hostile_topic_names_render_harmlessly(client, make_post):
    make_post("Beitrag", tags=['<script>alert("x")</script>', "Ünïcödé ‮gnirts"])
    overview = client.get("/themen/").content.decode()
    assert "<script>alert" not in overview
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in overview
    hostile = tag('<script>alert("x")</script>')
    response = client.get(f"/themen/{hostile.slug}/")
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    feed = client.get(f"/themen/{hostile.slug}/rss/").content.decode()
    assert "<script>" not in feed and "&lt;script&gt;" in feed


def test_head_requests_are_answered(client, tagged_site):
    assert client.head("/themen/").status_code == 200
    assert client.head(TOPIC).status_code == 200
    assert client.post("/themen/").status_code == 405
