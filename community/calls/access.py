"""Who sees what of a call: the one place that decides it.

The video-conference link is shown to editors and to members whose registration has the status "registered".
Everyone else (visitors, other members, members on the waiting list or who cancelled) never gets it: not in
the page, not in a calendar file, not anywhere else. Views, calendar files and templates ask `access_for()`.
"""

from dataclasses import dataclass

from django.db.models import Q

from community.members.roles import is_editor

from .models import Registration, RegistrationStatus


@dataclass(frozen=True)
class CallAccess:
    registration: Registration | None = None
    editor: bool = False
    waitlist_position: int | None = None

    @property
    def is_registered(self) -> bool:
        return self.registration is not None and self.registration.is_registered

    @property
    def is_waitlisted(self) -> bool:
        return self.registration is not None and self.registration.is_waitlisted

    @property
    def sees_video_link(self) -> bool:
        return self.editor or self.is_registered


NOBODY = CallAccess()


def is_member(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def waitlist_position(registration: Registration) -> int:
    """1 for the first on the waiting list: the order is the time of asking for a place."""
    ahead = Registration.objects.filter(
        call_id=registration.call_id, status=RegistrationStatus.WAITLISTED
    ).filter(
        Q(requested_at__lt=registration.requested_at)
        | Q(requested_at=registration.requested_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def access_for(user, call) -> CallAccess:
    if not is_member(user):
        return NOBODY
    registration = Registration.objects.filter(call_id=call.pk, user_id=user.pk).first()
    position = waitlist_position(registration) if registration and registration.is_waitlisted else None
    return CallAccess(registration=registration, editor=is_editor(user), waitlist_position=position)


def remember_access(request, call) -> CallAccess:
    """access_for() once per request and call (the page's serve() and its context both ask)."""
    cache = getattr(request, "_call_access", None)
    if cache is None:
        cache = request._call_access = {}
    if call.pk not in cache:
        cache[call.pk] = access_for(getattr(request, "user", None), call)
    return cache[call.pk]


def forget_access(request) -> None:
    if hasattr(request, "_call_access"):
        del request._call_access
