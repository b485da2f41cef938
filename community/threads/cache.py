"""The discussion section as anonymous readers see it, cached per target and page of the discussion.

Anonymous readers all see the same HTML (no controls, only public names), so a practice post with a long
discussion costs them no query once the section is cached, and two (the thread, its posts with authors and
profiles) right after a change. Each target has its own version number (home/cache_versions.py); every stored
change of its thread bumps it after the commit, so the next reader renders the new state. Profile changes
(a new display name or avatar) show after at most TIMEOUT.
"""

from django.core.cache import cache
from django.db import transaction

from home.cache_versions import CacheVersion

TIMEOUT = 15 * 60


def _version(content_type_id: int, object_id: int) -> CacheVersion:
    return CacheVersion(f"threads-target-{content_type_id}-{object_id}")


def section_key(content_type_id: int, object_id: int, page: int, language: str) -> str:
    return _version(content_type_id, object_id).key("section", page, language)


def get_section(content_type_id: int, object_id: int, page: int, language: str) -> tuple[str, str | None]:
    key = section_key(content_type_id, object_id, page, language)
    return key, cache.get(key)


def set_section(key: str, html: str) -> None:
    cache.set(key, html, TIMEOUT)


def bump(content_type_id: int, object_id: int) -> None:
    _version(content_type_id, object_id).bump()


def bump_after_commit(content_type_id: int, object_id: int) -> None:
    """Bump now (the change is visible to this connection) and again once the surrounding transaction commits,
    so that a reader who rendered the old state between the two cannot keep it cached."""
    bump(content_type_id, object_id)
    transaction.on_commit(lambda: bump(content_type_id, object_id))


def bump_thread(thread) -> None:
    bump_after_commit(thread.content_type_id, thread.object_id)
