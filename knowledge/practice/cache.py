"""What the practice pages cache between requests, and when it is dropped.

Everything cached here (the topics offered in the listing's filter, the home page's newest posts) lives under
one version key (home/cache_versions.py) that publishing, unpublishing, moving or deleting a practice page
bumps, as does any change to a tag (editors rename and merge topics) or to a view restriction.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.cache_versions import CacheVersion
from home.chrome import exclude_restricted

PRACTICE_CACHE = CacheVersion("practice")
TIMEOUT = 60 * 60

invalidate = PRACTICE_CACHE.bump

_GERMAN_SORT = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def german_sort_key(text: str) -> str:
    """Umlauts sort with their base letter, as in a German index (Ärzte next to Arbeit, not after Zeit)."""
    return text.casefold().translate(_GERMAN_SORT)


def topics_in_use() -> dict[str, str]:
    """slug -> name of every topic that at least one live, public practice post carries, sorted by name."""
    from .models import PracticePage, PracticePageTag

    key = PRACTICE_CACHE.key("topics")
    topics = cache.get(key)
    if topics is None:
        live_posts = exclude_restricted(PracticePage.objects.live()).values("pk")
        pairs = set(
            PracticePageTag.objects.filter(content_object_id__in=live_posts).values_list(
                "tag__slug", "tag__name"
            )
        )
        topics = dict(sorted(pairs, key=lambda pair: german_sort_key(pair[1])))
        cache.set(key, topics, TIMEOUT)
    return topics


def connect_signals() -> None:
    from taggit.models import Tag
    from wagtail.models import PageViewRestriction

    from .models import BestPracticePage, FailureStoryPage, PracticeIndexPage

    for model in (PracticeIndexPage, BestPracticePage, FailureStoryPage):
        name = model.__name__
        page_published.connect(invalidate, sender=model, dispatch_uid=f"practice-cache-publish-{name}")
        page_unpublished.connect(invalidate, sender=model, dispatch_uid=f"practice-cache-unpublish-{name}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"practice-cache-delete-{name}")
    post_page_move.connect(invalidate, dispatch_uid="practice-cache-move")
    for model in (Tag, PageViewRestriction):
        name = model.__name__
        post_save.connect(invalidate, sender=model, dispatch_uid=f"practice-cache-save-{name}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"practice-cache-delete-{name}")
