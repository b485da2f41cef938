"""In-app notifications, the notification settings and the one-click unsubscribe page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from home.pagination import SlicePage
from home.ratelimit import RateLimit, client_identifier

from . import inbox
from .api import safe_site_path
from .forms import NotificationPreferencesForm
from .models import KIND_PREFERENCE_LABELS, Notification
from .preferences import (
    InvalidToken,
    preference_of,
    read_unsubscribe_token,
    resubscribe,
    save_preference,
    unsubscribe,
)

PAGE_SIZE = 20
UNREAD_FILTER = "ungelesen"

mark_limit = RateLimit("notifications-mark", limit=120, period=60)
preferences_limit = RateLimit("notification-preferences", limit=20, period=60)
unsubscribe_limit = RateLimit("notification-unsubscribe", limit=20, period=60)


def _too_fast_message(retry_after: int) -> str:
    return _("Too many changes in a short time. Please try again in %(seconds)s seconds.") % {
        "seconds": retry_after
    }


def _back_to_list(request) -> HttpResponseRedirect:
    target = safe_site_path(request.POST.get("next", ""))
    if not target.startswith(reverse("notifications:list")):
        target = reverse("notifications:list")
    return HttpResponseRedirect(target)


@never_cache
@login_required
@require_GET
def notification_list(request):
    only_unread = request.GET.get("ansicht") == UNREAD_FILTER
    notifications = Notification.objects.filter(recipient_id=request.user.pk, in_app=True)
    if only_unread:
        notifications = notifications.filter(read_at__isnull=True)
    page = SlicePage.from_request(notifications.order_by("-created_at", "-id"), request, PAGE_SIZE)
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page_obj": page,
            "notifications": page.items,
            "unread": inbox.unread_count(request.user.pk),
            "only_unread": only_unread,
            "query": f"ansicht={UNREAD_FILTER}" if only_unread else "",
        },
    )


@never_cache
@login_required
@require_GET
def open_notification(request, pk: int):
    """Mark the notification read and go where it points. Only paths on this site: never an open redirect."""
    notification = get_object_or_404(Notification, pk=pk, recipient_id=request.user.pk)
    if notification.read_at is None:
        inbox.mark_read(request.user, notification.pk)
    return HttpResponseRedirect(safe_site_path(notification.url) or reverse("notifications:list"))


@login_required
@require_POST
def set_read_state(request, pk: int):
    limited = mark_limit.hit(request.user.pk)
    if not limited.allowed:
        messages.error(request, _too_fast_message(limited.retry_after))
        return _back_to_list(request)
    if request.POST.get("gelesen") == "0":
        found = inbox.mark_unread(request.user, pk)
    else:
        found = inbox.mark_read(request.user, pk)
    if not found:
        raise Http404
    return _back_to_list(request)


@login_required
@require_POST
def mark_all_read(request):
    limited = mark_limit.hit(request.user.pk)
    if not limited.allowed:
        messages.error(request, _too_fast_message(limited.retry_after))
    elif inbox.mark_all_read(request.user):
        messages.success(request, _("All notifications are marked as read."))
    return _back_to_list(request)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = preference_of(request.user)
    status = 200
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST, preference=preference)
        limited = preferences_limit.hit(request.user.pk)
        if form.is_valid() and not limited.allowed:
            form.add_error(None, _too_fast_message(limited.retry_after))
            status = 429
        elif form.is_valid():
            previous_digest = preference.digest
            form.apply_to(preference)
            if preference.sends_digest and preference.digest != previous_digest:
                # The first summary comes at the next regular slot, not at the next hourly run.
                preference.last_digest_at = timezone.now()
            save_preference(preference)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    else:
        form = NotificationPreferencesForm(preference=preference)
    context = {
        "form": form,
        "digest_hour": settings.NOTIFICATION_DIGEST_HOUR,
        "digest_weekday": WEEKDAYS[settings.NOTIFICATION_DIGEST_WEEKDAY],
    }
    return render(request, "notifications/preferences.html", context, status=status)


# --- Unsubscribe without logging in ---------------------------------------------------------------------------


def _masked(address: str) -> str:
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


@never_cache
@csrf_exempt  # authenticated by the signed token; mail providers POST here without a CSRF token (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token: str):
    try:
        wish = read_unsubscribe_token(token)
    except InvalidToken as error:
        return render(
            request, "notifications/unsubscribe_invalid.html", {"expired": error.expired}, status=400
        )
    user = get_user_model().objects.filter(pk=wish.user_id, is_active=True).first()
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", {"expired": False}, status=400)

    kind_label = KIND_PREFERENCE_LABELS.get(wish.kind, "") if wish.kind else ""
    context = {"token": token, "kind": wish.kind, "kind_label": kind_label, "address": _masked(user.email)}
    if request.method == "GET":
        return render(request, "notifications/unsubscribe.html", context)

    limited = unsubscribe_limit.hit(client_identifier(request))
    if not limited.allowed:
        context["error"] = _too_fast_message(limited.retry_after)
        return render(request, "notifications/unsubscribe.html", context, status=429)

    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    action = "unsubscribe" if one_click else request.POST.get("action", "")
    # The token decides what may be changed: the kind it was issued for, or all notification emails.
    scope = wish.kind if one_click else request.POST.get("scope", "")
    if action not in ("unsubscribe", "undo") or scope not in ("", wish.kind):
        context["error"] = _("Please choose one of the buttons.")
        return render(request, "notifications/unsubscribe.html", context, status=400)
    if action == "unsubscribe":
        unsubscribe(user, scope)
    else:
        resubscribe(user, scope)
    context.update(
        {
            "done": action,
            "scope": scope,
            "scope_label": KIND_PREFERENCE_LABELS.get(scope, "") if scope else "",
        }
    )
    return render(request, "notifications/unsubscribe_done.html", context)
