"""The directory of MINT-Regionen and state coordination offices (Landeskoordinierungsstellen)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from home.choices import Bundesland
from home.models import IntroMixin


class PartnerType(models.TextChoices):
    KITA = "kita", _("Day care centres")
    SCHOOL = "school", _("Schools")
    UNIVERSITY = "university", _("Universities")
    COMPANY = "company", _("Companies")
    CHAMBER = "chamber", _("Chambers (IHK, HWK)")
    MUNICIPALITY = "municipality", _("Municipalities")
    EMPLOYMENT_AGENCY = "employment_agency", _("Employment agencies")
    FOUNDATION = "foundation", _("Foundations")
    CLUB = "club", _("Clubs and associations")
    STUDENT_LAB = "student_lab", _("Student labs")


class OrganisationalForm(models.TextChoices):
    ASSOCIATION = "association", _("Registered association (e.V.)")
    MUNICIPAL = "municipal", _("Part of the municipal administration")
    CHAMBER = "chamber", _("At a chamber")
    FOUNDATION = "foundation", _("At a foundation")
    UNIVERSITY = "university", _("At a university")
    COMPANY = "company", _("Non-profit company (gGmbH)")
    INFORMAL = "informal", _("Informal network")


class GeoMixin(models.Model):
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Decimal degrees, e.g. 50.97795 for Erfurt."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Decimal degrees, e.g. 11.02879 for Erfurt."),
    )

    class Meta:
        abstract = True


class RegionPageTag(TaggedItemBase):
    content_object = ParentalKey("RegionPage", on_delete=models.CASCADE, related_name="tagged_items")


class RegionIndexPage(IntroMixin, Page):
    """The directory: map of Germany, filters and the list of regions and state offices."""

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["regions.RegionPage", "regions.StateOfficePage"]

    class Meta:
        verbose_name = _("region directory")


class RegionPage(IntroMixin, GeoMixin, Page):
    bundesland = models.CharField(_("federal state"), max_length=2, choices=Bundesland.choices)
    area_covered = models.TextField(
        _("area covered"), blank=True, help_text=_("Districts and cities the region covers, one per line.")
    )
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    organisational_form = models.CharField(
        _("organisational form"), max_length=20, choices=OrganisationalForm.choices, blank=True
    )
    financing = models.TextField(_("financing"), blank=True, help_text=_("How the coordination is financed."))
    partner_types = models.JSONField(_("partner types"), default=list, blank=True)
    goals = models.TextField(_("goals"), blank=True, help_text=_("The shared goals, one per line."))
    website = models.URLField(_("website"), blank=True)
    coordinators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_regions",
        verbose_name=_("coordinators"),
    )
    tags = ClusterTaggableManager(through=RegionPageTag, blank=True, verbose_name=_("topics"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("bundesland"),
                FieldPanel("area_covered"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("founded_year"),
                FieldPanel("organisational_form"),
                FieldPanel("financing"),
                FieldPanel("partner_types"),
                FieldPanel("goals"),
            ],
            heading=_("Network"),
        ),
        FieldPanel("website"),
        FieldPanel("coordinators"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("area_covered"),
        index.SearchField("goals"),
        index.FilterField("bundesland"),
    ]

    parent_page_types = ["regions.RegionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("MINT-Region")
        verbose_name_plural = _("MINT-Regionen")


class StateOfficePage(IntroMixin, GeoMixin, Page):
    """A Landeskoordinierungsstelle: supports the regions of one Bundesland."""

    bundesland = models.CharField(_("federal state"), max_length=2, choices=Bundesland.choices)
    organisation = models.CharField(_("run by"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("bundesland"),
        FieldPanel("organisation"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("website"),
        FieldPanel("contact_email"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("description")]

    parent_page_types = ["regions.RegionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("state coordination office")
        verbose_name_plural = _("state coordination offices")
