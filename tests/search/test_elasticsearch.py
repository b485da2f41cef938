"""The Elasticsearch engine (search/engines/elastic*.py).

Always: the index definition (German analysis, mapping), the request bodies the query builder sends, how answers
are read (safe HTML), and the behaviour without a cluster (real refused connections and real local HTTP servers
that are not a healthy Elasticsearch).

With ELASTICSEARCH_URL set: `TestAgainstElasticsearch` indexes a German corpus into uniquely named indexes
and checks morphology, compounds, facets, highlighting, permissions, typos, autocomplete, "Meinten Sie", the
alias swap of a rebuild, and removes every index it made.
"""

import html
import json
import os
import re
import socket
import threading
import time
import uuid
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from search.analysis import compound_parts, stop_words
from search.engines.base import (
    ANONYMOUS,
    MEMBERS,
    PUBLIC,
    IndexDocument,
    SearchEngineUnavailable,
    SearchQuery,
)
from search.engines.elastic import ElasticsearchEngine
from search.engines.elastic_query import (
    MARK_CLOSE,
    MARK_OPEN,
    MAX_RESULT_WINDOW,
    build_autocomplete_search,
    build_search,
    build_suggestion_search,
    marked_html,
    parse_completions,
    parse_facets,
    parse_hit,
    parse_suggestion,
)
from search.engines.elastic_schema import UNG_PATTERN, build_index, document_source, title_word_inputs

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
NOBODY_LISTENS = "http://127.0.0.1:9"
VISITOR = frozenset({PUBLIC, ANONYMOUS})


def _walk(value):
    """Every dict key and string anywhere in a request body."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    else:
        yield value


def _query_texts(value):
    """The user text a query body carries: the `query` strings of its (multi_)match clauses."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "query" and isinstance(item, str):
                yield item
            else:
                yield from _query_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _query_texts(item)


def _body(query: SearchQuery) -> dict:
    return build_search(query).to_dict()


def _word_clauses(body: dict) -> list[dict]:
    return body["query"]["bool"]["must"][0]["bool"]["should"]


# --- The index definition -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def definition():
    return build_index("netzwerkstatt-search-test").to_dict()


def test_index_analyzer_decompounds_normalises_drops_stop_words_and_stems(definition):
    analysis = definition["settings"]["analysis"]
    index_analyzer = analysis["analyzer"]["de_index"]
    assert index_analyzer["tokenizer"] == "standard"
    assert index_analyzer["filter"] == [
        "lowercase",
        "de_decompounder",
        "de_stop",
        "german_normalization",
        "asciifolding",
        "de_ung",
        "de_stemmer",
    ]
    filters = analysis["filter"]
    decompounder = filters["de_decompounder"]
    assert decompounder["type"] == "dictionary_decompounder"
    assert decompounder["word_list"] == sorted(compound_parts())
    assert {"netzwerk", "koordination", "förderung"} <= set(decompounder["word_list"])
    assert decompounder["only_longest_match"] is True
    shortest = min(len(word) for word in compound_parts())
    assert decompounder["min_subword_size"] == shortest
    assert decompounder["min_word_size"] == 2 * shortest
    # Long parts ("berufsorientierung") must fit: the filter's default maximum is 15.
    assert decompounder["max_subword_size"] >= max(len(word) for word in compound_parts())
    assert filters["de_stop"]["type"] == "stop"
    assert filters["de_stop"]["stopwords"] == sorted(stop_words())
    assert {"der", "die", "das", "und", "für"} <= set(filters["de_stop"]["stopwords"])
    assert filters["de_stemmer"] == {"type": "stemmer", "language": "light_german"}
    assert filters["de_ung"]["type"] == "pattern_replace"


def test_search_analyzer_is_the_index_chain_without_the_decompounder(definition):
    analyzers = definition["settings"]["analysis"]["analyzer"]
    index_chain = analyzers["de_index"]["filter"]
    assert analyzers["de_search"]["filter"] == [name for name in index_chain if name != "de_decompounder"]
    # Suggestions and completions keep real words: no stemming there.
    assert analyzers["de_spell"]["filter"] == ["lowercase"]
    assert "de_stemmer" not in analyzers["de_completion"]["filter"]
    assert "german_normalization" in analyzers["de_completion"]["filter"]


@pytest.mark.parametrize(
    ("normalised", "expected"),
    [
        ("forderung", "forder"),  # Förderung: light_german then makes "ford", like "fördern"
        ("forderungen", "forder"),
        ("koordinierung", "koordinier"),
        ("veranstaltung", "veranstalt"),
        ("bewerbung", "bewerb"),
        ("bildung", "bildung"),  # too short a stem: must not meet "Bild"
        ("zeitung", "zeitung"),
        ("wohnung", "wohnung"),
        ("jung", "jung"),
        ("netzwerk", "netzwerk"),
    ],
)
def test_ung_filter_strips_the_derivation_only_after_a_long_enough_stem(normalised, expected):
    # Java and Python agree on this pattern (possessive quantifiers, one group, anchors).
    assert re.sub(UNG_PATTERN, r"\1", normalised) == expected


def test_ung_filter_stays_fast_on_pathological_tokens():
    started = time.monotonic()
    for token in ("a" * 255, "ab" * 127, "ba" * 120 + "ungx", "x" * 255 + "ung"):
        re.sub(UNG_PATTERN, r"\1", token)
    assert time.monotonic() - started < 0.1


def test_mapping_types_every_field(definition):
    mappings = definition["mappings"]
    assert mappings["dynamic"] == "strict"
    properties = mappings["properties"]
    for keyword in ("key", "doc_type", "object_model", "audiences", "tag_slugs", "bundesland"):
        assert properties[keyword] == {"type": "keyword"}, keyword
    assert properties["object_id"]["type"] == "long"
    assert properties["date"]["type"] == "date"
    assert properties["url"] == {"type": "keyword", "index": False, "doc_values": False}
    for text in ("title", "summary", "body", "tags"):
        assert properties[text]["type"] == "text"
        assert properties[text]["analyzer"] == "de_index"
        assert properties[text]["search_analyzer"] == "de_search"
        assert properties[text]["copy_to"] == "spell"
    assert properties["tags"]["fields"] == {"raw": {"type": "keyword"}}
    assert properties["body"]["index_options"] == "offsets"
    assert properties["spell"] == {"type": "text", "analyzer": "de_spell"}


def test_completion_field_is_filtered_by_the_audiences(definition):
    suggest = definition["mappings"]["properties"]["suggest"]
    assert suggest["type"] == "completion"
    assert suggest["analyzer"] == "de_completion"
    assert suggest["contexts"] == [{"name": "audience", "type": "category", "path": "audiences"}]


def test_index_settings_one_shard_and_refresh_off_only_while_loading(definition):
    assert definition["settings"]["number_of_shards"] == 1
    assert "refresh_interval" not in definition["settings"]
    loading = build_index("netzwerkstatt-search-x", refresh_interval="-1").to_dict()
    assert loading["settings"]["refresh_interval"] == "-1"


def _document(**changes) -> IndexDocument:
    values = {
        "key": "guide:1",
        "doc_type": "guide",
        "object_model": "knowledge.guidechapter",
        "object_id": 1,
        "audiences": (PUBLIC,),
        "title": "Netzwerkkoordination in der MINT-Region",
        "url": "/leitfaden/netzwerk/",
        "summary": "Wie Koordinator:innen ihr Netzwerk pflegen.",
        "body": "Einladung unter https://meet.example/abc-def oder an team@mint-lausitz.example schreiben.",
        "tags": ("Netzwerk", "Mädchen"),
        "tag_slugs": ("netzwerk", "maedchen"),
        "bundesland": "SN",
        "date": datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
    }
    values.update(changes)
    return IndexDocument(**values)


def test_document_source_fills_exactly_the_mapped_fields(definition):
    source = document_source(_document())
    assert set(source) <= set(definition["mappings"]["properties"])
    assert source["audiences"] == [PUBLIC]
    assert source["date"] == "2024-03-01T09:30:00+00:00"
    assert source["bundesland"] == "SN"
    assert source["tags"] == ["Netzwerk", "Mädchen"]
    assert source["tag_slugs"] == ["netzwerk", "maedchen"]
    # Like every engine: links and addresses (video-conference links among them) never reach the index.
    assert "meet.example" not in source["body"]
    assert "team@" not in source["body"]
    assert document_source(_document(bundesland="", date=None))["bundesland"] is None


def test_document_source_completion_inputs_tags_titles_and_later_title_words():
    suggest = document_source(_document())["suggest"]
    assert suggest[0] == {"input": ["Netzwerk", "Mädchen"], "weight": 10}
    assert suggest[1] == {"input": ["Netzwerkkoordination in der MINT-Region"], "weight": 8}
    assert suggest[2] == {"input": ["MINT-Region", "Region"], "weight": 5}
    assert suggest[0]["weight"] > suggest[1]["weight"] > suggest[2]["weight"]


def test_document_nobody_may_see_offers_no_completions():
    assert "suggest" not in document_source(_document(audiences=()))


def test_document_source_composes_umlauts_and_strips_separator_characters():
    source = document_source(_document(title="Schu\u0308lerlabor\x1fTag", tags=("Fo\u0308rderung",)))
    assert source["title"].startswith("Schülerlabor")
    assert source["tags"] == ["Förderung"]
    inputs = [text for entry in source["suggest"] for text in entry["input"]]
    assert not any(char in text for text in inputs for char in "\x00\x1e\x1f")


def test_title_word_inputs_skip_stop_words_and_short_words():
    assert title_word_inputs("Tag der offenen Werkstatt an der Kita") == [
        "offenen Werkstatt an der Kita",
        "Werkstatt an der Kita",
        "Kita",
    ]


# --- Request bodies -----------------------------------------------------------------------------------------


def test_every_filter_is_a_bool_filter_clause():
    body = _body(
        SearchQuery(
            text="Netzwerk",
            audiences=frozenset({MEMBERS, PUBLIC, "channel:7"}),
            doc_types=frozenset({"guide", "call"}),
            tag_slugs=("robotik", "maedchen", "robotik"),
            bundesland="SN",
            date_from=date(2024, 1, 1),
            date_to=date(2024, 12, 31),
        )
    )
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"audiences": ["channel:7", "members", "public"]}} in filters
    assert {"terms": {"doc_type": ["call", "guide"]}} in filters
    # Tags: all of them (one term clause each), a repeated tag once.
    assert [clause for clause in filters if "term" in clause and "tag_slugs" in clause["term"]] == [
        {"term": {"tag_slugs": "robotik"}},
        {"term": {"tag_slugs": "maedchen"}},
    ]
    assert {"term": {"bundesland": "SN"}} in filters
    assert {
        "range": {"date": {"time_zone": "Europe/Berlin", "gte": "2024-01-01||/d", "lte": "2024-12-31||/d"}}
    } in filters


def test_without_filters_only_the_audiences_restrict():
    body = _body(SearchQuery(text="Netzwerk"))
    assert body["query"]["bool"]["filter"] == [{"terms": {"audiences": ["anonymous", "public"]}}]


def test_open_ended_date_range():
    filters = _body(SearchQuery(date_to=date(2024, 6, 30)))["query"]["bool"]["filter"]
    assert {"range": {"date": {"time_zone": "Europe/Berlin", "lte": "2024-06-30||/d"}}} in filters


def test_no_audience_matches_nothing_rather_than_everything():
    filters = _body(SearchQuery(text="Netzwerk", audiences=frozenset()))["query"]["bool"]["filter"]
    assert filters[0] == {"terms": {"audiences": []}}


def test_each_word_searches_the_weighted_fields_with_typos_allowed():
    body = _body(SearchQuery(text="Robotik Sachsen"))
    clauses = _word_clauses(body)
    assert len(clauses) == 2
    robotik = clauses[0]["multi_match"]
    assert robotik["query"] == "Robotik"
    assert robotik["fields"] == ["title^3", "summary^2", "tags^2", "body"]
    # AUTO with thresholds for stems: "ford" (Förderung) must not match "Form".
    assert robotik["fuzziness"] == "AUTO:5,8"
    assert robotik["operator"] == "and"
    assert robotik["zero_terms_query"] == "all"
    assert body["query"]["bool"]["must"][0]["bool"]["minimum_should_match"] == "3<-25%"
    phrase = body["query"]["bool"]["should"][0]["multi_match"]
    assert phrase["type"] == "phrase"
    assert phrase["query"] == "Robotik Sachsen"


def test_a_compound_also_matches_all_of_its_parts():
    (clause,) = _word_clauses(_body(SearchQuery(text="Netzwerkkoordination")))
    whole, parts = clause["dis_max"]["queries"]
    assert whole["multi_match"]["query"] == "Netzwerkkoordination"
    assert whole["multi_match"]["fuzziness"] == "AUTO:5,8"
    assert [part["multi_match"]["query"] for part in parts["bool"]["must"]] == ["netzwerk", "koordination"]


def test_derived_forms_are_alternatives_without_typos():
    (clause,) = _word_clauses(_body(SearchQuery(text="Förderung")))
    queries = [alternative["multi_match"] for alternative in clause["dis_max"]["queries"]]
    assert queries[0]["query"] == "Förderung"
    variants = [query["query"] for query in queries[1:]]
    assert "fördern" in variants
    # "foerderung" is "Förderung" after german_normalization: no second clause for it.
    assert "foerderung" not in variants
    assert all("fuzziness" not in query for query in queries[1:])


def test_stop_words_are_dropped_from_the_query():
    clauses = _word_clauses(_body(SearchQuery(text="Förderung für die Schulen")))
    assert len(clauses) == 2


@pytest.mark.parametrize(
    "text",
    [
        'title:(Netzwerk OR "MINT") AND body:/.*/~2 \\ ^3 {a TO z} [1 TO 5] && || ! -x +y',
        "🤖🚀 Netzwerk 👩‍🔬",
        "\u202eNetzwerk\u200b\x00\x1f",
        '"Netzwerk',
        "Netzwerk " * 300,
    ],
)
def test_user_text_never_reaches_a_query_parser(text):
    body = _body(SearchQuery(text=text))
    keys = set(_walk(body))
    assert "query_string" not in keys
    assert "simple_query_string" not in keys
    clauses = _word_clauses(body)
    assert 1 <= len(clauses) <= 12
    texts = list(_query_texts(body["query"]))
    assert texts
    for value in texts:
        assert len(value) <= 200
        assert not any(char in value for char in '"():/\\[]{}~^*\x00\x1f\u202e\u200b')


def test_only_symbols_search_nothing_and_empty_text_browses_by_date():
    symbols = _body(SearchQuery(text="🤖 !!! ()"))
    assert symbols["query"]["bool"]["must"] == [{"match_none": {}}]
    browse = _body(SearchQuery(text="  "))
    assert browse["query"]["bool"]["must"] == [{"match_all": {}}]
    assert browse["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}


def test_sort_by_relevance_or_by_date():
    relevance = _body(SearchQuery(text="Netzwerk"))["sort"]
    assert relevance == [
        {"_score": {"order": "desc"}},
        {"date": {"order": "desc", "missing": "_last"}},
        {"key": {"order": "asc"}},
    ]
    by_date = _body(SearchQuery(text="Netzwerk", sort="date"))["sort"]
    assert by_date[0] == {"date": {"order": "desc", "missing": "_last"}}
    assert by_date[-1] == {"key": {"order": "asc"}}


def test_page_bounds_and_exact_totals():
    body = _body(SearchQuery(text="Netzwerk", offset=40, limit=20))
    assert (body["from"], body["size"]) == (40, 20)
    assert body["track_total_hits"] is True
    assert _body(SearchQuery(limit=5000))["size"] == 100
    beyond = _body(SearchQuery(offset=MAX_RESULT_WINDOW + 500, limit=20))
    assert beyond["size"] == 0
    last = _body(SearchQuery(offset=MAX_RESULT_WINDOW - 5, limit=20))
    assert last["from"] + last["size"] == MAX_RESULT_WINDOW
    assert _body(SearchQuery(offset=-3))["from"] == 0


def test_facets_are_aggregations_over_all_matches():
    body = _body(SearchQuery(text="Netzwerk", offset=20, tag_slugs=("robotik",)))
    aggs = body["aggs"]
    assert aggs["tags"]["terms"] == {"field": "tag_slugs", "size": 40}
    assert aggs["tags"]["aggs"]["label"]["top_hits"] == {
        "size": 1,
        "_source": {"includes": ["tags", "tag_slugs"]},
    }
    assert aggs["types"]["terms"]["field"] == "doc_type"
    assert aggs["bundesland"]["terms"]["field"] == "bundesland"
    # Aggregations run on the query (with its filters), not on the page: no post_filter.
    assert "post_filter" not in body


def test_highlighting_marks_matches_in_escaped_text():
    highlight = _body(SearchQuery(text="Netzwerk"))["highlight"]
    assert highlight["encoder"] == "html"
    assert highlight["pre_tags"] == ["<mark>"]
    assert highlight["post_tags"] == ["</mark>"]
    assert highlight["fields"]["title"] == {"number_of_fragments": 0}
    assert highlight["fields"]["body"]["no_match_size"] > 0
    assert set(highlight["fields"]) == {"title", "summary", "body"}


def test_source_leaves_out_the_body():
    source = _body(SearchQuery(text="Netzwerk"))["_source"]
    assert "body" not in source
    assert {"key", "title", "url", "tags", "tag_slugs", "date"} <= set(source)


def test_did_you_mean_is_a_phrase_suggestion_collated_against_shared_audiences():
    body = build_suggestion_search("Netzwrk Sachsn", {PUBLIC, MEMBERS, "channel:7"}).to_dict()
    assert body["size"] == 0
    suggestion = body["suggest"]["did_you_mean"]
    assert suggestion["text"] == "Netzwrk Sachsn"
    phrase = suggestion["phrase"]
    assert phrase["field"] == "spell"
    assert phrase["direct_generator"][0]["field"] == "spell"
    collate = phrase["collate"]["query"]["source"]["bool"]
    assert collate["must"][0]["match"]["spell"]["query"] == "{{suggestion}}"
    # A private channel's words never become a suggestion, not even for its members.
    assert collate["filter"] == [{"terms": {"audiences": ["members", "public"]}}]
    assert build_suggestion_search("Netzwrk", {"channel:7", "moderators"}) is None
    assert build_suggestion_search("🤖", {PUBLIC}) is None


def test_autocomplete_is_a_completion_suggestion_in_the_searchers_audiences():
    body = build_autocomplete_search("Förd", {PUBLIC, ANONYMOUS}, 8).to_dict()
    assert body["size"] == 0
    complete = body["suggest"]["complete"]
    assert complete["prefix"] == "Förd"
    completion = complete["completion"]
    assert completion["field"] == "suggest"
    assert completion["contexts"] == {"audience": ["anonymous", "public"]}
    assert completion["skip_duplicates"] is True
    assert completion["fuzzy"]["fuzziness"] == "AUTO"
    # Without an audience the suggester would search everything: no request at all.
    assert build_autocomplete_search("Förd", set(), 8) is None
    assert build_autocomplete_search("F", {PUBLIC}, 8) is None
    assert build_autocomplete_search("(*)", {PUBLIC}, 8) is None


# --- Reading answers ----------------------------------------------------------------------------------------


def test_marked_html_keeps_only_the_marks():
    assert (
        marked_html("&lt;b&gt;<mark>Netzwerk</mark> &amp; mehr")
        == "&lt;b&gt;<mark>Netzwerk</mark> &amp; mehr"
    )
    # Unencoded input (whatever the highlighter returns) is escaped all the same.
    assert marked_html('<script>alert("x")</script><mark>MINT</mark>') == (
        '&lt;script&gt;alert("x")&lt;/script&gt;<mark>MINT</mark>'
    )
    assert marked_html("Tipp <mark>ohne Ende") == "Tipp &lt;mark&gt;ohne Ende"
    assert marked_html("&#x2F;leitfaden&#x2F;") == "/leitfaden/"


def test_hit_prefers_a_highlighted_fragment_and_escapes_the_title():
    hit = parse_hit(
        {
            "_id": "guide:1",
            "_score": 4.2,
            "_source": {
                "key": "guide:1",
                "doc_type": "guide",
                "title": "Tipps & <Tricks>",
                "url": "/leitfaden/",
                "summary": "Kurz",
                "tags": ["Netzwerk"],
                "tag_slugs": ["netzwerk"],
                "bundesland": "SN",
                "date": "2024-03-01T09:30:00+00:00",
            },
            "highlight": {
                "summary": ["Kurz"],
                "body": ["Ein &lt;b&gt;regionales <mark>Netzwerk</mark>"],
            },
        }
    )
    assert hit.snippet_html == "Ein &lt;b&gt;regionales <mark>Netzwerk</mark>"
    assert hit.title_html == "Tipps &amp; &lt;Tricks&gt;"
    assert hit.date == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert (hit.tags, hit.tag_slugs, hit.bundesland, hit.score) == (("Netzwerk",), ("netzwerk",), "SN", 4.2)


def test_facets_read_tag_names_and_labels():
    facets = parse_facets(
        {
            "tags": {
                "buckets": [
                    {
                        "key": "maedchen",
                        "doc_count": 3,
                        "label": {
                            "hits": {
                                "hits": [
                                    {
                                        "_source": {
                                            "tags": ["Robotik", "Mädchen"],
                                            "tag_slugs": ["robotik", "maedchen"],
                                        }
                                    }
                                ]
                            }
                        },
                    },
                    {"key": "robotik", "doc_count": 5, "label": {"hits": {"hits": []}}},
                ]
            },
            "types": {"buckets": [{"key": "guide", "doc_count": 4}]},
            "bundesland": {"buckets": [{"key": "SN", "doc_count": 2}, {"key": "BY", "doc_count": 1}]},
        }
    )
    assert [(f.value, f.label, f.count) for f in facets["tags"]] == [
        ("robotik", "robotik", 5),
        ("maedchen", "Mädchen", 3),
    ]
    assert [(f.value, f.count) for f in facets["types"]] == [("guide", 4)]
    assert [(f.value, f.label) for f in facets["bundesland"]] == [("BY", "Bayern"), ("SN", "Sachsen")]


def test_suggestion_differs_from_the_query_and_keeps_capitals():
    answer = {"suggest": {"did_you_mean": [{"options": [{"text": "netzwerk sachsen", "score": 0.2}]}]}}
    assert parse_suggestion(answer, "Netzwrk Sachsen") == "Netzwerk Sachsen"
    assert parse_suggestion(answer, "netzwerk Sachsen") == ""


def test_completions_give_whole_titles_and_tags_once():
    answer = {
        "suggest": {
            "complete": [
                {
                    "options": [
                        {"text": "Robotik", "_source": {"title": "Robotik-AG", "tags": ["Robotik"]}},
                        {"text": "Robotik-AG", "_source": {"title": "Robotik-AG", "tags": ["Robotik"]}},
                        {"text": "Region Lausitz", "_source": {"title": "MINT-Region Lausitz", "tags": []}},
                        {"text": "robotik-ag", "_source": {"title": "ROBOTIK-AG", "tags": []}},
                    ]
                }
            ]
        }
    }
    assert parse_completions(answer, 8) == ["Robotik", "Robotik-AG", "MINT-Region Lausitz"]
    assert parse_completions(answer, 1) == ["Robotik"]


# --- Without a cluster: real failures, never a hang ---------------------------------------------------------


def test_unreachable_cluster_is_unhealthy_at_once():
    engine = ElasticsearchEngine(NOBODY_LISTENS)
    started = time.monotonic()
    assert engine.healthy() is False
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "call",
    [
        lambda engine: engine.search(SearchQuery(text="Netzwerk")),
        lambda engine: engine.search(SearchQuery()),
        lambda engine: engine.index([_document()]),
        lambda engine: engine.delete_object("knowledge.guidechapter", 1),
        lambda engine: engine.delete_keys(["guide:1"]),
        lambda engine: engine.autocomplete("Netz", VISITOR),
        lambda engine: engine.count(),
        lambda engine: engine.keys("guide:"),
        lambda engine: engine.rebuild([_document()]),
    ],
    ids=[
        "search",
        "browse",
        "index",
        "delete_object",
        "delete_keys",
        "autocomplete",
        "count",
        "keys",
        "rebuild",
    ],
)
def test_unreachable_cluster_raises_unavailable(call):
    engine = ElasticsearchEngine(NOBODY_LISTENS)
    started = time.monotonic()
    with pytest.raises(SearchEngineUnavailable):
        call(engine)
    assert time.monotonic() - started < 5


def test_nothing_to_send_needs_no_cluster():
    engine = ElasticsearchEngine(NOBODY_LISTENS)
    assert engine.index([]) == 0
    engine.delete_keys([])
    assert engine.autocomplete("Netz", frozenset()) == []
    assert engine.autocomplete("N", VISITOR) == []
    assert engine.search(SearchQuery(text="🤖 ()")).total == 0
    assert engine.search(SearchQuery(text="Netzwerk", audiences=frozenset())).hits == []


def test_credentials_stay_out_of_messages():
    engine = ElasticsearchEngine("http://elastic:geheim-123@127.0.0.1:9")
    assert engine.safe_url == "http://127.0.0.1:9"
    with pytest.raises(SearchEngineUnavailable) as error:
        engine.count()
    assert "geheim-123" not in str(error.value)
    assert "geheim-123" not in repr(engine)


def test_invalid_url_is_unavailable_not_a_crash():
    engine = ElasticsearchEngine("kein-url")
    assert engine.healthy() is False
    with pytest.raises(SearchEngineUnavailable):
        engine.search(SearchQuery(text="Netzwerk"))


def test_index_prefix_must_be_a_valid_index_name():
    with pytest.raises(ValueError):
        ElasticsearchEngine(NOBODY_LISTENS, index_prefix="_bad prefix*")
    assert ElasticsearchEngine(NOBODY_LISTENS, index_prefix="NW-Test").alias == "nw-test-search"


class _Handler(BaseHTTPRequestHandler):
    status = 200
    product_header = False

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        payload = json.dumps({"error": {"type": "unavailable"}, "status": self.status}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        if self.product_header:
            self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _answer

    def log_message(self, format, *args):
        pass


@pytest.fixture
def local_server():
    servers = []

    def start(status: int, product_header: bool):
        handler = type("Handler", (_Handler,), {"status": status, "product_header": product_header})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_server_that_is_not_elasticsearch_is_unavailable(local_server):
    engine = ElasticsearchEngine(local_server(200, product_header=False))
    assert engine.healthy() is False
    with pytest.raises(SearchEngineUnavailable):
        engine.search(SearchQuery(text="Netzwerk"))


def test_a_cluster_answering_503_is_unavailable(local_server):
    engine = ElasticsearchEngine(local_server(503, product_header=True))
    assert engine.healthy() is False
    with pytest.raises(SearchEngineUnavailable):
        engine.count()


def test_a_cluster_that_never_answers_does_not_hang_the_health_check():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections (backlog) but never answers
    try:
        engine = ElasticsearchEngine(f"http://127.0.0.1:{listener.getsockname()[1]}")
        started = time.monotonic()
        assert engine.healthy() is False
        assert time.monotonic() - started < 3
    finally:
        listener.close()


# --- Against a real cluster (ELASTICSEARCH_URL) -------------------------------------------------------------


def _doc(key, doc_type, title, *, audiences=(PUBLIC,), summary="", body="", tags=(), bundesland="", day=None):
    slugs = tuple(
        tag.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace(" ", "-") for tag in tags
    )
    return IndexDocument(
        key=key,
        doc_type=doc_type,
        object_model=f"test.{doc_type}",
        object_id=int(key.split(":")[1]),
        audiences=tuple(audiences),
        title=title,
        url=f"/test/{key.replace(':', '-')}/",
        summary=summary,
        body=body,
        tags=tuple(tags),
        tag_slugs=slugs,
        bundesland=bundesland,
        date=datetime(*day, 10, 0, tzinfo=UTC) if day else None,
    )


CORPUS = [
    _doc(
        "guide:1",
        "guide",
        "Netzwerkkoordination in MINT-Regionen",
        summary="Wie Koordinator:innen ein regionales Netzwerk aufbauen und pflegen.",
        body="Ein Leitfaden für die ersten hundert Tage in der Geschäftsstelle.",
        tags=("Netzwerk", "MINT-Region"),
        bundesland="SN",
        day=(2024, 3, 1),
    ),
    _doc(
        "best_practice:2",
        "best_practice",
        "Robotik-AG an der Oberschule Görlitz",
        summary="Schülerinnen und Schüler bauen Roboter für den Wettbewerb.",
        body="Wir fördern Mädchen gezielt: Fußball-Roboter und Programmierkurse am Nachmittag.",
        tags=("Robotik", "Mädchen"),
        bundesland="SN",
        day=(2024, 5, 10),
    ),
    _doc(
        "failure_story:3",
        "failure_story",
        "Als die Förderung ausblieb",
        summary="Ein Jahr ohne Geld und was wir daraus gelernt haben.",
        body="Die Koordination der Netzwerke im Landkreis lag plötzlich bei Ehrenamtlichen.",
        tags=("Finanzierung",),
        bundesland="BY",
        day=(2023, 11, 20),
    ),
    _doc(
        "message:4",
        "message",
        "Nachricht in #orga",
        audiences=("channel:7",),
        body="Geheime Planung für das Sommerfest am Stausee, bitte noch nicht weitersagen.",
        day=(2024, 6, 1),
    ),
    _doc(
        "profile:5",
        "profile",
        "Erika Beispielfrau",
        audiences=(MEMBERS,),
        summary="Koordinatorin der MINT-Region Lausitz",
        bundesland="BB",
    ),
    _doc(
        "call:6",
        "call",
        "Community Call: Evaluation von Ferienkursen",
        summary="Protokoll des Calls vom November.",
        body="Treffpunkt war die Hauptstraße 5. Viele Schüler kamen mit dem Bus.",
        tags=("Evaluation",),
        bundesland="BY",
        day=(2024, 11, 20),
    ),
    _doc(
        "guide:7",
        "guide",
        "Tipps für die Öffentlichkeitsarbeit",
        body="<script>alert(1)</script> Pressemitteilungen für Netzwerke schreiben. Einwahl: https://meet.example/geheim-raum",
        tags=("Öffentlichkeit",),
    ),
]


def _keys(results) -> list[str]:
    return [hit.key for hit in results.hits]


def _drop_everything(engine: ElasticsearchEngine) -> None:
    client = engine.client
    names = client.options(ignore_status=404).indices.get(index=f"{engine.alias}*").body
    for name in names:
        if isinstance(names[name], dict) and "settings" in names[name]:
            client.options(ignore_status=404).indices.delete(index=name)


@pytest.fixture(scope="class")
def live_engine():
    engine = ElasticsearchEngine(
        ELASTICSEARCH_URL, index_prefix=f"nw-test-{uuid.uuid4().hex[:10]}", refresh=True
    )
    try:
        assert engine.rebuild(CORPUS) == len(CORPUS)
        yield engine
    finally:
        _drop_everything(engine)


@pytest.fixture
def fresh_engine():
    engine = ElasticsearchEngine(
        ELASTICSEARCH_URL, index_prefix=f"nw-test-{uuid.uuid4().hex[:10]}", refresh=True
    )
    try:
        yield engine
    finally:
        _drop_everything(engine)


@pytest.mark.skipif(
    not ELASTICSEARCH_URL,
    reason="ELASTICSEARCH_URL is not set: the tests against a real Elasticsearch cluster did not run",
)
class TestAgainstElasticsearch:
    def search(self, engine, text="", audiences=VISITOR, **options):
        return engine.search(SearchQuery(text=text, audiences=frozenset(audiences), **options))

    def test_is_healthy_and_counts_the_corpus(self, live_engine):
        assert live_engine.healthy() is True
        assert live_engine.count() == len(CORPUS)
        assert live_engine.keys("guide:") == {"guide:1", "guide:7"}

    def test_singular_and_plural(self, live_engine):
        assert "failure_story:3" in _keys(self.search(live_engine, "Netzwerk"))  # text says "Netzwerke"
        assert "guide:1" in _keys(self.search(live_engine, "Netzwerke"))  # text says "Netzwerk"

    def test_noun_and_verb(self, live_engine):
        assert "failure_story:3" in _keys(self.search(live_engine, "fördern"))  # "Förderung"
        assert "best_practice:2" in _keys(self.search(live_engine, "Förderung"))  # "fördern"

    def test_umlauts_and_sharp_s(self, live_engine):
        assert "call:6" in _keys(self.search(live_engine, "Hauptstrasse"))
        assert "best_practice:2" in _keys(self.search(live_engine, "Schueler"))
        assert "best_practice:2" in _keys(self.search(live_engine, "Fussball"))
        assert "best_practice:2" in _keys(self.search(live_engine, "GÖRLITZ"))

    def test_compounds_find_their_parts_and_the_other_way(self, live_engine):
        assert "guide:1" in _keys(self.search(live_engine, "Koordination"))
        assert "failure_story:3" in _keys(self.search(live_engine, "Netzwerkkoordination"))
        # A query compound needs all its parts: "Netzwerk" alone is not enough.
        assert "guide:7" not in _keys(self.search(live_engine, "Netzwerkkoordination"))

    def test_typos(self, live_engine):
        assert "best_practice:2" in _keys(self.search(live_engine, "Robotk"))
        assert "guide:1" in _keys(self.search(live_engine, "Netzwerkkordination"))

    def test_permissions(self, live_engine):
        assert self.search(live_engine, "Sommerfest").total == 0
        assert self.search(live_engine, "Sommerfest", audiences={PUBLIC, MEMBERS}).total == 0
        assert _keys(self.search(live_engine, "Sommerfest", audiences={PUBLIC, MEMBERS, "channel:7"})) == [
            "message:4"
        ]
        assert "profile:5" not in _keys(self.search(live_engine, "Erika"))
        assert "profile:5" in _keys(self.search(live_engine, "Erika", audiences={PUBLIC, MEMBERS}))
        assert self.search(live_engine, "Erika", audiences=()).total == 0

    def test_links_are_never_indexed(self, live_engine):
        assert "guide:7" not in _keys(self.search(live_engine, "geheim raum"))
        assert "guide:7" in _keys(self.search(live_engine, "Pressemitteilungen"))

    def test_highlighting_is_escaped_html_with_marks(self, live_engine):
        (hit,) = [hit for hit in self.search(live_engine, "Robotik").hits if hit.key == "best_practice:2"]
        assert f"{MARK_OPEN}Robotik" in hit.title_html
        press = next(
            hit for hit in self.search(live_engine, "Pressemitteilungen").hits if hit.key == "guide:7"
        )
        assert f"{MARK_OPEN}Pressemitteilungen{MARK_CLOSE}" in press.snippet_html
        assert "<script>" not in press.snippet_html
        assert "&lt;script&gt;" in press.snippet_html
        # Nothing but marks is markup.
        assert re.sub(r"</?mark>", "", press.snippet_html) == html.escape(
            html.unescape(re.sub(r"</?mark>", "", press.snippet_html)), quote=False
        )

    def test_facets_count_all_matches(self, live_engine):
        results = self.search(live_engine, limit=1)
        assert results.total == 5  # public documents
        assert len(results.hits) == 1
        types = {facet.value: facet.count for facet in results.facets["types"]}
        assert types == {"guide": 2, "best_practice": 1, "failure_story": 1, "call": 1}
        bundesland = {(facet.value, facet.label): facet.count for facet in results.facets["bundesland"]}
        assert bundesland == {("SN", "Sachsen"): 2, ("BY", "Bayern"): 2}
        tags = {(facet.value, facet.label): facet.count for facet in results.facets["tags"]}
        assert tags[("maedchen", "Mädchen")] == 1
        assert tags[("oeffentlichkeit", "Öffentlichkeit")] == 1

    def test_filters(self, live_engine):
        assert _keys(self.search(live_engine, tag_slugs=("robotik", "maedchen"))) == ["best_practice:2"]
        assert _keys(self.search(live_engine, tag_slugs=("robotik", "evaluation"))) == []
        assert set(_keys(self.search(live_engine, bundesland="BY"))) == {"failure_story:3", "call:6"}
        assert _keys(self.search(live_engine, doc_types=frozenset({"call"}))) == ["call:6"]
        in_range = self.search(live_engine, date_from=date(2024, 3, 1), date_to=date(2024, 5, 10))
        assert set(_keys(in_range)) == {"guide:1", "best_practice:2"}

    def test_browsing_is_newest_first_with_undated_last(self, live_engine):
        keys = _keys(self.search(live_engine))
        assert keys == ["call:6", "best_practice:2", "guide:1", "failure_story:3", "guide:7"]
        by_date = _keys(self.search(live_engine, "Netzwerk", sort="date"))
        assert by_date.index("guide:1") < by_date.index("failure_story:3")

    def test_pages(self, live_engine):
        first = self.search(live_engine, limit=2)
        second = self.search(live_engine, offset=2, limit=2)
        assert first.total == second.total == 5
        assert not set(_keys(first)) & set(_keys(second))

    def test_autocomplete_respects_permissions(self, live_engine):
        completions = live_engine.autocomplete("Robo", VISITOR)
        assert "Robotik" in completions
        assert "Robotik-AG an der Oberschule Görlitz" in completions
        assert "Robotik-AG an der Oberschule Görlitz" in live_engine.autocomplete("Oberschu", VISITOR)
        assert live_engine.autocomplete("Erika", VISITOR) == []
        assert "Erika Beispielfrau" in live_engine.autocomplete("Erika", frozenset({PUBLIC, MEMBERS}))
        assert "Öffentlichkeit" in live_engine.autocomplete("offentl", VISITOR)

    def test_did_you_mean(self, live_engine):
        results = self.search(live_engine, "Robtk")
        assert results.total == 0
        assert results.suggestion == "Robotik"
        # A private channel's word is never suggested, not to its members either.
        private = self.search(live_engine, "Sommerfst", audiences={PUBLIC, MEMBERS, "channel:7"})
        assert "ommerfest" not in private.suggestion
        assert self.search(live_engine, "Robotik").suggestion == ""

    def test_bad_input_never_fails(self, live_engine):
        for text in [
            '"Netzwerk',
            "title:(a OR b) AND c~2 /x/",
            "🤖 Netzwerk 👩‍🔬",
            "\u202eNetz",
            "Netzwerk " * 400,
        ]:
            results = self.search(live_engine, text)
            assert results.total >= 0

    def test_index_updates_and_deletes(self, fresh_engine):
        # The first write creates the alias and its index.
        assert fresh_engine.count() == 0
        assert fresh_engine.index(CORPUS[:3]) == 3
        assert fresh_engine.count() == 3
        changed = _doc("guide:1", "guide", "Neuer Titel über Wasserstoff", day=(2024, 3, 1))
        fresh_engine.index([changed])
        assert _keys(self.search(fresh_engine, "Wasserstoff")) == ["guide:1"]
        assert self.search(fresh_engine, "Netzwerkkoordination").total == 1  # only failure_story:3 now
        fresh_engine.delete_object("test.best_practice", 2)
        fresh_engine.delete_keys(["failure_story:3", "does-not-exist:1"])
        assert fresh_engine.keys() == {"guide:1"}

    def test_rebuild_swaps_the_alias_and_readers_never_see_an_empty_index(self, fresh_engine):
        fresh_engine.rebuild(CORPUS[:2])
        client = fresh_engine.client
        (old_index,) = client.indices.get_alias(name=fresh_engine.alias).body
        observed, stop = [], threading.Event()

        def read():
            while not stop.is_set():
                observed.append(fresh_engine.search(SearchQuery(audiences=VISITOR, limit=0)).total)

        def slow_documents():
            for position, document in enumerate(CORPUS):
                time.sleep(0.05)
                if position == 2:
                    # A live write during the rebuild reaches the new index too, and the rebuild does not
                    # overwrite it with the older version.
                    fresh_engine.index([_doc("guide:1", "guide", "Live geändert während des Neuaufbaus")])
                yield document

        reader = threading.Thread(target=read)
        reader.start()
        progress = []
        try:
            assert fresh_engine.rebuild(slow_documents(), progress=progress.append) == len(CORPUS)
        finally:
            stop.set()
            reader.join()
        assert progress[-1] == len(CORPUS)
        assert observed and 0 not in observed
        assert set(observed) <= {2, 5}
        (new_index,) = client.indices.get_alias(name=fresh_engine.alias).body
        assert new_index != old_index
        assert not client.indices.exists(index=old_index)
        assert not client.indices.exists_alias(name=fresh_engine.building_alias)
        assert fresh_engine.count() == len(CORPUS)
        assert _keys(self.search(fresh_engine, "Neuaufbaus")) == ["guide:1"]
