"""The Elasticsearch engine: used when ELASTICSEARCH_URL is set (search/engine.py chooses it).

Index lifecycle
---------------
Readers and writers use the alias `<prefix>-search`, never a concrete index. The first use creates the index
`<prefix>-search-initial` with the alias. `rebuild()` loads a new index `<prefix>-search-<timestamp>` (refresh
off while loading), then moves the alias in one `update_aliases` call and deletes the old index, so a reader
sees either the complete old index or the complete new one, never an empty or half-filled one.

While a rebuild runs, the new index also carries the alias `<prefix>-search-building`, and `index()`,
`delete_keys()` and `delete_object()` write to both aliases: a change made during a long rebuild reaches the
new index too. The rebuild itself loads with `create`, so it never overwrites a newer version that such a
live write already put there. One rebuild runs at a time: a rebuild removes indexes left behind by a failed
one.

Failures
--------
Requests time out after a few seconds and are retried at most once. A cluster that cannot be reached, answers
with 5xx/429, refuses our credentials or is not Elasticsearch raises `SearchEngineUnavailable`, so the caller
can fall back to the database engine. Other API errors (a bad request) are bugs and propagate unchanged.

Writes are visible to searches after Elasticsearch's refresh interval (one second) unless the engine is made
with `refresh=True` (tests, where a search follows the write immediately).
"""

import logging
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from elastic_transport import ApiError, SerializationError, TransportError
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError, UnsupportedProductError, helpers
from elasticsearch.dsl import Search

from . import common
from .base import (
    IndexDocument,
    Progress,
    SearchEngine,
    SearchEngineUnavailable,
    SearchQuery,
    SearchResults,
)
from .elastic_query import (
    build_autocomplete_search,
    build_search,
    build_suggestion_search,
    has_nothing_to_search,
    parse_completions,
    parse_facets,
    parse_hit,
    parse_suggestion,
    parse_total,
)
from .elastic_schema import build_index, document_source

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT = 5  # seconds, for searches and small writes
HEALTH_TIMEOUT = 1
BULK_TIMEOUT = 60  # one bulk chunk or one delete-by-query
BULK_CHUNK = 500
# Statuses that mean "the cluster is there but cannot serve us now" (or is misconfigured), not "our bug".
UNAVAILABLE_STATUSES = frozenset({401, 403, 408, 429})
_INDEX_PREFIX = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

_clients: dict[str, Elasticsearch] = {}
_clients_lock = threading.Lock()


def shared_client(url: str) -> Elasticsearch:
    """One client (one connection pool) per URL for the whole process."""
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            client = Elasticsearch(
                url, request_timeout=REQUEST_TIMEOUT, max_retries=1, retry_on_timeout=False
            )
            _clients[url] = client
        return client


def _is_unavailable(error: Exception) -> bool:
    if isinstance(error, SerializationError):
        return False  # we sent or received something unreadable: a bug, not an outage
    if isinstance(error, TransportError | UnsupportedProductError):
        return True
    if isinstance(error, ApiError):
        status = getattr(error, "status_code", None) or 0
        return status >= 500 or status in UNAVAILABLE_STATUSES
    return False


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url: str, index_prefix: str = "netzwerkstatt", *, refresh: bool = False):
        prefix = (index_prefix or "netzwerkstatt").lower()
        if not _INDEX_PREFIX.match(prefix):
            raise ValueError(f"Unusable Elasticsearch index prefix: {index_prefix!r}")
        self.url = url
        self.alias = f"{prefix}-search"
        self.building_alias = f"{prefix}-search-building"
        self.refresh = refresh

    def __repr__(self):
        return f"<ElasticsearchEngine {self.safe_url} alias={self.alias}>"

    @property
    def safe_url(self) -> str:
        """The URL without credentials, for messages and logs."""
        try:
            parts = urlsplit(str(self.url))
        except ValueError:
            return "<invalid URL>"
        return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()

    @property
    def client(self) -> Elasticsearch:
        try:
            return shared_client(self.url)
        except ValueError as error:
            raise SearchEngineUnavailable(f"Invalid ELASTICSEARCH_URL: {error}") from error

    @contextmanager
    def _answering(self, action: str) -> Iterator[None]:
        try:
            yield
        except SearchEngineUnavailable:
            raise
        except (TransportError, ApiError) as error:
            if not _is_unavailable(error):
                raise
            raise SearchEngineUnavailable(
                f"Elasticsearch at {self.safe_url} cannot answer while {action}: {type(error).__name__}: {error}"
            ) from error

    # --- health ---------------------------------------------------------------------------------------------

    def healthy(self) -> bool:
        try:
            client = self.client.options(request_timeout=HEALTH_TIMEOUT, max_retries=0)
            return bool(client.ping())
        except Exception:  # a health check answers, it does not raise
            logger.debug("Elasticsearch health check failed", exc_info=True)
            return False

    # --- aliases and indexes --------------------------------------------------------------------------------

    def _alias_members(self) -> dict[str, list[str]]:
        """The concrete indexes behind the read alias and the building alias."""
        members = {self.alias: [], self.building_alias: []}
        answer = self.client.options(ignore_status=404).indices.get_alias(
            name=[self.alias, self.building_alias]
        )
        for index_name, info in answer.body.items():
            if isinstance(info, dict):  # a partial 404 also carries "error" and "status"
                for alias in info.get("aliases") or {}:
                    if alias in members:
                        members[alias].append(index_name)
        for names in members.values():
            names.sort()
        return members

    def _create_first_index(self) -> None:
        name = f"{self.alias}-initial"
        try:
            build_index(name).create(using=self.client)
        except BadRequestError as error:
            if error.message != "resource_already_exists_exception":
                raise  # another process may have created it a moment ago: then use it
        actions = [{"add": {"index": name, "alias": self.alias}}]
        if self.client.indices.exists(index=self.alias):
            # A concrete index under the alias's name (left from a write before the alias existed): derived
            # data with a guessed mapping, replaced in the same atomic step.
            logger.warning("Replacing the index %s by the alias of the same name", self.alias)
            actions.append({"remove_index": {"index": self.alias}})
        try:
            self.client.indices.update_aliases(actions=actions)
        except NotFoundError:
            if not self.client.indices.exists_alias(name=self.alias):
                raise
        logger.info("Created the Elasticsearch index %s with the alias %s", name, self.alias)

    def _write_aliases(self) -> list[str]:
        members = self._alias_members()
        if not members[self.alias]:
            self._create_first_index()
        return [self.alias, self.building_alias] if members[self.building_alias] else [self.alias]

    def ensure_index(self) -> None:
        """Create the alias and its first index if they do not exist yet."""
        with self._answering("creating the index"):
            self._write_aliases()

    # --- writing --------------------------------------------------------------------------------------------

    def index(self, documents: Iterable[IndexDocument]) -> int:
        written = 0
        with self._answering("indexing"):
            targets = None

            def actions():
                nonlocal written, targets
                for document in documents:
                    if targets is None:
                        targets = self._write_aliases()
                    source = document_source(document)
                    written += 1
                    for target in targets:
                        yield {"_op_type": "index", "_index": target, "_id": document.key, "_source": source}

            helpers.bulk(
                self.client.options(request_timeout=BULK_TIMEOUT),
                actions(),
                chunk_size=BULK_CHUNK,
                refresh=self.refresh,
                # Never let a write auto-create an index with a guessed mapping.
                require_alias=True,
            )
        return written

    def delete_keys(self, keys: Iterable[str]) -> None:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return
        with self._answering("deleting documents"):
            targets = self._write_aliases()
            actions = [
                {"_op_type": "delete", "_index": target, "_id": key} for key in keys for target in targets
            ]
            helpers.bulk(
                self.client.options(request_timeout=BULK_TIMEOUT),
                actions,
                chunk_size=BULK_CHUNK,
                refresh=self.refresh,
                require_alias=True,
                ignore_status=(404,),
            )

    def delete_object(self, object_model: str, object_id: int) -> None:
        with self._answering("deleting an object's documents"):
            targets = self._write_aliases()
            client = self.client.options(request_timeout=BULK_TIMEOUT)
            # delete_by_query sees only refreshed documents: without this, a document written a moment ago
            # would survive the deletion of its object.
            client.indices.refresh(index=targets)
            search = (
                Search(using=client, index=targets)
                .filter("term", object_model=object_model)
                .filter("term", object_id=object_id)
                .params(conflicts="proceed", refresh=self.refresh)
            )
            search.delete()

    def rebuild(self, documents: Iterable[IndexDocument], progress: Progress | None = None) -> int:
        with self._answering("rebuilding the index"):
            members = self._alias_members()
            for leftover in sorted(set(members[self.building_alias]) - set(members[self.alias])):
                logger.warning("Deleting %s, left behind by an unfinished rebuild", leftover)
                self.client.options(ignore_status=404).indices.delete(index=leftover)

            new_index = f"{self.alias}-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}"
            definition = build_index(new_index, refresh_interval="-1")
            definition.aliases(**{self.building_alias: {}})
            definition.create(using=self.client)
            try:
                loaded = self._load(new_index, documents, progress)
                bulk_client = self.client.options(request_timeout=BULK_TIMEOUT)
                # None resets the setting to Elasticsearch's default (1s).
                bulk_client.indices.put_settings(
                    index=new_index, settings={"index": {"refresh_interval": None}}
                )
                bulk_client.indices.refresh(index=new_index)
                self._swap_alias(new_index)
            except BaseException:
                with suppress(Exception):
                    self.client.options(ignore_status=404).indices.delete(index=new_index)
                raise
        logger.info("Rebuilt the search index %s with %d documents", new_index, loaded)
        return loaded

    def _load(self, index_name: str, documents: Iterable[IndexDocument], progress: Progress | None) -> int:
        def actions():
            for document in documents:
                yield {
                    "_op_type": "create",
                    "_index": index_name,
                    "_id": document.key,
                    "_source": document_source(document),
                }

        loaded = 0
        for _ok, _item in helpers.streaming_bulk(
            self.client.options(request_timeout=BULK_TIMEOUT),
            actions(),
            chunk_size=BULK_CHUNK,
            raise_on_error=True,
            # 409: a live write during the rebuild already put a newer version there.
            ignore_status=(409,),
        ):
            loaded += 1
            if progress is not None and loaded % BULK_CHUNK == 0:
                progress(loaded)
        if progress is not None and (loaded == 0 or loaded % BULK_CHUNK):
            progress(loaded)
        return loaded

    def _swap_alias(self, new_index: str) -> None:
        old_indexes = [name for name in self._alias_members()[self.alias] if name != new_index]
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old_indexes]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        actions.append({"remove": {"index": new_index, "alias": self.building_alias}})
        if not old_indexes and self.client.indices.exists(index=self.alias):
            actions.append({"remove_index": {"index": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for name in old_indexes:
            self.client.options(ignore_status=404).indices.delete(index=name)

    # --- reading --------------------------------------------------------------------------------------------

    def _execute(self, search: Search) -> dict | None:
        """Run a search on the alias; None if the alias does not exist yet (it is created for next time)."""
        try:
            return search.using(self.client).index(self.alias).execute().to_dict()
        except NotFoundError as error:
            if error.message != "index_not_found_exception":
                raise
            self._write_aliases()
            return None

    def search(self, query: SearchQuery, suggest: bool = True) -> SearchResults:
        if not query.audiences or has_nothing_to_search(query):
            return common.empty_results(self.name)
        with self._answering("searching"):
            raw = self._execute(build_search(query))
            if raw is None:
                return common.empty_results(self.name)
            total = parse_total(raw)
            results = SearchResults(
                hits=[parse_hit(hit) for hit in (raw.get("hits") or {}).get("hits") or []],
                total=total,
                facets=parse_facets(raw.get("aggregations") or {}),
                engine=self.name,
            )
            if suggest and total < common.FEW_RESULTS:
                results.suggestion = self._did_you_mean(query, total)
        return results

    def _did_you_mean(self, query: SearchQuery, total: int) -> str:
        """A better spelling, offered only if it finds more than the query did (as on the database engines)."""
        search = build_suggestion_search(query.text, query.audiences)
        if search is None:
            return ""
        try:
            suggestion = parse_suggestion(self._execute(search) or {}, query.text)
            if not suggestion:
                return ""
            better = self.search(replace(query, text=suggestion, offset=0, limit=0), suggest=False).total
        except ApiError as error:
            if _is_unavailable(error):
                raise
            # The results are there; a failed suggestion must not take them away.
            logger.warning("Elasticsearch phrase suggestion failed: %s", error)
            return ""
        return suggestion if better > total else ""

    def autocomplete(self, prefix: str, audiences: frozenset[str], limit: int = 8) -> list[str]:
        search = build_autocomplete_search(prefix, audiences, limit)
        if search is None:
            return []
        with self._answering("completing"):
            raw = self._execute(search)
        return parse_completions(raw or {}, limit)

    def count(self) -> int:
        with self._answering("counting"):
            try:
                return int(self.client.count(index=self.alias)["count"])
            except NotFoundError:
                return 0

    def keys(self, prefix: str = "") -> set[str]:
        query = {"prefix": {"key": prefix}} if prefix else {"match_all": {}}
        with self._answering("listing keys"):
            try:
                return {
                    hit["_id"]
                    for hit in helpers.scan(
                        self.client.options(request_timeout=BULK_TIMEOUT),
                        index=self.alias,
                        query={"query": query, "_source": False},
                        size=1000,
                        scroll="2m",
                    )
                }
            except NotFoundError:
                return set()

    def drop(self) -> None:
        """Delete the alias and every index behind it (tests and a full reset)."""
        with self._answering("deleting the index"):
            members = self._alias_members()
            for name in sorted(set(members[self.alias]) | set(members[self.building_alias])):
                self.client.options(ignore_status=404).indices.delete(index=name)
