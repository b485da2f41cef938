"""Rebuilding the index from the content, resumable (used by `manage.py search_reindex` and the demo loader).

Incremental mode (the default): source by source, objects in primary-key order and in batches, each batch
written with engine.index() and followed by a checkpoint under VAR_DIR/search-reindex/ (the last primary key
done, the number done, and the keys written so far). An interrupted run continues after the last checkpoint.
When a source is complete, documents of that source that no object produced any more are removed (the sweep).
The index stays usable throughout: documents are replaced in place, never dropped first.

Atomic mode (`rebuild_all`): every document through engine.rebuild(), which replaces the whole index at once
(readers see the old index until the new one is complete: one transaction on the database engines, a new
index and an alias swap on Elasticsearch). Not resumable.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from . import sources
from .engines import get_engine

BATCH_SIZE = 500


def checkpoint_dir() -> Path:
    return Path(settings.VAR_DIR) / "search-reindex"


@dataclass
class Checkpoint:
    source: str
    run: str
    last_pk: int | None = None
    done_objects: int = 0
    written: int = 0
    finished: bool = False

    @classmethod
    def path_for(cls, source: str) -> Path:
        return checkpoint_dir() / f"{source}.json"

    @classmethod
    def load(cls, source: str, run: str) -> Checkpoint:
        path = cls.path_for(source)
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("run") == run:
                return cls(**data)
        keys_path(source).unlink(missing_ok=True)
        return cls(source=source, run=run)

    def save(self) -> None:
        path = self.path_for(self.source)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(
            temporary, path
        )  # atomic: an interruption leaves the old or the new checkpoint, never half


def keys_path(source: str) -> Path:
    return checkpoint_dir() / f"{source}.keys"


def _run_file() -> Path:
    return checkpoint_dir() / "run.json"


def current_run(source_names: list[str], fresh: bool) -> tuple[str, bool]:
    """(run id, resumed?): the unfinished run for the same sources, or a new one."""
    directory = checkpoint_dir()
    if fresh and directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    run_file = _run_file()
    if run_file.exists():
        data = json.loads(run_file.read_text(encoding="utf-8"))
        if data.get("sources") == source_names:
            return data["run"], True
    run = uuid.uuid4().hex
    run_file.write_text(json.dumps({"run": run, "sources": source_names}), encoding="utf-8")
    return run, False


def finish_run() -> None:
    shutil.rmtree(checkpoint_dir(), ignore_errors=True)


@dataclass
class SourceReport:
    source: str
    objects: int
    written: int
    removed: int
    seconds: float
    skipped: bool = False


ProgressLine = Callable[[str, int, int, float], None]  # source, done, total, documents per second


def reindex_source(
    source, run: str, *, batch_size: int = BATCH_SIZE, progress: ProgressLine | None = None
) -> SourceReport:
    engine = get_engine()
    checkpoint = Checkpoint.load(source.name, run)
    if checkpoint.finished:
        return SourceReport(source.name, checkpoint.done_objects, checkpoint.written, 0, 0.0, skipped=True)
    started = time.monotonic()
    queryset = source.queryset()
    total = queryset.count()
    written_now = 0
    with keys_path(source.name).open("a", encoding="utf-8") as keys_file:
        while True:
            batch_queryset = (
                queryset if checkpoint.last_pk is None else queryset.filter(pk__gt=checkpoint.last_pk)
            )
            batch = list(batch_queryset[:batch_size])
            if not batch:
                break
            documents = [document for obj in batch for document in source.documents(obj)]
            if documents:
                engine.index(documents)
            produced = {document.key for document in documents}
            stale = {key for obj in batch for key in source.keys_for(obj.pk)} - produced
            if stale:
                engine.delete_keys(sorted(stale))
            keys_file.write("".join(f"{key}\n" for key in sorted(produced)))
            keys_file.flush()
            checkpoint.last_pk = batch[-1].pk
            checkpoint.done_objects += len(batch)
            checkpoint.written += len(documents)
            written_now += len(documents)
            checkpoint.save()
            if progress is not None:
                elapsed = max(time.monotonic() - started, 1e-6)
                progress(source.name, min(checkpoint.done_objects, total), total, written_now / elapsed)
    removed = sweep(source, engine)
    checkpoint.finished = True
    checkpoint.save()
    return SourceReport(
        source.name, checkpoint.done_objects, checkpoint.written, removed, time.monotonic() - started
    )


def sweep(source, engine) -> int:
    """Remove the source's documents that this run did not write (objects deleted or hidden meanwhile)."""
    produced = (
        set(keys_path(source.name).read_text(encoding="utf-8").split())
        if keys_path(source.name).exists()
        else set()
    )
    try:
        existing = engine.keys(source.key_prefix)
    except NotImplementedError:
        return 0
    stale = sorted(existing - produced)
    if stale:
        engine.delete_keys(stale)
    return len(stale)


def all_documents(selected: Iterable | None = None) -> Iterator:
    for source in selected or sources.all_sources():
        queryset = source.queryset()
        last_pk = None
        while True:
            batch = list((queryset if last_pk is None else queryset.filter(pk__gt=last_pk))[:BATCH_SIZE])
            if not batch:
                break
            for obj in batch:
                yield from source.documents(obj)
            last_pk = batch[-1].pk


def rebuild_all(progress: Callable[[int], None] | None = None) -> int:
    """Replace the whole index at once (see the module docstring)."""
    return get_engine().rebuild(all_documents(), progress)
