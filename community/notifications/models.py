"""Notifications: what a member is told (in the site and by email) and how they want to be told.

A Notification is stored once per recipient. It is shown in the site (the bell and /benachrichtigungen/) unless
the member switched that kind off in-app, and it is emailed at most once: right away, or in the daily or weekly
digest, depending on the member's NotificationPreference. `email_state` records where it stands, so the digest
command can run every hour without sending anything twice.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Mention")
    REPLY = "reply", _("Reply")
    FOLLOWED_CONTENT = "followed_content", _("Followed content")
    CALL_REMINDER = "call_reminder", _("Community call reminder")
    SUBMISSION_DECISION = "submission_decision", _("Decision on a submission")
    REGION_PROPOSAL = "region_proposal", _("Region proposal")
    INVITATION = "invitation", _("Invitation")
    CALL_REGISTRATION = "call_registration", _("Community call registration")


# Headings and explanations on the preferences page.
KIND_PREFERENCE_LABELS = {
    NotificationKind.MENTION: _("Mentions"),
    NotificationKind.REPLY: _("Replies"),
    NotificationKind.FOLLOWED_CONTENT: _("News from what you follow"),
    NotificationKind.CALL_REMINDER: _("Community call reminders"),
    NotificationKind.SUBMISSION_DECISION: _("Decisions on your submissions"),
    NotificationKind.REGION_PROPOSAL: _("Region proposals"),
    NotificationKind.INVITATION: _("Invitations"),
    NotificationKind.CALL_REGISTRATION: _("Your community call registrations"),
}
KIND_DESCRIPTIONS = {
    NotificationKind.MENTION: _("Someone mentions you in a discussion, a channel or a comment."),
    NotificationKind.REPLY: _("Someone replies to your post, your question or your thread."),
    NotificationKind.FOLLOWED_CONTENT: _(
        "New posts, calls and discussions on the topics, regions and members you follow."
    ),
    NotificationKind.CALL_REMINDER: _("Reminders before the community calls you registered for."),
    NotificationKind.SUBMISSION_DECISION: _(
        "The editorial team publishes, returns or declines something you submitted."
    ),
    NotificationKind.REGION_PROPOSAL: _(
        "Proposals for new MINT-Regionen or for changes to a region's entry, and the decisions on them."
    ),
    NotificationKind.INVITATION: _("Someone invites you into a private channel."),
    NotificationKind.CALL_REGISTRATION: _(
        "A place in a community call becomes free for you on the waiting list."
    ),
}

# Defaults for members who have not changed anything: everything in-app; by email everything that concerns
# the member personally. News from followed content can be many a day, so it stays in the site by default.
DEFAULT_IN_APP = dict.fromkeys(NotificationKind.values, True)
DEFAULT_EMAIL = {kind: kind != NotificationKind.FOLLOWED_CONTENT for kind in NotificationKind.values}


class EmailState(models.TextChoices):
    OFF = "off", _("not to be emailed")
    PENDING = "pending", _("waiting to be emailed")
    SENT = "sent", _("emailed")


class DigestFrequency(models.TextChoices):
    NONE = "none", _("Right away, one email per notification")
    DAILY = "daily", _("Once a day, as a summary")
    WEEKLY = "weekly", _("Once a week, as a summary")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("A path on this site, e.g. /praxis/ein-beitrag/.")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caused by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_content_type", "target_object_id")
    in_app = models.BooleanField(
        _("shown in the site"),
        default=True,
        help_text=_("Off when the member only wants this kind by email."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(
        _("email"), max_length=10, choices=EmailState.choices, default=EmailState.OFF
    )
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The list: a member's notifications, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # The bell: a member's unread notifications (a partial index stays small).
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread_idx",
                condition=Q(read_at__isnull=True, in_app=True),
            ),
            # The digest command: what still waits to be emailed.
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_email_due_idx",
                condition=Q(email_state="pending"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """How one member wants to be notified. Members without a row get the defaults above."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    # Only the choices a member made: {"mention": {"in_app": true, "email": false}, ...}. Kinds added later
    # start with their defaults for everyone.
    channels = models.JSONField(_("per kind"), default=dict, blank=True)
    email_enabled = models.BooleanField(
        _("emails"), default=True, help_text=_("Off: no notification emails at all.")
    )
    digest = models.CharField(
        _("email frequency"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.NONE
    )
    last_digest_at = models.DateTimeField(_("last summary sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        indexes = [models.Index(fields=["digest", "last_digest_at"], name="notification_digest_due_idx")]

    def __str__(self):
        return str(self.user_id)

    def _choice(self, kind: str, channel: str, default: bool) -> bool:
        value = (self.channels or {}).get(kind, {}).get(channel)
        return default if value is None else bool(value)

    def wants_in_app(self, kind: str) -> bool:
        return self._choice(kind, "in_app", DEFAULT_IN_APP.get(kind, True))

    def wants_email_for(self, kind: str) -> bool:
        """The per-kind switch, regardless of the master switch."""
        return self._choice(kind, "email", DEFAULT_EMAIL.get(kind, False))

    def wants_email(self, kind: str) -> bool:
        return self.email_enabled and self.wants_email_for(kind)

    def set_choice(self, kind: str, *, in_app: bool | None = None, email: bool | None = None) -> None:
        channels = dict(self.channels or {})
        entry = dict(channels.get(kind, {}))
        if in_app is not None:
            entry["in_app"] = bool(in_app)
        if email is not None:
            entry["email"] = bool(email)
        channels[kind] = entry
        self.channels = channels

    @property
    def sends_digest(self) -> bool:
        return self.digest in (DigestFrequency.DAILY, DigestFrequency.WEEKLY)


def preferences_for(user_ids) -> dict[int, NotificationPreference]:
    """The preferences of many members in one query; members without a row get an unsaved default."""
    user_ids = list(user_ids)
    found = {}
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start : start + 500]
        found.update(
            {pref.user_id: pref for pref in NotificationPreference.objects.filter(user_id__in=chunk)}
        )
    return {user_id: found.get(user_id) or NotificationPreference(user_id=user_id) for user_id in user_ids}
