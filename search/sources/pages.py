"""What every page source shares: only live pages without a view restriction (on them or an ancestor), the
page's relative URL, the text of StreamFields and rich text, the tags."""

from __future__ import annotations

import html

from django.utils.html import strip_tags
from wagtail.models import Page

from home.chrome import exclude_restricted

from . import Source


class PageSource(Source):
    """A source for one page type. Subclasses set `name`, `model_label` and `doc_types` and build documents."""

    def queryset(self):
        return exclude_restricted(self.model.objects.live()).order_by("pk")

    def handles(self, page_class) -> bool:
        return issubclass(page_class, self.model)

    @staticmethod
    def url(page) -> str:
        return page.get_url() or page.url_path

    @staticmethod
    def tags(page) -> tuple[tuple[str, ...], tuple[str, ...]]:
        tags = sorted(page.tags.all(), key=lambda tag: tag.name.casefold())
        return tuple(tag.name for tag in tags), tuple(tag.slug for tag in tags)

    def ids_with_tags(self, tag_ids: list[int]) -> list[int]:
        manager = getattr(self.model, "tags", None)
        if manager is None:
            return []
        through = manager.through
        return list(through.objects.filter(tag_id__in=tag_ids).values_list("content_object_id", flat=True))


def stream_text(value) -> str:
    """The readable text of a StreamField value (headings, paragraphs, quotes, checklists, captions)."""
    if not value:
        return ""
    parts = value.stream_block.get_searchable_content(value)
    return "\n".join(html.unescape(strip_tags(str(part))) for part in parts if part)


def join(*parts) -> str:
    return "\n".join(str(part).strip() for part in parts if part and str(part).strip())


__all__ = ["Page", "PageSource", "join", "stream_text"]
