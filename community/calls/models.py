"""Community Calls: the index page (/community-calls/), the call pages, registrations and per-member calendar
feeds.

Times: `start_at` and `end_at` are stored as instants (UTC in the database) and always shown in Europe/Berlin,
whatever the server or the visitor's browser says; adding minutes to an instant and converting afterwards keeps
agenda times right across a change between summer and winter time.

The video-conference link (`video_url`) is for registered participants and editors only. It is neither an API
field nor a search field, no template outside the participant's part of the call page reads it, and the
calendar files carry it only for participants (see access.py, which decides who sees it).

Registrations are counted and changed under a lock on the call's CallState row (registration.py), so that a
call with limited places is never overbooked, however many members register at the same moment.
"""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.models import IntroMixin

from .blocks import (
    ACTION_ITEM_BLOCKS,
    AGENDA_BLOCKS,
    ATTACHMENT_BLOCKS,
    DECISION_BLOCKS,
    MATERIAL_BLOCKS,
    TOPIC_BLOCKS,
)
from .forms import CommunityCallPageForm

BERLIN = ZoneInfo("Europe/Berlin")
# The call's live channel takes messages from shortly before the start until a while after the end.
CHANNEL_OPENS_BEFORE = datetime.timedelta(minutes=15)
CHANNEL_CLOSES_AFTER = datetime.timedelta(minutes=30)
# Addresses below the index that config/urls.py answers (calendar feeds, "my calls"): no call may take them.
RESERVED_SLUGS = ("kalender", "meine")
MAX_CAPACITY = 10_000
RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


def utc(value: datetime.datetime) -> datetime.datetime:
    """Arithmetic on aware datetimes must happen in UTC: Python adds to the wall time of the value's own zone, so
    10:00 CEST + 24 hours would be 10:00 CET on the day the clocks go back (25 hours later)."""
    return value.astimezone(datetime.UTC)


class CommunityCallIndexPage(IntroMixin, Page):
    """Upcoming and past calls, filterable by topic (listing.py)."""

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["calls.CommunityCallPage"]

    class Meta:
        verbose_name = _("community call index")

    def route(self, request, path_components):
        # A call is fetched as its specific page in one query, instead of Wagtail's generic lookup followed by a
        # second query for the specific page.
        if path_components:
            call = (
                CommunityCallPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("state__channel")  # the page shows the numbers and the live channel
                .first()
            )
            if call is not None:
                call._cached_parent_obj = self
                return call.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from .listing import listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(listing_context(self, request))
        return context


class CommunityCallPageTag(TaggedItemBase):
    content_object = ParentalKey("CommunityCallPage", on_delete=models.CASCADE, related_name="tagged_items")


class CommunityCallPage(RoutablePageMixin, Page):
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_(
            "Two sentences: what the call is about and who it is for. Shown in listings and teasers."
        ),
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Everything participants should know beforehand: questions, preparation, background."),
    )
    tags = ClusterTaggableManager(through=CommunityCallPageTag, blank=True, verbose_name=_("topics"))
    start_at = models.DateTimeField(
        _("start"), help_text=_("Date and time in German time (Europe/Berlin), e.g. 10:00.")
    )
    end_at = models.DateTimeField(_("end"), help_text=_("Must be after the start."))
    agenda = StreamField(
        AGENDA_BLOCKS,
        blank=True,
        verbose_name=_("agenda"),
        help_text=_(
            "The items in order, each with its time box in minutes; together at most the call's length."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_(
            "Leave empty for no limit. When all places are taken, members join the waiting list and move up "
            "automatically when someone cancels."
        ),
    )
    video_url = models.URLField(
        _("video-conference link"),
        max_length=500,
        blank=True,
        help_text=_(
            "Only registered participants and editors see it: on the call page, in their calendar file and in "
            "the reminder emails. Never put it into a public field."
        ),
    )
    materials = StreamField(
        MATERIAL_BLOCKS,
        blank=True,
        verbose_name=_("materials"),
        help_text=_("Slides and documents for the call, from the document library."),
    )
    recording_url = models.URLField(
        _("recording"),
        max_length=500,
        blank=True,
        help_text=_("Link to the recording, if there is one (shown to everyone)."),
    )

    # Minutes (Protokoll), filled in after the call.
    minutes_date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty: the call's date."))
    minutes_start_time = models.TimeField(
        _("started at"), null=True, blank=True, help_text=_("Empty: the planned start.")
    )
    minutes_end_time = models.TimeField(
        _("ended at"), null=True, blank=True, help_text=_("Empty: the planned end.")
    )
    minutes_place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("e.g. “Online (video conference)”.")
    )
    minute_taker = models.CharField(
        _("minute-taker"), max_length=200, blank=True, help_text=_("Who wrote the minutes.")
    )
    participant_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True, validators=[MaxValueValidator(MAX_CAPACITY)]
    )
    minutes_topics = StreamField(
        TOPIC_BLOCKS,
        blank=True,
        verbose_name=_("agenda items (TOP)"),
        help_text=_("One entry per agenda item: numbered TOP 1, TOP 2 … in this order."),
    )
    minutes_decisions = StreamField(DECISION_BLOCKS, blank=True, verbose_name=_("decisions"))
    minutes_action_items = StreamField(
        ACTION_ITEM_BLOCKS,
        blank=True,
        verbose_name=_("action items"),
        help_text=_("What, who, by when, and where it stands. Update the status as things get done."),
    )
    minutes_next_steps = RichTextField(
        _("next steps"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    minutes_attachments = StreamField(
        ATTACHMENT_BLOCKS, blank=True, verbose_name=_("attachments"), help_text=_("Documents to the minutes.")
    )

    base_form_class = CommunityCallPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("tags"),
        InlinePanel(
            "hosts",
            heading=_("Hosts"),
            label=_("host"),
            help_text=_("Members of the platform, or guests by name."),
        ),
        FieldPanel("materials"),
        FieldPanel("recording_url"),
    ]
    agenda_panels = [
        FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")], heading=_("When")),
        FieldPanel("agenda"),
    ]
    participation_panels = [
        HelpPanel(
            content=_(
                "<p>Members register on the call page. Registration closes when the call starts. The list of "
                "participants (with CSV export) is in the menu of this page: “Participants”.</p>"
            )
        ),
        FieldPanel("capacity"),
        FieldPanel("video_url"),
    ]
    minutes_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("minutes_date"),
                        FieldPanel("minutes_start_time"),
                        FieldPanel("minutes_end_time"),
                    ]
                ),
                FieldRowPanel([FieldPanel("minutes_place"), FieldPanel("minute_taker")]),
                FieldPanel("participant_count"),
            ],
            heading=_("Meeting details"),
        ),
        FieldPanel("minutes_topics"),
        FieldPanel("minutes_decisions"),
        FieldPanel("minutes_action_items"),
        FieldPanel("minutes_next_steps"),
        FieldPanel("minutes_attachments"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(agenda_panels, heading=_("Agenda")),
            ObjectList(participation_panels, heading=_("Participation")),
            ObjectList(minutes_panels, heading=_("Minutes")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    # Never `video_url`: what is indexed can be found by anyone who searches.
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("agenda"),
        index.SearchField("minutes_topics"),
        index.SearchField("minutes_next_steps"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("start_at"),
        index.FilterField("end_at"),
    ]
    # Never `video_url` (nor anything about registrations): the API answers everyone.
    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("start_at"),
        APIField("end_at"),
        APIField("tags"),
        APIField("agenda"),
        APIField("capacity"),
        APIField("recording_url"),
    ]

    parent_page_types = ["calls.CommunityCallIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("community call")
        verbose_name_plural = _("community calls")
        indexes = [models.Index(fields=["start_at"], name="calls_call_start_idx")]

    # --- Routes (the views live in views.py) -------------------------------------------------------------

    @path("")
    def call_view(self, request):
        return self.render(request)

    @path("anmelden/", name="register")
    def register_view(self, request):
        from .views import register_for_call

        return register_for_call(request, self)

    @path("abmelden/", name="cancel")
    def cancel_view(self, request):
        from .views import cancel_registration

        return cancel_registration(request, self)

    @path("kalender/", name="ics")
    def ics_view(self, request):
        from .views import call_ics

        return call_ics(request, self)

    def serve(self, request, *args, **kwargs):
        from .access import remember_access

        access = remember_access(request, self)
        response = super().serve(request, *args, **kwargs)
        if access.sees_video_link:
            # The participant's copy of the page carries the link: no shared cache may keep it.
            response["Cache-Control"] = "private, no-store"
        return response

    def get_context(self, request, *args, **kwargs):
        from .detail import call_context

        context = super().get_context(request, *args, **kwargs)
        context.update(call_context(self, request))
        return context

    # --- Rules ----------------------------------------------------------------------------------------------

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        CallState.objects.get_or_create(call_id=self.pk)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_at and self.end_at and self.end_at <= self.start_at:
            errors["end_at"] = _("The end must be after the start.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is used by the calendar and “my calls”; please choose another.")
        planned = self.agenda_minutes
        if self.start_at and self.end_at and self.end_at > self.start_at and planned > self.duration_minutes:
            errors["agenda"] = _(
                "The agenda adds up to %(planned)s minutes, but the call lasts only %(length)s minutes."
            ) % {"planned": planned, "length": self.duration_minutes}
        if self.capacity is not None and self.pk:
            taken = Registration.objects.filter(call_id=self.pk, status=RegistrationStatus.REGISTERED).count()
            if self.capacity < taken:
                errors["capacity"] = _(
                    "%(count)s members are registered already; the number of places cannot be lower."
                ) % {"count": taken}
        if self.video_url:
            public_text = " ".join(
                str(value or "")
                for value in (
                    self.title,
                    self.summary,
                    self.description,
                    self.search_description,
                    self.seo_title,
                )
            )
            if self.video_url.strip() in public_text:
                errors["video_url"] = _(
                    "The link appears in a public field (title, summary, description or search description). "
                    "Please remove it there: only participants may see it."
                )
        if errors:
            raise ValidationError(errors)

    # --- Time -----------------------------------------------------------------------------------------------

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.start_at, BERLIN)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.end_at, BERLIN)

    @property
    def duration_minutes(self) -> int:
        if not (self.start_at and self.end_at):
            return 0
        return int((utc(self.end_at) - utc(self.start_at)).total_seconds() // 60)

    def has_started(self, now=None) -> bool:
        return self.start_at <= (now or timezone.now())

    def is_past(self, now=None) -> bool:
        return self.end_at <= (now or timezone.now())

    def is_running(self, now=None) -> bool:
        now = now or timezone.now()
        return self.start_at <= now < self.end_at

    @property
    def channel_opens_at(self) -> datetime.datetime:
        return utc(self.start_at) - CHANNEL_OPENS_BEFORE

    @property
    def channel_closes_at(self) -> datetime.datetime:
        return utc(self.end_at) + CHANNEL_CLOSES_AFTER

    # --- Agenda and minutes ------------------------------------------------------------------------------------

    @property
    def agenda_minutes(self) -> int:
        return sum(int(block.value.get("minutes") or 0) for block in self.agenda or [])

    @cached_property
    def agenda_schedule(self) -> list[dict]:
        """The agenda items with their computed start and end (aware datetimes in Europe/Berlin)."""
        items = []
        offset = 0
        for block in self.agenda or []:
            value = block.value
            minutes = int(value.get("minutes") or 0)
            start = utc(self.start_at) + datetime.timedelta(minutes=offset)
            end = start + datetime.timedelta(minutes=minutes)
            items.append(
                {
                    "title": value.get("title", ""),
                    "minutes": minutes,
                    "speaker": value.get("speaker", ""),
                    "description": value.get("description", ""),
                    "start": timezone.localtime(start, BERLIN),
                    "end": timezone.localtime(end, BERLIN),
                }
            )
            offset += minutes
        return items

    @property
    def has_minutes(self) -> bool:
        return bool(
            self.minutes_topics
            or self.minutes_decisions
            or self.minutes_action_items
            or (self.minutes_next_steps or "").strip()
        )

    @property
    def description_text(self) -> str:
        return self.search_description or self.summary


class CallHost(Orderable):
    """A host of a call: a member of the platform (their display name, as the viewer may see it) or a guest."""

    page = ParentalKey(CommunityCallPage, on_delete=models.CASCADE, related_name="hosts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_active": True},
        help_text=_("A member of the platform: their name links to their profile (as far as they share it)."),
    )
    name = models.CharField(
        _("guest name"),
        max_length=150,
        blank=True,
        help_text=_("For guests without an account; for members, leave empty to show their profile name."),
    )
    role = models.CharField(
        _("role or organisation"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Moderation” or “Hochschule Musterstadt”."),
    )

    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("name")]), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("host")
        verbose_name_plural = _("hosts")

    def clean(self):
        super().clean()
        if not self.user_id and not (self.name or "").strip():
            raise ValidationError({"name": _("Choose a member or enter the guest's name.")})


class CallState(models.Model):
    """One row per call, beside the page: the lock that registrations take, the numbers of registered and
    waiting members (kept up to date under that lock, for listings), the call's live channel and what has been
    announced. Not part of the page's revisions, so publishing an old revision cannot turn back any of it."""

    call = models.OneToOneField(
        CommunityCallPage, on_delete=models.CASCADE, primary_key=True, related_name="state"
    )
    registered_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    channel = models.ForeignKey(
        "chat.Channel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    announced_at = models.DateTimeField(null=True, blank=True)
    minutes_announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration state")
        verbose_name_plural = _("registration states")

    def __str__(self):
        return str(self.call_id)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


class Registration(models.Model):
    """A member's registration for a call. One row per member and call: cancelling keeps it (cancelled), and
    registering again reuses it (at the end of the waiting list, if the call is full)."""

    call = models.ForeignKey(
        CommunityCallPage, verbose_name=_("call"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="call_registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("first registered at"), default=timezone.now)
    # When the member (last) asked for a place: the order of the waiting list.
    requested_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved up from the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Reminder emails, each claimed once (reminders.py).
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_hour_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["call", "requested_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="calls_unique_registration")]
        indexes = [
            models.Index(fields=["call", "status", "requested_at"], name="calls_registration_queue_idx"),
            models.Index(fields=["user", "status"], name="calls_registration_user_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.call_id}: {self.status}"

    @property
    def is_registered(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def became_registered_at(self) -> datetime.datetime:
        return self.promoted_at or self.requested_at


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a member's personal calendar address. Whoever knows it reads the member's calls with their
    video links, so it is long, random and can be replaced at any time (the old address then stops working)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("personal calendar address")
        verbose_name_plural = _("personal calendar addresses")

    def __str__(self):
        return str(self.user_id)
