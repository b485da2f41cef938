from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock
from .chrome import exclude_restricted, relative_url, site_for_request
from .pagination import SlicePage
from .sections import home_sections


class IntroMixin(models.Model):
    """A short introduction shown under the title, in listings and as the page description."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences; shown under the title, in listings and in search results."),
    )

    class Meta:
        abstract = True

    @property
    def description(self) -> str:
        return self.search_description or self.intro


class HomePage(IntroMixin, Page):
    hero_title = models.CharField(
        _("hero title"),
        max_length=120,
        help_text=_("The large sentence at the top of the home page."),
    )
    hero_text = RichTextField(
        _("hero text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Who Netzwerkstatt is for and what they find here, in two or three sentences."),
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("additional content"),
        help_text=_("Optional content shown below the sections."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("intro")], heading=_("Welcome")
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("hero_text")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.SectionIndexPage",
        "regions.RegionIndexPage",
        "guide.GuidePage",
        "practice.PracticeIndexPage",
        "calls.CommunityCallIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections.render(request)
        return context


class StandardPage(IntroMixin, Page):
    """Impressum, Datenschutz, Über Netzwerkstatt and other plain pages."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("content"))
    show_in_footer = models.BooleanField(
        _("show in footer"),
        default=False,
        help_text=_("Link this page in the footer of every page (e.g. Impressum, Datenschutz)."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [FieldPanel("show_in_footer")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage", "home.SectionIndexPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class SectionIndexPage(IntroMixin, Page):
    """A plain index that lists its child pages, e.g. "Über Netzwerkstatt" with its sub-pages."""

    PAGE_SIZE = 20

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("section index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Only standard pages live under an index, so one query fetches them, without their bodies.
        children = exclude_restricted(
            StandardPage.objects.child_of(self)
            .live()
            .order_by("path")
            .only("id", "path", "depth", "url_path", "title", "intro", "content_type_id")
        )
        context["children"] = SlicePage.from_request(children, request, self.PAGE_SIZE)
        site = site_for_request(request)
        for child in context["children"]:
            child.listing_url = relative_url(child, site) if site else child.get_url(request)
        return context


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=60)
    url = blocks.URLBlock(label=_("Address"), help_text=_("Only addresses on this site or trusted partners."))

    class Meta:
        icon = "link"
        label = _("Link")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Shown in the footer as the way to reach the editors.")
    )
    contact_address = models.TextField(
        _("postal address"), blank=True, help_text=_("Organisation and address for the footer, one per line.")
    )
    footer_text = models.CharField(
        _("footer text"),
        max_length=250,
        blank=True,
        help_text=_("A short sentence about who runs Netzwerkstatt."),
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())],
        blank=True,
        verbose_name=_("additional footer links"),
        help_text=_("Pages marked 'show in footer' appear automatically; add other links here."),
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("contact_address"),
        FieldPanel("footer_text"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("site settings")
