"""PostgreSQL engine: broad searches are answered from a sample, filters are lexemes in the index.

A search whose sample (the matches in one of SAMPLE_BUCKETS buckets) suggests at least EXACT_LIMIT matches
reports an estimated total and estimated facets, and finds its page without reading every match: the newest
title matches, then the newest body matches, each through the GIN index or by walking the date index. Whatever
the way, every page must list exactly the hits the exact search lists, in the same order.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from search.engines import postgres
from search.engines.base import IndexDocument, SearchQuery

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

VISITOR = frozenset({"public", "anonymous"})
MEMBER = frozenset({"public", "members"})
START = datetime(2025, 1, 1, tzinfo=UTC)


def _document(number: int) -> IndexDocument:
    kind = ("best_practice", "guide", "failure_story")[number % 3]
    tags = ["Robotik"] + (["Ehrenamt"] if number % 4 == 0 else [])
    title_word = "Werkstatt" if number % 5 == 0 else "Bericht"  # 60 title matches, 240 body matches
    return IndexDocument(
        key=f"{kind}:{number}",
        doc_type=kind,
        object_model="tests.document",
        object_id=number,
        audiences=("members",) if number % 7 == 0 else ("public",),
        title=f"{title_word} {number} aus dem Kreis",
        url=f"/bericht-{number}/",
        summary="Was in der AG gut lief und was nicht.",
        body="Die Werkstatt war jeden Dienstag offen, die Kinder bauten Roboter.",
        tags=tuple(tags),
        tag_slugs=tuple(tag.lower() for tag in tags),
        bundesland="BY" if number % 2 else "NW",
        # Many documents share a day (the order must still be total) and some have no date at all.
        date=None if number % 50 == 0 else START + timedelta(days=number % 37),
    )


@pytest.fixture
def engine():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…); CI runs it")
    engine = postgres.PostgresEngine()
    engine.rebuild([_document(number) for number in range(1, 301)])
    return engine


def _pages(engine, page_size=20, **query):
    pages = []
    for offset in range(0, 320, page_size):
        results = engine.search(SearchQuery(limit=page_size, offset=offset, **query), suggest=False)
        pages.append([hit.key for hit in results.hits])
    return pages, results


QUERIES = [
    {"text": "Werkstatt", "audiences": VISITOR},
    {"text": "Werkstatt", "audiences": MEMBER},
    {"text": "Werkstatt Roboter", "audiences": VISITOR, "sort": "date"},
    {"text": "Werkstatt", "audiences": VISITOR, "doc_types": frozenset({"guide", "failure_story"})},
    {"text": "Werkstatt", "audiences": MEMBER, "bundesland": "NW", "tag_slugs": ("ehrenamt",)},
    {"text": "", "audiences": VISITOR, "tag_slugs": ("robotik",)},
]


@pytest.mark.parametrize("walk", [True, False], ids=["date-index", "gin-index"])
@pytest.mark.parametrize(
    "query", QUERIES, ids=lambda query: "-".join(str(value) for value in query.values())[:40]
)
def test_broad_searches_page_exactly_like_the_exact_search(engine, monkeypatch, walk, query):
    # Pages 1 and 2 ranked by relevance, page 2 straddling the window, the rest by date.
    monkeypatch.setattr(postgres, "RANKED", 30)
    exact_pages, exact = _pages(engine, **query)
    assert not exact.total_approximate
    flat = [key for page in exact_pages for key in page]
    assert len(flat) == len(set(flat)) == exact.total > 20

    monkeypatch.setattr(postgres, "EXACT_LIMIT", 1)  # every search counts as broad
    monkeypatch.setattr(postgres, "_walk", lambda matches, wanted, corpus: walk)
    estimated_pages, estimated = _pages(engine, **query)
    assert estimated.total_approximate and estimated.facets_approximate
    assert estimated_pages == exact_pages


def test_an_estimate_is_close_and_rounded(engine, monkeypatch):
    monkeypatch.setattr(postgres, "EXACT_LIMIT", 1)
    results = engine.search(SearchQuery(text="Werkstatt", audiences=MEMBER, limit=5))
    assert results.total_approximate
    assert 150 <= results.total <= 500  # 300 matches; the sample is a sixteenth of them
    assert results.total % 10 == 0  # two significant digits
    counts = {value.value: value.count for value in results.facets["types"]}
    assert set(counts) <= {"best_practice", "guide", "failure_story"} and counts
    assert {value.value: value.count for value in results.facets["tags"]}["robotik"] == results.total


def test_an_estimate_below_the_limit_is_not_used(engine, monkeypatch):
    monkeypatch.setattr(postgres, "EXACT_LIMIT", 10_000)
    results = engine.search(SearchQuery(text="Werkstatt", audiences=MEMBER, limit=5))
    assert not results.total_approximate and results.total == 300


def test_walking_pays_off_only_for_common_matches():
    assert postgres._walk(matches=20_000, wanted=200, corpus=100_000)  # 1,000 rows walked instead of 20,000
    assert not postgres._walk(matches=2_000, wanted=200, corpus=100_000)  # 10,000 instead of 2,000
    assert not postgres._walk(matches=0, wanted=200, corpus=0)


def test_filters_are_lexemes_no_search_text_can_reach(engine):
    members_only = {
        f"{kind}:{number}"
        for number in range(7, 301, 7)
        for kind in ("best_practice", "guide", "failure_story")
    }
    for text in (
        "§a:members",
        "a:members members",
        "'§a:members'",
        "§t:guide",
        "§s:0",
        "Werkstatt §a:members",
    ):
        results = engine.search(SearchQuery(text=text, audiences=VISITOR, limit=300), suggest=False)
        assert not {hit.key for hit in results.hits} & members_only, text
    # A visitor's search for the word finds the public documents only; a member's finds all.
    assert engine.search(SearchQuery(text="Werkstatt", audiences=VISITOR, limit=1)).total == 300 - 42
    assert engine.search(SearchQuery(text="Werkstatt", audiences=MEMBER, limit=1)).total == 300


def test_filter_values_are_quoted(engine):
    """Audiences, types, tags and Länder reach the tsquery as quoted lexemes: quotes, backslashes, colons and
    operators in a value are taken literally."""
    for odd in ("it's", "a\\b", "x | y", "!z & (", "channel:1:2"):
        results = engine.search(
            SearchQuery(text="Werkstatt", audiences=frozenset({odd}), tag_slugs=(odd,), bundesland=odd[:2]),
            suggest=False,
        )
        assert results.total == 0
    assert postgres.filter_tsquery(SearchQuery(audiences=frozenset({"it's"}))) == "('§a:it''s')"


def test_existing_rows_get_their_filter_lexemes_from_the_migration(engine):
    from importlib import import_module

    migration = import_module("search.migrations.0003_filter_lexemes")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_document SET search_vector = ts_delete(search_vector, "
            "tsvector_to_array(search_filter_vector(audiences, doc_type, bundesland, tag_slugs, key)))"
        )
    assert (
        engine.search(SearchQuery(text="Werkstatt", audiences=MEMBER, limit=1)).total == 0
    )  # as before 0003
    with connection.cursor() as cursor:
        for statement in migration.FORWARD:
            cursor.execute(statement)
    results = engine.search(SearchQuery(text="Werkstatt", audiences=MEMBER, limit=3))
    assert results.total == 300 and len(results.hits) == 3
    assert engine.search(SearchQuery(text="Werkstatt", audiences=MEMBER, tag_slugs=("ehrenamt",))).total == 75


def test_the_search_page_shows_an_estimated_total(engine, client, monkeypatch):
    from django.core.cache import cache

    from search import engines

    engines.reset()
    cache.clear()
    monkeypatch.setattr(postgres, "EXACT_LIMIT", 1)
    page = client.get("/suche/", {"q": "Werkstatt"}).content.decode()
    count = page.split('class="search-status__count"', 1)[1].split("</p>", 1)[0]
    assert "ca." in count and "Treffer" in count
    assert 'aria-current="page"' in page or "seite=2" in page  # pages are offered
