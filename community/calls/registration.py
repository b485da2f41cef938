"""Registering for a call, cancelling, and the waiting list: the rules, used by the views and the admin alike.

Never overbooked: every change takes a lock on the call's CallState row (SELECT … FOR UPDATE on PostgreSQL;
SQLite serialises writing transactions anyway) and counts the registrations only then, inside the same
transaction. Two members asking for the last place at the same moment are served one after the other: one gets
it, the other joins the waiting list.

The waiting list is first come, first served (the time a member asked for a place). When a place becomes free
(a cancellation, or editors add places), the first on the list moves up at once and is told in the site and by
email. Registration closes when the call starts; nobody moves up after that.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .access import is_member
from .models import CallState, CommunityCallPage, Registration, RegistrationStatus

REFUSALS = {
    "login_required": _("Please log in to register for a call."),
    "not_published": _("This call is not published."),
    "past": _("This call is over; registration is closed."),
    "started": _("Registration has closed: the call has already started."),
    "already_registered": _("You are already registered for this call."),
    "already_waitlisted": _("You are already on the waiting list for this call."),
    "not_registered": _("You are not registered for this call."),
    "cancel_started": _("The call has already started; a cancellation is no longer possible."),
}


class RegistrationError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(REFUSALS[self.code])


@dataclass
class CancelResult:
    registration: Registration
    promoted: list[Registration] = field(default_factory=list)


@dataclass(frozen=True)
class _Call:
    """The call as stored right now (read under the lock: editors may have changed it since the request)."""

    pk: int
    live: bool
    start_at: object
    end_at: object
    capacity: int | None


def _lock(call_id: int) -> CallState:
    try:
        return CallState.objects.select_for_update().get(call_id=call_id)
    except CallState.DoesNotExist:
        CallState.objects.get_or_create(call_id=call_id)
        return CallState.objects.select_for_update().get(call_id=call_id)


def _current(call_id: int) -> _Call | None:
    row = (
        CommunityCallPage.objects.filter(pk=call_id)
        .values("pk", "live", "start_at", "end_at", "capacity")
        .first()
    )
    return _Call(**row) if row else None


def _counts(call_id: int) -> dict[str, int]:
    return Registration.objects.filter(call_id=call_id).aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )


def _store_counts(call_id: int, registered: int, waitlisted: int) -> None:
    CallState.objects.filter(call_id=call_id).update(registered_count=registered, waitlist_count=waitlisted)


def recount(call_id: int) -> None:
    """Bring the stored numbers in line with the registrations (after deletions outside this module)."""
    counts = _counts(call_id)
    _store_counts(call_id, counts["registered"], counts["waitlisted"])


def register(user, call, *, now=None) -> Registration:
    """Register `user` for `call`: a place if one is free, otherwise the end of the waiting list."""
    now = now or timezone.now()
    if not is_member(user):
        raise RegistrationError("login_required")
    with transaction.atomic():
        _lock(call.pk)
        current = _current(call.pk)
        if current is None or not current.live:
            raise RegistrationError("not_published")
        if current.end_at <= now:
            raise RegistrationError("past")
        if current.start_at <= now:
            raise RegistrationError("started")
        registration = Registration.objects.filter(call_id=call.pk, user_id=user.pk).first()
        if registration is not None and registration.status == RegistrationStatus.REGISTERED:
            raise RegistrationError("already_registered")
        if registration is not None and registration.status == RegistrationStatus.WAITLISTED:
            raise RegistrationError("already_waitlisted")
        # Nobody jumps the queue: a place that is free while others wait goes to them first.
        _promote(current, now)
        counts = _counts(call.pk)
        registered, waitlisted = counts["registered"], counts["waitlisted"]
        has_place = current.capacity is None or registered < current.capacity
        status = RegistrationStatus.REGISTERED if has_place else RegistrationStatus.WAITLISTED
        if registration is None:
            registration = Registration.objects.create(
                call_id=call.pk, user=user, status=status, created_at=now, requested_at=now
            )
        else:
            registration.status = status
            registration.requested_at = now
            registration.cancelled_at = None
            registration.promoted_at = None
            registration.save(update_fields=["status", "requested_at", "cancelled_at", "promoted_at"])
        if status == RegistrationStatus.REGISTERED:
            registered += 1
        else:
            waitlisted += 1
        _store_counts(call.pk, registered, waitlisted)
    return registration


def cancel(user, call, *, now=None) -> CancelResult:
    """Cancel `user`'s registration or place on the waiting list; a freed place goes to the first waiting."""
    if not is_member(user):
        raise RegistrationError("login_required")
    return release(user.pk, call.pk, now=now)


def release(user_id: int, call_id: int, *, now=None) -> CancelResult:
    """cancel() without asking who the user is (also for accounts being erased)."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(call_id)
        registration = (
            Registration.objects.filter(call_id=call_id, user_id=user_id)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
        if registration is None:
            raise RegistrationError("not_registered")
        current = _current(call_id)
        if current is None or current.start_at <= now:
            raise RegistrationError("cancel_started")
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = _promote(current, now)
        recount(call_id)
    return CancelResult(registration=registration, promoted=promoted)


def fill_free_places(call, *, now=None) -> list[Registration]:
    """Move members up from the waiting list into free places, e.g. after editors added places."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(call.pk)
        current = _current(call.pk)
        if current is None or not current.live:
            return []
        promoted = _promote(current, now)
        if promoted:
            recount(call.pk)
    return promoted


def _promote(current: _Call, now) -> list[Registration]:
    """Under the lock: give free places to the first on the waiting list, and tell them."""
    if current.start_at <= now or not current.live:
        return []
    waiting = Registration.objects.filter(call_id=current.pk, status=RegistrationStatus.WAITLISTED).order_by(
        "requested_at", "pk"
    )
    if current.capacity is not None:
        taken = Registration.objects.filter(call_id=current.pk, status=RegistrationStatus.REGISTERED).count()
        free = current.capacity - taken
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    if not promoted:
        return []
    Registration.objects.filter(pk__in=[registration.pk for registration in promoted]).update(
        status=RegistrationStatus.REGISTERED, promoted_at=now
    )
    call = CommunityCallPage.objects.get(pk=current.pk)
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = now
        notify_promoted(registration, call)
    return promoted


def notify_promoted(registration: Registration, call: CommunityCallPage) -> None:
    """In the site and by email (the notifications app decides, by the member's settings)."""
    from community.notifications.api import NotificationKind, notify

    from .timefmt import when_text

    with translation.override(settings.LANGUAGE_CODE):
        title = str(_("You have moved up: “%(title)s” on %(when)s")) % {
            "title": call.title,
            "when": when_text(call.start_at, call.end_at),
        }
        body = str(
            _(
                "A place has become free and it is yours: you are now registered. The call page has the "
                "access link and the calendar file. If you cannot come after all, please cancel there, so "
                "the next person can move up."
            )
        )
    notify(
        registration.user,
        NotificationKind.CALL_REGISTRATION,
        title,
        body=body,
        url=call.get_url() or "",
        target=call,
    )
