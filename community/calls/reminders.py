"""Reminder emails to registered participants, 24 hours and 1 hour before a call, each sent at most once.

`send_due_reminders()` runs every few minutes (the management command `send_call_reminders`, or the task in
tasks.py). Each due reminder is claimed with a conditional UPDATE (… SET sent_at = now WHERE sent_at IS NULL)
before its email is built; only the run whose UPDATE changed the row sends it, so two runs at the same moment
never send twice. If the mail server refuses, the claim is released and the next run tries again, as long as the
reminder is still due.

When is a reminder due?
- The day before: from 24 hours until 1 hour before the start, for members who were registered 24 hours before
  the start (who registers later has just seen the call and gets the hour-before reminder only).
- The hour before: during the last hour before the start.
A run that comes late (the timer was down) sends nothing outdated: after the start, nothing is due.

The email is German, gives the time in Europe/Berlin, carries the video link (the recipient is a participant)
and the call as a calendar file. Members who switched off emails for call reminders get none.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from home.text import plain_text

from .calendar import single_call_calendar
from .models import BERLIN, Registration, RegistrationStatus
from .timefmt import date_text, short_when_text, time_text, when_text, zone_label

logger = logging.getLogger(__name__)

KIND = "call_reminder"


@dataclass(frozen=True)
class ReminderKind:
    key: str
    field: str
    lead: timedelta  # how long before the start it goes out
    until: timedelta  # due until this long before the start


DAY = ReminderKind("day", "reminder_day_sent_at", lead=timedelta(hours=24), until=timedelta(hours=1))
HOUR = ReminderKind("hour", "reminder_hour_sent_at", lead=timedelta(hours=1), until=timedelta(0))
KINDS = (DAY, HOUR)


@dataclass
class ReminderRun:
    sent: dict[str, int] = field(default_factory=lambda: {kind.key: 0 for kind in KINDS})
    skipped: int = 0
    failed: int = 0
    calls: set[int] = field(default_factory=set)

    @property
    def total_sent(self) -> int:
        return sum(self.sent.values())


def due(kind: ReminderKind, now=None):
    """The registrations whose reminder of this kind is due now and not yet claimed."""
    now = now or timezone.now()
    queryset = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        call__live=True,
        call__start_at__gt=now + kind.until,
        call__start_at__lte=now + kind.lead,
        **{f"{kind.field}__isnull": True},
    )
    if kind is DAY:
        queryset = queryset.alias(since=Coalesce("promoted_at", "requested_at")).filter(
            since__lte=F("call__start_at") - kind.lead
        )
    return queryset


def claim(kind: ReminderKind, registration_id: int, now) -> bool:
    """Take one reminder for sending; False if another run took it (or it is no longer due)."""
    return bool(
        Registration.objects.filter(
            pk=registration_id, status=RegistrationStatus.REGISTERED, **{f"{kind.field}__isnull": True}
        ).update(**{kind.field: now})
    )


def release(kind: ReminderKind, registration_id: int) -> None:
    Registration.objects.filter(pk=registration_id).update(**{kind.field: None})


def _absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL.rstrip("/") + path


def build_email(kind: ReminderKind, registration: Registration, recipient) -> EmailMultiAlternatives:
    from community.notifications.emails import unsubscribe_url

    call = registration.call
    with translation.override(settings.LANGUAGE_CODE), timezone.override(BERLIN):
        page_url = _absolute(call.get_url() or "/")
        if kind is DAY:
            subject = _("Reminder: community call “%(title)s” on %(when)s") % {
                "title": call.title,
                "when": short_when_text(call.start_at),
            }
        else:
            subject = _("In one hour: community call “%(title)s” at %(time)s") % {
                "title": call.title,
                "time": time_text(call.start_at),
            }
        state = getattr(call, "state", None)
        channel = state.channel if state is not None and state.channel_id else None
        unsubscribe_link = unsubscribe_url(recipient.user_id, KIND)
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "site_url": settings.SITE_URL.rstrip("/"),
            "name": recipient.name,
            "kind": kind.key,
            "call": call,
            "summary": plain_text(call.summary),
            "when": when_text(call.start_at, call.end_at),
            "date": date_text(call.start_at),
            "time": time_text(call.start_at),
            "zone": zone_label(call.start_at),
            "agenda": call.agenda_schedule,
            "video_url": call.video_url,
            "page_url": page_url,
            "channel_url": _absolute(reverse("chat:channel", args=[channel.slug])) if channel else "",
            "my_calls_url": _absolute(reverse("calls:mine")),
            "preferences_url": _absolute(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe_link,
        }
        text = render_to_string("calls/email/reminder.txt", context)
        html = render_to_string("calls/email/reminder.html", context)
        calendar = single_call_calendar(call, page_url=page_url, include_video_link=True)
    message = EmailMultiAlternatives(
        subject=f"[{settings.WAGTAIL_SITE_NAME}] {subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.address],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    message.attach(f"{call.slug}.ics", calendar, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def send_due_reminders(now=None, progress=None) -> ReminderRun:
    """Claim and send every due reminder. `progress(text)` is told about each call (the command prints it)."""
    from community.notifications.emails import recipients_for
    from community.notifications.models import preferences_for

    now = now or timezone.now()
    run = ReminderRun()
    for kind in KINDS:
        candidates = list(
            due(kind, now).select_related("call", "call__state__channel").order_by("call__start_at", "pk")
        )
        if not candidates:
            continue
        user_ids = {registration.user_id for registration in candidates}
        preferences = preferences_for(user_ids)
        recipients = recipients_for(user_ids)
        batch = []
        for registration in candidates:
            if not claim(kind, registration.pk, now):
                continue  # another run has it
            recipient = recipients.get(registration.user_id)
            if recipient is None or not preferences[registration.user_id].wants_email(KIND):
                run.skipped += 1  # claimed all the same: it is handled
                continue
            try:
                batch.append((registration, build_email(kind, registration, recipient)))
            except Exception:
                logger.exception(
                    "Could not build the %s reminder for registration %s", kind.key, registration.pk
                )
                release(kind, registration.pk)
                run.failed += 1
        sent = _deliver(kind, batch)
        for (registration, _message), ok in zip(batch, sent, strict=True):
            if ok:
                run.sent[kind.key] += 1
                run.calls.add(registration.call_id)
            else:
                run.failed += 1
        if progress is not None and batch:
            by_call: dict[str, int] = {}
            for (registration, _message), ok in zip(batch, sent, strict=True):
                if ok:
                    by_call[registration.call.title] = by_call.get(registration.call.title, 0) + 1
            for title, count in by_call.items():
                progress(kind, title, count)
    return run


def _deliver(kind: ReminderKind, batch) -> list[bool]:
    if not batch:
        return []
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        logger.exception("Mail server unavailable; %s call reminders stay queued", len(batch))
        for registration, _message in batch:
            release(kind, registration.pk)
        return [False] * len(batch)
    results = []
    try:
        for registration, message in batch:
            message.connection = connection
            try:
                message.send()
            except Exception:
                logger.exception(
                    "Could not send the %s reminder for registration %s", kind.key, registration.pk
                )
                release(kind, registration.pk)
                results.append(False)
            else:
                results.append(True)
    finally:
        connection.close()
    return results
