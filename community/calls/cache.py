"""What the call pages cache between requests, and when it is dropped.

The topics offered on the index page and the home page's next calls live under one version key
(home/cache_versions.py) that publishing, unpublishing, moving or deleting a call bumps, as does any change to a
tag or a view restriction. The home page's list also expires when its first call ends.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.cache_versions import CacheVersion
from home.chrome import exclude_restricted
from home.topics import sort_key

CALLS_CACHE = CacheVersion("calls")
TIMEOUT = 60 * 60

invalidate = CALLS_CACHE.bump


def visible_calls():
    from .models import CommunityCallPage

    return exclude_restricted(CommunityCallPage.objects.live())


def topics_in_use() -> dict[str, str]:
    """slug -> name of every topic that a live, public call carries, in German alphabetical order."""
    from .models import CommunityCallPageTag

    key = CALLS_CACHE.key("topics")
    topics = cache.get(key)
    if topics is None:
        pairs = set(
            CommunityCallPageTag.objects.filter(
                content_object_id__in=visible_calls().values("pk")
            ).values_list("tag__slug", "tag__name")
        )
        topics = dict(sorted(pairs, key=lambda pair: sort_key(pair[1])))
        cache.set(key, topics, TIMEOUT)
    return topics


def connect_signals() -> None:
    from taggit.models import Tag
    from wagtail.models import PageViewRestriction

    from .models import CommunityCallIndexPage, CommunityCallPage

    for model in (CommunityCallIndexPage, CommunityCallPage):
        name = model.__name__
        page_published.connect(invalidate, sender=model, dispatch_uid=f"calls-cache-publish-{name}")
        page_unpublished.connect(invalidate, sender=model, dispatch_uid=f"calls-cache-unpublish-{name}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"calls-cache-delete-{name}")
    post_page_move.connect(invalidate, dispatch_uid="calls-cache-move")
    for model in (Tag, PageViewRestriction):
        name = model.__name__
        post_save.connect(invalidate, sender=model, dispatch_uid=f"calls-cache-save-{name}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"calls-cache-delete-{name}")
