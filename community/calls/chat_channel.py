"""Each published call has a live channel (community/chat, kind "call"): open for messages from 15 minutes before
the start until 30 minutes after the end, readable afterwards. Publishing the call creates the channel, and
every later publication brings its name, topics and times up to date. The channel is linked to the call both
ways: by the chat's generic relation (call_content_type, call_object_id) and by CallState.channel.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.chat.models import Channel, ChannelKind

from .models import CallState, CommunityCallPage

NAME_MAX = Channel._meta.get_field("name").max_length
SLUG_MAX = Channel._meta.get_field("slug").max_length


def linked_channel(call) -> Channel | None:
    content_type = ContentType.objects.get_for_model(CommunityCallPage)
    return (
        Channel.objects.filter(call_content_type=content_type, call_object_id=call.pk).order_by("pk").first()
    )


def _free_slug(call) -> str:
    base = slugify(f"call-{call.slug}")[:SLUG_MAX].strip("-") or f"call-{call.pk}"
    slug, number = base, 2
    while Channel.objects.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug = base[: SLUG_MAX - len(suffix)] + suffix
        number += 1
    return slug


def _name(call) -> str:
    name = _("Community call: %(title)s") % {"title": call.title}
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


def _description(call) -> str:
    from .timefmt import when_text

    # Never the video link: every member reads call channels.
    return _(
        "The channel of the community call “%(title)s” (%(when)s). Open for questions and links from "
        "15 minutes before the start until 30 minutes after the end, readable afterwards."
    ) % {"title": call.title, "when": when_text(call.start_at, call.end_at)}


def sync_channel(call) -> Channel:
    """Create or update the call's channel and remember it on the call's state."""
    channel = linked_channel(call)
    if channel is None:
        channel = Channel(
            slug=_free_slug(call),
            kind=ChannelKind.CALL,
            call_content_type=ContentType.objects.get_for_model(CommunityCallPage),
            call_object_id=call.pk,
            created_at=timezone.now(),
        )
    channel.kind = ChannelKind.CALL
    channel.name = _name(call)
    channel.description = _description(call)[: Channel._meta.get_field("description").max_length]
    channel.opens_at = call.channel_opens_at
    channel.closes_at = call.channel_closes_at
    channel.archived = False
    channel.save()
    channel.tags.set([tag.name for tag in call.tags.all()])
    CallState.objects.update_or_create(call_id=call.pk, defaults={"channel": channel})
    return channel


def archive_channel_of(call_id: int) -> None:
    """A deleted call's channel stays readable for its history, but nobody writes in it any more."""
    content_type = ContentType.objects.get_for_model(CommunityCallPage)
    Channel.objects.filter(call_content_type=content_type, call_object_id=call_id).update(archived=True)
