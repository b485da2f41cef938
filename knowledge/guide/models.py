"""The founding guide (Gründungsleitfaden): a GuidePage with its ordered chapter pages, and what members keep
of their reading: ticked checklist items and per-chapter progress (read, last visited).

A chapter's number is its position among the guide's live chapters; editors order chapters in the page tree.
Reading time and the keys of the chapter's checklist items are derived from the body whenever the chapter is
saved, so the table of contents never has to load a chapter's body.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.models import IntroMixin

from .blocks import ITEM_KEY_MAX_LENGTH, GuideChapterStreamBlock
from .outline import checklist_keys, reading_minutes

PRINT_ROUTE = "gesamt"


class GuidePage(RoutablePageMixin, IntroMixin, Page):
    """The guide's cover: introduction, table of contents and the reader's progress."""

    subtitle = models.CharField(
        _("subtitle"),
        max_length=120,
        blank=True,
        help_text=_("Shown under the title, e.g. “Auf dem Weg zur MINT-Region”."),
    )
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: a PDF of the whole guide, offered for download next to the print version."),
    )

    content_panels = Page.content_panels + [FieldPanel("subtitle"), FieldPanel("intro"), FieldPanel("pdf")]
    search_fields = Page.search_fields + [index.SearchField("subtitle"), index.SearchField("intro")]
    api_fields = [APIField("subtitle"), APIField("intro"), APIField("pdf_url")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["guide.GuideChapterPage"]

    class Meta:
        verbose_name = _("guide")

    def clean(self):
        super().clean()
        if self.pdf_id and self.pdf.file_extension.lower() != "pdf":
            raise ValidationError({"pdf": _("Please choose a PDF file.")})

    @property
    def description(self) -> str:
        return self.search_description or self.intro

    @property
    def pdf_url(self) -> str | None:
        return self.pdf.url if self.pdf_id and self.pdf else None

    def route(self, request, path_components):
        # A chapter is fetched as a GuideChapterPage in one query (Wagtail's generic lookup needs two: the page,
        # then its specific type); the print route and anything else go the usual way.
        if path_components and path_components[0] != PRINT_ROUTE:
            chapter = GuideChapterPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if chapter is not None:
                chapter._cached_parent_obj = self
                return chapter.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from .reading import guide_context

        context = super().get_context(request, *args, **kwargs)
        context.update(guide_context(self, request))
        return context

    @path(f"{PRINT_ROUTE}/", name="print")
    def print_version(self, request):
        from .reading import print_context

        # The page's base context only: the print version needs neither the contents nor the reader's progress.
        context = super().get_context(request)
        context.update(print_context(self, request))
        return TemplateResponse(request, "guide/guide_print_page.html", context)


class GuideChapterTag(TaggedItemBase):
    content_object = ParentalKey("GuideChapterPage", on_delete=models.CASCADE, related_name="tagged_items")


class GuideChapterPage(Page):
    """One chapter. Its number is its position among the guide's chapters (order them in the page tree)."""

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences: what this chapter is about. Shown in the table of contents."),
    )
    body = StreamField(GuideChapterStreamBlock(), verbose_name=_("content"))
    tags = ClusterTaggableManager(
        through=GuideChapterTag,
        blank=True,
        verbose_name=_("topics"),
        help_text=_(
            "Best-practice posts and Stories of Failure with one of these topics appear under the chapter."
        ),
    )
    # Derived from the body on every save (see save()); not edited by hand.
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time in minutes"), default=1, editable=False
    )
    checklist_keys = models.JSONField(_("checklist item keys"), default=list, blank=True, editable=False)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("tags"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]
    api_fields = [APIField("summary"), APIField("tags"), APIField("reading_minutes"), APIField("body")]

    parent_page_types = ["guide.GuidePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guide chapter")
        verbose_name_plural = _("guide chapters")

    @property
    def description(self) -> str:
        return self.search_description or self.summary

    def clean(self):
        super().clean()
        if self.slug == PRINT_ROUTE:
            raise ValidationError(
                {"slug": _("“%(slug)s” is the address of the guide's print version; please choose another.")
                 % {"slug": PRINT_ROUTE}}
            )  # fmt: skip

    def refresh_derived_fields(self) -> None:
        self.reading_minutes = reading_minutes(self.title, self.summary, self.body)
        self.checklist_keys = checklist_keys(self.body)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.refresh_derived_fields()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "reading_minutes", "checklist_keys"}
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .reading import chapter_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            chapter_context(
                self,
                request,
                checklist_errors=kwargs.get("checklist_errors"),
                submitted_ticks=kwargs.get("submitted_ticks"),
            )
        )
        return context


class ChecklistTick(models.Model):
    """A checklist item a member has ticked. The key names the checklist block and the item (see blocks.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    chapter = models.ForeignKey(GuideChapterPage, on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField(_("checklist item"), max_length=ITEM_KEY_MAX_LENGTH)
    ticked_at = models.DateTimeField(_("ticked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticked checklist item")
        verbose_name_plural = _("ticked checklist items")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "chapter", "item_key"], name="guide_tick_unique_per_member"
            )
        ]

    def __str__(self):
        return f"{self.user_id} · {self.chapter_id} · {self.item_key}"


class ChapterProgress(models.Model):
    """A member's reading of one chapter: when they last opened it and whether they marked it as read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    chapter = models.ForeignKey(GuideChapterPage, on_delete=models.CASCADE, related_name="+")
    last_visited_at = models.DateTimeField(_("last visited"), null=True, blank=True)
    read_at = models.DateTimeField(_("marked as read"), null=True, blank=True)

    class Meta:
        verbose_name = _("reading progress")
        verbose_name_plural = _("reading progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "chapter"], name="guide_progress_unique_per_member")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.chapter_id}"
