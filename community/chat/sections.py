"""The channels on the home page ("Active discussion channels") and on region pages (channels for the region's
federal state, or linked to the region). Only channels every member can read are shown; their names are
no secret, their messages are for members."""

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import get_language

from .history import public_channels
from .models import Channel

HOME_COUNT = 5
REGION_COUNT = 6
HOME_CACHE_SECONDS = 60  # activity changes by the minute; the home page is the busiest page


def _row(channel) -> dict:
    return {
        "name": channel.name,
        "url": reverse("chat:channel", args=[channel.slug]),
        "description": channel.description,
        "kind": channel.kind,
        "kind_label": channel.get_kind_display(),
        "last_message_at": channel.last_message_at,
        "message_count": channel.last_seq,
    }


def home_section(request) -> dict | None:
    key = f"chat:home-section:{get_language()}"
    rows = cache.get(key)
    if rows is None:
        channels = (
            public_channels()
            .filter(last_message_at__isnull=False)
            .only("name", "slug", "description", "kind", "last_message_at", "last_seq")
            .order_by("-last_message_at")[:HOME_COUNT]
        )
        rows = [_row(channel) for channel in channels]
        cache.set(key, rows, HOME_CACHE_SECONDS)
    if not rows:
        return None
    return {"template": "chat/includes/home_section.html", "channels": rows, "list_url": reverse("chat:list")}


def region_section(region, request) -> dict | None:
    linked = Channel.regions.through.objects.filter(channel_id=OuterRef("pk"), regionpage_id=region.pk)
    candidates = (
        public_channels()
        .annotate(linked=Exists(linked))
        .only("name", "slug", "description", "kind", "last_message_at", "last_seq", "bundeslaender")
        .order_by("-last_message_at", "name")
    )
    # The federal states are a JSON list (portable between SQLite and PostgreSQL); there are few channels.
    rows = [
        _row(channel)
        for channel in candidates
        if channel.linked or region.bundesland in (channel.bundeslaender or [])
    ][:REGION_COUNT]
    if not rows:
        return None
    return {
        "template": "chat/includes/region_section.html",
        "channels": rows,
        "list_url": reverse("chat:list"),
    }
