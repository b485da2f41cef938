"""PostgreSQL full-text search in the main database (tables created by search/migrations, PostgreSQL only).

search_document holds one row per document with a weighted tsvector in the German configuration: title
(and the parts of its compounds) weight A, summary, tags and their compound parts B, body and its compound parts
C; a GIN index on it, GIN indexes on the audiences and tag slugs (permission and tag filters), trigram indexes
on the folded title and tag names (autocomplete). search_term is the vocabulary "Meinten Sie …?" draws on, with
a trigram index for typo tolerance.

A query is built in Python (search/analysis.py) from sanitised words only, each with its variants (Förderung |
fördern | gefördert, Mädchen | Maedchen) and, for a compound, its parts side by side, then stemmed by
PostgreSQL's own German configuration (to_tsquery('german', …)), so query and index always agree. One SQL
statement answers a search: total, facets over all matches, and the page of hits with ts_rank_cd ranking and
ts_headline snippets (escaped in Python, only the <mark>s are markup).
"""

import json
import logging
from collections import Counter
from collections.abc import Iterable
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
RANKED = (
    200  # the first matches (10 pages of 20) are ordered by cover density; later pages by date (see search())
)
FACET_SAMPLE = 2000  # above this many matches, facets are counted on an even sample of about this size

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

    def _write(self, cursor, documents: list[IndexDocument], vocabulary: Counter | None) -> None:
        # The same key twice in one statement would make ON CONFLICT fail: the last version wins.
        unique = list({document.key: common.prepared_document(document) for document in documents}.values())
        cursor.execute(INSERT_DOCUMENTS, self._rows(unique))
        names = {}
        for document in unique:
            names.update(zip(document.tag_slugs, document.tags, strict=False))
        if names:
            slugs = sorted(names)
            cursor.execute(INSERT_TAGS, [slugs, [names[slug] for slug in slugs]])
        terms: Counter = Counter()
        for document in unique:
            words, audiences = common.document_vocabulary(document)
            for word in set(words):
                for audience in audiences:
                    terms[(word, audience)] += 1
        if vocabulary is None:
            self._write_terms(cursor, terms, conflict="NOTHING")
        else:
            vocabulary.update(terms)

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
        written = 0
        batch: list[IndexDocument] = []
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            for document in documents:
                batch.append(document)
                if len(batch) >= BATCH:
                    self._write(cursor, batch, vocabulary=None)
                    written += len(batch)
                    batch = []
            if batch:
                self._write(cursor, batch, vocabulary=None)
                written += len(batch)
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
        written = 0
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document")  # and, by cascade, search_document_text
            cursor.execute("DELETE FROM search_term")
            cursor.execute("DELETE FROM search_tag")
            batch: list[IndexDocument] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= BATCH:
                    self._write(cursor, batch, vocabulary)
                    written += len(batch)
                    batch = []
                    if progress is not None:
                        progress(written)
            if batch:
                self._write(cursor, batch, vocabulary)
                written += len(batch)
            self._write_terms(cursor, vocabulary, conflict="UPDATE SET frequency = EXCLUDED.frequency")
            self._changed(cursor)
        with self.connection.cursor() as cursor:
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
            "tsquery": tsquery_text(terms) if terms else "",
            "audiences": sorted(query.audiences),
            "limit": max(0, query.limit),
            "offset": max(0, query.offset),
        }
        conditions = ["d.audiences && %(audiences)s::text[]"]
        if terms:
            conditions.append("d.search_vector @@ q.query")
        if query.doc_types:
            conditions.append("d.doc_type = ANY(%(types)s::text[])")
            parameters["types"] = sorted(query.doc_types)
        if query.tag_slugs:
            conditions.append("d.tag_slugs @> %(tags)s::text[]")
            parameters["tags"] = list(dict.fromkeys(query.tag_slugs))
        if query.bundesland:
            conditions.append("d.bundesland = %(land)s")
            parameters["land"] = query.bundesland
        start, end = common.day_bounds(query)
        if start is not None:
            conditions.append("d.date >= %(start)s")
            parameters["start"] = start
        if end is not None:
            conditions.append("d.date < %(end)s")
            parameters["end"] = end
        by_relevance = bool(terms) and query.sort != "date"
        if terms:
            text = f"ts_headline('german', x.summary || ' ' || left(x.body, {HEADLINE_TEXT_LIMIT}), q.query, {HEADLINE_OPTIONS})"
        else:
            text = "x.summary || ' ' || left(x.body, 600)"
        if by_relevance:
            # Ranking: matches in the title, summary or tags before matches in the body only (head DESC), newest
            # first within each group. The first RANKED of that order are then re-ordered by ts_rank_cd within
            # their group: cover density for every match of a broad query over 100,000 documents would be most
            # of the time a search takes, and nobody reads page 30 for relevance. Pages beyond RANKED continue in
            # the (head, date) order, so together they list every match exactly once.
            # head_vector holds only the title, summary and tag lexemes (migration 0002): matching and ranking
            # on it reads a few dozen bytes per document instead of decompressing the whole search_vector.
            head = "d.head_vector @@ q.query"
            offset, limit = parameters["offset"], parameters["limit"]
            parameters["tail_offset"] = max(offset, RANKED)
            parameters["tail_limit"] = max(0, offset + limit - parameters["tail_offset"])
            parts = []
            if offset < RANKED:
                parts.append(
                    """(SELECT c.id, c.head, c.date, 0 AS part,
                           CASE WHEN c.head THEN ts_rank_cd(d.head_vector, q.query)
                                ELSE ts_rank_cd(d.search_vector, q.query) END AS score
                    FROM candidates c JOIN search_document d ON d.id = c.id, q
                    ORDER BY c.head DESC, score DESC, c.date DESC NULLS LAST, c.id LIMIT %(limit)s OFFSET %(offset)s)"""
                )
            if parameters["tail_limit"] or not parts:
                parts.append(
                    """(SELECT id, head, date, 1 AS part, 0::real AS score FROM m
                    ORDER BY head DESC, date DESC NULLS LAST, id LIMIT %(tail_limit)s OFFSET %(tail_offset)s)"""
                )
            page = f"""
                candidates AS (SELECT id, head, date FROM m ORDER BY head DESC, date DESC NULLS LAST, id LIMIT {RANKED}),
                page AS ({" UNION ALL ".join(parts)})"""  # noqa: S608  # nosec B608: fixed SQL fragments chosen in code
            page_order = "p.part, p.head DESC, p.score DESC, p.date DESC NULLS LAST, p.id"
        else:
            head = "false"
            page = """
                page AS (
                    SELECT id, head, date, 0::real AS score FROM m
                    ORDER BY date DESC NULLS LAST, id DESC LIMIT %(limit)s OFFSET %(offset)s
                )"""
            page_order = "p.date DESC NULLS LAST, p.id DESC"
        # One statement, one pass over the matches: every match's facet keys (type, Bundesland, tags) are
        # counted together, the page of hits is a top-N sort, and only those hits read their text. Above
        # FACET_SAMPLE matches, the facets count every stride-th match only (by id: spread evenly over types,
        # Länder and time) and are scaled up and shown as approximate; the total stays exact.
        parameters["sample"] = FACET_SAMPLE
        sql = f"""
            WITH q AS (SELECT to_tsquery('german', %(tsquery)s) AS query),
            m AS MATERIALIZED (
                SELECT d.id, d.date, {head} AS head, d.doc_type, d.bundesland, d.tag_slugs
                FROM search_document d, q WHERE {" AND ".join(conditions)}
            ),
            n AS (SELECT count(*) AS total, greatest(1, count(*) / %(sample)s) AS stride FROM m),
            f AS (
                SELECT k, count(*) AS n
                FROM (
                    SELECT unnest(ARRAY[E'\\x01' || m.doc_type, E'\\x02' || m.bundesland] || m.tag_slugs) AS k
                    FROM m, n WHERE n.stride = 1 OR m.id %% n.stride = 0
                ) AS keys
                GROUP BY k
            ),
            {page}
            SELECT
                (SELECT total FROM n),
                (SELECT coalesce(json_agg(json_build_array(f.k, coalesce(t.name, ''), f.n)), '[]')
                 FROM f LEFT JOIN search_tag t ON t.slug = f.k),
                (SELECT coalesce(json_agg(json_build_array(
                    d.key, d.doc_type, x.title, x.url, x.tags, d.tag_slugs, d.bundesland, d.date, p.score, {text}
                 ) ORDER BY {page_order}), '[]')
                 FROM page p JOIN search_document d ON d.id = p.id JOIN search_document_text x ON x.id = p.id, q)
        """  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
        with self.connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            total, facet_json, rows_json = cursor.fetchone()
        facet_rows, rows = _json(facet_json), _json(rows_json)
        sampled = sum(count for key, _name, count in facet_rows if key.startswith("\x01"))  # one type each
        approximate = sampled < total
        scale = total / sampled if approximate and sampled else 1.0

        def scaled(count: int) -> int:
            if not approximate:
                return count
            estimate = count * scale
            if estimate < 100:
                return max(1, round(estimate))
            # Two significant digits ("ca. 590"): the sample has no more precision than that.
            return int(round(estimate, 2 - len(str(int(estimate)))))

        types, lands, tag_counts = [], [], []
        for key, name, count in facet_rows:
            if key.startswith("\x01"):
                types.append((key[1:], scaled(count)))
            elif key.startswith("\x02"):
                lands.append((key[1:], scaled(count)))
            else:
                tag_counts.append((key, name or key, scaled(count)))
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
            hits=hits, total=total, facets=facets, engine=self.name, facets_approximate=approximate
        )
        if suggest:
            results.suggestion = self._suggestion(query, total)
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


def _json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value
