"""Extra sections that other apps attach to pages they do not own.

A page template calls `{% page_extras page %}` where such sections belong (after the article). An app
registers a renderer for page types by their model label ("practice.BestPracticePage"), so home/ and the
app owning the page never import the app that adds the section: a discussion thread under a best-practice
post is registered by community/, which knowledge/ must not import.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

Renderer = Callable[..., str | None]


@dataclass(frozen=True)
class PageExtra:
    key: str
    model_labels: frozenset[str]
    render: Renderer
    order: int = 100


_extras: dict[str, PageExtra] = {}


def register_page_extra(key: str, model_labels: Iterable[str], render: Renderer, *, order: int = 100) -> None:
    """`render(request, page)` returns HTML (marked safe by the renderer) or None for nothing. Labels are
    matched case-insensitively against the page's specific model and its concrete parents."""
    labels = frozenset(label.lower() for label in model_labels)
    _extras[key] = PageExtra(key=key, model_labels=labels, render=render, order=order)


def unregister_page_extra(key: str) -> None:
    _extras.pop(key, None)


def _labels_of(page) -> set[str]:
    model = type(page)
    return {
        klass._meta.label_lower
        for klass in model.__mro__
        if hasattr(klass, "_meta") and not klass._meta.abstract
    }


def render_page_extras(request, page) -> SafeString:
    labels = _labels_of(page)
    parts = []
    for extra in sorted(_extras.values(), key=lambda item: (item.order, item.key)):
        if extra.model_labels & labels:
            html = extra.render(request, page)
            if html:
                parts.append(conditional_escape(html))
    return mark_safe("".join(parts))  # nosec B308, B703: every part went through conditional_escape above
