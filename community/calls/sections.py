"""Calls shown elsewhere: the home page's "calls" slot (the next calls) and the topic pages (/themen/<slug>/).

The home page's list is cached per site and language under the calls cache version (publishing bumps it) and
expires when its first call ends, so a call that is over never lingers there. A cold cache costs two queries.
"""

from django.core.cache import cache
from django.db.models import Case, F, IntegerField, Value, When, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home.chrome import relative_url, site_for_request
from home.text import plain_text
from home.topics import TopicType, count_by_tag, register_topic_type

from .cache import CALLS_CACHE, TIMEOUT, visible_calls
from .detail import parent_path
from .listing import calls_queryset, decorate, listing_url, seats, tags_prefetch
from .models import CommunityCallIndexPage, CommunityCallPageTag

HOME_COUNT = 3
SUMMARY_LENGTH = 140


def _index_url(request) -> str:
    from knowledge.topics.content import index_page_url

    return index_page_url(CommunityCallIndexPage, request) or ""


def _build_home(request, now) -> dict | None:
    from .timefmt import when_text, zone_label

    site = site_for_request(request)
    calls = list(calls_queryset().filter(end_at__gt=now).order_by("start_at", "pk")[:HOME_COUNT])
    if not calls:
        return None
    entries = []
    for call in calls:
        entries.append(
            {
                "title": call.title,
                "url": (relative_url(call, site) if site else None) or call.get_url(request) or "",
                "when": when_text(call.start_at, call.end_at, with_zone=False),
                "zone": zone_label(call.start_at),
                "start": call.start_at,
                "end": call.end_at,
                "summary": plain_text(call.summary, SUMMARY_LENGTH),
                "seats": seats(call),
            }
        )
    # Calls are children of the index: its address is their parent's, no query needed.
    index_url = parent_path(entries[0]["url"])
    return {
        "template": "calls/includes/home_section.html",
        "calls": entries,
        "index_url": index_url,
        "feed_url": reverse("calls:feed"),
    }


def home_section(request) -> dict | None:
    """The home page's "calls" slot: the next calls, running ones first."""
    now = timezone.now()
    site = site_for_request(request)
    key = CALLS_CACHE.key("home", site.pk if site else 0, get_language())
    data = cache.get(key)
    if data is not None and data.get("calls") and data["calls"][0]["end"] <= now:
        data = None  # the first call is over
    if data is None:
        data = _build_home(request, now) or {}
        timeout = TIMEOUT
        if data:
            seconds = int((data["calls"][0]["end"] - now).total_seconds()) + 1
            timeout = max(1, min(TIMEOUT, seconds))
        cache.set(key, data, timeout)
    return data or None


# --- Topic pages ------------------------------------------------------------------------------------------------


def calls_with_tag(tag, request):
    """Upcoming calls first (soonest first), then past ones (newest first)."""
    now = timezone.now()
    return (
        calls_queryset()
        .filter(tagged_items__tag=tag)
        .annotate(
            is_over=Case(When(end_at__lte=now, then=Value(1)), default=Value(0), output_field=IntegerField()),
            upcoming_start=Case(When(end_at__gt=now, then=F("start_at")), default=None),
        )
        .order_by("is_over", F("upcoming_start").asc(nulls_last=True), "-start_at", "-pk")
    )


def call_counts(request) -> dict[int, int]:
    return count_by_tag(
        CommunityCallPageTag.objects.filter(content_object_id__in=visible_calls().values("pk"))
    )


def topic_cards(calls, request) -> list:
    prefetch_related_objects(calls, tags_prefetch())
    return decorate(calls, request)


def calls_listing_url(tag, request) -> str | None:
    url = _index_url(request)
    return listing_url(url, tag.slug) if url else None


def register_topic() -> None:
    register_topic_type(
        TopicType(
            key="calls",
            label=_("Community calls"),
            items=calls_with_tag,
            counts=call_counts,
            template="calls/includes/topic_card.html",
            prepare=topic_cards,
            more_url=calls_listing_url,
            order=50,
        )
    )
