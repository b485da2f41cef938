"""The founding guide (Gründungsleitfaden): a GuidePage with its ordered chapter pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.models import IntroMixin
from knowledge.blocks import KnowledgeStreamBlock


class GuidePage(IntroMixin, Page):
    """The guide's cover: introduction, table of contents and the reader's progress."""

    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: a PDF of the whole guide, offered for download next to the print version."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("pdf")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["guide.GuideChapterPage"]

    class Meta:
        verbose_name = _("guide")


class GuideChapterTag(TaggedItemBase):
    content_object = ParentalKey("GuideChapterPage", on_delete=models.CASCADE, related_name="tagged_items")


class GuideChapterPage(Page):
    """One chapter. Its number is its position among the guide's chapters (order them in the page tree)."""

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences: what this chapter is about. Shown in the table of contents."),
    )
    body = StreamField(KnowledgeStreamBlock(), verbose_name=_("content"))
    tags = ClusterTaggableManager(through=GuideChapterTag, blank=True, verbose_name=_("topics"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("tags"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]

    parent_page_types = ["guide.GuidePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guide chapter")
        verbose_name_plural = _("guide chapters")

    @property
    def description(self) -> str:
        return self.search_description or self.summary
