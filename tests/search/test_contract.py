"""The contract every search engine keeps: the same cases against SQLite FTS5, PostgreSQL and Elasticsearch
(see conftest.py for which of them run here)."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from search.engines.base import ANONYMOUS, MEMBERS, MODERATORS, PUBLIC, IndexDocument, SearchQuery

ANONYMOUS_VISITOR = frozenset({PUBLIC, ANONYMOUS})
MEMBER = frozenset({PUBLIC, MEMBERS})
CHANNEL_MEMBER = frozenset({PUBLIC, MEMBERS, "channel:7"})
MODERATOR = frozenset({PUBLIC, MEMBERS, MODERATORS})


def doc(
    key, title, *, summary="", body="", audiences=(PUBLIC,), tags=(), doc_type="guide", land="", day=None
):
    return IndexDocument(
        key=key,
        doc_type=doc_type,
        object_model="tests.document",
        object_id=int(key.split(":")[1]),
        audiences=tuple(audiences),
        title=title,
        url=f"/{key.replace(':', '-')}/",
        summary=summary,
        body=body,
        tags=tuple(name for name, _slug in tags),
        tag_slugs=tuple(slug for _name, slug in tags),
        bundesland=land,
        date=datetime(*day, 12, tzinfo=UTC) if day else None,
    )


NETWORK_WORK = ("Netzwerkarbeit", "netzwerkarbeit")
GIRLS = ("Mädchen in MINT", "madchen-in-mint")
FUNDING = ("Förderung", "foerderung")
PARENTS = ("Elternarbeit", "elternarbeit")
CAREERS = ("Berufsorientierung", "berufsorientierung")

CORPUS = [
    doc(
        "guide:1",
        "Netzwerkkoordination: Aufgaben und Rollen",
        summary="Was eine Kümmerin im Netzwerk leistet und wie sie Partner zusammenbringt.",
        body="Sie lädt zum Steuerkreis ein, pflegt Kontakte und hält den Überblick über alle Angebote.",
        tags=[NETWORK_WORK],
        day=(2026, 1, 10),
    ),
    doc(
        "practice:2",
        "Förderung von Mädchen in der Oberstufe",
        summary="Ein Technik-Tag nur für Schülerinnen, mit Betrieben aus der Region.",
        body="Drei Unternehmen öffneten ihre Werkstätten. <script>alert('x')</script> & Co. waren dabei.",
        tags=[GIRLS, FUNDING],
        doc_type="best_practice",
        land="NW",
        day=(2025, 6, 1),
    ),
    doc(
        "practice:3",
        "Netzwerke im ländlichen Raum",
        summary="Wie kleine Gemeinden gemeinsam ein Angebot tragen.",
        body="Bürgermeister, Vereine und Schulen teilen sich einen Bus für Exkursionen.",
        tags=[NETWORK_WORK],
        doc_type="best_practice",
        land="BY",
        day=(2024, 9, 1),
    ),
    doc(
        "practice:4",
        "Der Elternabend, zu dem niemand kam",
        summary="Wir luden per Zettel ein und warteten allein in der Aula.",
        body="Im zweiten Anlauf sprachen wir die Eltern auf dem Schulfest an, an der Straße vor der Schule.",
        tags=[PARENTS],
        doc_type="failure_story",
        land="SN",
        day=(2025, 2, 2),
    ),
    doc(
        "region:5",
        "MINT-Region Musterkreis",
        summary="Ein Landkreis, zwölf Schulen, ein Schülerlabor.",
        body="Gemeinsam fördern wir Experimente von der Kita bis zur Berufsschule.",
        tags=[NETWORK_WORK, CAREERS],
        doc_type="region",
        land="BY",
        day=(2023, 5, 5),
    ),
    doc(
        "profile:6:public",
        "Jana Beispiel",
        summary="Netzwerkkoordinatorin",
        body="Jana Beispiel koordiniert Robotik-Kurse.",
        audiences=(ANONYMOUS,),
        doc_type="profile",
    ),
    doc(
        "profile:6:members",
        "Jana Beispiel",
        summary="Netzwerkkoordinatorin",
        body="Jana Beispiel koordiniert Robotik-Kurse. Baut mit Jugendlichen Drohnen.",
        audiences=(MEMBERS,),
        doc_type="profile",
    ),
    doc(
        "message:8",
        "#Steuerkreis",
        body="Das vertrauliche Budget für den Robotikwettbewerb steht fest.",
        audiences=("channel:7", MODERATORS),
        doc_type="message",
        day=(2026, 2, 1),
    ),
    doc(
        "message:9",
        "#Allgemein",
        body="Wer hat Erfahrung mit Maedchen-AGs am Nachmittag?",
        audiences=(MEMBERS,),
        doc_type="message",
        day=(2026, 2, 3),
    ),
    doc(
        "guide:10",
        "Die Strasse der Experimente",
        summary="Ein Sommerfest, bei dem jede Schule einen Stand baut.",
        body="Die Stadt sperrt eine Strasse; Kinder fördern ihre Neugier an vierzig Ständen.",
        day=(2025, 8, 20),
    ),
    doc(
        "guide:11",
        "Koordination im Netzwerk gelingt mit klaren Rollen",
        summary="Wer lädt ein, wer protokolliert, wer hält nach?",
        day=(2024, 1, 15),
    ),
]


@pytest.fixture
def loaded(engine):
    engine.rebuild(CORPUS)
    return engine


def keys(engine, text="", audiences=ANONYMOUS_VISITOR, **fields):
    results = engine.search(SearchQuery(text=text, audiences=audiences, limit=50, **fields))
    return [hit.key for hit in results.hits]


def test_rebuild_and_count(loaded):
    assert loaded.count() == len(CORPUS)


# --- German morphology --------------------------------------------------------------------------------------


def test_singular_and_plural_find_each_other(loaded):
    assert {"guide:1", "practice:3"} <= set(keys(loaded, "Netzwerke"))  # "Netzwerk" in guide:1
    assert "practice:3" in keys(loaded, "Netzwerk")  # "Netzwerke" in the title


def test_noun_and_verb_find_each_other(loaded):
    found_by_verb = keys(loaded, "fördern")
    assert "practice:2" in found_by_verb  # "Förderung" only
    found_by_noun = keys(loaded, "Förderung")
    assert {"region:5", "guide:10"} <= set(found_by_noun)  # "fördern" only


def test_sharp_s_and_umlauts(loaded):
    assert "guide:10" in keys(loaded, "Straße")  # written "Strasse"
    assert "practice:4" in keys(loaded, "strasse")  # written "Straße"
    assert "message:9" in keys(loaded, "Mädchen", audiences=MEMBER)  # written "Maedchen"
    assert "practice:2" in keys(loaded, "maedchen")  # written "Mädchen"


def test_compounds_find_their_parts_and_back(loaded):
    assert "guide:1" in keys(loaded, "Koordination")  # only "Netzwerkkoordination" in the document
    assert "guide:11" in keys(loaded, "Netzwerkkoordination")  # "Koordination im Netzwerk"


def test_every_word_must_match(loaded):
    assert keys(loaded, "Elternabend Schulfest") == ["practice:4"]
    assert keys(loaded, "Elternabend Drohnen") == []


def test_title_ranks_above_body(loaded):
    found = keys(loaded, "Elternabend")
    assert found[0] == "practice:4"
    assert keys(loaded, "Experimente") == ["guide:10", "region:5"]  # title against body


# --- Facets -------------------------------------------------------------------------------------------------


def test_facets_count_every_match_not_only_the_page(loaded):
    results = loaded.search(
        SearchQuery(audiences=ANONYMOUS_VISITOR, tag_slugs=("netzwerkarbeit",), limit=1, offset=0)
    )
    assert results.total == 3
    assert len(results.hits) == 1
    assert {facet.value: facet.count for facet in results.facets["types"]} == {
        "guide": 1,
        "best_practice": 1,
        "region": 1,
    }
    assert {facet.value: facet.count for facet in results.facets["bundesland"]} == {"BY": 2}
    tags = {facet.value: (facet.label, facet.count) for facet in results.facets["tags"]}
    assert tags == {"netzwerkarbeit": ("Netzwerkarbeit", 3), "berufsorientierung": ("Berufsorientierung", 1)}
    assert results.facets["tags"][0].value == "netzwerkarbeit"  # the most used first


def test_filters_by_type_tags_and_bundesland(loaded):
    assert set(keys(loaded, doc_types=frozenset({"best_practice"}))) == {"practice:2", "practice:3"}
    assert set(keys(loaded, doc_types=frozenset({"best_practice", "region"}))) == {
        "practice:2",
        "practice:3",
        "region:5",
    }
    assert keys(loaded, tag_slugs=("netzwerkarbeit", "berufsorientierung")) == ["region:5"]
    assert set(keys(loaded, bundesland="BY")) == {"practice:3", "region:5"}
    assert keys(loaded, "Netzwerke", bundesland="NW") == []


# --- Highlighting -------------------------------------------------------------------------------------------


def test_snippets_mark_the_matches_and_escape_everything_else(loaded):
    results = loaded.search(SearchQuery(text="Werkstätten Unternehmen", audiences=ANONYMOUS_VISITOR))
    hit = results.hits[0]
    assert hit.key == "practice:2"
    assert "<mark>" in hit.snippet_html
    assert "<script" not in hit.snippet_html
    without_marks = hit.snippet_html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks and ">" not in without_marks.replace("&gt;", "")


def test_title_highlight(loaded):
    results = loaded.search(SearchQuery(text="Elternabend", audiences=ANONYMOUS_VISITOR))
    assert "<mark>Elternabend</mark>" in results.hits[0].title_html


# --- Permissions --------------------------------------------------------------------------------------------


def test_private_channel_only_for_its_members_and_moderators(loaded):
    assert keys(loaded, "Budget Robotikwettbewerb") == []
    assert keys(loaded, "Budget Robotikwettbewerb", audiences=MEMBER) == []
    assert keys(loaded, "Budget Robotikwettbewerb", audiences=CHANNEL_MEMBER) == ["message:8"]
    assert keys(loaded, "Budget Robotikwettbewerb", audiences=MODERATOR) == ["message:8"]


def test_each_audience_sees_its_own_profile_variant_once(loaded):
    assert keys(loaded, "Jana") == ["profile:6:public"]
    assert keys(loaded, "Jana", audiences=MEMBER) == ["profile:6:members"]
    assert keys(loaded, "Drohnen") == []  # a members-only field
    assert keys(loaded, "Drohnen", audiences=MEMBER) == ["profile:6:members"]


def test_members_only_messages_stay_hidden_from_visitors(loaded):
    assert keys(loaded, "Nachmittag") == []
    assert keys(loaded, "Nachmittag", audiences=MEMBER) == ["message:9"]


def test_no_audience_finds_nothing(loaded):
    assert keys(loaded, "Netzwerke", audiences=frozenset()) == []


# --- Dates, sorting, pagination -----------------------------------------------------------------------------


def test_date_range_includes_both_days(loaded):
    found = keys(loaded, date_from=date(2025, 2, 2), date_to=date(2025, 8, 20))
    assert set(found) == {"practice:2", "practice:4", "guide:10"}


def test_sort_by_date_newest_first(loaded):
    found = keys(loaded, "Netzwerke", sort="date")
    assert found == ["guide:1", "practice:3", "guide:11", "region:5", "profile:6:public"]  # undated last
    browse = keys(loaded, sort="date")
    assert browse[:3] == ["guide:1", "guide:10", "practice:2"]


def test_pagination_is_stable_and_complete(loaded):
    query = SearchQuery(audiences=ANONYMOUS_VISITOR, sort="date", limit=3)
    seen = []
    for offset in (0, 3, 6):
        results = loaded.search(replace(query, offset=offset))
        assert results.total == 8
        seen.extend(hit.key for hit in results.hits)
    assert len(seen) == len(set(seen)) == 8


# --- Autocomplete and "Meinten Sie" -------------------------------------------------------------------------


def test_autocomplete_offers_titles_and_topics_the_visitor_may_see(loaded):
    offered = loaded.autocomplete("Netzw", ANONYMOUS_VISITOR)
    assert "Netzwerke im ländlichen Raum" in offered
    assert "Netzwerkarbeit" in offered
    assert loaded.autocomplete("#Steuer", ANONYMOUS_VISITOR) == []
    assert "#Steuerkreis" in loaded.autocomplete("Steuer", CHANNEL_MEMBER)


def test_did_you_mean_on_a_typo(loaded):
    results = loaded.search(SearchQuery(text="Elternabnd", audiences=ANONYMOUS_VISITOR))
    assert results.total == 0
    assert results.suggestion.casefold() == "elternabend"


def test_did_you_mean_never_suggests_a_private_word(loaded):
    results = loaded.search(SearchQuery(text="Robotikwettbewrb", audiences=MEMBER))
    assert "robotikwettbewerb" not in results.suggestion.casefold()


def test_no_suggestion_when_the_query_finds_enough(loaded):
    results = loaded.search(SearchQuery(text="Netzwerke", audiences=ANONYMOUS_VISITOR))
    assert results.suggestion == ""


# --- Updates ------------------------------------------------------------------------------------------------


def test_index_replaces_by_key_and_deletes(loaded):
    loaded.index([replace(CORPUS[3], title="Der Elternnachmittag, zu dem alle kamen")])
    assert keys(loaded, "Elternnachmittag") == ["practice:4"]
    assert keys(loaded, "Elternabend") == []
    loaded.delete_keys(["practice:4"])
    assert keys(loaded, "Elternnachmittag") == []
    loaded.delete_object("tests.document", 6)
    assert keys(loaded, "Jana", audiences=MEMBER) == []
    assert loaded.count() == len(CORPUS) - 3


def test_rebuild_replaces_everything(loaded):
    loaded.rebuild(CORPUS[:2])
    assert loaded.count() == 2
    assert keys(loaded, "Elternabend") == []


# --- Bad input ----------------------------------------------------------------------------------------------

HOSTILE = [
    '"',
    '"Netzwerke',
    "((((",
    "title:Netz* AND body:(a OR b)~2 -x +y",
    "NEAR(netz werk) ^3",
    "'; DROP TABLE search_document; --",
    "🙂🚀 👩‍🔬",
    "\u202e\u200bNetz\u0000werke",
    "ǅ ﬁ Ⅻ ①",
    "a" * 500,
    " ".join(["Netzwerk"] * 80),
    "*",
    "\\",
    "%_%",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_errors(loaded, text):
    results = loaded.search(SearchQuery(text=text, audiences=ANONYMOUS_VISITOR))
    assert results.total >= 0
    assert isinstance(loaded.autocomplete(text, ANONYMOUS_VISITOR), list)


def test_syntax_characters_are_just_separators(loaded):
    assert "practice:3" in keys(loaded, '"Netzwerke" (ländlichen) Raum!')
