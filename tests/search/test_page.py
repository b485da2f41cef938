"""The search page /suche/ and its suggestions endpoint: rendering, facets, every state in the URL, permissions
end to end, bad input, rate limits, query counts, and the fallback when Elasticsearch is down."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def content(make_post, make_chapter, make_region, after_commit):
    """Practice posts, a chapter and a region about networks and girls in STEM, indexed."""
    with after_commit():
        girls = make_post(
            title="Förderung von Mädchen in der Oberstufe",
            summary="Ein Technik-Tag nur für Schülerinnen.",
            tags=["Mädchen in MINT", "Berufsorientierung"],
            bundesland="NW",
        )
        failure = make_post(
            "sof",
            title="Der Elternabend, zu dem niemand kam",
            summary="Wir luden per Zettel ein. <b>Niemand</b> kam.",
            tags=["Elternarbeit"],
            bundesland="SN",
        )
        chapter = make_chapter(
            "Netzwerkkoordination: Aufgaben und Rollen",
            summary="Was eine Kümmerin im Netzwerk leistet.",
            tags=["Netzwerkarbeit"],
        )
        region = make_region(
            "MINT-Region Musterkreis", bundesland="BY", tags=["Netzwerkarbeit", "Mädchen in MINT"]
        )
    return {"girls": girls, "failure": failure, "chapter": chapter, "region": region}


def results_of(response) -> list[str]:
    html = response.content.decode()
    return [
        unescape(re.sub(r"<[^>]+>", "", title))
        for title in re.findall(r'search-result__title"><a href="[^"]+">(.*?)</a>', html)
    ]


def status_text(response) -> str:
    match = re.search(r'class="search-status__count">(.*?)</p>', response.content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


def link_to(response, label: str) -> str:
    """The href of the link whose text starts with `label` (facets, pagination, suggestions)."""
    html = response.content.decode()
    for href, text in re.findall(r'<a [^>]*?href="([^"]*)"[^>]*>(.*?)</a>', html, re.S):
        if " ".join(re.sub(r"<[^>]+>", " ", text).split()).startswith(label):
            return unescape(href)
    raise AssertionError(f"no link {label!r}")


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


# --- Rendering ----------------------------------------------------------------------------------------------


def test_landing_page_offers_the_search_box_and_topics(client, content):
    response = client.get("/suche/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html and 'for="search-q"' in html and 'id="search-q"' in html
    assert "Netzwerkarbeit" in html  # a frequent topic
    assert 'aria-live="polite"' in html


def test_results_with_badge_title_snippet_tags_and_date(client, content):
    response = client.get("/suche/", {"q": "Mädchen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Förderung von Mädchen in der Oberstufe" in results_of(response)
    assert 'class="search-badge search-badge--best_practice"' in html
    assert "<mark>Mädchen</mark>" in html
    assert "<time datetime=" in html
    assert status_text(response) == "2 Treffer für „Mädchen“"
    tag_link = link_to(response, "Berufsorientierung")
    assert parse_qs(urlsplit(tag_link).query) == {"q": ["Mädchen"], "tag": ["berufsorientierung"]}


def test_snippets_are_escaped(client, content):
    response = client.get("/suche/", {"q": "Niemand"})
    html = response.content.decode()
    assert "<b>Niemand</b>" not in html
    assert "&lt;b&gt;" in html or "<mark>Niemand</mark>" in html


def test_the_header_of_every_page_has_the_search_form(client, home):
    response = client.get("/")
    html = response.content.decode()
    assert 'action="/suche/"' in html and 'id="site-search-q"' in html and 'for="site-search-q"' in html


# --- Facets, filters and URLs -------------------------------------------------------------------------------


def test_facet_links_filter_and_every_state_has_its_url(client, content):
    response = client.get("/suche/", {"q": "Netzwerk"})
    assert set(results_of(response)) == {
        "Netzwerkkoordination: Aufgaben und Rollen",
        "MINT-Region Musterkreis",
    }
    by_type = client.get("/suche/" + link_to(response, "MINT-Regionen"))
    assert results_of(by_type) == ["MINT-Region Musterkreis"]
    assert 'aria-current="true"' in by_type.content.decode()
    # Both types can be chosen at once: the type facet still offers the other one.
    both = client.get("/suche/" + link_to(by_type, "Leitfaden"))
    assert set(results_of(both)) == {"Netzwerkkoordination: Aufgaben und Rollen", "MINT-Region Musterkreis"}
    by_land = client.get("/suche/" + link_to(response, "Bayern"))
    assert results_of(by_land) == ["MINT-Region Musterkreis"]
    remove = client.get("/suche/" + link_to(by_land, "Bayern"))
    assert len(results_of(remove)) == 2


def test_tag_only_browsing(client, content):
    response = client.get("/suche/", {"tag": "netzwerkarbeit"})
    assert set(results_of(response)) == {
        "Netzwerkkoordination: Aufgaben und Rollen",
        "MINT-Region Musterkreis",
    }
    assert "Netzwerkarbeit" in response.content.decode()  # the active filter chip shows the tag's name
    from taggit.models import Tag

    girls = Tag.objects.get(name="Mädchen in MINT").slug
    narrowed = client.get("/suche/", {"tag": ["netzwerkarbeit", girls]})
    assert results_of(narrowed) == ["MINT-Region Musterkreis"]


def test_date_range_and_sorting(client, content, after_commit):
    from knowledge.practice.models import PracticePage

    old = timezone.now() - timedelta(days=400)
    with after_commit():
        post = PracticePage.objects.get(pk=content["failure"].pk).specific
        post.first_published_at = old
        post.save_revision().publish()
    this_year = (timezone.localdate() - timedelta(days=30)).isoformat()
    response = client.get("/suche/", {"typ": ["best_practice", "failure_story"], "von": this_year})
    assert results_of(response) == ["Förderung von Mädchen in der Oberstufe"]
    by_date = client.get("/suche/", {"typ": ["best_practice", "failure_story"], "sortierung": "datum"})
    assert results_of(by_date) == [
        "Förderung von Mädchen in der Oberstufe",
        "Der Elternabend, zu dem niemand kam",
    ]


def test_invalid_dates_get_a_german_message_and_keep_what_was_typed(client, content):
    response = client.get("/suche/", {"q": "Mädchen", "von": "31.02.2026", "bis": "gestern"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte gib ein Datum wie 31.12.2026 ein." in html
    assert 'value="31.02.2026"' in html and 'value="gestern"' in html
    assert 'aria-invalid="true"' in html
    assert results_of(response)  # the search itself still runs, without the unusable dates
    reversed_range = client.get("/suche/", {"q": "Mädchen", "von": "2026-05-01", "bis": "2026-04-01"})
    assert "Das Enddatum liegt vor dem Startdatum." in reversed_range.content.decode()


def test_pagination(client, make_post, after_commit):
    with after_commit():
        for number in range(23):
            make_post(title=f"Sommerakademie Nummer {number}", summary="Eine Woche Forschen am See.")
    first = client.get("/suche/", {"q": "Sommerakademie"})
    assert len(results_of(first)) == 20
    assert "23" in status_text(first)
    second = client.get("/suche/" + link_to(first, "Nächste Seite"))
    assert len(results_of(second)) == 3
    assert not set(results_of(first)) & set(results_of(second))
    assert client.get("/suche/", {"q": "Sommerakademie", "seite": "999"}).status_code == 200
    assert client.get("/suche/", {"q": "Sommerakademie", "seite": "x"}).status_code == 200


def test_did_you_mean_and_tag_suggestions(client, content):
    typo = client.get("/suche/", {"q": "Elternabnd"})
    html = typo.content.decode()
    assert "Meintest du" in html
    fixed = client.get("/suche/" + link_to(typo, "Elternabend"))
    assert results_of(fixed) == ["Der Elternabend, zu dem niemand kam"]
    nothing = client.get("/suche/", {"q": "Elternarbeitskreis Quantenphysik"})
    assert results_of(nothing) == []
    assert parse_qs(urlsplit(link_to(nothing, "Elternarbeit")).query) == {"tag": ["elternarbeit"]}


# --- Permissions end to end ---------------------------------------------------------------------------------


def test_private_channel_messages_only_for_its_members(client, make_member, make_channel, send, after_commit):
    from community.chat.models import Membership

    insider, outsider = make_member("Ina Innen"), make_member("Otto Außen")
    channel = make_channel("vertraulich", kind="private")
    Membership.objects.create(channel=channel, user=insider)
    with after_commit():
        send(insider, channel, "Das Budget für die Wanderausstellung ist bewilligt.")
    assert results_of(client.get("/suche/", {"q": "Wanderausstellung"})) == []
    login(client, outsider)
    assert results_of(client.get("/suche/", {"q": "Wanderausstellung"})) == []
    login(client, insider)
    assert results_of(client.get("/suche/", {"q": "Wanderausstellung"})) == ["#Vertraulich"]


def test_hidden_profile_fields_are_never_found(client, make_member, after_commit):
    with after_commit():
        make_member(
            "Rita Beispiel",
            bio="Ich sammle alte Rechenschieber.",
            organisation="Sternwarte Beispielstadt",
            visibility={"display_name": "public", "bio": "hidden", "organisation": "members"},
        )
    assert results_of(client.get("/suche/", {"q": "Rita"})) == ["Rita Beispiel"]
    assert results_of(client.get("/suche/", {"q": "Sternwarte"})) == []
    assert results_of(client.get("/suche/", {"q": "Rechenschieber"})) == []
    login(client, make_member("Max Mitglied"))
    assert results_of(client.get("/suche/", {"q": "Sternwarte"})) == ["Rita Beispiel"]
    assert results_of(client.get("/suche/", {"q": "Rechenschieber"})) == []


def test_anonymous_author_never_appears(client, make_post, make_member, after_commit):
    author = make_member("Henrike Verborgen", visibility={"display_name": "public"})
    with after_commit():
        make_post(
            "sof",
            title="Die Messe, auf der wir allein standen",
            author=author,
            owner=author,
            byline="Henrike Verborgen",
            anonymous=True,
        )
    for viewer in (None, author, make_member("Mira Mitglied")):
        if viewer is not None:
            login(client, viewer)
        response = client.get("/suche/", {"q": "Henrike Verborgen"})
        assert "Die Messe, auf der wir allein standen" not in results_of(response)
        story = client.get("/suche/", {"q": "Messe"})
        assert "Verborgen" not in story.content.decode().split('class="search-result-list"')[1]


def test_drafts_and_restricted_pages_never_appear(
    client, make_post, practice_index, make_member, after_commit
):
    with after_commit():
        make_post(title="Entwurf zur Wasserrakete", publish=False)
        restricted = make_post(title="Interne Planung der Wasserrakete")
        PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    assert results_of(client.get("/suche/", {"q": "Wasserrakete"})) == []
    login(client, make_member("Moritz Mitglied"))
    assert results_of(client.get("/suche/", {"q": "Wasserrakete"})) == []


# --- Bad input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "((",
        "title:x AND y~2 OR z^3",
        "🙂",
        "\u202eNetzwerk\u0000",
        "'; DROP TABLE search_document; --",
        "*",
    ],
)
def test_hostile_queries_answer_normally(client, content, text):
    response = client.get("/suche/", {"q": text})
    assert response.status_code == 200


def test_very_long_queries_are_cut(client, content):
    response = client.get("/suche/", {"q": "Netzwerk " * 100})
    assert response.status_code == 200
    html = response.content.decode()
    assert "auf 200 Zeichen gekürzt" in html
    value = re.search(r'id="search-q" name="q" value="([^"]*)"', html).group(1)
    assert len(unescape(value)) <= 200


def test_unknown_filter_values_are_ignored(client, content):
    response = client.get("/suche/", {"q": "Netzwerk", "typ": "erfunden", "land": "XX", "tag": "<script>"})
    assert response.status_code == 200
    assert len(results_of(response)) == 2


def test_anonymous_search_is_rate_limited(client, content):
    from search.views import ANONYMOUS_LIMIT

    for _ in range(ANONYMOUS_LIMIT.limit):
        assert client.get("/suche/", {"q": "Netzwerk"}).status_code == 200
    response = client.get("/suche/", {"q": "Netzwerk"})
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_a_made_up_forwarded_for_header_does_not_escape_the_limit(client, content):
    """X-Forwarded-For is client input; behind a proxy the ASGI server sets REMOTE_ADDR from the hop the
    trusted proxy added. So a new fake address per request still counts against the same visitor."""
    from search.views import ANONYMOUS_LIMIT

    for number in range(ANONYMOUS_LIMIT.limit):
        fake = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{number % 250}"}
        assert client.get("/suche/", {"q": "Netzwerk"}, **fake).status_code == 200
    response = client.get("/suche/", {"q": "Netzwerk"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


# --- Suggestions endpoint -----------------------------------------------------------------------------------


def test_suggestions_respect_permissions(client, content, make_member, make_channel, send, after_commit):
    from community.chat.models import Membership

    insider = make_member("Ida Innen")
    channel = make_channel("lenkungskreis", name="Lenkungskreis Seenplatte", kind="private")
    Membership.objects.create(channel=channel, user=insider)
    with after_commit():
        send(insider, channel, "Nur für uns.")
    offered = client.get("/suche/vorschlaege/", {"q": "Netzw"}).json()["suggestions"]
    assert "Netzwerkkoordination: Aufgaben und Rollen" in offered and "Netzwerkarbeit" in offered
    assert client.get("/suche/vorschlaege/", {"q": "Lenkung"}).json() == {"suggestions": []}
    login(client, insider)
    assert (
        "#Lenkungskreis Seenplatte"
        in client.get("/suche/vorschlaege/", {"q": "Lenkung"}).json()["suggestions"]
    )
    assert client.get("/suche/vorschlaege/", {"q": "N"}).json() == {"suggestions": []}
    assert client.get("/suche/vorschlaege/", {"q": '🙂(("'}).status_code == 200


# --- Query counts -------------------------------------------------------------------------------------------


def test_query_counts(client, content, make_member, django_assert_max_num_queries):
    client.get("/suche/", {"q": "Netzwerk"})  # warm the cached site chrome
    with django_assert_max_num_queries(6):
        assert client.get("/suche/", {"q": "Netzwerk", "tag": "netzwerkarbeit"}).status_code == 200
    login(client, make_member("Zoe Beispiel"))
    client.get("/suche/", {"q": "Netzwerk"})
    with django_assert_max_num_queries(14):
        assert client.get("/suche/", {"q": "Netzwerk", "typ": "guide"}).status_code == 200
    # Session, member, roles, private channels, the index generation, titles and topics.
    with django_assert_max_num_queries(7):
        assert client.get("/suche/vorschlaege/", {"q": "Netz"}).status_code == 200


# --- Elasticsearch configured but unreachable ---------------------------------------------------------------


def test_fallback_to_the_database_when_elasticsearch_is_down(
    client, content, settings, make_post, after_commit, caplog
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there: connection refused
    with after_commit():
        make_post(title="Nachhaltigkeitswerkstatt am Fluss")  # written while Elasticsearch is down
    response = client.get("/suche/", {"q": "Nachhaltigkeitswerkstatt"})
    assert response.status_code == 200
    assert results_of(response) == ["Nachhaltigkeitswerkstatt am Fluss"]
    assert "Förderung von Mädchen in der Oberstufe" in results_of(client.get("/suche/", {"q": "Mädchen"}))
    assert any(
        "Elasticsearch" in record.getMessage() for record in caplog.records if record.levelname == "WARNING"
    )
    health = client.get("/healthz").json()["checks"]["search"]
    assert health["ok"] is False
    assert health["backend"] == "database (fallback)"
    assert client.get("/suche/vorschlaege/", {"q": "Nachhalt"}).json()["suggestions"]


def test_healthz_names_the_database_engine(client):
    check = client.get("/healthz").json()["checks"]["search"]
    assert check["ok"] is True and check["backend"] == "database"
    assert "SQLite FTS5" in check["detail"] or "PostgreSQL" in check["detail"]
