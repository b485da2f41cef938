"""RSS 2.0 and Atom feeds of the knowledge content: all of it (/feeds/wissen/rss/, /feeds/wissen/atom/) and per
topic (/themen/<slug>/rss/, /themen/<slug>/atom/).

Items are live, public practice posts and guide chapters, newest first. Links are absolute on the Wagtail site
that answers the request. An item's author is only ever the post's `public_byline` (empty, and left out, for
anonymous posts); `author` never reaches a feed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext
from wagtail.models import Site

from home.chrome import exclude_restricted, relative_url, site_for_request
from home.topics import topic_path

from .content import CHAPTER_CARD_FIELDS, PRACTICE_CARD_FIELDS
from .views import tag_for_slug

FEED_LENGTH = 30


@dataclass
class FeedItem:
    title: str
    summary: str
    url: str
    published: datetime | None
    updated: datetime | None
    author: str
    categories: list[str]
    kind: str


def _tag_names(page) -> list[str]:
    return sorted((item.tag.name for item in page.tagged_items.all()), key=str.casefold)


def _tag_prefetch(through):
    return Prefetch("tagged_items", queryset=through.objects.select_related("tag"))


def knowledge_items(site: Site | None, tag=None, limit: int = FEED_LENGTH) -> list[FeedItem]:
    """The newest live, public practice posts and guide chapters (with `tag`, if given): two queries for the
    pages and two for their tags, however long the feed."""
    from knowledge.guide.models import GuideChapterPage, GuideChapterTag
    from knowledge.practice.models import PracticePage, PracticePageTag

    if site is None:
        return []
    root_url = site.root_url

    def absolute(page) -> str:
        return iri_to_uri(root_url + (relative_url(page, site) or page.url_path))

    sources = [
        (PracticePage, PracticePageTag, PRACTICE_CARD_FIELDS + ("last_published_at",)),
        (GuideChapterPage, GuideChapterTag, CHAPTER_CARD_FIELDS + ("last_published_at",)),
    ]
    items = []
    for model, through, fields in sources:
        pages = exclude_restricted(model.objects.live().descendant_of(site.root_page))
        if tag is not None:
            pages = pages.filter(tagged_items__tag=tag)
        pages = (
            pages.only(*fields)
            .prefetch_related(_tag_prefetch(through))
            .order_by("-first_published_at", "-pk")
        )
        for page in pages[:limit]:
            is_post = model is PracticePage
            items.append(
                FeedItem(
                    title=page.title,
                    summary=page.summary,
                    url=absolute(page),
                    published=page.first_published_at,
                    updated=page.last_published_at or page.first_published_at,
                    # public_byline: empty for anonymous posts; chapters are the editors' and carry no name.
                    author=page.public_byline if is_post else "",
                    categories=_tag_names(page),
                    kind=page.get_kind_display() if is_post else gettext("Guide chapter"),
                )
            )
    items.sort(key=lambda item: (item.published is not None, item.published), reverse=True)
    return items[:limit]


@dataclass
class FeedSource:
    """What one request's feed is about. Feed views are shared by all requests, so nothing request-specific may
    be stored on them: it travels in this object instead."""

    site: Site | None
    path: str
    tag: object = None

    def absolute(self, path: str) -> str:
        root = self.site.root_url if self.site else ""
        return iri_to_uri(root + path)


class KnowledgeFeed(Feed):
    """All knowledge: practice posts and guide chapters."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        return FeedSource(site=site_for_request(request), path=request.path)

    def title(self, obj):
        return gettext("Netzwerkstatt: practice and guide")

    def description(self, obj):
        return gettext(
            "New best-practice posts, Stories of Failure and chapters of the founding guide from the "
            "MINT-Regionen."
        )

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return obj.absolute("/themen/")

    def feed_url(self, obj):
        return obj.absolute(obj.path)

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def items(self, obj):
        return knowledge_items(obj.site, tag=obj.tag)

    def item_title(self, item):
        # The feed generator escapes for XML; titles are plain text.
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return item.categories


class KnowledgeAtomFeed(KnowledgeFeed):
    feed_type = Atom1Feed


class TopicFeed(KnowledgeFeed):
    """The knowledge content carrying one topic."""

    def get_object(self, request, slug):
        return FeedSource(site=site_for_request(request), path=request.path, tag=tag_for_slug(slug))

    def title(self, obj):
        return gettext("Netzwerkstatt: %(topic)s") % {"topic": obj.tag.name}

    def description(self, obj):
        return gettext(
            "New best-practice posts, Stories of Failure and guide chapters on the topic “%(topic)s”."
        ) % {"topic": obj.tag.name}

    def link(self, obj):
        return obj.absolute(topic_path(obj.tag))


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
