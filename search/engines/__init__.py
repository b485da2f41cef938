"""Which engine answers, and the fallback when Elasticsearch is down.

- The database engine is always there and always up to date: PostgreSQL full-text search when the main
  database is PostgreSQL, else SQLite FTS5 in its own file (settings.SEARCH_SQLITE_PATH, default
  VAR_DIR / "search.sqlite3").
- With ELASTICSEARCH_URL set, `get_engine()` is a FallbackEngine: every write goes to the database engine and
  to Elasticsearch; searches go to Elasticsearch, and when it cannot answer (unreachable, timeout, any error)
  they are answered by the database engine, with a warning in the log. After a failure Elasticsearch is left
  alone for RETRY_AFTER seconds, so an outage costs one failed request, not one per search. /healthz reports
  the state (search/engine.py).

The engines are built once per process and rebuilt when the settings they depend on change (tests).
"""

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connections

from .base import IndexDocument, Progress, SearchEngine, SearchEngineUnavailable, SearchQuery, SearchResults

logger = logging.getLogger("search")

RETRY_AFTER = 30  # seconds Elasticsearch is not asked again after it failed
CACHE_SECONDS = 300  # search results are reused while the index does not change, at most this long

_lock = threading.Lock()
_engines: dict[str, SearchEngine] = {}


def sqlite_path() -> Path:
    configured = getattr(settings, "SEARCH_SQLITE_PATH", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "search.sqlite3"


def database_engine() -> SearchEngine:
    """The engine in the database: PostgreSQL when the main database is, else SQLite FTS5."""
    with _lock:
        engine = _engines.get("database")
        if engine is None:
            if connections["default"].vendor == "postgresql":
                from .postgres import PostgresEngine

                engine = PostgresEngine()
            else:
                from .sqlite_fts import SqliteFtsEngine

                engine = SqliteFtsEngine(sqlite_path())
            _engines["database"] = engine
        return engine


def elasticsearch_engine() -> SearchEngine | None:
    """The Elasticsearch engine when ELASTICSEARCH_URL is set (None otherwise, or if it cannot be built)."""
    if not settings.ELASTICSEARCH_URL:
        return None
    with _lock:
        engine = _engines.get("elasticsearch")
        if engine is None:
            try:
                from .elastic import ElasticsearchEngine

                engine = ElasticsearchEngine(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX)
            except Exception:
                logger.exception("Elasticsearch engine could not be set up; searching the database instead")
                return None
            _engines["elasticsearch"] = engine
        return engine


def get_engine() -> SearchEngine:
    """The engine the site searches with and writes to (results cached between index changes)."""
    primary = elasticsearch_engine()
    database = database_engine()
    with _lock:
        engine = _engines.get("site")
        if (
            engine is None
            or engine.database is not database
            or getattr(engine.inner, "primary", None) is not primary
        ):
            if primary is None and settings.ELASTICSEARCH_URL:
                inner = FallbackEngine(_Unavailable(), database)
            elif primary is None:
                inner = database
            else:
                inner = FallbackEngine(primary, database)
            engine = CachedEngine(inner, database)
            _engines["site"] = engine
        return engine


def reset() -> None:
    """Forget the engines (after a settings change; tests)."""
    with _lock:
        for engine in _engines.values():
            close = getattr(engine, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:  # a connection already gone
                    logger.debug("closing a search engine failed", exc_info=True)
        _engines.clear()
    FallbackEngine.down_until = 0.0


def _on_setting_changed(setting, **kwargs):
    if setting in {
        "SEARCH_SQLITE_PATH",
        "ELASTICSEARCH_URL",
        "ELASTICSEARCH_INDEX_PREFIX",
        "VAR_DIR",
        "DATABASES",
    }:
        reset()


setting_changed.connect(_on_setting_changed, dispatch_uid="search-engines-reset")


class _Unavailable(SearchEngine):
    """Stands in for an Elasticsearch engine that could not even be built (e.g. its module failed)."""

    name = "elasticsearch"

    def _fail(self, *args, **kwargs):
        raise SearchEngineUnavailable("Elasticsearch engine not available")

    index = delete_object = delete_keys = search = autocomplete = rebuild = count = _fail

    def healthy(self) -> bool:
        return False


class FallbackEngine(SearchEngine):
    """Elasticsearch first, the database engine when Elasticsearch fails; writes go to both."""

    name = "elasticsearch"
    # Shared by every instance in the process: one failure spares all threads the next attempts.
    down_until = 0.0

    def __init__(self, primary: SearchEngine, secondary: SearchEngine):
        self.primary = primary
        self.secondary = secondary

    @classmethod
    def primary_is_down(cls) -> bool:
        return time.monotonic() < cls.down_until

    @classmethod
    def _mark_down(cls, action: str, error: Exception) -> None:
        cls.down_until = time.monotonic() + RETRY_AFTER
        if isinstance(error, SearchEngineUnavailable):
            logger.warning("Elasticsearch unavailable (%s): %s; using the database engine", action, error)
        else:
            logger.warning(
                "Elasticsearch failed (%s): %s: %s; using the database engine",
                action,
                type(error).__name__,
                error,
                exc_info=True,
            )

    def _write_primary(self, action: str, call) -> None:
        if self.primary_is_down():
            logger.warning(
                "Elasticsearch is down: %s reached only the database engine (run search_reindex)", action
            )
            return
        try:
            call()
        except Exception as error:
            self._mark_down(action, error)

    def index(self, documents: Iterable[IndexDocument]) -> int:
        documents = list(documents)
        written = self.secondary.index(documents)
        self._write_primary("index", lambda: self.primary.index(documents))
        return written

    def delete_object(self, object_model: str, object_id: int) -> None:
        self.secondary.delete_object(object_model, object_id)
        self._write_primary("delete", lambda: self.primary.delete_object(object_model, object_id))

    def delete_keys(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        self.secondary.delete_keys(keys)
        self._write_primary("delete", lambda: self.primary.delete_keys(keys))

    def rebuild(self, documents: Iterable[IndexDocument], progress: Progress | None = None) -> int:
        documents = list(documents)
        written = self.secondary.rebuild(documents, progress)
        try:
            self.primary.rebuild(documents, None)
        except Exception as error:
            self._mark_down("rebuild", error)
        else:
            FallbackEngine.down_until = 0.0
        return written

    def _read(self, action: str, primary_call, secondary_call):
        if not self.primary_is_down():
            try:
                return primary_call()
            except Exception as error:
                self._mark_down(action, error)
        return secondary_call()

    def search(self, query: SearchQuery) -> SearchResults:
        return self._read("search", lambda: self.primary.search(query), lambda: self.secondary.search(query))

    def autocomplete(self, prefix: str, audiences: frozenset[str], limit: int = 8) -> list[str]:
        return self._read(
            "autocomplete",
            lambda: self.primary.autocomplete(prefix, audiences, limit),
            lambda: self.secondary.autocomplete(prefix, audiences, limit),
        )

    def count(self) -> int:
        return self._read("count", self.primary.count, self.secondary.count)

    def keys(self, prefix: str = "") -> set[str]:
        # The database engine holds the same documents; it answers fast and always supports it.
        return self.secondary.keys(prefix)

    def generation(self) -> str | None:
        return self.secondary.generation()

    def healthy(self) -> bool:
        try:
            return bool(self.primary.healthy())
        except Exception:
            return False


class CachedEngine(SearchEngine):
    """Search results and completions reused until the index changes.

    The database engine counts every change (its `generation()`, committed together with the change), and
    the cache key holds that count, so a result is never served after the index changed: the next search
    misses and asks the engine. Between changes, the same search (paging back, a facet removed again, the
    same popular query from many visitors with the same permissions) costs one cache read. The key holds the
    whole query including the searcher's audiences, so nobody ever gets another person's results.
    """

    def __init__(self, inner: SearchEngine, database: SearchEngine):
        self.inner = inner
        self.database = database
        self.name = inner.name

    def _generation(self) -> str | None:
        try:
            return self.database.generation()
        except Exception:
            logger.warning("Search index generation unavailable; searching without the cache", exc_info=True)
            return None

    @staticmethod
    def _key(kind: str, generation: str, engine: str, *parts) -> str:
        digest = hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()
        return f"search:{kind}:{engine}:{generation}:{digest}"

    def search(self, query: SearchQuery) -> SearchResults:
        generation = self._generation()
        if generation is None:
            return self.inner.search(query)
        key = self._key(
            "results",
            generation,
            self.inner.name,
            query.text,
            sorted(query.audiences),
            sorted(query.doc_types),
            list(query.tag_slugs),
            query.bundesland,
            query.date_from,
            query.date_to,
            query.sort,
            query.offset,
            query.limit,
        )
        results = cache.get(key)
        if results is None:
            results = self.inner.search(query)
            cache.set(key, results, CACHE_SECONDS)
        return results

    def autocomplete(self, prefix: str, audiences: frozenset[str], limit: int = 8) -> list[str]:
        generation = self._generation()
        if generation is None:
            return self.inner.autocomplete(prefix, audiences, limit)
        key = self._key("complete", generation, self.inner.name, prefix, sorted(audiences), limit)
        values = cache.get(key)
        if values is None:
            values = self.inner.autocomplete(prefix, audiences, limit)
            cache.set(key, values, CACHE_SECONDS)
        return values

    def index(self, documents: Iterable[IndexDocument]) -> int:
        return self.inner.index(documents)

    def delete_object(self, object_model: str, object_id: int) -> None:
        self.inner.delete_object(object_model, object_id)

    def delete_keys(self, keys: Iterable[str]) -> None:
        self.inner.delete_keys(keys)

    def rebuild(self, documents: Iterable[IndexDocument], progress: Progress | None = None) -> int:
        return self.inner.rebuild(documents, progress)

    def count(self) -> int:
        return self.inner.count()

    def keys(self, prefix: str = "") -> set[str]:
        return self.inner.keys(prefix)

    def generation(self) -> str | None:
        return self._generation()

    def healthy(self) -> bool:
        return self.inner.healthy()
