"""Keeping the index in step with the content, after the commit and in batches.

Signal handlers (search/signals.py and each source's connect()) only note what changed:

    schedule("practice", page.pk)         # build this object's documents anew
    schedule_delete("message", pk)        # the object is gone: drop every key it could have
    schedule_page_tree(page.pk)           # a page and everything below it (moves, view restrictions)
    schedule_tag(tag.pk)                  # everything carrying a tag (renames, merges)
    schedule_channel(channel.pk)          # every message of a channel (kind or name changed)

and ask for one flush() after the transaction commits (transaction.on_commit). The flush reads the committed
state in a few queries per source and writes to the engine in one call per source, so a request that saves
twenty objects costs one index write, a rolled-back transaction costs nothing, and the index never shows what
was not committed. Trees, tags and channels are expanded only at flush time, when the database holds the final
state. An index error is logged and never reaches the request that changed the content.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from collections import defaultdict
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction

from . import sources

logger = logging.getLogger("search")

LOAD_BATCH = 500

_local = threading.local()


def _pending() -> dict:
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = {
            "sync": defaultdict(set),
            "delete": defaultdict(set),
            "trees": set(),
            "tags": set(),
            "channels": set(),
        }
        _local.pending = pending
    return pending


def _suspended() -> bool:
    return getattr(_local, "suspended", 0) > 0


@contextmanager
def suspended():
    """No index updates inside (bulk loads that rebuild the index afterwards)."""
    _local.suspended = getattr(_local, "suspended", 0) + 1
    try:
        yield
    finally:
        _local.suspended -= 1


def _request_flush() -> None:
    # Every call registers a flush; all but the first find nothing to do. (A flag would be lost with a
    # rolled-back transaction's callbacks, and the pending changes with it.)
    transaction.on_commit(flush)


def schedule(source_name: str, *pks) -> None:
    if _suspended() or not pks:
        return
    _pending()["sync"][source_name].update(pks)
    _request_flush()


def schedule_delete(source_name: str, *pks) -> None:
    if _suspended() or not pks:
        return
    _pending()["delete"][source_name].update(pks)
    _request_flush()


def schedule_page_tree(page_id: int) -> None:
    if _suspended():
        return
    _pending()["trees"].add(page_id)
    _request_flush()


def schedule_tag(tag_id: int) -> None:
    if _suspended():
        return
    _pending()["tags"].add(tag_id)
    _request_flush()


def schedule_channel(channel_id: int) -> None:
    if _suspended():
        return
    _pending()["channels"].add(channel_id)
    _request_flush()


def flush() -> None:
    pending = getattr(_local, "pending", None)
    _local.pending = None
    if not pending or not any(pending.values()):
        return
    if getattr(settings, "SEARCH_INDEX_IN_BACKGROUND", False):
        _background().submit(pending)
    else:
        _apply_safely(pending)


def _apply_safely(pending: dict) -> None:
    try:
        _apply(pending)
    except Exception:
        logger.exception("Updating the search index failed; `manage.py search_reindex` repairs it")


# --- In the background ----------------------------------------------------------------------------------------
# A chat message is stored, committed and then broadcast; writing its index document in between would hold up
# every delivery (2 workers, 500 clients: p95 from 37 to 63-114 ms at 100 clients). So in the site the work
# goes to one thread per process, which merges what arrives while it writes (many messages, one engine write)
# and uses its own database connection. What it has not written when the process ends is written at exit;
# after a crash, `manage.py search_reindex` repairs the index. Tests apply changes at once (the setting is off
# in config/settings/test.py); `wait_until_idle()` waits for the thread where it is on.

BACKGROUND_MERGE_SECONDS = 0.05
BACKGROUND_IDLE_SECONDS = 5.0


def _merge(into: dict, pending: dict) -> None:
    for key in ("sync", "delete"):
        for name, pks in pending[key].items():
            into[key][name].update(pks)
    for key in ("trees", "tags", "channels"):
        into[key].update(pending[key])


class BackgroundIndexer:
    def __init__(self):
        self.queue: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)
        self.thread.start()

    def submit(self, pending: dict) -> None:
        self.queue.put(pending)

    def wait_until_idle(self, timeout: float | None = None) -> bool:
        """True once everything submitted so far is written (False after `timeout` seconds)."""
        done = threading.Event()
        self.queue.put(done)
        return done.wait(timeout)

    def _run(self) -> None:
        from django.db import close_old_connections, connections

        while True:
            try:
                item = self.queue.get(timeout=BACKGROUND_IDLE_SECONDS)
            except queue.Empty:
                # Idle: give this thread's connections back; a busy thread keeps them (a new connection for
                # every batch cost more than the batch while the chat was lively).
                connections.close_all()
                item = self.queue.get()
            batch, waiting = None, []
            deadline = time.monotonic() + BACKGROUND_MERGE_SECONDS
            while True:
                if isinstance(item, threading.Event):
                    waiting.append(item)
                else:
                    if batch is None:
                        batch = {
                            "sync": defaultdict(set),
                            "delete": defaultdict(set),
                            "trees": set(),
                            "tags": set(),
                            "channels": set(),
                        }
                    _merge(batch, item)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    item = self.queue.get(timeout=remaining)
                except queue.Empty:
                    break
            if batch is not None:
                close_old_connections()  # drops a connection that broke or outlived CONN_MAX_AGE
                _apply_safely(batch)
            if waiting:
                connections.close_all()  # whoever waits (tests, exit) finds no connection of this thread open
            for event in waiting:
                event.set()


_indexer: BackgroundIndexer | None = None
_indexer_lock = threading.Lock()


def _background() -> BackgroundIndexer:
    global _indexer
    with _indexer_lock:
        if _indexer is None or not _indexer.thread.is_alive():
            _indexer = BackgroundIndexer()
            atexit.register(_finish_at_exit)
        return _indexer


def wait_until_idle(timeout: float | None = 30) -> bool:
    """Wait until the background indexer has written everything submitted (at once if it is not running)."""
    indexer = _indexer
    if indexer is None or not indexer.thread.is_alive():
        return True
    return indexer.wait_until_idle(timeout)


def _finish_at_exit() -> None:
    if not wait_until_idle(timeout=30):
        logger.warning("The search indexer did not finish before exit; `manage.py search_reindex` repairs it")


def _apply(pending: dict) -> None:
    from .engines import get_engine

    sync: dict[str, set] = defaultdict(set)
    for name, pks in pending["sync"].items():
        sync[name].update(pks)
    for page_id in pending["trees"]:
        for name, pks in page_tree_objects(page_id).items():
            sync[name].update(pks)
    if pending["tags"]:
        for source in sources.all_sources():
            ids = source.ids_with_tags(sorted(pending["tags"]))
            if ids:
                sync[source.name].update(ids)
    if pending["channels"]:
        message_source = sources.get("message")
        for channel_id in pending["channels"]:
            sync[message_source.name].update(message_source.ids_in_channel(channel_id))

    engine = get_engine()
    stale_keys: list[str] = []
    for name, pks in pending["delete"].items():
        source = sources.get(name)
        for pk in pks:
            if pk not in sync.get(name, ()):
                stale_keys.extend(source.keys_for(pk))
    if stale_keys:
        engine.delete_keys(stale_keys)
    for name, pks in sync.items():
        sync_objects(sources.get(name), pks, engine)


def sync_objects(source, pks, engine=None) -> int:
    """Write the current documents of these objects and drop the keys they no longer have."""
    from .engines import get_engine

    engine = engine or get_engine()
    pks = sorted(pks)
    written = 0
    for start in range(0, len(pks), LOAD_BATCH):
        chunk = pks[start : start + LOAD_BATCH]
        documents = []
        for obj in source.load(chunk):
            documents.extend(source.documents(obj))
        wanted = {key for pk in chunk for key in source.keys_for(pk)}
        produced = {document.key for document in documents}
        if documents:
            written += engine.index(documents)
        if wanted - produced:
            engine.delete_keys(sorted(wanted - produced))
    return written


def page_tree_objects(page_id: int) -> dict[str, set[int]]:
    """The indexed pages in the tree below (and including) a page, by source."""
    from wagtail.models import Page

    from .sources.pages import PageSource

    page_sources = [source for source in sources.all_sources() if isinstance(source, PageSource)]
    page = Page.objects.filter(pk=page_id).only("path", "depth").first()
    if page is None or not page_sources:
        return {}
    by_content_type = {}
    for source in page_sources:
        from django.contrib.contenttypes.models import ContentType

        for model in _page_models(source.model):
            by_content_type[ContentType.objects.get_for_model(model).pk] = source.name
    rows = (
        Page.objects.filter(path__startswith=page.path, content_type_id__in=list(by_content_type))
        .values_list("pk", "content_type_id")
        .iterator()
    )
    result: dict[str, set[int]] = defaultdict(set)
    for pk, content_type_id in rows:
        result[by_content_type[content_type_id]].add(pk)
    page_ids = set().union(*result.values()) if result else set()
    for source in sources.all_sources():
        dependent = source.ids_for_pages(page_ids) if page_ids else []
        if dependent:
            result[source.name].update(dependent)
    return result


def _page_models(model) -> list:
    """A page model and its concrete subclasses (a practice post is stored as one of two kinds)."""
    from django.apps import apps

    return [candidate for candidate in apps.get_models() if issubclass(candidate, model)]
