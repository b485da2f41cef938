"""The Gründungsleitfaden: its cover page and its chapters (summary, body text, checklists, tags)."""

from django.utils.translation import gettext_lazy as _

from search.engines.base import PUBLIC, IndexDocument

from .pages import PageSource, join, stream_text

DOC_TYPE = "guide"


class GuideSource(PageSource):
    name = "guide"
    model_label = "guide.GuidePage"
    doc_types = {DOC_TYPE: (_("Guide"), _("Guide"), 10)}

    def documents(self, page) -> list[IndexDocument]:
        return [
            IndexDocument(
                key=self.key(page.pk),
                doc_type=DOC_TYPE,
                object_model=self.object_model,
                object_id=page.pk,
                audiences=(PUBLIC,),
                title=page.title,
                url=self.url(page),
                summary=join(page.subtitle, page.intro),
                body=page.search_description,
                date=page.last_published_at,
            )
        ]


class GuideChapterSource(PageSource):
    name = "guide-chapter"
    model_label = "guide.GuideChapterPage"
    doc_types = {DOC_TYPE: (_("Guide"), _("Guide"), 10)}

    def queryset(self):
        return super().queryset().prefetch_related("tags")

    def documents(self, page) -> list[IndexDocument]:
        tags, slugs = self.tags(page)
        return [
            IndexDocument(
                key=self.key(page.pk),
                doc_type=DOC_TYPE,
                object_model=self.object_model,
                object_id=page.pk,
                audiences=(PUBLIC,),
                title=page.title,
                url=self.url(page),
                summary=page.summary,
                body=stream_text(page.body),
                tags=tags,
                tag_slugs=slugs,
                date=page.last_published_at,
            )
        ]
