"""What the database engines share: date limits, facets, highlighting, "Meinten Sie …?"."""

import html
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from search import analysis, labels

from .base import FacetValue, IndexDocument, SearchQuery, SearchResults

# Sentinels the engines put around matches before escaping; analysis.clean_text() removes them from content.
MARK_START = "\x02"
MARK_END = "\x03"
MAX_TAG_FACETS = 40
FEW_RESULTS = 3  # fewer hits than this: look for a better spelling
MAX_BODY_LENGTH = 50_000  # characters of a body that are indexed (a protocol or a long chapter fits)
SNIPPET_WORDS = 30


def day_bounds(query: SearchQuery) -> tuple[datetime | None, datetime | None]:
    """The query's date range as aware datetimes in the site's time zone: [start of `date_from`, start of the
    day after `date_to`)."""
    zone = timezone.get_default_timezone()

    def start_of(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=zone)

    start = start_of(query.date_from) if query.date_from else None
    end = start_of(query.date_to + timedelta(days=1)) if query.date_to else None
    return start, end


def prepared_document(document: IndexDocument) -> IndexDocument:
    """The document as engines index it: invisible characters removed (they would break highlighting), web
    and email addresses dropped from the text, the body cut to MAX_BODY_LENGTH."""
    return replace(
        document,
        title=analysis.clean_text(document.title).strip(),
        summary=analysis.strip_urls(analysis.clean_text(document.summary)).strip(),
        body=analysis.strip_urls(analysis.clean_text(document.body))[:MAX_BODY_LENGTH].strip(),
        tags=tuple(analysis.clean_text(tag) for tag in document.tags),
    )


def marked_to_html(text: str) -> str:
    """Text with MARK_START/MARK_END around matches -> escaped HTML with <mark> around them."""
    escaped = html.escape(text, quote=False)
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # A highlight the engine opened and never closed (it cut the fragment) must not leak into the page.
    opened = escaped.count("<mark>") - escaped.count("</mark>")
    return escaped + "</mark>" * max(0, opened)


def plain_snippet(document_text: str, words: int = SNIPPET_WORDS) -> str:
    """The beginning of a text as an escaped snippet, for results without a text query."""
    parts = document_text.split()
    text = " ".join(parts[:words])
    if len(parts) > words:
        text += " …"
    return html.escape(text, quote=False)


def type_facets(counts: Iterable[tuple[str, int]]) -> list[FacetValue]:
    values = [
        FacetValue(value=key, label=labels.type_plural(key), count=count) for key, count in counts if count
    ]
    return sorted(values, key=lambda facet: (labels.type_order(facet.value), facet.value))


def bundesland_facets(counts: Iterable[tuple[str, int]]) -> list[FacetValue]:
    values = [
        FacetValue(value=code, label=labels.bundesland_label(code), count=count)
        for code, count in counts
        if code and count
    ]
    return sorted(values, key=lambda facet: facet.label)


def tag_facets(rows: Iterable[tuple[str, str, int]]) -> list[FacetValue]:
    values = [FacetValue(value=slug, label=name, count=count) for slug, name, count in rows if count]
    values.sort(key=lambda facet: (-facet.count, facet.label.casefold()))
    return values[:MAX_TAG_FACETS]


# --- Highlighting in Python (the SQLite engine) -------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+")


def query_stems(terms: list[analysis.QueryTerm]) -> frozenset[str]:
    stems = set()
    for term in terms:
        stems.update(analysis.stem(variant) for variant in term.variants)
        stems.update(analysis.stem(part) for part in term.parts)
    return frozenset(stems)


def _matches(word: str, stems: frozenset[str]) -> bool:
    folded = analysis.fold(word)
    if analysis.stem(folded) in stems:
        return True
    return any(analysis.stem(part) in stems for part in analysis.split_compound(folded))


def highlight_all(text: str, stems: frozenset[str]) -> str:
    """`text` escaped, every word that matches the query wrapped in <mark>."""
    return _render(text, 0, len(text), _match_spans(text, stems))


def _match_spans(text: str, stems: frozenset[str]) -> list[tuple[int, int]]:
    return [match.span() for match in _TOKEN.finditer(text) if _matches(match.group(), stems)]


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    pieces = []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(html.escape(text[position:span_start], quote=False))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end], quote=False)}</mark>")
        position = span_end
    pieces.append(html.escape(text[position:end], quote=False))
    return "".join(pieces)


def snippet(text: str, stems: frozenset[str], words: int = SNIPPET_WORDS) -> str:
    """The passage of about `words` words with the most matches, escaped, matches in <mark>."""
    tokens = list(re.finditer(r"\S+", text))
    if not tokens:
        return ""
    spans = _match_spans(text, stems)
    if not spans:
        return plain_snippet(text, words)
    # Slide a window of `words` tokens over the text; keep the one covering the most matches.
    starts = [token.start() for token in tokens]
    best_index, best_count = 0, -1
    span_index = 0
    for index in range(0, max(1, len(tokens) - words + 1)):
        window_start = starts[index]
        window_end = tokens[min(index + words, len(tokens)) - 1].end()
        while span_index < len(spans) and spans[span_index][0] < window_start:
            span_index += 1
        count = 0
        probe = span_index
        while probe < len(spans) and spans[probe][1] <= window_end:
            count += 1
            probe += 1
        if count > best_count:
            best_index, best_count = index, count
    # Start a little before the first match of the window, so the match has some context before it.
    last = min(best_index + words, len(tokens)) - 1
    start, end = tokens[best_index].start(), tokens[last].end()
    result = _render(text, start, end, spans)
    if best_index > 0:
        result = "… " + result
    if last < len(tokens) - 1:
        result += " …"
    return result


# --- "Meinten Sie …?" ---------------------------------------------------------------------------------------


class SuggestionMixin:
    """Few or no results: replace each query word the index does not know by the closest known word the
    searcher may see, and offer the result only if it finds more than the query did.

    Engines implement `_known_words(folded words, audiences) -> set` and
    `_closest_word(folded word, audiences) -> display form or None`.
    """

    def _suggestion(self, query: SearchQuery, total: int) -> str:
        if total >= FEW_RESULTS or not query.text:
            return ""
        typed = analysis.words(analysis.clean_query(query.text))[: analysis.MAX_QUERY_WORDS]
        if not typed:
            return ""
        audiences = vocabulary_audiences(query.audiences)
        if not audiences:
            return ""
        folded = [analysis.fold(word) for word in typed]
        known = self._known_words({word for word in folded if len(word) >= 4}, audiences)
        changed = False
        suggestion = []
        for word, folded_word in zip(typed, folded, strict=True):
            if len(folded_word) < 4 or folded_word in known or not folded_word.isalpha():
                suggestion.append(word)
                continue
            closest = self._closest_word(folded_word, audiences)
            if closest and analysis.fold(closest) != folded_word:
                suggestion.append(closest)
                changed = True
            else:
                suggestion.append(word)
        if not changed:
            return ""
        text = " ".join(suggestion)
        better = self._count(replace(query, text=text, offset=0, limit=0))
        return text if better > total else ""

    def _count(self, query: SearchQuery) -> int:
        return self.search(query, suggest=False).total  # type: ignore[attr-defined]


# Only words from what everyone or every member may read feed "Meinten Sie …?": a word from a private channel
# or a moderators-only document must not be suggested to anyone.
VOCABULARY_AUDIENCES = ("public", "anonymous", "members")


def vocabulary_audiences(audiences: Iterable[str]) -> list[str]:
    return sorted(set(audiences) & set(VOCABULARY_AUDIENCES))


def document_vocabulary(document: IndexDocument) -> tuple[list[str], list[str]]:
    """(words, audiences) a document adds to the suggestion vocabulary."""
    audiences = vocabulary_audiences(document.audiences)
    if not audiences:
        return [], []
    text = " ".join([document.title, document.summary, " ".join(document.tags), document.body])
    return analysis.vocabulary_words(text), audiences


def empty_results(engine: str) -> SearchResults:
    return SearchResults(hits=[], total=0, facets={"tags": [], "types": [], "bundesland": []}, engine=engine)
