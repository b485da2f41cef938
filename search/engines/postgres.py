"""PostgreSQL full-text search in the main database (tables created by search/migrations, PostgreSQL only).

search_document holds one row per document with a weighted tsvector in the German configuration: title
(and the parts of its compounds) weight A, summary, tags and their compound parts B, body and its compound parts
C; a GIN index on it, GIN indexes on the audiences and tag slugs (permission and tag filters), trigram indexes
on the folded title and tag names (autocomplete). search_term is the vocabulary "Meinten Sie …?" draws on, with
a trigram index for typo tolerance.

A query is built in Python (search/analysis.py) from sanitised words only, each with its variants (Förderung |
fördern | gefördert, Mädchen | Maedchen) and, for a compound, its parts side by side, then stemmed by
PostgreSQL's own German configuration (to_tsquery('german', …)), so query and index always agree. Filters
(audiences, types, tags, Bundesland) are lexemes in the same vectors (migration 0003), so the GIN index answers
them with the text. A search reads a sixteenth of its matches first (a sample bucket); a narrow search then
reads all of them in one statement (exact total and facets, the page ranked with ts_rank_cd), a broad one
reports the sample's estimates and finds its page through the newest matches only (see search()). Snippets
come from ts_headline (escaped in Python, only the <mark>s are markup).
"""

import json
import logging
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from django.db import connections, transaction

from search import analysis

from . import common
from .base import Hit, IndexDocument, Progress, SearchEngine, SearchQuery, SearchResults

logger = logging.getLogger(__name__)

BATCH = 1000
SEPARATOR = "\x1f"
HEADLINE_OPTIONS = (
    "'StartSel=' || chr(2) || ', StopSel=' || chr(3) || "
    "', MaxWords=32, MinWords=14, ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \"'"
)
HEADLINE_TEXT_LIMIT = 20_000
# The first RANKED matches (5 pages of 20) are ordered by cover density; later pages by date (see search()).
RANKED = 100
GIN_INDEXES = ("search_document_vector", "search_document_head")
# search_filter_vector() (migration 0003) puts every document in one of SAMPLE_BUCKETS buckets by its key; a
# search first reads its matches in SAMPLE_BUCKET. If they suggest EXACT_LIMIT matches or more, the total and
# the facets are estimates from that sample (two significant digits, "ca."); below, every match is counted.
SAMPLE_BUCKETS = 16
SAMPLE_BUCKET = 0
EXACT_LIMIT = 2000
# An exact count whose matches turn out to be more than this counts the facets on an even sample of this size.
FACET_SAMPLE = 2000

INSERT_DOCUMENTS = """
WITH u AS (
    SELECT * FROM unnest(
        %s::text[], %s::text[], %s::text[], %s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[],
        %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
        %s::text[], %s::text[]
    ) AS u(key, doc_type, object_model, object_id, audiences, title, title_fold, url, summary, body, tags,
           tag_slugs, tags_text, bundesland, date, parts_a, parts_b, parts_c)
),
written AS (
    INSERT INTO search_document AS d (
        key, doc_type, object_model, object_id, audiences, tag_slugs, bundesland, date, search_vector
    )
    SELECT u.key, u.doc_type, u.object_model, u.object_id, string_to_array(u.audiences, E'\\x1f'),
           string_to_array(u.tag_slugs, E'\\x1f'), u.bundesland, u.date::timestamptz,
           setweight(to_tsvector('german', u.title || ' ' || u.parts_a), 'A')
           || setweight(to_tsvector('german', u.summary || ' ' || replace(u.tags, E'\\x1f', ' ') || ' ' || u.parts_b), 'B')
           || setweight(to_tsvector('german', u.body || ' ' || u.parts_c), 'C')
           || search_filter_vector(string_to_array(u.audiences, E'\\x1f'), u.doc_type, u.bundesland,
                                   string_to_array(u.tag_slugs, E'\\x1f'), u.key)
    FROM u
    ON CONFLICT (key) DO UPDATE SET
        doc_type = EXCLUDED.doc_type, object_model = EXCLUDED.object_model, object_id = EXCLUDED.object_id,
        audiences = EXCLUDED.audiences, tag_slugs = EXCLUDED.tag_slugs, bundesland = EXCLUDED.bundesland,
        date = EXCLUDED.date, search_vector = EXCLUDED.search_vector
    RETURNING d.id, d.key
)
INSERT INTO search_document_text AS t (id, title, title_fold, url, summary, body, tags, tags_text)
SELECT written.id, u.title, u.title_fold, u.url, u.summary, u.body, string_to_array(u.tags, E'\\x1f'), u.tags_text
FROM written JOIN u ON u.key = written.key
ON CONFLICT (id) DO UPDATE SET
    title = EXCLUDED.title, title_fold = EXCLUDED.title_fold, url = EXCLUDED.url, summary = EXCLUDED.summary,
    body = EXCLUDED.body, tags = EXCLUDED.tags, tags_text = EXCLUDED.tags_text
"""

INSERT_TAGS = """
INSERT INTO search_tag AS t (slug, name)
SELECT * FROM unnest(%s::text[], %s::text[])
ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name WHERE t.name <> EXCLUDED.name
"""

INSERT_TERMS = """
INSERT INTO search_term (term, audience, display, frequency)
SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::integer[])
ON CONFLICT (term, audience) DO {conflict}
"""


def _folded_words(text: str) -> str:
    return " " + " ".join(analysis.fold(word) for word in analysis.words(text))


def _tsquery_word(word: str, weights: str = "") -> str:
    # Words come from analysis.words(): letters and digits only, so quoting cannot be broken out of.
    return "'" + word.replace("'", "") + "'" + (f":{weights}" if weights else "")


def tsquery_text(terms: list[analysis.QueryTerm], weights: str = "") -> str:
    """A to_tsquery() expression: every term must match, as any of its variants or as all of its parts
    (`weights` "AB": only in the title, summary or tags)."""
    clauses = []
    for term in terms:
        options = [_tsquery_word(variant, weights) for variant in term.variants]
        if term.parts:
            options.append("(" + " & ".join(_tsquery_word(part, weights) for part in term.parts) + ")")
        clauses.append("(" + " | ".join(options) + ")")
    return " & ".join(clauses)


class PostgresEngine(common.SuggestionMixin, SearchEngine):
    name = "postgresql"

    def __init__(self, using: str = "default"):
        self.using = using

    @property
    def connection(self):
        return connections[self.using]

    def _changed(self, cursor) -> None:
        """Note a change for the result cache: now (so nothing cached before it is reused) and again after the
        commit (so nothing cached while the change was not yet visible is reused either)."""
        cursor.execute("SELECT nextval('search_generation')")

        def bump_after_commit():
            with self.connection.cursor() as after:
                after.execute("SELECT nextval('search_generation')")

        transaction.on_commit(bump_after_commit, using=self.using)

    def generation(self) -> str | None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT last_value FROM search_generation")
            return str(cursor.fetchone()[0])

    # --- Writing ----------------------------------------------------------------------------------------

    def _rows(self, documents: list[IndexDocument]) -> list[list]:
        columns: list[list] = [[] for _ in range(18)]
        for document in documents:
            date = document.date.astimezone(UTC).isoformat() if document.date else None
            values = (
                document.key,
                document.doc_type,
                document.object_model,
                document.object_id,
                SEPARATOR.join(document.audiences),
                document.title,
                _folded_words(document.title),
                document.url,
                document.summary,
                document.body,
                SEPARATOR.join(document.tags),
                SEPARATOR.join(document.tag_slugs),
                _folded_words(" ".join(document.tags)),
                document.bundesland,
                date,
                analysis.compound_extra(document.title),
                analysis.compound_extra(document.summary + " " + " ".join(document.tags)),
                analysis.compound_extra(document.body),
            )
            for column, value in zip(columns, values, strict=True):
                column.append(value)
        return columns

    def _prepare(self, documents: list[IndexDocument]) -> tuple[list[list], list[list] | None, Counter]:
        """One batch's statement parameters, in plain Python (no database): documents, tags, vocabulary."""
        # The same key twice in one statement would make ON CONFLICT fail: the last version wins.
        unique = list({document.key: common.prepared_document(document) for document in documents}.values())
        names = {}
        for document in unique:
            names.update(zip(document.tag_slugs, document.tags, strict=False))
        slugs = sorted(names)
        terms: Counter = Counter()
        for document in unique:
            words, audiences = common.document_vocabulary(document)
            for word in set(words):
                for audience in audiences:
                    terms[(word, audience)] += 1
        return self._rows(unique), ([slugs, [names[slug] for slug in slugs]] if slugs else None), terms

    def _store(self, cursor, prepared, vocabulary: Counter | None) -> None:
        rows, tags, terms = prepared
        cursor.execute(INSERT_DOCUMENTS, rows)
        if tags:
            cursor.execute(INSERT_TAGS, tags)
        if vocabulary is None:
            self._write_terms(cursor, terms, conflict="NOTHING")
        else:
            vocabulary.update(terms)

    def _write(
        self,
        cursor,
        documents: Iterable[IndexDocument],
        vocabulary: Counter | None,
        progress: Progress | None = None,
    ) -> int:
        """Write in batches of BATCH. From the second batch on, the next batch is prepared in a second thread
        while the database stores the current one (preparing is about half the time of a rebuild; psycopg
        releases the GIL while it waits for the server). `documents` is iterated in the calling thread only."""
        written = 0
        pool: ThreadPoolExecutor | None = None
        pending = None  # the previous batch: (size, prepared parameters or their future)
        try:
            for batch in _batches(documents, BATCH):
                if pending is None:
                    pending = (len(batch), self._prepare(batch))
                    continue
                pool = pool or ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-prepare")
                upcoming = (len(batch), pool.submit(self._prepare, batch))
                written += self._store_pending(cursor, pending, vocabulary)
                if progress is not None:
                    progress(written)
                pending = upcoming
            if pending is not None:
                written += self._store_pending(cursor, pending, vocabulary)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        return written

    def _store_pending(self, cursor, pending, vocabulary: Counter | None) -> int:
        size, prepared = pending
        self._store(cursor, prepared.result() if isinstance(prepared, Future) else prepared, vocabulary)
        return size

    def _write_terms(self, cursor, terms: Counter, conflict: str) -> None:
        rows: dict[tuple[str, str], list] = {}
        for (word, audience), count in terms.items():
            key = (analysis.fold(word), audience)
            if key in rows:
                rows[key][1] += count
            else:
                rows[key] = [word, count]
        if not rows:
            return
        ordered = sorted(rows.items())  # a fixed order: concurrent writers never deadlock on the same terms
        cursor.execute(
            INSERT_TERMS.format(conflict=conflict),
            [
                [term for (term, _audience), _value in ordered],
                [audience for (_term, audience), _value in ordered],
                [value[0] for _key, value in ordered],
                [value[1] for _key, value in ordered],
            ],
        )

    def index(self, documents: Iterable[IndexDocument]) -> int:
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            written = self._write(cursor, documents, vocabulary=None)
            self._changed(cursor)
        return written

    def delete_object(self, object_model: str, object_id: int) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_document WHERE object_model = %s AND object_id = %s",
                [object_model, object_id],
            )
            self._changed(cursor)

    def delete_keys(self, keys: Iterable[str]) -> None:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document WHERE key = ANY(%s::text[])", [keys])
            self._changed(cursor)

    def rebuild(self, documents: Iterable[IndexDocument], progress: Progress | None = None) -> int:
        """Everything in one transaction: readers see the old index until the new one is committed."""
        vocabulary: Counter = Counter()
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document")  # and, by cascade, search_document_text
            cursor.execute("DELETE FROM search_term")
            cursor.execute("DELETE FROM search_tag")
            written = self._write(cursor, documents, vocabulary, progress)
            self._write_terms(cursor, vocabulary, conflict="UPDATE SET frequency = EXCLUDED.frequency")
            self._changed(cursor)
        with self.connection.cursor() as cursor:
            # A bulk write leaves GIN entries in the indexes' pending lists (fastupdate), which every search then
            # scans item by item until autovacuum merges them: merge them now, then refresh the statistics.
            for index in GIN_INDEXES:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            for table in ("search_document", "search_document_text", "search_term", "search_tag"):
                cursor.execute(f"ANALYZE {table}")
        if progress is not None:
            progress(written)
        return written

    def count(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_document")
            return cursor.fetchone()[0]

    def keys(self, prefix: str = "") -> set[str]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT key FROM search_document WHERE key LIKE %s", [escaped + "%"])
            return {row[0] for row in cursor.fetchall()}

    def healthy(self) -> bool:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM search_document LIMIT 1")
        except Exception:
            return False
        return True

    # --- Searching ----------------------------------------------------------------------------------------

    def search(self, query: SearchQuery, suggest: bool = True) -> SearchResults:
        terms = analysis.parse_query(query.text)
        if (query.text.strip() and not terms) or not query.audiences:
            return common.empty_results(self.name)
        parameters: dict = {
            "words": tsquery_text(terms) if terms else "",
            "filters": filter_tsquery(query),
            # The sample leaves the audiences to the row filter: the two large posting lists of "§a:public" and
            # "§a:members" cost more to read than checking a sixteenth of the matches.
            "probe": filter_tsquery(query, audiences=False, sample=True),
            "audiences": sorted(query.audiences),
            "exact_limit": EXACT_LIMIT,
            "buckets": SAMPLE_BUCKETS,
            "limit": max(0, query.limit),
            "offset": max(0, query.offset),
        }
        dates = ""
        start, end = common.day_bounds(query)
        if start is not None:
            dates += " AND d.date >= %(start)s"
            parameters["start"] = start
        if end is not None:
            dates += " AND d.date < %(end)s"
            parameters["end"] = end
        if terms:
            q = """q AS (SELECT w AS words, w && %(filters)s::tsquery AS match, w && %(probe)s::tsquery AS probe
                       FROM to_tsquery('german', %(words)s) AS w)"""
        else:
            q = "q AS (SELECT NULL::tsquery AS words, %(filters)s::tsquery AS match, %(probe)s::tsquery AS probe)"
        by_relevance = bool(terms) and query.sort != "date"
        head = "d.head_vector @@ q.words" if by_relevance else "false"
        with self.connection.cursor() as cursor:
            # First a sixteenth of the matches (those with the sample lexeme): enough to tell a broad search
            # from a narrow one, and to estimate a broad one's total and facets (counted only if it is broad).
            cursor.execute(
                f"""WITH {q},
                m AS MATERIALIZED (
                    SELECT d.id, d.facet_keys, {head} AS head
                    FROM search_document d, q
                    WHERE d.search_vector @@ q.probe AND d.audiences && %(audiences)s::text[]{dates}
                ),
                n AS (SELECT count(*) AS total, (count(*) * %(buckets)s >= %(exact_limit)s)::int AS stride FROM m),
                {FACETS}
                SELECT (SELECT total FROM n), (SELECT count(*) FROM m WHERE head), {FACET_JSON},
                       (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'search_document'::regclass)""",  # noqa: S608  # nosec B608: fixed SQL fragments; values are bound parameters
                parameters,
            )
            sampled, head_sampled, sample_facets, corpus = cursor.fetchone()
            estimated = sampled * SAMPLE_BUCKETS >= EXACT_LIMIT
            if estimated:
                total, facet_rows = sampled * SAMPLE_BUCKETS, _json(sample_facets)
                heads = head_sampled * SAMPLE_BUCKETS
                page = _estimated_page(by_relevance, parameters, dates, heads, total - heads, corpus)
                cursor.execute(f"WITH {q}, {page} SELECT {_hits_json(terms, by_relevance)}", parameters)  # nosec B608: fixed SQL fragments chosen in code
                rows = _json(cursor.fetchone()[0])
            else:
                page, hits_json = (
                    _exact_page(by_relevance, parameters, dates),
                    _hits_json(terms, by_relevance),
                )
                sql = f"WITH {q}, {page} SELECT (SELECT total FROM n), {FACET_JSON}, {hits_json}"  # noqa: S608  # nosec B608: fixed SQL fragments chosen in code
                cursor.execute(sql, parameters)
                total, facet_json, rows_json = cursor.fetchone()
                facet_rows, rows = _json(facet_json), _json(rows_json)
        # Every counted match has exactly one type key: their sum is how many matches the facets counted.
        sample_size = sum(count for key, _name, count in facet_rows if key.startswith("\x01"))
        approximate = estimated or sample_size < total
        scale = total / sample_size if approximate and sample_size else 1.0

        types, lands, tag_counts = [], [], []
        for key, name, count in facet_rows:
            value = _estimate(count * scale) if approximate else count
            if key.startswith("\x01"):
                types.append((key[1:], value))
            elif key.startswith("\x02"):
                lands.append((key[1:], value))
            else:
                tag_counts.append((key, name or key, value))
        stems = common.query_stems(terms)
        hits = []
        for key, doc_type, title, url, tag_names, slugs, bundesland, date, score_value, text_value in rows:
            hits.append(
                Hit(
                    key=key,
                    doc_type=doc_type,
                    title=title,
                    url=url,
                    snippet_html=common.marked_to_html(" ".join(text_value.split()))
                    if terms
                    else common.plain_snippet(text_value),
                    title_html=common.highlight_all(title, stems),
                    tags=tuple(tag_names or ()),
                    tag_slugs=tuple(slugs or ()),
                    bundesland=bundesland or "",
                    date=datetime.fromisoformat(date) if date else None,
                    score=float(score_value or 0.0),
                )
            )
        facets = {
            "types": common.type_facets(types),
            "bundesland": common.bundesland_facets(lands),
            "tags": common.tag_facets(tag_counts),
        }
        results = SearchResults(
            hits=hits,
            total=_estimate(total) if estimated else total,
            facets=facets,
            engine=self.name,
            facets_approximate=approximate,
            total_approximate=estimated,
        )
        if suggest:
            results.suggestion = self._suggestion(query, results.total)
        return results

    # --- Vocabulary -----------------------------------------------------------------------------------------

    def autocomplete(self, prefix: str, audiences: frozenset[str], limit: int = 8) -> list[str]:
        needle = analysis.fold(" ".join(analysis.words(analysis.clean_query(prefix))))[:60]
        if len(needle) < 2 or not audiences:
            return []
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        starts, inside = f" {escaped}%", f"% {escaped}%"
        with self.connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT t.name, count(*) AS uses FROM (
                    SELECT x.tags FROM search_document_text x JOIN search_document d ON d.id = x.id
                    WHERE d.audiences && %s::text[] AND (x.tags_text LIKE %s OR x.tags_text LIKE %s) LIMIT 500
                ) AS d, unnest(d.tags) AS t(name)
                GROUP BY t.name ORDER BY uses DESC, t.name LIMIT 50
                """,
                [sorted(audiences), starts, inside],
            )
            tag_names = [name for name, _uses in cursor.fetchall() if (" " + needle) in _folded_words(name)][
                :limit
            ]
            cursor.execute(
                """
                SELECT x.title FROM search_document_text x JOIN search_document d ON d.id = x.id
                WHERE d.audiences && %s::text[] AND (x.title_fold LIKE %s OR x.title_fold LIKE %s)
                ORDER BY x.title_fold LIKE %s DESC, length(x.title), x.title LIMIT %s
                """,
                [sorted(audiences), starts, inside, starts, limit * 3],
            )
            titles = [row[0] for row in cursor.fetchall()]
        seen, result = set(), []
        for value in [*tag_names, *titles]:
            if value.casefold() not in seen:
                seen.add(value.casefold())
                result.append(value)
        return result[:limit]

    def _known_words(self, words: set[str], audiences: list[str]) -> set[str]:
        if not words:
            return set()
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM search_term WHERE term = ANY(%s::text[]) AND audience = ANY(%s::text[])",
                [sorted(words), audiences],
            )
            return {row[0] for row in cursor.fetchall()}

    def _closest_word(self, word: str, audiences: list[str]) -> str | None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT display FROM search_term
                WHERE term %% %s AND audience = ANY(%s::text[])
                ORDER BY similarity(term, %s) DESC, frequency DESC, term LIMIT 1
                """,
                [word, audiences, word],
            )
            row = cursor.fetchone()
        return row[0] if row else None


def _batches(documents: Iterable[IndexDocument], size: int):
    batch: list[IndexDocument] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


# --- The statements of a search ---------------------------------------------------------------------------------
# `q` holds the query's words (for ranking and snippets) and `match`: the words and the filters (audiences,
# types, tags, Bundesland as lexemes, see migration 0003), which the GIN index answers together. The pieces below
# are fixed SQL; every value is a bound parameter.

# The facet keys of the matches in `m` (facet_keys, migration 0003: type and Bundesland marked with \x01 and
# \x02, then the tag slugs), counted on every n.stride-th match by id (n.stride 0: none).
FACETS = """f AS (
    SELECT k, count(*) AS n
    FROM (
        SELECT unnest(m.facet_keys) AS k
        FROM m, n
        WHERE CASE WHEN n.stride = 0 THEN false WHEN n.stride = 1 THEN true ELSE m.id %% n.stride = 0 END
    ) AS keys
    GROUP BY k
)"""
FACET_JSON = """(SELECT coalesce(json_agg(json_build_array(f.k, coalesce(t.name, ''), f.n)), '[]')
    FROM f LEFT JOIN search_tag t ON t.slug = f.k)"""


def _lexeme(value: str) -> str:
    """One lexeme in tsquery input syntax: quoted, so any character of a value is taken literally."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def filter_tsquery(query: SearchQuery, audiences: bool = True, sample: bool = False) -> str:
    """The filters of a search as tsquery clauses over the filter lexemes of search_filter_vector()
    (`audiences`: with the searcher's audiences, `sample`: only the sample bucket's documents)."""
    clauses = []
    if audiences:
        clauses.append(
            "(" + " | ".join(_lexeme(f"§a:{audience}") for audience in sorted(query.audiences)) + ")"
        )
    if sample:
        clauses.append(_lexeme(f"§s:{SAMPLE_BUCKET}"))
    if query.doc_types:
        clauses.append(
            "(" + " | ".join(_lexeme(f"§t:{doc_type}") for doc_type in sorted(query.doc_types)) + ")"
        )
    clauses.extend(_lexeme(f"§g:{slug}") for slug in dict.fromkeys(query.tag_slugs))
    if query.bundesland:
        clauses.append(_lexeme(f"§l:{query.bundesland}"))
    return " & ".join(clauses)


def _estimate(value: float) -> int:
    """A count scaled up from a sample, to two significant digits ("ca. 15.000"): the sample has no more."""
    if value < 100:
        return max(1, round(value))
    return int(round(value, 2 - len(str(int(value)))))


def _ranked_page(parameters: dict) -> str:
    """The page of a relevance search from `m` (id, head, date: at least the first offset + limit matches in
    (head DESC, date DESC, id) order).

    Matches in the title, summary or tags come before matches in the body only, newest first within each group.
    The first RANKED of that order are re-ordered by cover density (ts_rank_cd) within their group: ranking every
    match of a broad query would be most of the time a search takes, and nobody reads page 30 for relevance.
    Pages beyond RANKED continue in the (head, date) order, so together they list every match exactly once.
    head_vector holds only the title, summary and tag lexemes: ranking a title match reads a few dozen bytes
    instead of decompressing the whole search_vector."""
    offset, limit = parameters["offset"], parameters["limit"]
    parameters["tail_offset"] = max(offset, RANKED)
    parameters["tail_limit"] = max(0, offset + limit - parameters["tail_offset"])
    parts = []
    if offset < RANKED:
        parts.append(
            """(SELECT c.id, c.head, c.date, 0 AS part,
                   CASE WHEN c.head THEN ts_rank_cd(d.head_vector, q.words)
                        ELSE ts_rank_cd(d.search_vector, q.words) END AS score
            FROM candidates c JOIN search_document d ON d.id = c.id, q
            ORDER BY c.head DESC, score DESC, c.date DESC NULLS LAST, c.id LIMIT %(limit)s OFFSET %(offset)s)"""
        )
    if parameters["tail_limit"] or not parts:
        parts.append(
            """(SELECT id, head, date, 1 AS part, 0::real AS score FROM m
            ORDER BY head DESC, date DESC NULLS LAST, id LIMIT %(tail_limit)s OFFSET %(tail_offset)s)"""
        )
    return f"""candidates AS (SELECT id, head, date FROM m ORDER BY head DESC, date DESC NULLS LAST, id LIMIT {RANKED}),
        page AS ({" UNION ALL ".join(parts)})"""  # noqa: S608  # nosec B608: fixed SQL fragments chosen in code


def _exact_page(by_relevance: bool, parameters: dict, dates: str) -> str:
    """Every match read once (m): the exact total, the facets (above FACET_SAMPLE matches counted on every
    stride-th match by id, an even sample over types, Länder and time) and the page, a top-N sort."""
    parameters["sample"] = FACET_SAMPLE
    head = "d.head_vector @@ q.words" if by_relevance else "false"
    if by_relevance:
        page = _ranked_page(parameters)
    else:
        page = """page AS (
            SELECT id, head, date, 0::real AS score FROM m
            ORDER BY date DESC NULLS LAST, id DESC LIMIT %(limit)s OFFSET %(offset)s
        )"""
    return f"""m AS MATERIALIZED (
            SELECT d.id, d.date, {head} AS head, d.facet_keys
            FROM search_document d, q WHERE d.search_vector @@ q.match{dates}
        ),
        n AS (SELECT count(*) AS total, greatest(1, count(*) / %(sample)s) AS stride FROM m),
        {FACETS},
        {page}"""  # noqa: S608  # nosec B608: fixed SQL fragments chosen in code


def _walk(matches: float, wanted: int, corpus: float) -> bool:
    """How to find the `wanted` newest of about `matches` documents: through the GIN index, which reads every
    match and sorts them (cost ~ matches), or walking the date index newest first and checking each document
    until enough are found (cost ~ wanted * corpus / matches)."""
    return matches > 0 and matches * matches > wanted * corpus


def _match(vector: str, query: str, walk: bool) -> str:
    """`vector @@ query` as PostgreSQL should find it. The operator is matched to the GIN index (the planner
    guesses few matches for a query it cannot see, so it reads them all and sorts); the same test written as
    the function ts_match_vq() cannot use that index and gets a function's default selectivity (a third), so
    for "the newest n" PostgreSQL walks the date index and stops after n."""
    return f"ts_match_vq({vector}, {query})" if walk else f"({vector} @@ {query})"


def _estimated_page(
    by_relevance: bool, parameters: dict, dates: str, heads: int, bodies: int, corpus: float
) -> str:
    """The page of a broad search without reading all its matches: the newest title matches, then as many of
    the newest body matches as the page needs, each found the cheaper way (_walk) for the sample's estimate of
    how many there are."""
    if not by_relevance:
        walk = _walk(heads + bodies, parameters["offset"] + parameters["limit"], corpus)
        return f"""page AS (
            SELECT d.id, false AS head, d.date, 0::real AS score FROM search_document d, q
            WHERE {_match("d.search_vector", "q.match", walk)}{dates}
            ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT %(limit)s OFFSET %(offset)s
        )"""  # noqa: S608  # nosec B608: fixed SQL fragments chosen in code
    window = parameters["window"] = max(RANKED, parameters["offset"] + parameters["limit"])
    head_walk, body_walk = _walk(heads, window, corpus), _walk(bodies, max(1, window - heads), corpus)
    return f"""hp AS (
            SELECT d.id, d.date FROM search_document d, q WHERE {_match("d.head_vector", "q.match", head_walk)}{dates}
            ORDER BY d.date DESC NULLS LAST, d.id LIMIT %(window)s
        ),
        bp AS (
            SELECT d.id, d.date FROM search_document d, q
            WHERE {_match("d.search_vector", "q.match", body_walk)} AND NOT (d.head_vector @@ q.words){dates}
            ORDER BY d.date DESC NULLS LAST, d.id LIMIT greatest(0, %(window)s - (SELECT count(*) FROM hp))
        ),
        m AS (SELECT id, true AS head, date FROM hp UNION ALL SELECT id, false AS head, date FROM bp),
        {_ranked_page(parameters)}"""  # noqa: S608  # nosec B608: fixed SQL fragments chosen in code


def _hits_json(terms: list, by_relevance: bool) -> str:
    """The page's hits with their text: only these rows read search_document_text."""
    if terms:
        text = f"ts_headline('german', x.summary || ' ' || left(x.body, {HEADLINE_TEXT_LIMIT}), q.words, {HEADLINE_OPTIONS})"
    else:
        text = "x.summary || ' ' || left(x.body, 600)"
    order = (
        "p.part, p.head DESC, p.score DESC, p.date DESC NULLS LAST, p.id"
        if by_relevance
        else "p.date DESC NULLS LAST, p.id DESC"
    )
    return f"""(SELECT coalesce(json_agg(json_build_array(
            d.key, d.doc_type, x.title, x.url, x.tags, d.tag_slugs, d.bundesland, d.date, p.score, {text}
        ) ORDER BY {order}), '[]')
        FROM page p JOIN search_document d ON d.id = p.id JOIN search_document_text x ON x.id = p.id, q)"""  # noqa: S608  # nosec B608: fixed SQL fragments chosen in code
