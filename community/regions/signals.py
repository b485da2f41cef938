"""Reactions to publishing: followers hear about new and changed regions, cached summaries are refreshed."""

import logging
from datetime import timedelta

from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.cache_versions import CacheVersion

from .models import RegionIndexPage, RegionPage, StateOfficePage

logger = logging.getLogger(__name__)

REGIONS_CACHE = CacheVersion("regions")
FOLLOW_KIND = "followed_content"
# Editors often publish a page several times in a row while polishing it; followers hear of an update at most
# once in this period.
UPDATE_QUIET_PERIOD = timedelta(hours=12)


cache_version = REGIONS_CACHE.current
invalidate = REGIONS_CACHE.bump


def is_first_publication(page) -> bool:
    return page.first_published_at is not None and page.first_published_at == page.last_published_at


def _recently_announced(page) -> bool:
    """Whether the page was published before within the quiet period. Wagtail logs a publication after
    sending page_published, so the log holds only the earlier ones here."""
    from wagtail.models import PageLogEntry

    return PageLogEntry.objects.filter(
        page_id=page.pk, action="wagtail.publish", timestamp__gte=timezone.now() - UPDATE_QUIET_PERIOD
    ).exists()


def announce_region(sender, instance, revision=None, **kwargs) -> None:
    """Tell the followers of a region, and for a new region the followers of its topics.

    A new region is news for everyone following one of its topics; a changed description is news only for
    those who follow the region itself, so updates go to them alone and at most once per quiet period.
    """
    page = instance
    if not page.live:  # page_published is also sent when publishing is scheduled for later
        return
    actor = getattr(revision, "user", None) if revision is not None else None
    url = page.get_url() or page.url_path
    if is_first_publication(page):
        targets = [page, *page.tags.all()]
        title = gettext("New MINT-Region: %(title)s") % {"title": page.title}
    else:
        if _recently_announced(page):
            return
        targets = [page]
        title = gettext("MINT-Region updated: %(title)s") % {"title": page.title}
    from community.notifications.api import notify_followers

    notify_followers(
        targets,
        FOLLOW_KIND,
        title,
        body=page.intro,
        url=url,
        actor=actor,
        exclude=(actor,) if actor is not None else (),
    )


def connect() -> None:
    page_published.connect(announce_region, sender=RegionPage, dispatch_uid="regions-announce-region")
    for model in (RegionIndexPage, RegionPage, StateOfficePage):
        page_published.connect(
            invalidate, sender=model, dispatch_uid=f"regions-cache-publish-{model.__name__}"
        )
        page_unpublished.connect(
            invalidate, sender=model, dispatch_uid=f"regions-cache-unpublish-{model.__name__}"
        )
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"regions-cache-delete-{model.__name__}")
    post_page_move.connect(invalidate, dispatch_uid="regions-cache-move")
    # A new or lifted view restriction changes which regions the public summaries may show.
    from wagtail.models import PageViewRestriction

    post_save.connect(invalidate, sender=PageViewRestriction, dispatch_uid="regions-cache-restriction-save")
    post_delete.connect(
        invalidate, sender=PageViewRestriction, dispatch_uid="regions-cache-restriction-delete"
    )
