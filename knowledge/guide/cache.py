"""Cached reading data of the guide: the chapter list of a guide, and a chapter's topics with its "Aus der Praxis"
cards. Both change only when pages are published, unpublished, moved, deleted or restricted, or when tags change;
those events bump one version number, so nobody ever sees stale chapters or posts after an editor's change.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home.cache_versions import CacheVersion

GUIDE_CONTENT = CacheVersion("guide-content")
TIMEOUT = 60 * 60


def cached(parts: tuple, build):
    key = GUIDE_CONTENT.key(*parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def connect_signals() -> None:
    invalidate = GUIDE_CONTENT.bump
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(invalidate, dispatch_uid=f"guide-content-{signal!r}")
    post_delete.connect(invalidate, sender=Page, dispatch_uid="guide-content-page-delete")
    for model in (PageViewRestriction, Tag):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"guide-content-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"guide-content-delete-{model.__name__}")
