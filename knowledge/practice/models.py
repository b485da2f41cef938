"""Praxis & Erfahrungen: best-practice posts and Stories of Failure.

Both kinds are pages of one concrete base type, PracticePage (Wagtail's multi-table page inheritance), so that
the listing filters, sorts and paginates them together in one query, and tags, region, Bundesland, stages and
target groups live in one table. BestPracticePage and FailureStoryPage add their own fields.

The region is a plain page link (chosen among region pages in the admin): knowledge/ never imports the
community apps; community/regions fills its region page's sections by asking this module.

Anonymity: a post's `author` is the member who submitted it, `byline` the name readers see. When `anonymous` is
set, the author must appear nowhere a reader can reach; templates, feeds, the API and the search index only ever
use `public_byline`, which is empty for anonymous posts. Only editors see `author` (in the admin). The byline is
chosen per post, so it does not depend on who may see the member's profile.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.choices import Bundesland, EducationStage, TargetGroup
from home.fields import ChoiceListField
from home.models import IntroMixin
from knowledge.blocks import KnowledgeStreamBlock


class PracticeKind(models.TextChoices):
    BEST_PRACTICE = "best_practice", _("Best practice")
    FAILURE = "failure", _("Story of Failure")


class Transferability(models.TextChoices):
    YES = "ja", _("Transferable")
    PARTLY = "teilweise", _("Partly transferable")
    NO = "nein", _("Not transferable")


class Effort(models.TextChoices):
    LOW = "gering", _("Low")
    MEDIUM = "mittel", _("Medium")
    HIGH = "hoch", _("High")


class PracticeIndexPage(IntroMixin, Page):
    """The listing of best practice and Stories of Failure together (filters, sorting: see listing.py)."""

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practice.BestPracticePage", "practice.FailureStoryPage"]

    class Meta:
        verbose_name = _("practice and experience index")


class PracticePageTag(TaggedItemBase):
    content_object = ParentalKey("PracticePage", on_delete=models.CASCADE, related_name="tagged_items")


class PracticePage(Page):
    """The fields both kinds share. Not creatable itself: editors create one of the two kinds."""

    kind = models.CharField(_("kind"), max_length=20, choices=PracticeKind.choices, editable=False)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences: what this is about and why it is worth reading."),
    )
    region = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("MINT-Region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The region this report comes from, if it has a page in the directory."),
    )
    bundesland = models.CharField(
        _("federal state"),
        max_length=2,
        choices=Bundesland.choices,
        blank=True,
        help_text=_("Filled in from the region when left empty."),
    )
    stages = ChoiceListField(
        _("stages of the Bildungskette"), item_choices=EducationStage.choices, blank=True
    )
    target_groups = ChoiceListField(_("target groups"), item_choices=TargetGroup.choices, blank=True)
    tags = ClusterTaggableManager(through=PracticePageTag, blank=True, verbose_name=_("topics"))
    body = StreamField(
        KnowledgeStreamBlock(),
        blank=True,
        verbose_name=_("further content"),
        help_text=_("Details, images and documents."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member who wrote this post. Shown to readers unless the post is anonymous."),
    )
    byline = models.CharField(
        _("author as shown"),
        max_length=120,
        blank=True,
        help_text=_(
            "The name readers see, e.g. “Jana Beispiel, MINT-Region Musterland”. The submission form fills it "
            "from the member's profile; it is never shown when the post is anonymous."
        ),
    )
    anonymous = models.BooleanField(
        _("publish anonymously"),
        default=False,
        help_text=_("The author's name then appears nowhere on the site, in feeds, the API or search."),
    )

    shared_panels = [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                PageChooserPanel("region", page_type="regions.RegionPage"),
                FieldPanel("bundesland"),
                FieldPanel("stages"),
                FieldPanel("target_groups"),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
    ]
    author_panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("author"), FieldPanel("anonymous")]), FieldPanel("byline")],
            heading=_("Author"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("bundesland"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]

    is_creatable = False
    parent_page_types = ["practice.PracticeIndexPage"]
    subpage_types = []

    KIND = ""

    class Meta:
        verbose_name = _("practice post")
        verbose_name_plural = _("practice posts")

    def save(self, *args, **kwargs):
        if self.KIND:
            self.kind = self.KIND
        if not self.bundesland and self.region_id:
            self.bundesland = region_bundesland(self.region) or ""
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.region_id and region_bundesland(self.region) is None:
            raise ValidationError({"region": _("Please choose the page of a MINT-Region.")})

    @property
    def description(self) -> str:
        return self.search_description or self.summary

    @property
    def public_byline(self) -> str:
        """The author's name as readers may see it: empty for anonymous posts. The only author information
        that templates, feeds, the API and the search index may use; `author` is for editors."""
        return "" if self.anonymous else self.byline

    @property
    def is_best_practice(self) -> bool:
        return self.kind == PracticeKind.BEST_PRACTICE

    @property
    def is_failure_story(self) -> bool:
        return self.kind == PracticeKind.FAILURE


def region_bundesland(page) -> str | None:
    """The Bundesland of a region page, or None if `page` is not a region page."""
    if page is None:
        return None
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    value = getattr(specific, "bundesland", None)
    return value or None


class BestPracticePage(PracticePage):
    KIND = PracticeKind.BEST_PRACTICE

    partners = models.TextField(
        _("partners involved"),
        blank=True,
        help_text=_("One partner per line, e.g. “Kreissparkasse (Finanzierung)”."),
    )
    effort = models.CharField(_("effort"), max_length=10, choices=Effort.choices, blank=True)
    resources = models.TextField(
        _("effort and resources"),
        blank=True,
        help_text=_("Staff time, budget, rooms, material: what it took."),
    )
    transferability = models.CharField(
        _("transferable to other regions"),
        max_length=10,
        choices=Transferability.choices,
        default=Transferability.PARTLY,
    )
    transfer_conditions = models.TextField(
        _("conditions for transfer"),
        blank=True,
        help_text=_("What another region needs to do the same (partners, money, people)."),
    )
    contact = models.TextField(
        _("contact"),
        blank=True,
        max_length=500,
        help_text=_("Who to ask: role and organisation, optionally an office email address."),
    )

    content_panels = (
        Page.content_panels
        + PracticePage.shared_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("partners"),
                    FieldPanel("effort"),
                    FieldPanel("resources"),
                    FieldPanel("transferability"),
                    FieldPanel("transfer_conditions"),
                    FieldPanel("contact"),
                ],
                heading=_("Practice"),
            ),
            FieldPanel("body"),
        ]
        + PracticePage.author_panels
    )
    search_fields = PracticePage.search_fields + [
        index.SearchField("partners"),
        index.SearchField("resources"),
        index.SearchField("transfer_conditions"),
        index.FilterField("transferability"),
    ]

    is_creatable = True
    parent_page_types = ["practice.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("best-practice post")
        verbose_name_plural = _("best-practice posts")

    def clean(self):
        super().clean()
        if self.transferability in (Transferability.PARTLY, Transferability.NO) and not (
            self.transfer_conditions or ""
        ).strip():
            raise ValidationError(
                {"transfer_conditions": _("Please say under which conditions this can (or cannot) be transferred.")}
            )


class FailureStoryPage(PracticePage):
    KIND = PracticeKind.FAILURE

    goal = models.TextField(_("what we set out to do"))
    what_went_wrong = models.TextField(_("what went wrong"))
    lessons_learned = models.TextField(_("what we learned"))
    do_differently = models.TextField(_("what we would do differently today"), blank=True)
    who_benefits = models.TextField(
        _("who could benefit"), blank=True, help_text=_("Which regions or roles can learn most from this story.")
    )

    content_panels = (
        Page.content_panels
        + PracticePage.shared_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("goal"),
                    FieldPanel("what_went_wrong"),
                    FieldPanel("lessons_learned"),
                    FieldPanel("do_differently"),
                    FieldPanel("who_benefits"),
                ],
                heading=_("The story"),
            ),
            FieldPanel("body"),
        ]
        + PracticePage.author_panels
    )
    search_fields = PracticePage.search_fields + [
        index.SearchField("goal"),
        index.SearchField("what_went_wrong"),
        index.SearchField("lessons_learned"),
        index.SearchField("do_differently"),
        index.SearchField("who_benefits"),
    ]

    is_creatable = True
    parent_page_types = ["practice.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Story of Failure")
        verbose_name_plural = _("Stories of Failure")
