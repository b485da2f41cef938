"""Context of a best-practice post's or a Story of Failure's page: its region, topics and related posts.

A post page costs three queries beyond Wagtail's routing, whatever it shows: its topics, its region and the
related posts (those sharing the most topics, in one query with the number of shared topics counted).
"""

from django.db.models import Count
from wagtail.models import Page

from home.chrome import exclude_restricted, relative_url, site_for_request

from .listing import KIND_PARAM_FOR, TOPIC_URL, query_url, site_path
from .models import PracticePage

RELATED_COUNT = 3
RELATED_FIELDS = (
    "id", "path", "depth", "url_path", "title", "slug", "content_type_id", "live", "first_published_at",
    "kind", "summary", "bundesland",
)  # fmt: skip


def parent_path(url: str) -> str:
    """/praxis/some-post/ -> /praxis/ (a post's parent is always the index; saves a query)."""
    return url.rstrip("/").rsplit("/", 1)[0] + "/" if url else ""


def related_posts(page: PracticePage, tag_ids: list[int], request) -> list[PracticePage]:
    if not tag_ids:
        return []
    posts = list(
        exclude_restricted(PracticePage.objects.live().filter(tagged_items__tag_id__in=tag_ids))
        .exclude(pk=page.pk)
        .only(*RELATED_FIELDS)
        # Filtering first makes the count use the same join: it counts the shared topics only.
        .annotate(shared_topics=Count("tagged_items"))
        .order_by("-shared_topics", "-first_published_at", "-pk")[:RELATED_COUNT]
    )
    site = site_for_request(request)
    for post in posts:
        post.listing_url = (relative_url(post, site) if site else None) or post.get_url(request) or ""
    return posts


def _region(page: PracticePage, request) -> dict | None:
    if not page.region_id:
        return None
    region = (
        exclude_restricted(Page.objects.live().filter(pk=page.region_id))
        .only("id", "title", "url_path")
        .first()
    )
    if region is None:
        return None
    site = site_for_request(request)
    url = site_path(region.url_path, site) if site else region.get_url(request)
    return {"title": region.title, "url": url or ""}


def post_context(page: PracticePage, request) -> dict:
    site = site_for_request(request)
    url = (relative_url(page, site) if site and page.url_path else None) or ""
    index_url = parent_path(url)
    tags = list(page.tags.all())
    topics = [{"name": tag.name, "slug": tag.slug, "url": TOPIC_URL.format(slug=tag.slug)} for tag in tags]
    kind_param = KIND_PARAM_FOR.get(page.kind, "")
    return {
        "topics": topics,
        "region": _region(page, request),
        "related_posts": related_posts(page, [tag.pk for tag in tags if tag.pk], request),
        "index_url": index_url,
        "land_url": query_url(index_url, {"land": page.bundesland}, ("land",)) if index_url else "",
        "kind_url": query_url(index_url, {"art": kind_param}, ("art",)) if index_url and kind_param else "",
    }
