"""Moderation: mute, slow mode, read-only lock, invitations and removals, channel settings, reports, and the
log that records every one of these with who, what and when.

Each function checks `access_for(actor, channel).can_moderate` (editors, site moderators and the channel's
moderators) itself, so neither the views nor the admin can forget it.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from community.members.roles import is_moderator

from . import posting, rendering
from .access import access_for
from .broadcast import Outbox
from .errors import MESSAGES, ChatError
from .models import (
    Channel,
    Membership,
    MembershipRole,
    Message,
    ModerationAction,
    ModerationActionKind,
    Report,
    ReportStatus,
)

MUTE_DURATIONS = [
    (10, _("10 minutes")),
    (60, _("1 hour")),
    (24 * 60, _("1 day")),
    (7 * 24 * 60, _("1 week")),
]
SLOW_MODE_CHOICES = [
    (0, _("Off")),
    (10, _("10 seconds")),
    (30, _("30 seconds")),
    (60, _("1 minute")),
    (300, _("5 minutes")),
    (900, _("15 minutes")),
]

MESSAGES.update(
    {
        "cannot_moderate_moderator": _("Moderators cannot be muted or removed."),
        "already_reported": _("You have already reported this message. The moderators will look at it."),
        "own_message": _("You cannot report your own message; you can edit or delete it."),
        "not_a_member": _("This person is not a member of the channel."),
        "report_decided": _("Someone else has already decided on this report."),
    }
)


def _require_moderator(actor, channel: Channel):
    access = access_for(actor, channel)
    if not access.can_moderate:
        raise ChatError("not_moderator" if access.can_read else "forbidden")
    return access


def _log(channel: Channel, actor, action, *, target_user=None, message=None, details="") -> ModerationAction:
    return ModerationAction.objects.create(
        channel=channel,
        channel_name=channel.name,
        actor=actor,
        action=action,
        target_user=target_user,
        message=message,
        details=str(details),
    )


def _is_protected(user, channel: Channel) -> bool:
    """Moderators cannot be muted or removed by other moderators."""
    if is_moderator(user):
        return True
    return Membership.objects.filter(
        channel=channel, user=user, joined=True, role=MembershipRole.MODERATOR
    ).exists()


def _channel_state_changed(channel: Channel) -> Outbox:
    """Every open socket of the channel re-reads its rights (and tells its page)."""
    outbox = Outbox()
    outbox.channel_changed(channel.pk)
    return outbox


def _duration_label(minutes: int) -> str:
    return str(dict(MUTE_DURATIONS).get(minutes) or ngettext("%d minute", "%d minutes", minutes) % minutes)


def mute(actor, channel: Channel, target, minutes: int, note: str = "") -> Outbox:
    _require_moderator(actor, channel)
    if _is_protected(target, channel):
        raise ChatError("cannot_moderate_moderator")
    until = timezone.now() + timedelta(minutes=minutes)
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(
            channel=channel, user=target, defaults={"joined": False}
        )
        Membership.objects.filter(pk=membership.pk).update(muted_until=until)
        details = _duration_label(minutes) + (f": {note}" if note else "")
        _log(channel, actor, ModerationActionKind.MUTE, target_user=target, details=details)
    outbox = Outbox()
    outbox.access_changed(channel.pk, target.pk)
    return outbox


def unmute(actor, channel: Channel, target) -> Outbox:
    _require_moderator(actor, channel)
    with transaction.atomic():
        updated = Membership.objects.filter(
            channel=channel, user=target, muted_until__gt=timezone.now()
        ).update(muted_until=None)
        if updated:
            _log(channel, actor, ModerationActionKind.UNMUTE, target_user=target)
    outbox = Outbox()
    if updated:
        outbox.access_changed(channel.pk, target.pk)
    return outbox


def set_slow_mode(actor, channel: Channel, seconds: int) -> Outbox:
    _require_moderator(actor, channel)
    if seconds not in dict(SLOW_MODE_CHOICES):
        raise ValueError(seconds)
    if channel.slow_mode_seconds == seconds:
        return Outbox()
    with transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(slow_mode_seconds=seconds)
        channel.slow_mode_seconds = seconds
        _log(channel, actor, ModerationActionKind.SLOW_MODE, details=str(dict(SLOW_MODE_CHOICES)[seconds]))
    return _channel_state_changed(channel)


def set_locked(actor, channel: Channel, locked: bool) -> Outbox:
    _require_moderator(actor, channel)
    if channel.locked == locked:
        return Outbox()
    with transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(locked=locked)
        channel.locked = locked
        _log(channel, actor, ModerationActionKind.LOCK if locked else ModerationActionKind.UNLOCK)
    return _channel_state_changed(channel)


def update_settings(actor, channel: Channel, description: str, tags: list[str]) -> None:
    _require_moderator(actor, channel)
    with transaction.atomic():
        channel.description = description
        channel.save(update_fields=["description"])
        channel.tags.set(tags, clear=True)
        _log(
            channel, actor, ModerationActionKind.CHANNEL_SETTINGS, details=rendering.excerpt(description, 300)
        )


def find_member(query: str):
    """The one active member whose email address or display name is `query` (ignoring case), else None."""
    query = " ".join((query or "").split())
    if not query:
        return None
    matches = list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(email__iexact=query) | Q(profile__display_name__iexact=query))
        .select_related("profile")[:2]
    )
    return matches[0] if len(matches) == 1 else None


def invite(actor, channel: Channel, target) -> bool:
    """Make `target` a member (how private channels get their members). False if they already are one."""
    _require_moderator(actor, channel)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            channel=channel,
            user=target,
            defaults={"invited_by": actor, "last_read_seq": 0},
        )
        if not created and membership.joined:
            return False
        if not created:
            Membership.objects.filter(pk=membership.pk).update(joined=True, invited_by=actor)
        _log(channel, actor, ModerationActionKind.INVITE, target_user=target)
        _notify_invitation(actor, channel, target)
    return True


def _notify_invitation(actor, channel: Channel, target) -> None:
    from django.conf import settings
    from django.utils import translation

    from community.notifications.api import NotificationKind, notify

    # Stored text: written in the site language, whatever language the inviting moderator uses.
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("%(name)s invited you into the channel “%(channel)s”") % {
            "name": rendering.author_name(actor),
            "channel": channel.name,
        }
    notify(
        target,
        NotificationKind.INVITATION,
        title,
        body=channel.description,
        url=channel.get_absolute_url(),
        actor=actor,
        target=channel,
    )


def remove_member(actor, channel: Channel, target) -> Outbox:
    _require_moderator(actor, channel)
    if _is_protected(target, channel) and not is_moderator(actor):
        raise ChatError("cannot_moderate_moderator")
    with transaction.atomic():
        updated = Membership.objects.filter(channel=channel, user=target, joined=True).update(
            joined=False, role=MembershipRole.MEMBER
        )
        if not updated:
            raise ChatError("not_a_member")
        _log(channel, actor, ModerationActionKind.REMOVE_MEMBER, target_user=target)
    outbox = Outbox()
    outbox.access_changed(channel.pk, target.pk)
    return outbox


def set_channel_moderator(actor, channel: Channel, target, make_moderator: bool) -> Outbox:
    """Only editors and site moderators appoint a channel's own moderators."""
    if not is_moderator(actor):
        raise ChatError("not_moderator")
    role = MembershipRole.MODERATOR if make_moderator else MembershipRole.MEMBER
    updated = Membership.objects.filter(channel=channel, user=target, joined=True).update(role=role)
    if not updated:
        raise ChatError("not_a_member")
    outbox = Outbox()
    outbox.access_changed(channel.pk, target.pk)
    return outbox


def members(channel: Channel):
    """The channel's members with their profiles, for the moderation page (a list, not paginated: channels
    have tens or hundreds of members, not hundreds of thousands)."""
    return (
        Membership.objects.filter(channel=channel)
        .filter(Q(joined=True) | Q(muted_until__gt=timezone.now()))
        .select_related("user__profile")
        .order_by("-role", "user__profile__display_name", "pk")
    )


# --- Reports ----------------------------------------------------------------------------------------------------

REPORT_LIMIT = posting.RateLimit("chat-report", limit=10, period=60 * 60)


def report(reporter, channel: Channel, seq: int, reason: str, note: str = "") -> Report:
    access = access_for(reporter, channel)
    if not access.can_read:
        raise ChatError("forbidden")
    message = Message.objects.filter(channel=channel, seq=seq).first()
    if message is None:
        raise ChatError("not_found")
    if message.is_deleted:
        raise ChatError("deleted")
    if message.author_id == reporter.pk:
        raise ChatError("own_message")
    if Report.objects.filter(message=message, reporter=reporter).exists():
        raise ChatError("already_reported")
    limited = REPORT_LIMIT.hit(reporter.pk)
    if not limited.allowed:
        raise ChatError("rate_limited", retry_after=limited.retry_after)
    try:
        with transaction.atomic():
            return Report.objects.create(
                message=message,
                reporter=reporter,
                reason=reason,
                note=note.strip(),
                message_text=message.body,
            )
    except IntegrityError as error:  # a double click
        raise ChatError("already_reported") from error


def decide_report(moderator, report_obj: Report, remove_message: bool) -> Outbox:
    """Resolve a report by deleting the message, or dismiss it. Logged either way."""
    channel = report_obj.message.channel
    _require_moderator(moderator, channel)
    if not report_obj.is_open:
        raise ChatError("report_decided")
    outbox = Outbox()
    with transaction.atomic():
        claimed = Report.objects.filter(pk=report_obj.pk, status=ReportStatus.OPEN).update(
            status=ReportStatus.RESOLVED if remove_message else ReportStatus.DISMISSED,
            handled_by=moderator,
            handled_at=timezone.now(),
        )
        if not claimed:
            raise ChatError("report_decided")
        if remove_message:
            result = posting.delete_message(moderator, channel, report_obj.message.seq)
            outbox.extend(result.outbox)
        _log(
            channel,
            moderator,
            ModerationActionKind.REPORT_RESOLVED if remove_message else ModerationActionKind.REPORT_DISMISSED,
            target_user=report_obj.message.author,
            message=report_obj.message,
            details=f"{report_obj.get_reason_display()}: {rendering.excerpt(report_obj.message_text, 200)}",
        )
    report_obj.refresh_from_db()
    return outbox
