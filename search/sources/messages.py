"""Messages of the live channels.

Open, announcement and call channels: every member ("members"). Private channels: their members
("channel:<id>", the searcher's joined private channels) and the site's moderators ("moderators"), exactly who
may read them (community/chat/access.py). Deleted messages are never indexed; archived channels stay
searchable (they can still be read).
"""

from django.utils.translation import gettext_lazy as _

from home.text import plain_text
from search.engines.base import MEMBERS, MODERATORS, IndexDocument, channel_audience

from . import Source

DOC_TYPE = "message"


def channel_audiences(channel) -> tuple[str, ...]:
    from community.chat.models import ChannelKind

    if channel.kind == ChannelKind.PRIVATE:
        return (channel_audience(channel.pk), MODERATORS)
    return (MEMBERS,)


class MessageSource(Source):
    name = "message"
    model_label = "chat.Message"
    doc_types = {DOC_TYPE: (_("Channel message"), _("Channel messages"), 60)}

    def queryset(self):
        from community.chat.models import Message

        return (
            Message.objects.filter(deleted_at__isnull=True)
            .select_related("channel")
            .prefetch_related("channel__tags")
            .order_by("pk")
        )

    def documents(self, message) -> list[IndexDocument]:
        if message.deleted_at is not None:
            return []
        channel = message.channel
        text = plain_text(message.body)
        if not text:
            return []
        tags = sorted(channel.tags.all(), key=lambda tag: tag.name.casefold())
        states = channel.bundeslaender or []
        return [
            IndexDocument(
                key=self.key(message.pk),
                doc_type=DOC_TYPE,
                object_model=self.object_model,
                object_id=message.pk,
                audiences=channel_audiences(channel),
                title=f"#{channel.name}",
                url=message.get_absolute_url(),
                body=text,
                tags=tuple(tag.name for tag in tags),
                tag_slugs=tuple(tag.slug for tag in tags),
                bundesland=states[0] if len(states) == 1 else "",
                date=message.created_at,
            )
        ]

    def ids_with_tags(self, tag_ids: list[int]) -> list[int]:
        from community.chat.models import ChannelTag, Message

        channels = ChannelTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        return list(
            Message.objects.filter(channel_id__in=channels, deleted_at__isnull=True).values_list(
                "pk", flat=True
            )
        )

    def ids_in_channel(self, channel_id: int) -> list[int]:
        from community.chat.models import Message

        return list(
            Message.objects.filter(channel_id=channel_id, deleted_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
