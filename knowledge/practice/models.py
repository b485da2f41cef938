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
from django.core.exceptions import ObjectDoesNotExist, ValidationError
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


class PracticeIndexPage(RoutablePageMixin, IntroMixin, Page):
    """The listing of best practice and Stories of Failure together, and the table of transferable
    activities below it (filters, sorting, pagination: see listing.py)."""

    # Sub-paths answered by the routes below; no post may take one of them as its slug.
    RESERVED_SLUGS = ("uebertragbar",)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practice.BestPracticePage", "practice.FailureStoryPage"]

    class Meta:
        verbose_name = _("practice and experience index")

    def route(self, request, path_components):
        # A post is fetched as its specific type in one query (both kinds joined in), instead of Wagtail's
        # generic page lookup followed by a second query for the specific page.
        if len(path_components) == 1 and path_components[0] not in self.RESERVED_SLUGS:
            post = (
                PracticePage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("bestpracticepage", "failurestorypage")
                .first()
            )
            specific = post and specific_post(post)
            if specific is not None:
                specific._cached_parent_obj = self
                return specific.route(request, [])
        return super().route(request, path_components)

    @path("")
    def listing(self, request):
        from .listing import LISTING_PARAMS, canonical_redirect, listing_context

        return canonical_redirect(request, LISTING_PARAMS) or self.render(
            request, context_overrides=listing_context(self, request)
        )

    @path("uebertragbar/", name="transferable")
    def transferable_activities(self, request):
        from home.chrome import get_breadcrumbs

        from .listing import TABLE_PARAMS, canonical_redirect, table_context

        redirect = canonical_redirect(request, TABLE_PARAMS)
        if redirect:
            return redirect
        index_path = request.path[: -len("uebertragbar/")]
        context = table_context(self, request, index_path)
        context["crumbs"] = [*get_breadcrumbs(self, request), {"title": self.title, "url": index_path}]
        context["current_crumb"] = {"title": _("Transferable activities")}
        return self.render(
            request, template="practice/transferable_activities.html", context_overrides=context
        )

    @path("uebertragbar/csv/", name="transferable_csv")
    def transferable_activities_csv(self, request):
        from .export import transferable_csv_response

        return transferable_csv_response(self, request)


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

    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("region"),
        APIField("bundesland"),
        APIField("stages"),
        APIField("target_groups"),
        APIField("tags"),
        # The public name only: never `author`, and for anonymous posts an empty string. The stored `byline`
        # of an anonymous post is emptied on saving (see save()), so filtering the API by it finds nothing.
        APIField("byline", serializer=serializers.CharField(source="public_byline", read_only=True)),
        APIField("body"),
    ]

    def save(self, *args, **kwargs):
        if self.KIND:
            self.kind = self.KIND
        if not self.bundesland and self.region_id:
            self.bundesland = region_bundesland(self.region) or ""
        if self.anonymous:
            # What must never reach readers is not kept on the page at all: the API lets clients filter by
            # its fields, so a stored name could be probed for even though it is never shown. Editors still
            # see the author (and earlier revisions) in the admin.
            self.byline = ""
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.region_id and region_bundesland(self.region) is None:
            raise ValidationError({"region": _("Please choose the page of a MINT-Region.")})
        if self.slug in PracticeIndexPage.RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This address is used by the listing itself; please choose another one.")}
            )

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

    @property
    def stage_labels(self) -> list[str]:
        labels = dict(EducationStage.choices)
        return [str(labels[value]) for value in self.stages or [] if value in labels]

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels[value]) for value in self.target_groups or [] if value in labels]

    @cached_property
    def is_transferable(self) -> bool:
        """Whether the listing counts this post as transferable practice (Stories of Failure never are)."""
        value = getattr(self, "transferability", None)
        return value in (Transferability.YES, Transferability.PARTLY)

    def get_context(self, request, *args, **kwargs):
        from .detail import post_context

        context = super().get_context(request, *args, **kwargs)
        context.update(post_context(self, request))
        return context


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

    api_fields = PracticePage.api_fields + [
        APIField("partners"),
        APIField("effort"),
        APIField("resources"),
        APIField("transferability"),
        APIField("transfer_conditions"),
        APIField("contact"),
    ]

    class Meta:
        verbose_name = _("best-practice post")
        verbose_name_plural = _("best-practice posts")

    @property
    def partners_markdown(self) -> str:
        """The partners, one per line, as a Markdown list (lines that are list items already stay as they are)."""
        items = []
        for line in (self.partners or "").splitlines():
            line = line.strip()
            if not line:
                continue
            items.append(line if line[:2] in ("- ", "* ", "+ ") else f"- {line}")
        return "\n".join(items)

    def clean(self):
        super().clean()
        if (
            self.transferability in (Transferability.PARTLY, Transferability.NO)
            and not (self.transfer_conditions or "").strip()
        ):
            raise ValidationError(
                {
                    "transfer_conditions": _(
                        "Please say under which conditions this can (or cannot) be transferred."
                    )
                }
            )


class FailureStoryPage(PracticePage):
    KIND = PracticeKind.FAILURE

    goal = models.TextField(_("what we set out to do"))
    what_went_wrong = models.TextField(_("what went wrong"))
    lessons_learned = models.TextField(_("what we learned"))
    do_differently = models.TextField(_("what we would do differently today"), blank=True)
    who_benefits = models.TextField(
        _("who could benefit"),
        blank=True,
        help_text=_("Which regions or roles can learn most from this story."),
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

    api_fields = PracticePage.api_fields + [
        APIField("goal"),
        APIField("what_went_wrong"),
        APIField("lessons_learned"),
        APIField("do_differently"),
        APIField("who_benefits"),
    ]

    class Meta:
        verbose_name = _("Story of Failure")
        verbose_name_plural = _("Stories of Failure")


def specific_post(post: PracticePage) -> PracticePage | None:
    """The specific page of a PracticePage loaded with select_related("bestpracticepage", "failurestorypage"),
    without a further query; None if it is neither kind."""
    for accessor in ("bestpracticepage", "failurestorypage"):
        try:
            return getattr(post, accessor)
        except ObjectDoesNotExist:
            continue
    return None
