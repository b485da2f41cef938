"""The member directory's query: filters and free text, counting only fields the searcher may see.

A member who hid a field can never be found by it: every condition on a field is paired with the visibility
filter for that field (visibility.visible_q), so "Bundesland: Bayern" finds only members whose Bundesland is
visible to the searcher, and the free text matches "I can help with" and topics only where they are visible.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from taggit.models import Tag

from .models import ProfileTag
from .visibility import MEMBERS, Audience, visible_profiles, visible_q

PAGE_SIZE = 24
MAX_TERMS = 6
MIN_TERM_LENGTH = 2


@dataclass
class DirectoryQuery:
    text: str = ""
    bundesland: str = ""
    role: str = ""
    region_id: int | None = None
    topic: str = ""  # a tag's name (any case) or slug

    @classmethod
    def from_cleaned_data(cls, data: dict) -> "DirectoryQuery":
        return cls(
            text=data.get("q") or "",
            bundesland=data.get("bundesland") or "",
            role=data.get("rolle") or "",
            region_id=data.get("region"),
            topic=(data.get("thema") or "").strip().rstrip(",").strip(),
        )

    @property
    def terms(self) -> list[str]:
        words = [word for word in self.text.split() if len(word) >= MIN_TERM_LENGTH]
        return words[:MAX_TERMS]


def resolve_topic(value: str) -> Tag | None:
    value = " ".join((value or "").split())
    if not value:
        return None
    return Tag.objects.filter(Q(slug=value) | Q(name__iexact=value)).order_by("pk").first()


def _has_tag(condition: Q) -> Exists:
    return Exists(ProfileTag.objects.filter(condition, content_object=OuterRef("pk")))


def _term_condition(term: str, audience: Audience) -> Q:
    return (
        Q(display_name__icontains=term)
        | (visible_q("can_help_with", audience) & Q(can_help_with__icontains=term))
        | (visible_q("topics", audience) & _has_tag(Q(tag__name__icontains=term)))
    )


def directory_profiles(query: DirectoryQuery, audience: Audience = MEMBERS, topic: Tag | None = None):
    """The profiles matching `query` as `audience` sees them, by display name, ready for listing (region joined,
    topics prefetched). Pass the resolved `topic` if you have it; an unknown topic matches nobody."""
    profiles = visible_profiles(audience).select_related("region").prefetch_related("topics")
    if query.bundesland:
        profiles = profiles.filter(visible_q("bundesland", audience), bundesland=query.bundesland)
    if query.role:
        profiles = profiles.filter(visible_q("role", audience), role=query.role)
    if query.region_id:
        profiles = profiles.filter(visible_q("region", audience), region_id=query.region_id)
    if query.topic:
        if topic is None:
            topic = resolve_topic(query.topic)
        if topic is None:
            return profiles.none()
        profiles = profiles.filter(visible_q("topics", audience), _has_tag(Q(tag=topic)))
    for term in query.terms:
        profiles = profiles.filter(_term_condition(term, audience))
    return profiles.order_by(Lower("display_name"), "pk")
