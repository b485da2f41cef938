"""Topics: the site's one tag vocabulary (taggit's Tag) and the registry of content types that carry it.

The topic pages (/themen/, /themen/<slug>/) list everything carrying a tag across types, as the current visitor
may see it. home/ must not import the content apps, so each app registers its tagged type, in its
AppConfig.ready() (knowledge content) or in community/integrations/<area>.py (community content):

    from home.topics import TopicType, register_topic_type

    register_topic_type(
        TopicType(
            key="praxis",                         # unique; also the value of ?typ= on a topic page
            label=_("Practice and experience"),   # plural heading of the type's section
            items=practice_items,                 # (tag, request) -> the items carrying `tag` that this request
                                                  #   may see, in display order, with what the card needs
                                                  #   (select_related/prefetch_related); a QuerySet is best:
                                                  #   the registry slices it and counts it in the database
            counts=practice_counts,               # (request) -> {tag_id: number of visible items} for every
                                                  #   tag, in ONE query (see count_by_tag())
            template="topics/cards/practice_post.html",  # one item (as `item`), an <li> inside a <ul>
            prepare=None,                         # optional (items, request) -> items, e.g. to apply per-field
                                                  #   visibility; runs once per section, never per item
            more_url=None,                        # optional (tag, request) -> URL of a fuller listing
            order=20,                             # position of the section on a topic page
        )
    )

Rules for providers: only content the request may see (live, not restricted, visibility respected), no query
per item, and the same rules in `items` and `counts` so that the numbers match the lists. The registry fetches
a section's items and their total in one query (see section_for), so a topic page costs one query per type
(plus what `prepare` needs, e.g. a prefetch) however much content carries the tag.

The pages ask: topic_counts(request) (every tag in use with its visible counts, German A–Z order),
sections_for(tag, request) (each type's first items and total) and section_for(type, tag, request, limit=,
offset=) (one type, paginated). Topic page URLs keep the tag's Unicode slug ("/themen/mädchen-in-mint/");
build them with topic_path().
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Window
from django.utils.functional import Promise

TOPIC_PATH = "/themen/{slug}/"
SECTION_LIMIT = 6

ItemsProvider = Callable[..., "QuerySet | Iterable"]
CountsProvider = Callable[..., Mapping[int, int]]


@dataclass(frozen=True)
class TopicType:
    key: str
    label: str | Promise
    items: ItemsProvider
    counts: CountsProvider
    template: str
    prepare: Callable[[list, object], list] | None = None
    more_url: Callable[..., str | None] | None = None
    order: int = 100


@dataclass
class TopicSection:
    """One type's part of a topic page: the first items, how many there are and where to see them all."""

    type: TopicType
    items: list
    count: int
    has_more: bool
    more_url: str | None = None

    @property
    def key(self) -> str:
        return self.type.key

    @property
    def label(self):
        return self.type.label


@dataclass
class TopicCount:
    """A tag with the number of items the viewer may see, in total and per type key."""

    tag: object
    total: int
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.tag.name

    @property
    def slug(self) -> str:
        return self.tag.slug

    @property
    def url(self) -> str:
        return topic_path(self.tag)


_registry: dict[str, TopicType] = {}


def register_topic_type(topic_type: TopicType) -> TopicType:
    """Add (or replace, by key) a tagged content type."""
    _registry[topic_type.key] = topic_type
    return topic_type


def unregister_topic_type(key: str) -> None:
    _registry.pop(key, None)


def topic_types() -> list[TopicType]:
    return sorted(_registry.values(), key=lambda entry: (entry.order, entry.key))


def topic_type(key: str) -> TopicType | None:
    return _registry.get(key)


def topic_path(tag_or_slug) -> str:
    """The topic page of a tag (or slug), with the slug as it is (Unicode, not percent-encoded)."""
    slug = tag_or_slug if isinstance(tag_or_slug, str) else tag_or_slug.slug
    return TOPIC_PATH.format(slug=slug)


def count_by_tag(through_queryset: QuerySet) -> dict[int, int]:
    """{tag_id: number of rows} of a tagged-item (through) queryset, in one query. Filter the through rows to
    the items the viewer may see first, e.g. ProfileTag.objects.filter(content_object__in=visible_profiles)."""
    rows = (
        through_queryset.order_by().values("tag_id").annotate(uses=Count("pk")).values_list("tag_id", "uses")
    )
    return dict(rows)


# --- What the topic pages ask -----------------------------------------------------------------------------


TOTAL_ANNOTATION = "topic_section_total"


def section_for(topic_type_: TopicType, tag, request, *, limit: int = SECTION_LIMIT, offset: int = 0):
    """The type's items carrying `tag` for this request: `limit` of them from `offset`, with the total.

    A QuerySet is fetched in one query that also counts all matching rows (a window function, so the number
    costs no query of its own); other iterables are sliced in Python.
    """
    items = topic_type_.items(tag, request)
    if isinstance(items, QuerySet):
        rows = list(items.annotate(**{TOTAL_ANNOTATION: Window(Count("pk"))})[offset : offset + limit + 1])
        count = getattr(rows[0], TOTAL_ANNOTATION) if rows else 0
        if not rows and offset:  # past the end: only then does the total cost a query of its own
            count = items.order_by().count()
    else:
        items = list(items)
        count = len(items)
        rows = items[offset : offset + limit + 1]
    has_more = len(rows) > limit
    rows = rows[:limit]
    if topic_type_.prepare is not None and rows:
        rows = topic_type_.prepare(rows, request)
    more_url = topic_type_.more_url(tag, request) if topic_type_.more_url else None
    return TopicSection(type=topic_type_, items=rows, count=count, has_more=has_more, more_url=more_url)


def sections_for(tag, request, *, limit: int = SECTION_LIMIT) -> list[TopicSection]:
    """Every registered type's section for `tag`, in order; empty ones left out."""
    sections = []
    for entry in topic_types():
        section = section_for(entry, tag, request, limit=limit)
        if section.count:
            sections.append(section)
    return sections


def topic_counts(request) -> list[TopicCount]:
    """Every tag that anything the viewer may see carries, with its counts, alphabetically (German order).

    One query per registered type, plus one for the tags' names.
    """
    from taggit.models import Tag

    by_tag: dict[int, dict[str, int]] = {}
    for entry in topic_types():
        for tag_id, uses in entry.counts(request).items():
            if uses:
                by_tag.setdefault(tag_id, {})[entry.key] = uses
    if not by_tag:
        return []
    tags = Tag.objects.filter(pk__in=list(by_tag)).only("pk", "name", "slug")
    counts = [TopicCount(tag=tag, total=sum(by_tag[tag.pk].values()), by_type=by_tag[tag.pk]) for tag in tags]
    counts.sort(key=lambda entry: sort_key(entry.tag.name))
    return counts


# --- German alphabetical order ------------------------------------------------------------------------------

_GERMAN_FOLD = str.maketrans({"ß": "ss"})


def sort_key(text: str) -> str:
    """Umlauts and accents sort with their base letter (Ärzte next to Arbeit), ignoring case."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_GERMAN_FOLD))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def index_letter(text: str) -> str:
    """The letter a name is filed under in an A–Z index: the base letter, or "#" for digits and signs."""
    key = sort_key(text.strip())
    first = key[:1].upper()
    return first if "A" <= first <= "Z" else "#"
