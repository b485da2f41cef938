"""PostgreSQL engine: writes in batches, the next batch prepared in a second thread while the database stores
the current one. Every document arrives once, in order (the last version of a key wins), progress is
reported, and an error while preparing leaves the index as it was."""

import pytest
from django.db import connection

from search.engines import postgres
from search.engines.base import IndexDocument, SearchQuery

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

MEMBER = frozenset({"public", "members"})


def _document(number: int, title: str = "") -> IndexDocument:
    return IndexDocument(
        key=f"guide:{number}",
        doc_type="guide",
        object_model="tests.document",
        object_id=number,
        audiences=("public",),
        title=title or f"Kapitel {number}: Steuerungsgruppe",
        url=f"/kapitel-{number}/",
        body="Wer sitzt in der Steuerungsgruppe?",
        tags=("Verstetigung",),
        tag_slugs=("verstetigung",),
    )


@pytest.fixture
def engine(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…); CI runs it")
    monkeypatch.setattr(postgres, "BATCH", 7)
    return postgres.PostgresEngine()


def test_a_rebuild_in_many_batches_writes_everything_once(engine):
    reported = []
    documents = [_document(number) for number in range(1, 51)]
    # The same key again in a later batch: the last version wins.
    documents.append(_document(3, title="Kapitel 3, überarbeitet: Steuerungsgruppe"))
    assert engine.rebuild(iter(documents), progress=reported.append) == 51
    assert engine.count() == 50
    assert reported[-1] == 51 and reported == sorted(reported) and len(reported) > 5
    results = engine.search(SearchQuery(text="überarbeitet", audiences=MEMBER))
    assert [hit.key for hit in results.hits] == ["guide:3"]
    assert engine.search(SearchQuery(text="Steuerungsgruppe", audiences=MEMBER, limit=1)).total == 50
    with connection.cursor() as cursor:
        cursor.execute("SELECT frequency FROM search_term WHERE term = 'kapitel' AND audience = 'public'")
        # Every batch's vocabulary arrived (a key written twice counts twice: frequencies only order suggestions).
        assert cursor.fetchone()[0] == 51


def test_index_in_many_batches(engine):
    engine.rebuild([])
    assert engine.index(_document(number) for number in range(1, 23)) == 22
    assert engine.count() == 22


def test_an_error_while_preparing_leaves_the_index_as_it_was(engine, monkeypatch):
    engine.rebuild([_document(number) for number in range(1, 4)])
    prepare = engine._prepare

    def failing(batch):
        if any(document.object_id == 30 for document in batch):
            raise ValueError("kaputt")
        return prepare(batch)

    monkeypatch.setattr(engine, "_prepare", failing)
    with pytest.raises(ValueError, match="kaputt"):
        engine.rebuild([_document(number) for number in range(10, 60)])
    assert engine.count() == 3
    assert {key.split(":")[1] for key in engine.keys("guide:")} == {"1", "2", "3"}
