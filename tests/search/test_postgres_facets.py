"""PostgreSQL engine: above FACET_SAMPLE matches the facets are counted on an even sample of the matches and
shown as approximate ("ca."); the total stays exact. Below it, every count is exact (test_contract.py)."""

import pytest
from django.db import connection

from search.engines import postgres
from search.engines.base import IndexDocument, SearchQuery

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

VISITOR = frozenset({"public", "anonymous"})


@pytest.fixture
def engine():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…); CI runs it")
    engine = postgres.PostgresEngine()
    documents = []
    for number in range(1, 301):
        kind = "best_practice" if number % 4 else "guide"  # 225 posts, 75 chapters
        tags = ["Robotik"] + (["Ehrenamt"] if number % 3 == 0 else [])  # Ehrenamt: 100
        documents.append(
            IndexDocument(
                key=f"{kind}:{number}",
                doc_type=kind,
                object_model="tests.document",
                object_id=number,
                audiences=("public",),
                title=f"Werkstattbericht {number}",
                url=f"/bericht-{number}/",
                summary="Was in der Robotik-AG gut lief und was nicht.",
                body="Die Werkstatt war jeden Dienstag offen.",
                tags=tuple(tags),
                tag_slugs=tuple(tag.lower() for tag in tags),
                bundesland="BY" if number % 2 else "NW",
            )
        )
    engine.rebuild(documents)
    return engine


def _counts(results, facet):
    return {value.value: value.count for value in results.facets[facet]}


def test_few_matches_are_counted_exactly(engine):
    results = engine.search(SearchQuery(text="Werkstatt", audiences=VISITOR, limit=5))
    assert results.total == 300 and not results.facets_approximate
    assert _counts(results, "types") == {"best_practice": 225, "guide": 75}
    assert _counts(results, "tags") == {"robotik": 300, "ehrenamt": 100}
    assert _counts(results, "bundesland") == {"BY": 150, "NW": 150}


def test_many_matches_get_estimated_facets_and_an_exact_total(engine, monkeypatch):
    monkeypatch.setattr(postgres, "FACET_SAMPLE", 40)  # as if 300 were many
    results = engine.search(SearchQuery(text="Werkstatt", audiences=VISITOR, limit=5))
    assert results.total == 300  # exact, whatever the sample
    assert results.facets_approximate
    types = _counts(results, "types")
    assert set(types) == {"best_practice", "guide"}
    assert 150 <= types["best_practice"] <= 300 and 30 <= types["guide"] <= 130
    assert _counts(results, "tags")["robotik"] == 300  # every match has it: the estimate is the total
    assert 50 <= _counts(results, "tags")["ehrenamt"] <= 150
    assert len(results.hits) == 5


def test_the_search_page_marks_estimated_counts(engine, client, monkeypatch, settings):
    from search import engines

    engines.reset()
    monkeypatch.setattr(postgres, "FACET_SAMPLE", 40)
    page = client.get("/suche/", {"q": "Werkstatt"}).content.decode()
    assert "300" in page
    assert "geschätzt" in page and "ca." in page

    monkeypatch.setattr(postgres, "FACET_SAMPLE", 2000)
    engines.reset()
    from django.core.cache import cache

    cache.clear()
    page = client.get("/suche/", {"q": "Werkstatt"}).content.decode()
    assert "geschätzt" not in page and "(ca." not in page
    assert "(225)" in page


@pytest.mark.parametrize("page_size", [20, 7])
def test_pages_beyond_the_ranked_window_list_every_match_once(engine, monkeypatch, page_size):
    """The first RANKED matches are ordered by relevance, later pages by date: paging through all of them
    (also with a page that straddles the window) meets every match exactly once, headline matches first."""
    monkeypatch.setattr(postgres, "RANKED", 50)
    seen = []
    for offset in range(0, 300, page_size):
        results = engine.search(
            SearchQuery(text="Werkstatt Robotik", audiences=VISITOR, limit=page_size, offset=offset)
        )
        assert results.total == 300
        seen.extend(hit.key for hit in results.hits)
    assert len(seen) == 300 and len(set(seen)) == 300


def test_title_matches_come_first_on_every_page(engine, monkeypatch):
    from search.engines.base import IndexDocument

    engine.index(
        [
            IndexDocument(
                key=f"failure_story:{number}",
                doc_type="failure_story",
                object_model="tests.document",
                object_id=1000 + number,
                audiences=("public",),
                title=f"Dienstag {number}: Werkstatt geschlossen",
                url=f"/geschichte-{number}/",
                summary="Warum es nicht weiterging.",
                body="Zu wenige Betreuende.",
            )
            for number in range(3)
        ]
    )
    monkeypatch.setattr(postgres, "RANKED", 2)  # the three title matches straddle the ranked window
    # "Dienstag" is in the body of the 300 reports and in the title of the three stories.
    first = engine.search(SearchQuery(text="Dienstag", audiences=VISITOR, limit=2, offset=0))
    second = engine.search(SearchQuery(text="Dienstag", audiences=VISITOR, limit=2, offset=2))
    assert first.total == 303
    keys = [hit.key for hit in first.hits + second.hits]
    assert sorted(keys[:3]) == ["failure_story:0", "failure_story:1", "failure_story:2"]
    assert not keys[3].startswith("failure_story")
