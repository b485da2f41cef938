"""The index page of the calls (/community-calls/): upcoming calls first, then past calls page by page, both
filterable by topic (?thema=<slug>); each filter state and page has its own address and works without
JavaScript (the filter is a list of links).

A call counts as upcoming until it ends, so a running call stays at the top. Costs: one query for the upcoming
calls, one for a page of past ones (both with their registration numbers joined in), one for the topics of all
of them, and for logged-in members one for their own registrations; the offered topics come from the cache.
"""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from home.chrome import relative_url, site_for_request
from home.pagination import SlicePage
from home.text import plain_text
from home.topics import topic_path

from .access import is_member
from .cache import topics_in_use, visible_calls
from .models import ACTIVE_STATUSES, CommunityCallPageTag, Registration

TOPIC_PARAM = "thema"
PAGE_PARAM = "seite"
PAST_PAGE_SIZE = 10
UPCOMING_LIMIT = 60
MAX_PAGE_NUMBER = 10_000
SUMMARY_LENGTH = 240

CARD_FIELDS = (
    "id", "path", "depth", "url_path", "title", "slug", "content_type_id", "live", "first_published_at",
    "last_published_at", "summary", "start_at", "end_at", "capacity", "recording_url",
    "state__registered_count", "state__waitlist_count",
)  # fmt: skip


def _shorten(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def parse_topic(query, notices: list[str]) -> tuple[str, str]:
    """(slug, name) of the requested topic, or ("", "") with a notice when there is no such topic."""
    raw = (query.get(TOPIC_PARAM) or "").strip()
    if not raw:
        return "", ""
    name = topics_in_use().get(raw)
    if name is None and len(raw) <= 100 and all(ord(char) >= 32 for char in raw):
        from taggit.models import Tag

        name = Tag.objects.filter(slug=raw).values_list("name", flat=True).first()  # a topic no call has yet
    if name is None:
        notices.append(
            gettext("There is no topic “%(value)s”; this filter was ignored.") % {"value": _shorten(raw)}
        )
        return "", ""
    return raw, name


def parse_page(query, notices: list[str]) -> int:
    raw = (query.get(PAGE_PARAM) or "").strip()
    if not raw:
        return 1
    if raw.isdigit() and 1 <= int(raw) <= MAX_PAGE_NUMBER:
        return int(raw)
    notices.append(
        gettext("“%(value)s” is not a page number; the first page is shown.") % {"value": _shorten(raw)}
    )
    return 1


def listing_url(path: str, topic: str = "", page: int = 1) -> str:
    pairs = [(TOPIC_PARAM, topic)] if topic else []
    if page > 1:
        pairs.append((PAGE_PARAM, str(page)))
    return f"{path}?{urlencode(pairs)}" if pairs else path


def tags_prefetch() -> Prefetch:
    return Prefetch(
        "tagged_items", queryset=CommunityCallPageTag.objects.select_related("tag").order_by("tag__name")
    )


def calls_queryset(index=None, topic: str = ""):
    queryset = visible_calls()
    if index is not None:
        queryset = queryset.child_of(index)
    queryset = queryset.select_related("state").only(*CARD_FIELDS)
    if topic:
        # (call, tag) pairs are unique, so this join never duplicates a call.
        queryset = queryset.filter(tagged_items__tag__slug=topic)
    return queryset


def seats(call) -> dict:
    """What a card says about places, from the counts kept on the call's state."""
    state = getattr(call, "state", None)
    registered = state.registered_count if state else 0
    waiting = state.waitlist_count if state else 0
    free = None if call.capacity is None else max(0, call.capacity - registered)
    return {
        "registered": registered,
        "waiting": waiting,
        "capacity": call.capacity,
        "free": free,
        "full": free == 0,
    }


def decorate(calls, request, now=None, mine: dict | None = None) -> list:
    """Give each call what its card shows, without further queries."""
    from .timefmt import when_text, zone_label

    now = now or timezone.now()
    site = site_for_request(request)
    mine = mine or {}
    for call in calls:
        call.card_url = (relative_url(call, site) if site else None) or call.get_url(request) or ""
        call.when = when_text(call.start_at, call.end_at, with_zone=False)
        call.zone = zone_label(call.start_at)
        call.summary_text = plain_text(call.summary, SUMMARY_LENGTH)
        call.topics = [
            {"name": item.tag.name, "slug": item.tag.slug, "url": topic_path(item.tag)}
            for item in call.tagged_items.all()
        ]
        call.seats = seats(call)
        call.running = call.start_at <= now < call.end_at
        call.over = call.end_at <= now
        call.my_status = mine.get(call.pk, "")
    return calls


def my_statuses(request, call_ids) -> dict[int, str]:
    user = getattr(request, "user", None)
    if not is_member(user) or not call_ids:
        return {}
    return dict(
        Registration.objects.filter(
            user_id=user.pk, call_id__in=call_ids, status__in=ACTIVE_STATUSES
        ).values_list("call_id", "status")
    )


def listing_context(index, request) -> dict:
    from django.db.models import prefetch_related_objects

    now = timezone.now()
    notices: list[str] = []
    topic, topic_name = parse_topic(request.GET, notices)
    page_number = parse_page(request.GET, notices)
    base = calls_queryset(index, topic)
    upcoming = (
        list(base.filter(end_at__gt=now).order_by("start_at", "pk")[:UPCOMING_LIMIT])
        if page_number == 1
        else []
    )
    start = (page_number - 1) * PAST_PAGE_SIZE
    rows = list(base.filter(end_at__lte=now).order_by("-start_at", "-pk")[start : start + PAST_PAGE_SIZE + 1])
    past = SlicePage(
        items=rows[:PAST_PAGE_SIZE], number=page_number, has_next=len(rows) > PAST_PAGE_SIZE, param=PAGE_PARAM
    )
    shown = upcoming + past.items
    prefetch_related_objects(shown, tags_prefetch())
    decorate(shown, request, now, my_statuses(request, [call.pk for call in shown]))

    path = request.path
    topics = [
        {"slug": slug, "name": name, "url": listing_url(path, slug), "current": slug == topic}
        for slug, name in topics_in_use().items()
    ]
    if topic and not any(entry["current"] for entry in topics):
        topics.append({"slug": topic, "name": topic_name, "url": listing_url(path, topic), "current": True})
    return {
        "upcoming": upcoming,
        "past": past,
        "topic": topic,
        "topic_name": topic_name,
        "topic_filters": topics,
        "all_topics_url": listing_url(path),
        "filter_notices": notices,
        "pagination_query": urlencode([(TOPIC_PARAM, topic)]) if topic else "",
        "first_page_url": listing_url(path, topic),
        "is_filtered": bool(topic),
    }
