"""The topic overview (/themen/) and a topic's page (/themen/<slug>/): everything carrying a tag, across types.

What appears is decided by the types registered in home/topics.py, each for the current visitor (drafts,
restricted pages and hidden profile fields never show). Both pages cost a fixed number of queries: one per
registered type and a few for the page itself, however much content carries the tag.
"""

import math
import unicodedata
from itertools import groupby
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from taggit.models import Tag

from home.pagination import SlicePage
from home.topics import (
    index_letter,
    section_for,
    sections_for,
    topic_counts,
    topic_path,
    topic_type,
    topic_types,
)

MOST_USED = 12
WEIGHT_STEPS = 5
TYPE_PAGE_SIZE = 24
TYPE_PARAM = "typ"
PAGE_PARAM = "seite"
MAX_PAGE_NUMBER = 10_000
ALPHABET = [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"]


def _weights(counts) -> None:
    """A weight from 1 to WEIGHT_STEPS per topic (logarithmic, so one huge topic does not flatten the rest)."""
    highest = max((entry.total for entry in counts), default=1)
    scale = math.log(highest + 1) or 1
    for entry in counts:
        entry.weight = 1 + round((WEIGHT_STEPS - 1) * math.log(entry.total + 1) / scale)


@require_safe
def overview(request):
    counts = topic_counts(request)
    _weights(counts)
    groups = [
        {"label": letter, "anchor": _anchor(letter), "entries": list(entries)}
        for letter, entries in groupby(counts, key=lambda entry: index_letter(entry.name))
    ]
    present = {group["label"] for group in groups}
    most_used = sorted(counts, key=lambda entry: (-entry.total, entry.name.casefold()))[:MOST_USED]
    labels = [(entry.key, entry.label) for entry in topic_types()]
    for entry in most_used:
        entry.breakdown = [(label, entry.by_type[key]) for key, label in labels if entry.by_type.get(key)]
    return render(
        request,
        "topics/overview.html",
        {
            "groups": groups,
            "letters": [
                {"label": letter, "anchor": _anchor(letter), "present": letter in present}
                for letter in ALPHABET
            ],
            "most_used": most_used,
            "topic_total": len(counts),
            "crumbs": [{"title": "Netzwerkstatt", "url": "/"}],
            "current": {"title": gettext("Topics")},
            "feeds": _knowledge_feeds(),
        },
    )


def _anchor(letter: str) -> str:
    return f"buchstabe-{letter.lower()}" if letter != "#" else "buchstabe-andere"


def _knowledge_feeds() -> list[dict]:
    return [
        {"type": "application/rss+xml", "url": "/feeds/wissen/rss/", "title": _("All knowledge (RSS)")},
        {"type": "application/atom+xml", "url": "/feeds/wissen/atom/", "title": _("All knowledge (Atom)")},
    ]


def tag_for_slug(slug: str) -> Tag:
    """The tag of a topic page, or 404. Slugs keep their umlauts; they arrive decoded and NFC-normalised."""
    slug = unicodedata.normalize("NFC", slug)
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404(gettext("There is no such topic."))
    return tag


def _page_number(request) -> int:
    try:
        number = int(request.GET.get(PAGE_PARAM, "1"))
    except (TypeError, ValueError):
        return 1
    return min(max(1, number), MAX_PAGE_NUMBER)


@require_safe
def topic_detail(request, slug):
    normalised = unicodedata.normalize("NFC", slug)
    tag = Tag.objects.filter(slug=normalised).first()
    if tag is None:
        # A hand-typed address in other case ("/themen/Mädchen-in-MINT/") leads to the one true address.
        lowered = Tag.objects.filter(slug=normalised.lower()).first()
        if lowered is not None:
            return redirect(topic_path(lowered), permanent=True)
        raise Http404(gettext("There is no such topic."))

    context = {
        "tag": tag,
        "topic_url": topic_path(tag),
        "crumbs": [{"title": "Netzwerkstatt", "url": "/"}, {"title": gettext("Topics"), "url": "/themen/"}],
        "current": {"title": tag.name},
        "feeds": [
            {
                "type": "application/rss+xml",
                "url": f"{topic_path(tag)}rss/",
                "title": gettext("%(topic)s (RSS)") % {"topic": tag.name},
            },
            {
                "type": "application/atom+xml",
                "url": f"{topic_path(tag)}atom/",
                "title": gettext("%(topic)s (Atom)") % {"topic": tag.name},
            },
        ],
    }
    type_key = request.GET.get(TYPE_PARAM)
    if type_key:
        entry = topic_type(type_key)
        if entry is None:
            return redirect(topic_path(tag))
        number = _page_number(request)
        section = section_for(entry, tag, request, limit=TYPE_PAGE_SIZE, offset=(number - 1) * TYPE_PAGE_SIZE)
        if not section.items and number > 1:
            return redirect(f"{topic_path(tag)}?{urlencode({TYPE_PARAM: entry.key})}")
        context.update(
            {
                "crumbs": [*context["crumbs"], {"title": tag.name, "url": topic_path(tag)}],
                "current": {"title": entry.label},
                "section": section,
                "sections": [section] if section.items else [],
                "page_obj": SlicePage(items=section.items, number=number, has_next=section.has_more),
                "page_query": urlencode({TYPE_PARAM: entry.key}),
                "type_view": True,
            }
        )
        return render(request, "topics/topic_type.html", context)

    sections = sections_for(tag, request)
    context.update({"sections": sections, "total": sum(section.count for section in sections)})
    return render(request, "topics/topic.html", context)
