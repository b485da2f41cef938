"""The directory of MINT-Regionen and state coordination offices (Landeskoordinierungsstellen)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from home.choices import Bundesland
from home.fields import ChoiceListField
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


FIRST_FOUNDING_YEAR = 1980


def validate_not_in_future(year):
    if year is not None and year > timezone.localdate().year:
        raise ValidationError(_("The founding year cannot lie in the future."), code="future_year")


def lines(text: str) -> list[str]:
    """Editors and coordinators enter lists one item per line; blank lines and list bullets are dropped."""
    items = []
    for line in (text or "").splitlines():
        item = line.strip().lstrip("-•*").strip()
        if item:
            items.append(item)
    return items


class GeoMixin(models.Model):
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(47), MaxValueValidator(55.1)],
        help_text=_("Decimal degrees, e.g. 50.97795 for Erfurt."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(5.8), MaxValueValidator(15.1)],
        help_text=_("Decimal degrees, e.g. 11.02879 for Erfurt."),
    )

    class Meta:
        abstract = True

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Enter both latitude and longitude, or neither."), code="incomplete_position"
            )


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

    def route(self, request, path_components):
        # Nearly every request below the directory is for a region; fetch it as a RegionPage in one query,
        # with the state office of its Land annotated, instead of Wagtail's generic page-then-specific lookup.
        if path_components:
            region = (
                RegionPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .annotate(**state_office_annotations())
                .first()
            )
            if region is not None:
                region._cached_parent_obj = self
                return region.route(request, path_components[1:])
            office = StateOfficePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if office is not None:
                office._cached_parent_obj = self
                return office.route(request, path_components[1:])
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        from .directory import canonical_redirect

        return canonical_redirect(request) or super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .directory import build_directory

        context = super().get_context(request, *args, **kwargs)
        context.update(build_directory(self, request))
        return context


def state_office_annotations() -> dict:
    """Title and path of the (first) live state office in a region's Land, as subqueries on RegionPage."""
    from home.chrome import exclude_restricted

    offices = exclude_restricted(
        StateOfficePage.objects.live().filter(bundesland=models.OuterRef("bundesland"))
    ).order_by("title")
    return {
        "state_office_title": models.Subquery(offices.values("title")[:1]),
        "state_office_url_path": models.Subquery(offices.values("url_path")[:1]),
    }


class RegionPageForm(WagtailAdminPageForm):
    """Offers as coordinators the members who call themselves coordinators, plus whoever is assigned already."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("coordinators")
        if field is None:
            return
        from community.members.models import NetworkRole

        assigned = [user.pk for user in self.instance.coordinators.all()] if self.instance.pk else []
        field.queryset = (
            field.queryset.model.objects.filter(is_active=True)
            .filter(
                models.Q(profile__role__in=[NetworkRole.COORDINATOR, NetworkRole.STATE_OFFICE])
                | models.Q(pk__in=assigned)
            )
            .select_related("profile")
            .order_by("profile__display_name", "email")
        )
        field.label_from_instance = lambda user: (
            f"{user.profile.display_name} ({user.email})" if hasattr(user, "profile") else user.email
        )
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        field.help_text = _(
            "Members whose profile names them as network coordinators. They may propose changes to this "
            "page and are listed on it as far as their profile visibility allows."
        )


class RegionPage(RoutablePageMixin, IntroMixin, GeoMixin, Page):
    # The fields coordinators may propose changes to (see proposals.py), in the order of the form.
    PROPOSABLE_FIELDS = [
        "intro",
        "area_covered",
        "founded_year",
        "organisational_form",
        "financing",
        "partner_types",
        "goals",
        "website",
    ]

    bundesland = models.CharField(_("federal state"), max_length=2, choices=Bundesland.choices)
    area_covered = models.TextField(
        _("area covered"), blank=True, help_text=_("Districts and cities the region covers, one per line.")
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_FOUNDING_YEAR), validate_not_in_future],
    )
    organisational_form = models.CharField(
        _("organisational form"), max_length=20, choices=OrganisationalForm.choices, blank=True
    )
    financing = models.TextField(_("financing"), blank=True, help_text=_("How the coordination is financed."))
    partner_types = ChoiceListField(
        _("partner types"),
        item_choices=PartnerType.choices,
        blank=True,
        help_text=_("Which kinds of partners work together in the region."),
    )
    goals = models.TextField(_("goals"), blank=True, help_text=_("The shared goals, one per line."))
    website = models.URLField(_("website"), blank=True)
    coordinators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_regions",
        verbose_name=_("coordinators"),
    )
    tags = ClusterTaggableManager(through=RegionPageTag, blank=True, verbose_name=_("topics"))

    base_form_class = RegionPageForm
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

    @property
    def goals_list(self) -> list[str]:
        return lines(self.goals)

    @property
    def area_list(self) -> list[str]:
        return lines(self.area_covered)

    @property
    def partner_type_labels(self) -> list[str]:
        labels = dict(PartnerType.choices)
        return [labels[value] for value in self.partner_types or [] if value in labels]

    @cached_property
    def bundesland_name(self) -> str:
        return self.get_bundesland_display()

    def is_coordinator(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return RegionPage.coordinators.through.objects.filter(regionpage_id=self.pk, user_id=user.pk).exists()

    def get_context(self, request, *args, **kwargs):
        from .detail import region_context

        context = super().get_context(request, *args, **kwargs)
        context.update(region_context(self, request))
        return context

    @path("vorschlag/", name="propose")
    def propose_change(self, request):
        from .views import propose_change

        return propose_change(request, self)


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

    @property
    def description_paragraphs(self) -> list[str]:
        return [part.strip() for part in (self.description or "").split("\n\n") if part.strip()]

    def get_context(self, request, *args, **kwargs):
        from .detail import state_office_context

        context = super().get_context(request, *args, **kwargs)
        context.update(state_office_context(self, request))
        return context


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class RegionChangeProposal(models.Model):
    """A coordinator's proposal to change their region's page, decided on by the editors."""

    region = models.ForeignKey(
        RegionPage, on_delete=models.CASCADE, related_name="change_proposals", verbose_name=_("MINT-Region")
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="region_change_proposals",
        verbose_name=_("proposed by"),
    )
    proposed_values = models.JSONField(_("proposed values"), default=dict, blank=True)
    original_values = models.JSONField(
        _("values when proposed"),
        default=dict,
        blank=True,
        help_text=_("What the page said when the proposal was made, to spot changes made in the meantime."),
    )
    message = models.TextField(_("message to the editors"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True, max_length=4000)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision created on acceptance"),
    )

    class Meta:
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="regions_proposal_status_idx")]

    def __str__(self):
        return _("Proposal for %(region)s of %(date)s") % {
            "region": self.region.title if self.region_id else "–",
            "date": timezone.localtime(self.created_at).strftime("%d.%m.%Y") if self.created_at else "–",
        }

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN
