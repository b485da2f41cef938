"""Channels on the topic pages (/themen/<slug>/): the channels carrying a topic that the visitor may read.

Anonymous visitors read no channel, so for them the section is empty and the topic counts leave channels out.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from home.topics import TopicType, count_by_tag, register_topic_type

from .access import readable_channels
from .models import ChannelTag


def _listed_channels(request):
    return readable_channels(getattr(request, "user", None)).filter(archived=False)


def channels_with_tag(tag, request):
    tagged = ChannelTag.objects.filter(content_object=OuterRef("pk"), tag=tag)
    return _listed_channels(request).filter(Exists(tagged)).order_by("-last_message_at", "name")


def channel_counts(request) -> dict[int, int]:
    return count_by_tag(
        ChannelTag.objects.filter(content_object_id__in=_listed_channels(request).values("pk"))
    )


def register() -> None:
    register_topic_type(
        TopicType(
            key="kanaele",
            label=_("Discussion channels"),
            items=channels_with_tag,
            counts=channel_counts,
            template="chat/includes/topic_card.html",
            order=60,  # after the community calls (50) when they come
        )
    )
