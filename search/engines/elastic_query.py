"""Request bodies for the Elasticsearch engine (elasticsearch.dsl Search objects) and reading the answers.

Plain functions without a client, so the tests can check exactly what is sent (`Search.to_dict()`).

The query text goes through the shared analysis first (search/analysis.py `parse_query`, as on the database
engines): cut to MAX_QUERY_LENGTH characters and MAX_QUERY_WORDS words, split into words (punctuation, quotes,
brackets, emoji and search syntax are separators), stop words dropped, each word with its derived forms
(Förderung / fördern / gefördert) and its compound parts. Elasticsearch then receives only those words, in
match/multi_match queries: user text never reaches a query_string parser.

Per word the query accepts, best match counting (dis_max):
- the word itself in title^3, summary^2, tags^2 or body, analysed by `de_search`, with typos (fuzziness
  AUTO:5,8, see FUZZINESS);
- one of its derived forms (without typos, so the variants do not multiply fuzzy expansions);
- all of its compound parts ("Netzwerkkoordination": "Netzwerk" and "Koordination", anywhere in the fields).
Up to three words must all match; from four on, a quarter may be missing. The words as a phrase rank higher.
"""

import html
import re
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from elasticsearch.dsl import Q, Search

from search import analysis

from . import common
from .base import FacetValue, Hit, SearchQuery
from .elastic_schema import AUDIENCE_CONTEXT

MAX_PAGE_SIZE = 100
# Elasticsearch's index.max_result_window: from + size beyond it is an error, so deeper pages come back empty.
MAX_RESULT_WINDOW = 10_000
SNIPPET_CHARS = 200
MAX_PREFIX_CHARS = 60
MIN_PREFIX_CHARS = 2
MAX_COMPLETIONS = 20
TYPE_FACET_SIZE = 50
BUNDESLAND_FACET_SIZE = 20  # there are 16

# Title above summary and tags above body, as on the database engines.
TEXT_FIELDS = ["title^3", "summary^2", "tags^2", "body"]
PHRASE_FIELDS = ["title^3", "summary^2", "body"]
MINIMUM_SHOULD_MATCH = "3<-25%"
# No typo below 5 characters of the analysed term, one up to 7, two from 8 on.
FUZZINESS = "AUTO:5,8"
SOURCE_FIELDS = ["key", "doc_type", "title", "url", "summary", "tags", "tag_slugs", "bundesland", "date"]
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"

_MARKED = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


# --- searching ----------------------------------------------------------------------------------------------


def _day(value: date) -> str:
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def filter_clauses(query: SearchQuery) -> list[Q]:
    # An empty audience set matches nothing (a terms query without values), never everything.
    clauses = [Q("terms", audiences=sorted(query.audiences))]
    if query.doc_types:
        clauses.append(Q("terms", doc_type=sorted(query.doc_types)))
    for slug in dict.fromkeys(query.tag_slugs):
        clauses.append(Q("term", tag_slugs=slug))
    if query.bundesland:
        clauses.append(Q("term", bundesland=query.bundesland))
    if query.date_from or query.date_to:
        # Calendar days on the site, not in UTC; "||/d" rounds `gte` down to the start of the day and `lte` up
        # to its end, so both days are included.
        bounds = {"time_zone": settings.TIME_ZONE}
        if query.date_from:
            bounds["gte"] = f"{_day(query.date_from)}||/d"
        if query.date_to:
            bounds["lte"] = f"{_day(query.date_to)}||/d"
        clauses.append(Q("range", date=bounds))
    return clauses


def _fields_match(text: str, **options) -> Q:
    return Q("multi_match", query=text, fields=TEXT_FIELDS, operator="and", **options)


_GERMAN_NORMALISATION = (
    ("ä", "a"),
    ("ö", "o"),
    ("ü", "u"),
    ("ae", "a"),
    ("oe", "o"),
    ("ue", "u"),
    ("ß", "ss"),
)


def _as_indexed(word: str) -> str:
    """Roughly what german_normalization makes of a word: variants that differ only in ä/ae/a are one."""
    word = analysis.fold(word)
    for written, normalised in _GERMAN_NORMALISATION:
        word = word.replace(written, normalised)
    return word


def word_clause(term: analysis.QueryTerm) -> Q:
    """One query word: itself (typos allowed), a derived form, or all of its compound parts."""
    alternatives = [
        _fields_match(
            term.word,
            type="best_fields",
            tie_breaker=0.3,
            # AUTO with higher thresholds: the edits apply to the analysed term, a stem shorter than the word
            # typed ("Förderung" → "ford"), and with the default 3,6 that stem would also match "Form".
            fuzziness=FUZZINESS,
            prefix_length=1,
            # A word the analyzer drops entirely (a stop word left as the only word) must not fail the query.
            zero_terms_query="all",
        )
    ]
    seen = {_as_indexed(term.word)}
    for variant in term.variants:
        if _as_indexed(variant) not in seen:
            seen.add(_as_indexed(variant))
            alternatives.append(_fields_match(variant, type="best_fields", tie_breaker=0.3, boost=0.9))
    if term.parts:
        alternatives.append(Q("bool", must=[_fields_match(part) for part in term.parts], boost=0.8))
    if len(alternatives) == 1:
        return alternatives[0]
    return Q("dis_max", queries=alternatives)


def text_query(terms: list[analysis.QueryTerm]) -> tuple[Q, Q]:
    every_word = Q(
        "bool", should=[word_clause(term) for term in terms], minimum_should_match=MINIMUM_SHOULD_MATCH
    )
    # The words next to each other, as typed, rank above the same words scattered over the text.
    phrase = Q(
        "multi_match", query=analysis.query_text(terms), type="phrase", fields=PHRASE_FIELDS, slop=2, boost=2
    )
    return every_word, phrase


def has_nothing_to_search(query: SearchQuery) -> bool:
    """Text was typed, but no word is left of it (only punctuation, symbols, emoji)."""
    return bool(analysis.clean_query(query.text)) and not analysis.parse_query(query.text)


def build_search(query: SearchQuery) -> Search:
    """The search request: text query and filters, sort, page, facets over all matches, highlighting."""
    terms = analysis.parse_query(query.text)
    filters = filter_clauses(query)
    if terms:
        every_word, phrase = text_query(terms)
        main = Q("bool", must=[every_word], should=[phrase], filter=filters)
    elif has_nothing_to_search(query):
        main = Q("bool", must=[Q("match_none")], filter=filters)
    else:  # browsing: everything the filters allow, newest first
        main = Q("bool", must=[Q("match_all")], filter=filters)

    by_date = [{"date": {"order": "desc", "missing": "_last"}}]
    tie_break = [{"key": {"order": "asc"}}]
    if terms and query.sort != "date":
        sort = [{"_score": {"order": "desc"}}, *by_date, *tie_break]
    else:
        sort = [*by_date, {"_score": {"order": "desc"}}, *tie_break]

    offset = min(max(query.offset, 0), MAX_RESULT_WINDOW)
    size = max(0, min(query.limit, MAX_PAGE_SIZE, MAX_RESULT_WINDOW - offset))

    search = Search().query(main).sort(*sort).source(SOURCE_FIELDS).extra(track_total_hits=True)
    search = search.extra(from_=offset if size else 0, size=size)

    tags = search.aggs.bucket("tags", "terms", field="tag_slugs", size=common.MAX_TAG_FACETS)
    # Any one document of a tag's bucket carries the tag: its name sits at the position of the slug.
    tags.metric("label", "top_hits", size=1, _source={"includes": ["tags", "tag_slugs"]})
    search.aggs.bucket("types", "terms", field="doc_type", size=TYPE_FACET_SIZE)
    search.aggs.bucket("bundesland", "terms", field="bundesland", size=BUNDESLAND_FACET_SIZE)

    search = search.highlight_options(
        pre_tags=[MARK_OPEN],
        post_tags=[MARK_CLOSE],
        # Escapes the text around the marks, so a fragment is HTML with no markup but the marks.
        encoder="html",
        # A longer text is highlighted in its first million characters instead of failing the request.
        max_analyzed_offset=1_000_000,
    )
    search = search.highlight("title", number_of_fragments=0)
    return search.highlight(
        "summary", "body", fragment_size=SNIPPET_CHARS, number_of_fragments=1, no_match_size=SNIPPET_CHARS
    )


def typed_words(text: str) -> list[str]:
    return analysis.words(analysis.clean_query(text))[: analysis.MAX_QUERY_WORDS]


def build_suggestion_search(text: str, audiences: Iterable[str]) -> Search | None:
    """ "Meinten Sie …?": a phrase suggestion from the words of the index. The collate query keeps only
    suggestions that find a document of the shared vocabulary audiences (common.VOCABULARY_AUDIENCES): a word
    from a private channel or a moderators-only document is never suggested."""
    words = typed_words(text)
    vocabulary = common.vocabulary_audiences(audiences)
    if not words or not vocabulary:
        return None
    collate_query = {
        "bool": {
            "must": [{"match": {"spell": {"query": "{{suggestion}}", "operator": "and"}}}],
            "filter": [{"terms": {"audiences": vocabulary}}],
        }
    }
    phrase = {
        "field": "spell",
        "size": 5,
        "gram_size": 1,
        "max_errors": 2,
        "confidence": 1.0,
        "direct_generator": [{"field": "spell", "suggest_mode": "always", "min_word_length": 4}],
        "collate": {"query": {"source": collate_query}, "prune": False},
    }
    return Search().extra(size=0).source(False).suggest("did_you_mean", " ".join(words), phrase=phrase)


def completion_prefix(prefix: str) -> str:
    return " ".join(analysis.words(analysis.clean_query(prefix)))[:MAX_PREFIX_CHARS]


def build_autocomplete_search(prefix: str, audiences: Iterable[str], limit: int) -> Search | None:
    """Completions from tags and titles (also from a later word of a title), only of documents the searcher
    may see: the audiences are the completion context."""
    prefix = completion_prefix(prefix)
    audiences = sorted(audiences)
    limit = max(0, min(limit, MAX_COMPLETIONS))
    # Without a context the completion suggester would search every document: no audience, no completions.
    if len(prefix) < MIN_PREFIX_CHARS or not audiences or not limit:
        return None
    completion = {
        "field": "suggest",
        # Room for duplicates (two documents with the same title, or a title matched by two of its words).
        "size": limit * 3,
        "skip_duplicates": True,
        "contexts": {AUDIENCE_CONTEXT: audiences},
        # Typos from the fourth character on; the first character must be right.
        "fuzzy": {"fuzziness": "AUTO", "prefix_length": 1, "min_length": 4},
    }
    search = Search().extra(size=0).source(["title", "tags"])
    return search.suggest("complete", prefix, completion=completion)


# --- reading answers ----------------------------------------------------------------------------------------


def marked_html(fragment: str) -> str:
    """A highlighter fragment as safe HTML: only well-formed <mark>…</mark> pairs stay markup, everything else
    is escaped. The highlighter already escapes (encoder "html"); decoding and re-escaping here keeps the result
    safe whatever a fragment holds."""
    out, position = [], 0
    for match in _MARKED.finditer(fragment):
        out.append(_escaped(fragment[position : match.start()]))
        out.append(f"{MARK_OPEN}{_escaped(match.group(1))}{MARK_CLOSE}")
        position = match.end()
    out.append(_escaped(fragment[position:]))
    return "".join(out)


def _escaped(text: str) -> str:
    return html.escape(html.unescape(text), quote=False)


def _snippet(highlight: dict, source: dict) -> str:
    fragments = [highlight.get(field) or [] for field in ("summary", "body")]
    for field_fragments in fragments:  # a fragment with a match first
        if any(MARK_OPEN in fragment for fragment in field_fragments):
            return marked_html(field_fragments[0])
    for field_fragments in fragments:  # else the beginning of the text (no_match_size)
        if field_fragments:
            return marked_html(field_fragments[0])
    return common.plain_snippet(source.get("summary") or "")


def _parse_date(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_hit(raw: dict) -> Hit:
    source = raw.get("_source") or {}
    highlight = raw.get("highlight") or {}
    title = source.get("title") or ""
    title_fragments = highlight.get("title") or []
    return Hit(
        key=source.get("key") or raw.get("_id", ""),
        doc_type=source.get("doc_type") or "",
        title=title,
        url=source.get("url") or "",
        snippet_html=_snippet(highlight, source),
        title_html=marked_html(title_fragments[0]) if title_fragments else html.escape(title, quote=False),
        tags=tuple(source.get("tags") or ()),
        tag_slugs=tuple(source.get("tag_slugs") or ()),
        bundesland=source.get("bundesland") or "",
        date=_parse_date(source.get("date")),
        score=float(raw.get("_score") or 0.0),
    )


def _tag_name(bucket: dict) -> str:
    slug = bucket["key"]
    for top in ((bucket.get("label") or {}).get("hits") or {}).get("hits") or []:
        source = top.get("_source") or {}
        slugs, names = list(source.get("tag_slugs") or ()), list(source.get("tags") or ())
        if slug in slugs and slugs.index(slug) < len(names):
            return names[slugs.index(slug)]
    return slug


def parse_facets(aggregations: dict) -> dict[str, list[FacetValue]]:
    def buckets(name):
        return (aggregations.get(name) or {}).get("buckets") or []

    return {
        "tags": common.tag_facets((b["key"], _tag_name(b), b["doc_count"]) for b in buckets("tags")),
        "types": common.type_facets((b["key"], b["doc_count"]) for b in buckets("types")),
        "bundesland": common.bundesland_facets((b["key"], b["doc_count"]) for b in buckets("bundesland")),
    }


def parse_total(raw: dict) -> int:
    total = (raw.get("hits") or {}).get("total") or 0
    return int(total.get("value", 0) if isinstance(total, dict) else total)


def parse_suggestion(raw: dict, text: str) -> str:
    """The best collated phrase suggestion that differs from what was typed, in the searcher's capitalisation."""
    typed = typed_words(text)
    for entry in (raw.get("suggest") or {}).get("did_you_mean") or []:
        for option in entry.get("options") or []:
            suggested = (option.get("text") or "").split()
            if not suggested or [analysis.fold(w) for w in suggested] == [analysis.fold(w) for w in typed]:
                continue
            if len(suggested) == len(typed):
                suggested = [
                    new[:1].upper() + new[1:] if old[:1].isupper() else new
                    for old, new in zip(typed, suggested, strict=True)
                ]
            return " ".join(suggested)
    return ""


def parse_completions(raw: dict, limit: int) -> list[str]:
    """Tags as they are, titles whole (also when a later word of the title matched), without duplicates."""
    seen, completions = set(), []
    for entry in (raw.get("suggest") or {}).get("complete") or []:
        for option in entry.get("options") or []:
            text = (option.get("text") or "").strip()
            source = option.get("_source") or {}
            if text not in (source.get("tags") or ()) and source.get("title"):
                text = source["title"]
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                completions.append(text)
    return completions[:limit]
