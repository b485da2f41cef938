"""The embedded default: SQLite FTS5 in a file of its own (settings.SEARCH_SQLITE_PATH).

The index lives outside the main database, so it works (and is tested) whatever the main database is, and a
rebuild never locks the site's tables. German analysis happens in Python (search/analysis.py): the FTS5 table
holds the Snowball stems of each field plus the stems of compound parts, and queries are stemmed the same way,
so "Netzwerke" finds "Netzwerk", "Förderung" finds "fördern" and "Koordination" finds "Netzwerkkoordination".

Tables:
- docs: one row per document (what a hit shows), rowid = the FTS row;
- fts: FTS5 over the stemmed title (weight 5), summary and tags (2), body (1), ranked with bm25;
- doc_audience, doc_tag: for the permission filter, the tag filter and the facets;
- terms (+ terms_tri, an FTS5 trigram index) and term_audience: the suggestion vocabulary for "Meinten Sie".

Each thread has its own connection (WAL mode: readers never wait for the writer); a rebuild replaces every row
in one transaction, so readers see the old index until it is complete.
"""

import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from search import analysis

from . import common
from .base import Hit, IndexDocument, Progress, SearchEngine, SearchQuery, SearchResults

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
BATCH = 500
SNIPPET_TEXT_LIMIT = 20_000
WEIGHTS = (5.0, 2.0, 1.0)  # title, summary+tags, body

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    doc_type TEXT NOT NULL,
    object_model TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    title_fold TEXT NOT NULL,
    url TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    tags TEXT NOT NULL,
    tag_slugs TEXT NOT NULL,
    bundesland TEXT NOT NULL,
    date TEXT,
    date_ts REAL
);
CREATE INDEX IF NOT EXISTS docs_object ON docs (object_model, object_id);
CREATE INDEX IF NOT EXISTS docs_date ON docs (date_ts);
CREATE INDEX IF NOT EXISTS docs_type ON docs (doc_type);
CREATE TABLE IF NOT EXISTS doc_audience (doc_id INTEGER NOT NULL, audience TEXT NOT NULL,
                                         PRIMARY KEY (audience, doc_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_audience_doc ON doc_audience (doc_id);
CREATE TABLE IF NOT EXISTS doc_tag (doc_id INTEGER NOT NULL, slug TEXT NOT NULL, name TEXT NOT NULL,
                                    name_fold TEXT NOT NULL, PRIMARY KEY (slug, doc_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_tag_doc ON doc_tag (doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (title, summary, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, display TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS term_audience (term_id INTEGER NOT NULL, audience TEXT NOT NULL,
                                          frequency INTEGER NOT NULL DEFAULT 1,
                                          PRIMARY KEY (term_id, audience)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS terms_tri USING fts5 (term, tokenize = 'trigram');
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (name, value) VALUES ('generation', 0);
"""


def _joined(values: Iterable[str]) -> str:
    return "\x1f".join(values)


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split("\x1f")) if value else ()


def _fts_phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class SqliteFtsEngine(common.SuggestionMixin, SearchEngine):
    name = "sqlite"

    def __init__(self, path):
        self.path = Path(path)
        self._local = threading.local()
        self._schema_ready = False
        self._schema_lock = threading.Lock()

    # --- Connection -------------------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            return connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=20, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA temp_store=MEMORY")
        with self._schema_lock:
            if not self._schema_ready:
                self._ensure_schema(connection)
                self._schema_ready = True
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS matched (doc_id INTEGER PRIMARY KEY, score REAL)")
        self._local.connection = connection
        return connection

    def _ensure_schema(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        drop = ""
        if version != 0:
            # An index written by another version of this code: start empty (search_reindex fills it).
            tables = ("docs", "doc_audience", "doc_tag", "fts", "terms", "term_audience", "terms_tri", "meta")
            drop = "".join(f"DROP TABLE IF EXISTS {table};" for table in tables)
        # One script, one transaction: two processes starting at once both end with the same schema.
        connection.executescript(
            f"BEGIN IMMEDIATE;{drop}{SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;"
        )

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # --- Writing ----------------------------------------------------------------------------------------

    def index(self, documents: Iterable[IndexDocument]) -> int:
        connection = self._connection()
        written = 0
        batch: list[IndexDocument] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= BATCH:
                written += self._write_batch(connection, batch, vocabulary=Counter())
                batch = []
        if batch:
            written += self._write_batch(connection, batch, vocabulary=Counter())
        return written

    def _write_batch(self, connection, documents: list[IndexDocument], vocabulary: Counter | None) -> int:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for document in documents:
                self._write(connection, common.prepared_document(document), vocabulary)
            if vocabulary is not None:
                self._add_vocabulary(connection, vocabulary, increment=False)
            self._changed(connection)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return len(documents)

    def _write(self, connection, document: IndexDocument, vocabulary: Counter | None) -> None:
        date = document.date.astimezone(UTC) if document.date else None
        row = connection.execute(
            """
            INSERT INTO docs (key, doc_type, object_model, object_id, title, title_fold, url, summary, body, tags,
                              tag_slugs, bundesland, date, date_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET
                doc_type = excluded.doc_type, object_model = excluded.object_model,
                object_id = excluded.object_id, title = excluded.title, title_fold = excluded.title_fold,
                url = excluded.url, summary = excluded.summary, body = excluded.body, tags = excluded.tags,
                tag_slugs = excluded.tag_slugs, bundesland = excluded.bundesland, date = excluded.date,
                date_ts = excluded.date_ts
            RETURNING rowid
            """,
            (
                document.key,
                document.doc_type,
                document.object_model,
                document.object_id,
                document.title,
                _folded_words(document.title),
                document.url,
                document.summary,
                document.body,
                _joined(document.tags),
                _joined(document.tag_slugs),
                document.bundesland,
                date.isoformat() if date else None,
                date.timestamp() if date else None,
            ),
        ).fetchone()
        doc_id = row[0]
        connection.execute("DELETE FROM fts WHERE rowid = ?", (doc_id,))
        connection.execute(
            "INSERT INTO fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)",
            (
                doc_id,
                " ".join(analysis.index_tokens(document.title)),
                " ".join(analysis.index_tokens(document.summary + " " + " ".join(document.tags))),
                " ".join(analysis.index_tokens(document.body)),
            ),
        )
        connection.execute("DELETE FROM doc_audience WHERE doc_id = ?", (doc_id,))
        connection.executemany(
            "INSERT OR IGNORE INTO doc_audience (doc_id, audience) VALUES (?, ?)",
            [(doc_id, audience) for audience in document.audiences],
        )
        connection.execute("DELETE FROM doc_tag WHERE doc_id = ?", (doc_id,))
        connection.executemany(
            "INSERT OR IGNORE INTO doc_tag (doc_id, slug, name, name_fold) VALUES (?, ?, ?, ?)",
            [
                (doc_id, slug, name, _folded_words(name))
                for slug, name in zip(document.tag_slugs, document.tags, strict=False)
            ],
        )
        if vocabulary is not None:
            words, audiences = common.document_vocabulary(document)
            for word in set(words):
                for audience in audiences:
                    vocabulary[(word, audience)] += 1

    def _add_vocabulary(self, connection, vocabulary: Counter, increment: bool) -> None:
        by_term: dict[str, str] = {}
        for word, _audience in vocabulary:
            by_term.setdefault(analysis.fold(word), word)
        for term, display in sorted(by_term.items()):
            cursor = connection.execute(
                "INSERT OR IGNORE INTO terms (term, display) VALUES (?, ?)", (term, display)
            )
            if cursor.rowcount:
                connection.execute(
                    "INSERT INTO terms_tri (rowid, term) VALUES (?, ?)", (cursor.lastrowid, term)
                )
        update = "frequency + excluded.frequency" if increment else "MAX(frequency, excluded.frequency)"
        rows = Counter()
        for (word, audience), count in vocabulary.items():
            rows[(analysis.fold(word), audience)] += count
        connection.executemany(
            f"""
            INSERT INTO term_audience (term_id, audience, frequency)
            SELECT id, ?, ? FROM terms WHERE term = ?
            ON CONFLICT (term_id, audience) DO UPDATE SET frequency = {update}
            """,  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
            [(audience, count, term) for (term, audience), count in rows.items()],
        )

    def _delete_rows(self, connection, doc_ids: list[int]) -> None:
        for doc_id in doc_ids:
            connection.execute("DELETE FROM fts WHERE rowid = ?", (doc_id,))
            connection.execute("DELETE FROM doc_audience WHERE doc_id = ?", (doc_id,))
            connection.execute("DELETE FROM doc_tag WHERE doc_id = ?", (doc_id,))
            connection.execute("DELETE FROM docs WHERE rowid = ?", (doc_id,))

    def delete_object(self, object_model: str, object_id: int) -> None:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            ids = [
                row[0]
                for row in connection.execute(
                    "SELECT rowid FROM docs WHERE object_model = ? AND object_id = ?",
                    (object_model, object_id),
                )
            ]
            self._delete_rows(connection, ids)
            self._changed(connection)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def delete_keys(self, keys: Iterable[str]) -> None:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            for start in range(0, len(keys), BATCH):
                chunk = keys[start : start + BATCH]
                placeholders = ",".join("?" * len(chunk))
                ids = [
                    row[0]
                    for row in connection.execute(
                        f"SELECT rowid FROM docs WHERE key IN ({placeholders})",  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
                        chunk,
                    )
                ]
                self._delete_rows(connection, ids)
            self._changed(connection)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def rebuild(self, documents: Iterable[IndexDocument], progress: Progress | None = None) -> int:
        connection = self._connection()
        vocabulary: Counter = Counter()
        written = 0
        connection.execute("BEGIN IMMEDIATE")
        try:
            for table in ("fts", "doc_audience", "doc_tag", "docs", "terms_tri", "term_audience", "terms"):
                connection.execute(f"DELETE FROM {table}")  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
            for document in documents:
                self._write(connection, common.prepared_document(document), vocabulary)
                written += 1
                if progress is not None and written % BATCH == 0:
                    progress(written)
            self._add_vocabulary(connection, vocabulary, increment=True)
            self._changed(connection)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        if progress is not None:
            progress(written)
        return written

    @staticmethod
    def _changed(connection) -> None:
        # In the write's own transaction: readers see the new generation exactly when they see the change.
        connection.execute("UPDATE meta SET value = value + 1 WHERE name = 'generation'")

    def generation(self) -> str | None:
        row = self._connection().execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        return str(row[0]) if row else None

    def count(self) -> int:
        return self._connection().execute("SELECT count(*) FROM docs").fetchone()[0]

    def keys(self, prefix: str = "") -> set[str]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._connection().execute(
            "SELECT key FROM docs WHERE key LIKE ? ESCAPE '\\'", (escaped + "%",)
        )
        return {row[0] for row in rows}

    def healthy(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    # --- Searching ----------------------------------------------------------------------------------------

    def _match_expression(self, terms: list[analysis.QueryTerm]) -> str:
        clauses = []
        for term in terms:
            alternatives = sorted({analysis.stem(variant) for variant in term.variants})
            options = [_fts_phrase(stem) for stem in alternatives if stem]
            if term.parts:
                parts = sorted({analysis.stem(part) for part in term.parts})
                options.append("(" + " AND ".join(_fts_phrase(part) for part in parts) + ")")
            if options:
                clauses.append("(" + " OR ".join(options) + ")")
        return " AND ".join(clauses)

    def search(self, query: SearchQuery, suggest: bool = True) -> SearchResults:
        connection = self._connection()
        terms = analysis.parse_query(query.text)
        if query.text.strip() and not terms:
            return replace(common.empty_results(self.name))  # only punctuation, emoji, …
        audiences = sorted(query.audiences)
        if not audiences:
            return common.empty_results(self.name)
        conditions = [
            "EXISTS (SELECT 1 FROM doc_audience a WHERE a.doc_id = d.rowid AND a.audience IN "  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
            f"({','.join('?' * len(audiences))}))"
        ]
        parameters: list = list(audiences)
        if query.doc_types:
            types = sorted(query.doc_types)
            conditions.append(f"d.doc_type IN ({','.join('?' * len(types))})")
            parameters.extend(types)
        for slug in dict.fromkeys(query.tag_slugs):
            conditions.append("EXISTS (SELECT 1 FROM doc_tag t WHERE t.doc_id = d.rowid AND t.slug = ?)")
            parameters.append(slug)
        if query.bundesland:
            conditions.append("d.bundesland = ?")
            parameters.append(query.bundesland)
        start, end = common.day_bounds(query)
        if start is not None:
            conditions.append("d.date_ts >= ?")
            parameters.append(start.timestamp())
        if end is not None:
            conditions.append("d.date_ts < ?")
            parameters.append(end.timestamp())
        where = " AND ".join(conditions)

        connection.execute("BEGIN")
        try:
            connection.execute("DELETE FROM temp.matched")
            if terms:
                w_title, w_summary, w_body = WEIGHTS
                connection.execute(
                    f"""
                    INSERT INTO temp.matched (doc_id, score)
                    SELECT d.rowid, -x.rank FROM (
                        SELECT rowid, bm25(fts, {w_title}, {w_summary}, {w_body}) AS rank FROM fts WHERE fts MATCH ?
                    ) x JOIN docs d ON d.rowid = x.rowid
                    WHERE {where}
                    """,  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
                    [self._match_expression(terms), *parameters],
                )
            else:
                connection.execute(
                    f"INSERT INTO temp.matched (doc_id, score) SELECT d.rowid, 0 FROM docs d WHERE {where}",  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
                    parameters,
                )
            total = connection.execute("SELECT count(*) FROM temp.matched").fetchone()[0]
            facets = {
                "types": common.type_facets(
                    connection.execute(
                        "SELECT d.doc_type, count(*) FROM temp.matched m JOIN docs d ON d.rowid = m.doc_id "
                        "GROUP BY d.doc_type"
                    )
                ),
                "bundesland": common.bundesland_facets(
                    connection.execute(
                        "SELECT d.bundesland, count(*) FROM temp.matched m JOIN docs d ON d.rowid = m.doc_id "
                        "WHERE d.bundesland != '' GROUP BY d.bundesland"
                    )
                ),
                "tags": common.tag_facets(
                    connection.execute(
                        "SELECT t.slug, max(t.name), count(*) AS uses FROM temp.matched m "
                        "JOIN doc_tag t ON t.doc_id = m.doc_id GROUP BY t.slug ORDER BY uses DESC, t.slug LIMIT ?",
                        (common.MAX_TAG_FACETS,),
                    )
                ),
            }
            by_date = query.sort == "date" or not terms
            order = (
                "d.date_ts IS NULL, d.date_ts DESC, m.score DESC, d.rowid"
                if by_date
                else "m.score DESC, d.date_ts IS NULL, d.date_ts DESC, d.rowid"
            )
            rows = connection.execute(
                f"""
                SELECT d.key, d.doc_type, d.title, d.url, d.summary, d.body, d.tags, d.tag_slugs, d.bundesland,
                       d.date, m.score
                FROM temp.matched m JOIN docs d ON d.rowid = m.doc_id
                ORDER BY {order} LIMIT ? OFFSET ?
                """,  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
                (max(0, query.limit), max(0, query.offset)),
            ).fetchall()
        finally:
            connection.execute("COMMIT")

        stems = common.query_stems(terms)
        hits = []
        for key, doc_type, title, url, summary, body, tags, tag_slugs, bundesland, date, score in rows:
            text = " ".join(f"{summary} {body}"[:SNIPPET_TEXT_LIMIT].split())
            hits.append(
                Hit(
                    key=key,
                    doc_type=doc_type,
                    title=title,
                    url=url,
                    snippet_html=common.snippet(text, stems) if stems else common.plain_snippet(text),
                    title_html=common.highlight_all(title, stems),
                    tags=_split(tags),
                    tag_slugs=_split(tag_slugs),
                    bundesland=bundesland,
                    date=datetime.fromisoformat(date) if date else None,
                    score=float(score or 0.0),
                )
            )
        results = SearchResults(hits=hits, total=total, facets=facets, engine=self.name)
        if suggest:
            results.suggestion = self._suggestion(query, total)
        return results

    # --- Vocabulary: autocomplete and "Meinten Sie" -------------------------------------------------------

    def autocomplete(self, prefix: str, audiences: frozenset[str], limit: int = 8) -> list[str]:
        needle = analysis.fold(" ".join(analysis.words(analysis.clean_query(prefix))))[:60]
        if len(needle) < 2 or not audiences:
            return []
        connection = self._connection()
        audience_list = sorted(audiences)
        placeholders = ",".join("?" * len(audience_list))
        like = " " + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        contains = "% " + like[1:]
        titles = connection.execute(
            f"""
            SELECT d.title, d.title_fold LIKE ? ESCAPE '\\' AS starts FROM docs d
            WHERE (d.title_fold LIKE ? ESCAPE '\\' OR d.title_fold LIKE ? ESCAPE '\\')
              AND EXISTS (SELECT 1 FROM doc_audience a WHERE a.doc_id = d.rowid AND a.audience IN ({placeholders}))
            ORDER BY starts DESC, length(d.title), d.title LIMIT ?
            """,  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
            [like, like, contains, *audience_list, limit * 3],
        ).fetchall()
        tags = connection.execute(
            f"""
            SELECT t.name, count(*) AS uses FROM doc_tag t
            WHERE (t.name_fold LIKE ? ESCAPE '\\' OR t.name_fold LIKE ? ESCAPE '\\')
              AND EXISTS (SELECT 1 FROM doc_audience a WHERE a.doc_id = t.doc_id AND a.audience IN ({placeholders}))
            GROUP BY t.slug ORDER BY uses DESC, t.name LIMIT ?
            """,  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
            [like, contains, *audience_list, limit],
        ).fetchall()
        return _merge_completions([name for name, _uses in tags], [title for title, _starts in titles], limit)

    def _known_words(self, words: set[str], audiences: list[str]) -> set[str]:
        if not words:
            return set()
        words_list = sorted(words)
        rows = self._connection().execute(
            f"""
            SELECT t.term FROM terms t JOIN term_audience a ON a.term_id = t.id
            WHERE t.term IN ({",".join("?" * len(words_list))}) AND a.audience IN ({",".join("?" * len(audiences))})
            """,  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
            [*words_list, *audiences],
        )
        return {row[0] for row in rows}

    def _closest_word(self, word: str, audiences: list[str]) -> str | None:
        grams = sorted(gram for gram in analysis.trigrams(word) if gram.strip() and len(gram.strip()) == 3)
        if not grams:
            return None
        expression = " OR ".join(_fts_phrase(gram) for gram in grams)
        rows = (
            self._connection()
            .execute(
                f"""
            SELECT t.term, t.display, max(a.frequency) FROM (
                SELECT rowid FROM terms_tri WHERE terms_tri MATCH ? ORDER BY rank LIMIT 60
            ) c JOIN terms t ON t.id = c.rowid JOIN term_audience a ON a.term_id = t.id
            WHERE a.audience IN ({",".join("?" * len(audiences))})
            GROUP BY t.id
            """,  # noqa: S608  # nosec B608: the interpolated pieces are fixed SQL fragments chosen in code; every value is a bound parameter
                [expression, *audiences],
            )
            .fetchall()
        )
        best = None
        for term, display, frequency in rows:
            score = analysis.similarity(term, word)
            if score < 0.3:
                continue
            candidate = (score, frequency, display)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        return best[2] if best else None


def _folded_words(text: str) -> str:
    """ " netzwerk koordination mint region": words folded, each after a space, for LIKE ' prefix%'."""
    return " " + " ".join(analysis.fold(word) for word in analysis.words(text))


def _merge_completions(first: list[str], second: list[str], limit: int) -> list[str]:
    seen = set()
    result = []
    for value in [*first, *second]:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            result.append(value)
    return result[:limit]
