"""What the search page shows for a result: hits with their badges and safe highlights, and the URL of every
other state (facet links, filters to remove, sort, pages), so every state of the page has its own address."""

from __future__ import annotations

import math
from dataclasses import dataclass

import nh3
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from . import labels
from .query import MAX_PAGE, PAGE_SIZE, SORT_DATE, SORT_RELEVANCE

TAG_FACETS_SHOWN = 15


@dataclass
class FacetLink:
    value: str
    label: str
    count: int
    url: str
    active: bool = False


@dataclass
class PageLink:
    number: int
    url: str
    current: bool = False


def _safe_marked(html: str) -> str:
    """Engine snippets are escaped with <mark> around matches; allow exactly that, whatever the engine did."""
    return mark_safe(nh3.clean(html or "", tags={"mark"}, attributes={}))  # nosec B308, B703: nh3 keeps only <mark> without attributes


def _pages(state, total: int) -> list[PageLink]:
    last = min(MAX_PAGE, max(1, math.ceil(total / PAGE_SIZE)))
    numbers = sorted({1, last, *range(max(1, state.page - 2), min(last, state.page + 2) + 1)})
    return [
        PageLink(number, state.url(seite=number if number > 1 else ""), number == state.page)
        for number in numbers
    ]


def results_context(state, results, type_facets) -> dict:
    """The template context of a search that was answered (`type_facets`: the type counts to offer)."""
    from taggit.models import Tag

    tag_names = (
        dict(Tag.objects.filter(slug__in=state.tags).values_list("slug", "name")) if state.tags else {}
    )
    for facet in results.facets.get("tags", []):
        tag_names.setdefault(facet.value, facet.label)

    hits = []
    for hit in results.hits:
        hits.append(
            {
                "hit": hit,
                "type_label": labels.type_label(hit.doc_type),
                "title_html": _safe_marked(hit.title_html) if hit.title_html else hit.title,
                "snippet_html": _safe_marked(hit.snippet_html),
                "tags": [
                    {"name": name, "url": state.add_tag(slug), "active": slug in state.tags}
                    for name, slug in zip(hit.tags, hit.tag_slugs, strict=False)
                ],
                "bundesland": labels.bundesland_label(hit.bundesland) if hit.bundesland else "",
            }
        )
    return {
        "results": results,
        "hits": hits,
        "total": results.total,
        "facets_approximate": results.facets_approximate,
        "total_approximate": results.total_approximate,
        "type_links": [
            FacetLink(f.value, f.label, f.count, state.toggle_type(f.value), f.value in state.types)
            for f in type_facets
        ],
        "tag_links": [
            FacetLink(f.value, f.label, f.count, state.add_tag(f.value), f.value in state.tags)
            for f in results.facets.get("tags", [])
            if f.value not in state.tags
        ][:TAG_FACETS_SHOWN],
        "land_links": [
            FacetLink(
                f.value,
                f.label,
                f.count,
                state.url(land="" if f.value == state.land else f.value),
                f.value == state.land,
            )
            for f in results.facets.get("bundesland", [])
        ],
        "active_tags": [
            {"name": tag_names.get(slug, slug), "url": state.remove_tag(slug)} for slug in state.tags
        ],
        "active_types": [
            {"name": labels.type_plural(key), "url": state.toggle_type(key)} for key in state.types
        ],
        "land_name": labels.bundesland_label(state.land) if state.land else "",
        "land_remove_url": state.url(land=""),
        "dates_remove_url": state.url(von="", bis=""),
        "reset_url": state.url(typ=[], tag=[], land="", von="", bis="") if state.has_text else "?",
        "sort_links": [
            {
                "label": gettext("Relevance"),
                "url": state.url(sortierung=""),
                "active": state.sort == SORT_RELEVANCE,
            },
            {
                "label": gettext("Newest first"),
                "url": state.url(sortierung=SORT_DATE),
                "active": state.sort == SORT_DATE,
            },
        ],
        "pages": _pages(state, results.total) if results.total > PAGE_SIZE else [],
        "previous_url": state.url(seite=state.page - 1 if state.page > 2 else "") if state.page > 1 else "",
        "next_url": state.url(seite=state.page + 1)
        if state.page * PAGE_SIZE < results.total and state.page < MAX_PAGE
        else "",
        "suggestion": results.suggestion,
        "suggestion_url": state.url(q=results.suggestion) if results.suggestion else "",
    }
