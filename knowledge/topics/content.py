"""The knowledge content on topic pages: guide chapters and practice posts (registered in apps.py).

Both are pages: only live ones outside view restrictions count, and readers see only `public_byline`, never the
author. The community's types (regions, members) register from community/integrations/topics.py.
"""

from urllib.parse import urlencode

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from home.chrome import CHROME, exclude_restricted, relative_url, site_for_request
from home.topics import TopicType, count_by_tag

CARD_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "slug",
    "content_type_id",
    "live",
    "first_published_at",
)
PRACTICE_CARD_FIELDS = CARD_FIELDS + ("kind", "summary", "bundesland", "byline", "anonymous")
CHAPTER_CARD_FIELDS = CARD_FIELDS + ("summary", "reading_minutes")


def _visible(queryset):
    return exclude_restricted(queryset.live())


def page_card_urls(pages, request) -> list:
    """Set `card_url` on each page without a query per page (the site root is loaded once per request)."""
    site = site_for_request(request)
    for page in pages:
        page.card_url = (relative_url(page, site) if site else None) or page.get_url(request)
    return pages


# --- Practice posts ----------------------------------------------------------------------------------------


def practice_posts_with_tag(tag, request):
    from knowledge.practice.models import PracticePage

    return (
        _visible(PracticePage.objects.filter(tagged_items__tag=tag))
        .only(*PRACTICE_CARD_FIELDS)
        .order_by("-first_published_at", "-pk")
    )


def practice_counts(request) -> dict[int, int]:
    from knowledge.practice.models import PracticePage, PracticePageTag

    visible = _visible(PracticePage.objects.all()).values("pk")
    return count_by_tag(PracticePageTag.objects.filter(content_object_id__in=visible))


def index_page_url(model, request) -> str | None:
    """The URL of the live index page of `model` on this site (e.g. the practice listing), cached with the site
    chrome, whose version every publish, move and slug change bumps."""
    site = site_for_request(request)
    if site is None:
        return None
    key = CHROME.key("topics-index-url", model._meta.label_lower, site.pk)
    url = cache.get(key)
    if url is None:
        index = (
            _visible(model.objects.descendant_of(site.root_page)).only("url_path").order_by("path").first()
        )
        url = (relative_url(index, site) if index else "") or ""
        cache.set(key, url, 60 * 60)
    return url or None


def filtered_listing_url(model, tag, request, param: str = "thema") -> str | None:
    """The index page of `model` filtered by the topic (the listings all take ?thema=<slug>)."""
    url = index_page_url(model, request)
    return f"{url}?{urlencode({param: tag.slug})}" if url else None


def practice_listing_url(tag, request) -> str | None:
    from knowledge.practice.models import PracticeIndexPage

    return filtered_listing_url(PracticeIndexPage, tag, request)


# --- Guide chapters ---------------------------------------------------------------------------------------


def chapters_with_tag(tag, request):
    from knowledge.guide.models import GuideChapterPage

    return (
        _visible(GuideChapterPage.objects.filter(tagged_items__tag=tag))
        .only(*CHAPTER_CARD_FIELDS)
        .order_by("path")
    )


def chapter_counts(request) -> dict[int, int]:
    from knowledge.guide.models import GuideChapterPage, GuideChapterTag

    visible = _visible(GuideChapterPage.objects.all()).values("pk")
    return count_by_tag(GuideChapterTag.objects.filter(content_object_id__in=visible))


def register() -> None:
    from home.topics import register_topic_type

    register_topic_type(
        TopicType(
            key="leitfaden",
            label=_("Founding guide"),
            items=chapters_with_tag,
            counts=chapter_counts,
            template="topics/cards/guide_chapter.html",
            prepare=page_card_urls,
            order=10,
        )
    )
    register_topic_type(
        TopicType(
            key="praxis",
            label=_("Practice and experience"),
            items=practice_posts_with_tag,
            counts=practice_counts,
            template="topics/cards/practice_post.html",
            prepare=page_card_urls,
            more_url=practice_listing_url,
            order=20,
        )
    )
