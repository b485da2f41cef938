"""Daily and weekly summaries, and the retry of immediate emails that could not be sent.

`send_due_digests()` is what `manage.py send_notification_digests` runs. It is meant to run every hour and is
idempotent: a summary is due when the member's last one was sent before the most recent slot (daily: today
at NOTIFICATION_DIGEST_HOUR, weekly: that hour on NOTIFICATION_DIGEST_WEEKDAY, local time), so an hourly run,
a missed run or a second run in the same hour all send each summary exactly once, and each notification is
claimed before it is emailed, so it is emailed at most once.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import emails
from .models import DigestFrequency, EmailState, Notification, NotificationPreference

CHUNK = 200


@dataclass
class DigestReport:
    members_due: int = 0
    summaries_sent: int = 0
    retried_sent: int = 0
    failed_members: set = field(default_factory=set)


def due_since(frequency: str, now: datetime) -> datetime:
    """The most recent digest slot at or before `now`."""
    local = timezone.localtime(now)
    slot = local.replace(hour=settings.NOTIFICATION_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if frequency == DigestFrequency.WEEKLY:
        slot -= timedelta(days=(slot.weekday() - settings.NOTIFICATION_DIGEST_WEEKDAY) % 7)
        if slot > local:
            slot -= timedelta(days=7)
    elif slot > local:
        slot -= timedelta(days=1)
    return slot


def _due(frequency: str, since: datetime):
    return NotificationPreference.objects.filter(digest=frequency).filter(
        Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=since)
    )


def send_due_digests(now: datetime | None = None, progress=None) -> DigestReport:
    now = now or timezone.now()
    report = DigestReport()
    for frequency in (DigestFrequency.DAILY, DigestFrequency.WEEKLY):
        _send_frequency(frequency, now, report, progress)
    _retry_immediate(now, report)
    return report


def _send_frequency(frequency: str, now: datetime, report: DigestReport, progress) -> None:
    since = due_since(frequency, now)
    due_ids = list(_due(frequency, since).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(due_ids), CHUNK):
        chunk = due_ids[start : start + CHUNK]
        with transaction.atomic():
            # Take the members' slots first, so a second run at the same time finds nothing due.
            # (PostgreSQL: rows another run holds are skipped; SQLite serialises the write anyway.)
            taken = list(
                _due(frequency, since)
                .select_for_update(skip_locked=True)
                .filter(pk__in=chunk)
                .values_list("user_id", "last_digest_at")
            )
            NotificationPreference.objects.filter(user_id__in=[user_id for user_id, _ in taken]).update(
                last_digest_at=now
            )
        previous = dict(taken)
        report.members_due += len(taken)
        pending = Notification.objects.filter(
            recipient_id__in=list(previous), email_state=EmailState.PENDING
        ).order_by("recipient_id", "created_at", "pk")
        sent, failed = emails.send_summaries(emails.group_by_recipient(pending), frequency)
        report.summaries_sent += sent
        report.failed_members |= failed
        for user_id in failed:
            # Try again with the next run instead of waiting a whole day or week.
            NotificationPreference.objects.filter(user_id=user_id).update(last_digest_at=previous[user_id])
        if progress is not None:
            progress(len(chunk))


def _retry_immediate(now: datetime, report: DigestReport) -> None:
    """Immediate emails still pending after a while: the mail server was down or the task got lost."""
    cutoff = now - timedelta(seconds=settings.NOTIFICATION_EMAIL_RETRY_AFTER)
    stale = (
        Notification.objects.filter(email_state=EmailState.PENDING, created_at__lt=cutoff)
        .exclude(
            recipient__notification_preference__digest__in=[DigestFrequency.DAILY, DigestFrequency.WEEKLY]
        )
        .order_by("recipient_id", "created_at", "pk")
    )
    grouped = emails.group_by_recipient(stale)
    user_ids = list(grouped)
    for start in range(0, len(user_ids), CHUNK):
        chunk = {user_id: grouped[user_id] for user_id in user_ids[start : start + CHUNK]}
        sent, failed = emails.send_summaries(chunk, DigestFrequency.NONE)
        report.retried_sent += sent
        report.failed_members |= failed
