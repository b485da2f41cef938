"""The HTTP side of calls: registering and cancelling (POST forms that work without JavaScript), calendar files
and feeds, and "Meine Calls" with the personal calendar address. The rules are in registration.py and
access.py; these views only translate between them and the web."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from home.chrome import relative_url, site_for_request
from home.ratelimit import RateLimit

from . import registration as rules
from .access import access_for, forget_access
from .cache import visible_calls
from .calendar import calendar_response, feed_calendar, single_call_calendar, with_tags
from .listing import decorate, tags_prefetch
from .models import ACTIVE_STATUSES, CalendarFeedToken, Registration, RegistrationStatus, new_calendar_token

REGISTRATION_LIMIT = RateLimit("call-registration", limit=20, period=10 * 60)
TOKEN_LIMIT = RateLimit("call-calendar-token", limit=5, period=60 * 60)
FEED_LIMIT = 500
# A feed client polls every few hours; remembering each poll would be a write per poll.
TOKEN_USE_PRECISION = 6 * 60 * 60


def _call_url(call, request) -> str:
    site = site_for_request(request)
    return (relative_url(call, site) if site else None) or call.get_url(request) or "/"


def _back_to_box(call, request):
    return redirect(_call_url(call, request) + "#anmeldung")


def _limited(request) -> bool:
    result = REGISTRATION_LIMIT.hit(request.user.pk)
    if result.allowed:
        return False
    messages.error(
        request,
        _("You have changed your registrations very often. Please try again in %(minutes)s minutes.")
        % {"minutes": max(1, result.retry_after // 60)},
    )
    return True


def register_for_call(request, call):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(_call_url(call, request))
    if _limited(request):
        return _back_to_box(call, request)
    try:
        registration = rules.register(request.user, call)
    except rules.RegistrationError as error:
        messages.error(request, error.message)
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(
                request,
                _(
                    "You are registered. The access link and the calendar file are on this page; we will "
                    "remind you by email a day and an hour before the call."
                ),
            )
        else:
            messages.info(
                request,
                _(
                    "All places are taken, so you are on the waiting list. When a place becomes free, you "
                    "move up automatically and we let you know."
                ),
            )
    forget_access(request)
    return _back_to_box(call, request)


def cancel_registration(request, call):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(_call_url(call, request))
    if _limited(request):
        return _back_to_box(call, request)
    try:
        result = rules.cancel(request.user, call)
    except rules.RegistrationError as error:
        messages.error(request, error.message)
    else:
        if result.registration.cancelled_at:
            messages.success(
                request, _("You have cancelled your registration. Thank you for letting us know!")
            )
    forget_access(request)
    return _back_to_box(call, request)


def call_ics(request, call):
    """The call as a calendar file; with the video link for participants and editors only."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    access = access_for(request.user, call)
    content = single_call_calendar(
        call,
        page_url=request.build_absolute_uri(_call_url(call, request)),
        include_video_link=access.sees_video_link,
    )
    private = request.user.is_authenticated
    return calendar_response(content, filename=f"{call.slug}.ics", private=private)


def _feed_calls(queryset):
    return with_tags(
        list(
            queryset.select_related(None)
            .prefetch_related(tags_prefetch())
            .order_by("-start_at", "-pk")[:FEED_LIMIT]
        )
    )


def _absolute(request):
    site = site_for_request(request)

    def absolute(call):
        path = (relative_url(call, site) if site else None) or call.url_path
        return request.build_absolute_uri(path)

    return absolute


@require_GET
def calls_feed(request):
    """Every published call (the newest FEED_LIMIT), without video links: subscribable by anyone."""
    calls = _feed_calls(visible_calls())
    content = feed_calendar(
        calls, absolute=_absolute(request), name=_("Netzwerkstatt: community calls"), include_video_link=False
    )
    return calendar_response(content, filename="community-calls.ics", private=False)


@require_GET
def personal_feed(request, token: str):
    """The calls a member is registered for, with their video links. The token in the address is the only key."""
    entry = (
        CalendarFeedToken.objects.select_related("user").filter(token=token).first()
        if 20 <= len(token) <= 64
        else None
    )
    if entry is None or not entry.user.is_active:
        raise Http404
    now = timezone.now()
    if entry.last_used_at is None or (now - entry.last_used_at).total_seconds() > TOKEN_USE_PRECISION:
        CalendarFeedToken.objects.filter(pk=entry.pk).update(last_used_at=now)
    registered = Registration.objects.filter(user_id=entry.user_id, status=RegistrationStatus.REGISTERED)
    calls = _feed_calls(visible_calls().filter(pk__in=registered.values("call_id")))
    content = feed_calendar(
        calls,
        absolute=_absolute(request),
        name=_("Netzwerkstatt: my community calls"),
        include_video_link=True,
    )
    return calendar_response(content, filename="meine-community-calls.ics", private=True)


def _personal_feed_url(request, token) -> str:
    if token is None:
        return ""
    return request.build_absolute_uri(reverse("calls:personal_feed", args=[token.token]))


@login_required
def my_calls(request):
    now = timezone.now()
    registrations = list(
        Registration.objects.filter(user=request.user, status__in=ACTIVE_STATUSES, call__live=True)
        .select_related("call", "call__state")
        .order_by("call__start_at")
    )
    calls = [registration.call for registration in registrations]
    prefetch_related_objects(calls, tags_prefetch())
    decorate(calls, request, now, {r.call_id: r.status for r in registrations})
    upcoming = [call for call in calls if not call.over]
    past = [call for call in reversed(calls) if call.over]
    token = CalendarFeedToken.objects.filter(user=request.user).first()
    return render(
        request,
        "calls/my_calls.html",
        {
            "upcoming": upcoming,
            "past": past,
            "feed_url": _personal_feed_url(request, token),
            "token": token,
            "public_feed_url": request.build_absolute_uri(reverse("calls:feed")),
        },
    )


@login_required
@require_POST
def renew_calendar_token(request):
    """Create the personal calendar address, or replace it (the old one stops working at once)."""
    result = TOKEN_LIMIT.hit(request.user.pk)
    if not result.allowed:
        messages.error(
            request,
            _("You have renewed your calendar address very often. Please try again in %(minutes)s minutes.")
            % {"minutes": max(1, result.retry_after // 60)},
        )
        return redirect("calls:mine")
    token, created = CalendarFeedToken.objects.get_or_create(user=request.user)
    if created:
        messages.success(request, _("Your personal calendar address is ready. Add it to your calendar app."))
    else:
        token.token = new_calendar_token()
        token.created_at = timezone.now()
        token.last_used_at = None
        token.save(update_fields=["token", "created_at", "last_used_at"])
        messages.success(
            request,
            _(
                "You have a new calendar address. The old one no longer works: replace it in your calendar app."
            ),
        )
    return redirect("calls:mine")
