"""Practice posts shown elsewhere: the home page's "knowledge" slot and the lists on a region's page.

Both are cached (per site and language) under the practice cache version, which publishing and unpublishing
bump. On a cold cache the home page section costs three queries, a region page's two lists one together.
"""

from django.core.cache import cache
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from home.chrome import exclude_restricted, relative_url, site_for_request
from home.text import plain_text

from .cache import PRACTICE_CACHE, TIMEOUT
from .detail import parent_path
from .listing import KIND_PARAM_FOR, LISTING_PARAMS, query_url
from .models import PracticeIndexPage, PracticeKind, PracticePage

HOME_PER_KIND = 2
REGION_LIMIT = 5
SUMMARY_LENGTH = 120
ENTRY_FIELDS = (
    "id", "path", "depth", "url_path", "title", "slug", "content_type_id", "live", "first_published_at",
    "kind", "summary", "bundesland", "byline", "anonymous",
)  # fmt: skip


def _url(page, site, request) -> str:
    return (relative_url(page, site) if site else None) or page.get_url(request) or ""


def _entry(post, site, request) -> dict:
    return {
        "title": post.title,
        "url": _url(post, site, request),
        "kind": post.kind,
        "kind_label": str(post.get_kind_display()),
        "summary": plain_text(post.summary, SUMMARY_LENGTH),
        "land": post.get_bundesland_display() if post.bundesland else "",
        "published": post.first_published_at,
        "byline": post.public_byline,
        "anonymous": post.anonymous,
    }


def _build_home(request) -> dict | None:
    site = site_for_request(request)
    index = (
        exclude_restricted(PracticeIndexPage.objects.live())
        .only("id", "path", "depth", "url_path", "title", "slug", "content_type_id")
        .first()
    )
    if index is None:
        return None
    posts = []
    for kind in (PracticeKind.BEST_PRACTICE, PracticeKind.FAILURE):
        posts += list(
            exclude_restricted(PracticePage.objects.child_of(index).live().filter(kind=kind))
            .only(*ENTRY_FIELDS)
            .order_by("-first_published_at", "-pk")[:HOME_PER_KIND]
        )
    if not posts:
        return None
    posts.sort(key=lambda post: (post.first_published_at, post.pk), reverse=True)
    index_url = _url(index, site, request)
    return {
        "template": "practice/includes/home_section.html",
        "posts": [_entry(post, site, request) for post in posts],
        "index_url": index_url,
        "best_practice_url": query_url(index_url, {"art": "praxisbeispiel"}, LISTING_PARAMS),
        "failure_url": query_url(index_url, {"art": "story-of-failure"}, LISTING_PARAMS),
        "table_url": f"{index_url}uebertragbar/",
    }


def home_section(request) -> dict | None:
    """The home page's "knowledge" slot: the newest best practice and Stories of Failure."""
    site = site_for_request(request)
    key = PRACTICE_CACHE.key("home", site.pk if site else 0, get_language())
    data = cache.get(key)
    if data is None:
        data = _build_home(request) or {}
        cache.set(key, data, TIMEOUT)
    return data or None


def _region_lists(region, request) -> dict[str, dict]:
    """kind -> {"posts": entries, "has_more": bool} for a region's live posts.

    Both kinds in one query (the newest REGION_LIMIT + 1 of each, ranked by a window function), cached under the
    practice version and remembered on the request, so that the page's two slots share one lookup."""
    remembered = getattr(request, "_practice_region_lists", None)
    if remembered is not None and remembered[0] == region.pk:
        return remembered[1]
    site = site_for_request(request)
    key = PRACTICE_CACHE.key("region", region.pk, site.pk if site else 0, get_language())
    lists = cache.get(key)
    if lists is None:
        newest_first = ("-first_published_at", "-pk")
        posts = (
            exclude_restricted(PracticePage.objects.live().filter(region_id=region.pk))
            .only(*ENTRY_FIELDS)
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=F("kind"), order_by=[F(f[1:]).desc() for f in newest_first]
                )
            )
            .filter(rank__lte=REGION_LIMIT + 1)
            .order_by(*newest_first)
        )
        lists = {kind: {"posts": [], "has_more": False} for kind in PracticeKind.values}
        for post in posts:
            entry = lists[post.kind]
            if len(entry["posts"]) < REGION_LIMIT:
                entry["posts"].append(_entry(post, site, request))
            else:
                entry["has_more"] = True
        cache.set(key, lists, TIMEOUT)
    request._practice_region_lists = (region.pk, lists)
    return lists


def region_posts(region, request, kind: str) -> dict | None:
    """A region page's list of its live posts of one kind (the region is the post's `region`)."""
    found = _region_lists(region, request)[kind]
    if not found["posts"]:
        return None
    index_url = parent_path(found["posts"][0]["url"])
    land = getattr(region, "bundesland", "")
    more_url = ""
    if found["has_more"] and index_url:
        more_url = query_url(index_url, {"art": KIND_PARAM_FOR[kind], "land": land}, LISTING_PARAMS)
    return {
        "template": "practice/includes/region_section.html",
        "kind": kind,
        "posts": found["posts"],
        "more_url": more_url,
        "land": region.get_bundesland_display() if land else "",
    }
