"""Topics and the community: MINT-Regionen and people on the topic pages, following topics, and what a tag
merge moves on the community side.

- Region pages and member profiles join the topic registry (home/topics.py). A profile appears only when the
  visitor may see both the profile and its "topics" field, by the rules of community/members/visibility.py
  (anonymous visitors: only profiles whose name and topics are public; a member always sees their own).
- A followed topic links to its topic page (/themen/<slug>/).
- When editors merge tags (knowledge/topics/merge.py), the follows of the old tags move to the target tag.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from home.chrome import exclude_restricted
from home.topics import TopicType, count_by_tag, register_topic_type, topic_path
from knowledge.topics.content import filtered_listing_url, page_card_urls
from knowledge.topics.merge import MergeContribution, tags_merging

REGION_CARD_FIELDS = (
    "id", "path", "depth", "url_path", "title", "slug", "content_type_id", "live", "intro", "bundesland",
)  # fmt: skip


# --- MINT-Regionen ----------------------------------------------------------------------------------------


def _visible_regions():
    from community.regions.models import RegionPage

    return exclude_restricted(RegionPage.objects.live())


def regions_with_tag(tag, request):
    return _visible_regions().filter(tagged_items__tag=tag).only(*REGION_CARD_FIELDS).order_by(Lower("title"))


def region_counts(request) -> dict[int, int]:
    from community.regions.models import RegionPageTag

    return count_by_tag(RegionPageTag.objects.filter(content_object_id__in=_visible_regions().values("pk")))


def region_directory_url(tag, request) -> str | None:
    from community.regions.models import RegionIndexPage

    return filtered_listing_url(RegionIndexPage, tag, request)


# --- Members ----------------------------------------------------------------------------------------------


def _profiles_showing_topics(request):
    """The profiles whose topics this request may see, exactly as their profile pages show them."""
    from community.members.visibility import MEMBERS, viewer_audience, visible_profiles, visible_q

    viewer = getattr(request, "user", None)
    audience = viewer_audience(viewer)
    topics_visible = visible_q("topics", audience)
    if audience is MEMBERS:
        topics_visible |= Q(user_id=viewer.pk)  # a member always sees their own topics
    return visible_profiles(audience).filter(topics_visible)


def members_with_tag(tag, request):
    from community.members.models import ProfileTag

    tagged = ProfileTag.objects.filter(content_object=OuterRef("pk"), tag=tag)
    return (
        _profiles_showing_topics(request)
        .filter(Exists(tagged))
        .select_related("user", "region")
        .prefetch_related("topics")
        .order_by(Lower("display_name"), "pk")
    )


def member_counts(request) -> dict[int, int]:
    from community.members.models import ProfileTag

    visible = _profiles_showing_topics(request).values("pk")
    return count_by_tag(ProfileTag.objects.filter(content_object_id__in=visible))


class MemberCard:
    __slots__ = ("member", "profile")

    def __init__(self, member: dict, profile):
        self.member = member
        self.profile = profile


def member_cards(profiles, request) -> list[MemberCard]:
    """Each profile as its visible fields (the member card shows only what this visitor may see)."""
    from community.members.visibility import visible_profile

    viewer = getattr(request, "user", None)
    return [MemberCard(visible_profile(profile, viewer, request=request), profile) for profile in profiles]


def members_directory_url(tag, request) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return f"{reverse('members:directory')}?{urlencode({'thema': tag.slug})}"


# --- Merging tags: follows move along ---------------------------------------------------------------------


def move_follows(sender, *, sources, target, dry_run=False, **kwargs) -> MergeContribution:
    """Follows of the merged tags become follows of the target; a member who followed several of them (or the
    target already) keeps one follow."""
    from taggit.models import Tag

    from community.members.models import Follow

    content_type = ContentType.objects.get_for_model(Tag)
    source_ids = [tag.pk for tag in sources]
    old = Follow.objects.filter(content_type=content_type, object_id__in=source_ids)
    label = _("members following them")
    if dry_run:
        return MergeContribution(label=label, count=old.values("user_id").distinct().count())
    # Whoever follows the target already keeps that follow; whoever followed several old tags keeps one.
    already = Follow.objects.filter(content_type=content_type, object_id=target.pk).values("user_id")
    old.filter(user_id__in=already).delete()
    first_per_member = old.order_by().values("user_id").annotate(first=Min("pk")).values("first")
    old.exclude(pk__in=first_per_member).delete()
    moved = old.update(object_id=target.pk)
    return MergeContribution(label=label, count=moved)


def connect() -> None:
    register_topic_type(
        TopicType(
            key="regionen",
            label=_("MINT-Regionen"),
            items=regions_with_tag,
            counts=region_counts,
            template="topics/cards/region.html",
            prepare=page_card_urls,
            more_url=region_directory_url,
            order=30,
        )
    )
    register_topic_type(
        TopicType(
            key="mitglieder",
            label=_("People"),
            items=members_with_tag,
            counts=member_counts,
            template="topics/cards/member.html",
            prepare=member_cards,
            more_url=members_directory_url,
            order=40,
        )
    )

    # A topic someone follows now has its own page ("Meine Abos" and notifications link there).
    from community.members.follow import register_followable

    register_followable(
        "taggit.Tag", _("Topics"), title=lambda tag: tag.name, url=lambda tag, request=None: topic_path(tag)
    )

    tags_merging.connect(move_follows, dispatch_uid="integrations-topics-move-follows")
