"""The Elasticsearch index of the site search: German analysis and the document mapping.

Analysis, and why it is split into an index and a search analyzer
------------------------------------------------------------------
Index analyzer `de_index` (title, summary, body, tags):
    standard tokenizer → lowercase → dictionary_decompounder (the shared vocabulary of search/analysis.py
    `compound_parts()`) → German stop words (the shared `stop_words()`, so a query ignores the same words as on
    the database engines) → german_normalization (ä→a, ß→ss, ue→u) → asciifolding (é→e, ligatures)
    → `-ung` derivation (see below) → light_german stemmer.
Search analyzer `de_search`: the same chain without the decompounder.

Decompounding happens at index time only. The decompounder keeps the whole word and adds the known parts at
the same position, so the document "Netzwerkkoordination" is found by "Koordination" and by "Netzwerk". At
query time the same filter would turn "Netzwerkkoordination" into three tokens at one position, which a match
query treats as synonyms (any one of them matches): every document that mentions "Netzwerk" anywhere would
match. So the search analyzer leaves the query compound whole, and the query builder (elastic_query.py) adds
a precise alternative instead: the compound split into its known parts, all of which must match. Together the
two directions work ("Koordination" finds "Netzwerkkoordination", and "Netzwerkkoordination" finds a text
about the "Koordination" of a "Netzwerk") without flooding the results.

The decompounder runs before normalisation because the vocabulary is written with umlauts ("förder"), and
with only_longest_match so that one position yields its longest known part ("netzwerk", not also "netz").

The `-ung` filter is the derivational step of the Snowball German stemmer, which light_german leaves out:
it removes "-ung"/"-ungen" when the rest still has two vowel–consonant pairs (Snowball's region R2). That lets
"Förderung" (→ forder → ford) and "fördern" (→ ford), or "Koordinierung" and "koordinieren", meet, while
short words such as "Zeitung" or "Bildung" keep their ending and do not collide with "Zeit" or "Bild".
light_german is preferred over the Snowball "german" stemmer because it stems less aggressively.

Other fields: `spell` (lowercased words, no stemming) feeds the "Meinten Sie …?" phrase suggester with real
words; `suggest` is the completion field for autocomplete (titles and tags), with the document's audiences
as a category context so suggestions respect the same permissions as results.
"""

import re
import unicodedata

from elasticsearch.dsl import (
    Completion,
    Date,
    Document,
    Index,
    Keyword,
    Long,
    MetaField,
    Text,
    analyzer,
    token_filter,
)

from search import analysis
from search.analysis import compound_parts

from . import common
from .base import IndexDocument

INDEX_ANALYZER = "de_index"
SEARCH_ANALYZER = "de_search"
SPELL_ANALYZER = "de_spell"
COMPLETION_ANALYZER = "de_completion"
AUDIENCE_CONTEXT = "audience"


def compound_word_list() -> list[str]:
    """The decompounder's dictionary: the shared vocabulary, sorted so the index settings are stable."""
    return sorted(compound_parts())


def _decompounder():
    words = compound_word_list()
    shortest = min((len(word) for word in words), default=3)
    longest = max((len(word) for word in words), default=15)
    return token_filter(
        "de_decompounder",
        type="dictionary_decompounder",
        word_list=words,
        only_longest_match=True,
        min_subword_size=shortest,
        max_subword_size=longest,
        # A compound has at least two parts, so shorter words need no lookup.
        min_word_size=2 * shortest,
    )


def _stop_words():
    # The shared list (search/data/stopwords_de.txt): the words a query ignores are the same on every engine.
    return token_filter("de_stop", type="stop", stopwords=sorted(analysis.stop_words()))


german_stemmer = token_filter("de_stemmer", type="stemmer", language="light_german")
# Runs after german_normalization and asciifolding, so the vowels are plain ASCII here. The stem before "ung"
# must hold two vowel-consonant pairs (Snowball's R2). Vowel and consonant runs alternate, so the possessive
# quantifiers never need to give anything back: the match stays linear even for very long tokens.
UNG_PATTERN = r"^([^aeiouy]*+[aeiouy]++[^aeiouy]++[aeiouy]++[^aeiouy].*)ung(?:en)?$"
german_derivation = token_filter("de_ung", type="pattern_replace", pattern=UNG_PATTERN, replacement="$1")


def _after_decompounding():
    return [_stop_words(), "german_normalization", "asciifolding", german_derivation, german_stemmer]


def german_index_analyzer():
    # Elasticsearch refuses a decompounder without words: with an empty vocabulary there is none.
    decompounding = [_decompounder()] if compound_parts() else []
    return analyzer(
        INDEX_ANALYZER, tokenizer="standard", filter=["lowercase", *decompounding, *_after_decompounding()]
    )


def german_search_analyzer():
    return analyzer(SEARCH_ANALYZER, tokenizer="standard", filter=["lowercase", *_after_decompounding()])


spell_analyzer = analyzer(SPELL_ANALYZER, tokenizer="standard", filter=["lowercase"])
completion_analyzer = analyzer(
    COMPLETION_ANALYZER, tokenizer="standard", filter=["lowercase", "german_normalization", "asciifolding"]
)


def _german_text(**kwargs):
    return Text(analyzer=german_index_analyzer(), search_analyzer=german_search_analyzer(), **kwargs)


class SearchDocument(Document):
    """One IndexDocument as stored in Elasticsearch (its `_id` is the document key)."""

    key = Keyword()
    doc_type = Keyword()
    object_model = Keyword()
    object_id = Long()
    audiences = Keyword()
    title = _german_text(copy_to="spell")
    url = Keyword(index=False, doc_values=False)
    summary = _german_text(copy_to="spell")
    # Offsets in the postings let the highlighter cut snippets out of long bodies without re-analysing them.
    body = _german_text(copy_to="spell", index_options="offsets")
    tags = _german_text(copy_to="spell", fields={"raw": Keyword()})
    tag_slugs = Keyword()
    bundesland = Keyword()
    date = Date()
    spell = Text(analyzer=spell_analyzer)
    suggest = Completion(
        analyzer=completion_analyzer,
        contexts=[{"name": AUDIENCE_CONTEXT, "type": "category", "path": "audiences"}],
    )

    class Meta:
        # A field that is not mapped here is a mistake in the engine, not something to guess a type for.
        dynamic = MetaField("strict")


def build_index(name: str, *, refresh_interval: str | None = None) -> Index:
    """The definition (settings, analysis, mappings) of one concrete index of the search."""
    index = Index(name)
    # One shard: the corpus stays well below the size where splitting pays, and scores stay comparable.
    settings = {"number_of_shards": 1}
    if refresh_interval is not None:
        settings["refresh_interval"] = refresh_interval
    index.settings(**settings)
    # Through the mapping, not index.document(): that would make this index the Document's default index.
    index.mapping(SearchDocument._doc_type.mapping)
    return index


# Completion inputs may not contain the characters Elasticsearch uses as separators (0x00, 0x1e, 0x1f).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_WORD = re.compile(r"[^\W_]+")
# Tags first, then titles, then titles by a later word (as the database engines order completions).
TAG_WEIGHT = 10
TITLE_WEIGHT = 8
TITLE_WORD_WEIGHT = 5
MAX_TITLE_WORD_INPUTS = 8


def _completion_input(value: str) -> str:
    return " ".join(_CONTROL.sub(" ", value).split())


def title_word_inputs(title: str) -> list[str]:
    """The title from each later word on ("Tag der offenen Werkstatt" → "offenen Werkstatt", "Werkstatt"), so
    typing any word of a title completes it, as on the database engines; stop words and short words skipped."""
    inputs = []
    for match in list(_WORD.finditer(title))[1:]:
        word = match.group()
        if len(word) >= 3 and analysis.fold(word) not in analysis.stop_words():
            inputs.append(title[match.start() :])
        if len(inputs) == MAX_TITLE_WORD_INPUTS:
            break
    return inputs


def document_source(document: IndexDocument) -> dict:
    """The `_source` Elasticsearch stores for one document (its `_id` is `document.key`).

    The text is prepared as for every engine (common.prepared_document: no invisible characters, no web or
    email addresses, the body cut to a maximum length) and NFC-composed, so "u" + combining diaeresis
    analyses like "ü"."""
    document = common.prepared_document(document)
    title = unicodedata.normalize("NFC", document.title)
    tags = [unicodedata.normalize("NFC", tag) for tag in document.tags]
    source = {
        "key": document.key,
        "doc_type": document.doc_type,
        "object_model": document.object_model,
        "object_id": document.object_id,
        "audiences": list(document.audiences),
        "title": title,
        "url": document.url,
        "summary": unicodedata.normalize("NFC", document.summary),
        "body": unicodedata.normalize("NFC", document.body),
        "tags": tags,
        "tag_slugs": list(document.tag_slugs),
        "bundesland": document.bundesland or None,
        "date": document.date.isoformat() if document.date else None,
    }
    # Completions carry the audiences as their context; a document nobody may see offers none (and a
    # context-enabled completion field rejects inputs without a context).
    if document.audiences:
        title_input = _completion_input(title)
        weighted = [
            ([text for tag in tags if (text := _completion_input(tag))], TAG_WEIGHT),
            ([title_input] if title_input else [], TITLE_WEIGHT),
            ([_completion_input(text) for text in title_word_inputs(title_input)], TITLE_WORD_WEIGHT),
        ]
        suggest = [{"input": inputs, "weight": weight} for inputs, weight in weighted if inputs]
        if suggest:
            source["suggest"] = suggest
    return source
