"""Export and erasure of what the calls store about a member (registered in apps.py): registrations, the
personal calendar address, and where the member is named as a host.

Erasure cancels the member's places in calls that lie ahead first, so that the waiting list moves up as after
any cancellation, then deletes every registration and the calendar address. Host entries lose the link to the
account (editors decide whether a guest name stays on the page).
"""

from django.db import transaction
from django.utils import timezone

from .models import CalendarFeedToken, CallHost, Registration, RegistrationStatus


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    registrations = [
        {
            "call": registration.call.title,
            "start": _iso(registration.call.start_at),
            "status": registration.status,
            "status_label": str(registration.get_status_display()),
            "first_registered_at": _iso(registration.created_at),
            "registered_at": _iso(registration.requested_at),
            "moved_up_at": _iso(registration.promoted_at),
            "cancelled_at": _iso(registration.cancelled_at),
            "reminder_day_before_sent_at": _iso(registration.reminder_day_sent_at),
            "reminder_hour_before_sent_at": _iso(registration.reminder_hour_sent_at),
        }
        for registration in Registration.objects.filter(user=user)
        .select_related("call")
        .order_by("call__start_at")
    ]
    token = CalendarFeedToken.objects.filter(user=user).first()
    hosting = sorted(
        {host.page.title for host in CallHost.objects.filter(user=user).select_related("page")},
        key=str.casefold,
    )
    return {
        "registrations": registrations,
        # The secret itself stays out of the file: it is a key to the member's calendar.
        "personal_calendar_address": {
            "created_at": _iso(token.created_at),
            "last_used_at": _iso(token.last_used_at),
        }
        if token
        else None,
        "hosting": hosting,
    }


def erase(user, keep_content: bool) -> None:
    from .registration import RegistrationError, recount, release

    now = timezone.now()
    with transaction.atomic():
        active = (
            Registration.objects.filter(user=user, call__start_at__gt=now)
            .exclude(status=RegistrationStatus.CANCELLED)
            .values_list("call_id", flat=True)
        )
        for call_id in list(active):
            try:
                release(user.pk, call_id, now=now)
            except RegistrationError:
                continue  # started in the meantime: deleted below like the rest
        call_ids = set(Registration.objects.filter(user=user).values_list("call_id", flat=True))
        Registration.objects.filter(user=user).delete()
        for call_id in call_ids:
            recount(call_id)
        CalendarFeedToken.objects.filter(user=user).delete()
        CallHost.objects.filter(user=user).update(user=None)
