"""Live discussion channels: channels, memberships with read positions, messages, reports and the moderation log.

Ordering and delivery rest on two counters per channel, both advanced under the channel's row lock in the same
transaction that stores a change:

- `seq` numbers the messages of a channel 1, 2, 3 … without gaps: the order in which they are shown.
- `change` numbers every stored change of a channel (a new message, an edit, a deletion, a reaction, a pin):
  each message remembers the number of its latest change. A client that has applied every change up to N asks
  for "everything with change > N" and gets the current state of exactly the messages it has not seen that
  way; a jump in the numbers tells it that a broadcast was lost (the Redis layer drops silently when full).

Idempotent sending: every message carries the client's own id, unique per author; a retried send finds the
stored message instead of storing it twice.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from home.choices import Bundesland
from home.fields import ChoiceListField

MAX_MESSAGE_LENGTH = 4000


class ChannelKind(models.TextChoices):
    OPEN = "open", _("Open to all members")
    PRIVATE = "private", _("Private, by invitation")
    ANNOUNCEMENTS = "announcements", _("Announcements (only moderators write)")
    CALL = "call", _("Community call")


class ChannelTag(TaggedItemBase):
    content_object = models.ForeignKey("Channel", on_delete=models.CASCADE, related_name="tagged_items")


class Channel(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("address"),
        max_length=60,
        unique=True,
        help_text=_("Part of the address: /kanaele/<address>/. Lower-case letters, digits and hyphens."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=1000,
        help_text=_("What the channel is for, in one or two sentences. Markdown is allowed."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices, default=ChannelKind.OPEN)
    bundeslaender = ChoiceListField(
        _("federal states"),
        item_choices=Bundesland.choices,
        blank=True,
        help_text=_("The channel appears on the pages of the MINT-Regionen in these federal states."),
    )
    regions = models.ManyToManyField(
        "regions.RegionPage",
        verbose_name=_("MINT-Regionen"),
        blank=True,
        related_name="chat_channels",
        help_text=_("The channel appears on the pages of these regions."),
    )
    tags = TaggableManager(through=ChannelTag, blank=True, verbose_name=_("topics"))
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Archived channels can be read but nobody can write.")
    )
    locked = models.BooleanField(
        _("read-only"), default=False, help_text=_("Only moderators can write while the channel is locked.")
    )
    slow_mode_seconds = models.PositiveIntegerField(
        _("slow mode"), default=0, help_text=_("Seconds a member must wait between two messages (0 = off).")
    )
    # Call channels: linked to a community call (a later app), open while the call runs, readable afterwards.
    call_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    call = GenericForeignKey("call_content_type", "call_object_id")
    opens_at = models.DateTimeField(
        _("open from"), null=True, blank=True, help_text=_("Call channels: members can write from then on.")
    )
    closes_at = models.DateTimeField(
        _("open until"),
        null=True,
        blank=True,
        help_text=_("Call channels: afterwards the channel is read-only."),
    )
    # Counters, advanced under the row lock (see the module docstring).
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    last_change = models.PositiveBigIntegerField(default=0, editable=False)
    last_message_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]
        indexes = [models.Index(fields=["archived", "-last_message_at"], name="chat_channel_activity_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("chat:channel", args=[self.slug])

    @property
    def is_private(self) -> bool:
        return self.kind == ChannelKind.PRIVATE

    @property
    def is_announcements(self) -> bool:
        return self.kind == ChannelKind.ANNOUNCEMENTS

    @property
    def is_call(self) -> bool:
        return self.kind == ChannelKind.CALL

    def call_is_open(self, now=None) -> bool:
        """A call channel takes messages between opens_at and closes_at (either may be open-ended)."""
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")


class Membership(models.Model):
    """A member's relation to a channel: joined or not, their role, where they stopped reading, a mute.

    Leaving keeps the row (joined=False), so a mute cannot be shaken off by leaving and joining again and the
    read position survives.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    joined = models.BooleanField(_("member of the channel"), default=True)
    last_read_seq = models.PositiveBigIntegerField(_("read up to"), default=0)
    muted_until = models.DateTimeField(_("muted until"), null=True, blank=True)
    last_posted_at = models.DateTimeField(null=True, blank=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("channel membership")
        verbose_name_plural = _("channel memberships")
        constraints = [models.UniqueConstraint(fields=["channel", "user"], name="chat_unique_membership")]
        indexes = [models.Index(fields=["user", "joined"], name="chat_membership_user_idx")]

    def __str__(self):
        return f"{self.user_id} @ {self.channel_id}"

    def is_muted(self, now=None) -> bool:
        return self.muted_until is not None and self.muted_until > (now or timezone.now())


class Message(models.Model):
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField(_("number in the channel"))
    change = models.PositiveBigIntegerField(_("last change"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chat_messages",
    )
    client_id = models.CharField(_("client id"), max_length=64)
    body = models.TextField(_("text"), blank=True, max_length=MAX_MESSAGE_LENGTH)
    body_html = models.TextField(blank=True, editable=False)
    reply_to = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mention_ids = models.JSONField(default=list, blank=True, editable=False)
    # {"👍": [user ids in the order they reacted]}; written under the channel lock, read without a join.
    reactions = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pinned_at = models.DateTimeField(_("pinned at"), null=True, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["channel", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "seq"], name="chat_unique_message_seq"),
            # Idempotent sending: a retried send with the same client id is stored once.
            models.UniqueConstraint(fields=["author", "client_id"], name="chat_unique_client_id"),
        ]
        indexes = [
            models.Index(fields=["channel", "change"], name="chat_message_change_idx"),
            models.Index(
                fields=["channel", "seq"],
                name="chat_message_pinned_idx",
                condition=models.Q(pinned_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.channel_id}#{self.seq}"

    def get_absolute_url(self) -> str:
        return reverse("chat:channel", args=[self.channel.slug]) + f"?ab={self.seq}#{self.anchor()}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def anchor(self) -> str:
        return f"nachricht-{self.seq}"


class MessageRevision(models.Model):
    """An earlier wording of an edited message (the edit history)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("text"))
    written_at = models.DateTimeField(_("written at"))
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["message", "-replaced_at", "-pk"]


class Mention(models.Model):
    """A member mentioned in a message: the mention badges on the channel list count these past the read
    position."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_mentions")
    seq = models.PositiveBigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="chat_unique_mention")]
        indexes = [models.Index(fields=["user", "channel", "seq"], name="chat_mention_unread_idx")]


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insulting or hostile")
    PERSONAL_DATA = "personal_data", _("Reveals personal data")
    MISINFORMATION = "misinformation", _("Misleading")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved: message removed")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="chat_reports",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    # What the message said when it was reported: the author may edit or delete it afterwards.
    message_text = models.TextField(_("reported text"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["message", "reporter"], name="chat_unique_report")]
        indexes = [models.Index(fields=["status", "-created_at"], name="chat_report_queue_idx")]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.message}"

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.OPEN


class ModerationActionKind(models.TextChoices):
    DELETE_MESSAGE = "delete_message", _("Message deleted")
    PIN = "pin", _("Message pinned")
    UNPIN = "unpin", _("Message unpinned")
    MUTE = "mute", _("Member muted")
    UNMUTE = "unmute", _("Mute lifted")
    SLOW_MODE = "slow_mode", _("Slow mode changed")
    LOCK = "lock", _("Channel locked")
    UNLOCK = "unlock", _("Channel unlocked")
    INVITE = "invite", _("Member invited")
    REMOVE_MEMBER = "remove_member", _("Member removed")
    CHANNEL_SETTINGS = "channel_settings", _("Channel description changed")
    REPORT_RESOLVED = "report_resolved", _("Report resolved")
    REPORT_DISMISSED = "report_dismissed", _("Report dismissed")


class ModerationAction(models.Model):
    """The moderation log: who did what, when, in which channel, to whom."""

    channel = models.ForeignKey(
        Channel,
        verbose_name=_("channel"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    channel_name = models.CharField(_("channel"), max_length=80)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30, choices=ModerationActionKind.choices)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.ForeignKey(
        Message, verbose_name=_("message"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at"], name="chat_moderation_log_idx")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.channel_name}"
