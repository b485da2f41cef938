"""Calls in the Wagtail admin ("Call-Anmeldungen"): every call with its numbers, and per call the list of
participants and waiting members with a CSV export.

Only editors get in, and only for calls they may edit: participants' email addresses are for the organisers.
The CSV is for spreadsheets (semicolons, UTF-8 with byte order mark); every cell that a spreadsheet could take
for a formula is defused with a leading apostrophe (CSV injection), as names come from members themselves.
"""

import csv
from io import StringIO

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from community.members.roles import is_editor

from .models import CommunityCallPage, Registration, RegistrationStatus
from .timefmt import local, when_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
STATUS_ORDER = Case(
    When(status=RegistrationStatus.REGISTERED, then=Value(0)),
    When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def can_see_participants(user, call=None) -> bool:
    if not is_editor(user):
        return False
    return call is None or call.permissions_for_user(user).can_edit()


def member_name(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or user.get_full_name() or user.email


def participant_rows(call) -> list[dict]:
    """Registered first (in the order they got their place), then the waiting list in its order, then the
    cancellations."""
    registrations = (
        Registration.objects.filter(call=call)
        .select_related("user__profile")
        .annotate(status_order=STATUS_ORDER)
        .order_by("status_order", "requested_at", "pk")
    )
    rows, position = [], 0
    for registration in registrations:
        if registration.status == RegistrationStatus.WAITLISTED:
            position += 1
        rows.append(
            {
                "registration": registration,
                "name": member_name(registration.user),
                "email": registration.user.email,
                "status": registration.status,
                "status_label": registration.get_status_display(),
                "position": position if registration.status == RegistrationStatus.WAITLISTED else None,
                "registered_at": local(registration.requested_at),
                "promoted_at": local(registration.promoted_at) if registration.promoted_at else None,
                "cancelled_at": local(registration.cancelled_at) if registration.cancelled_at else None,
            }
        )
    return rows


class CallsAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_participants(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("calls_admin:index"), "label": gettext("Call registrations")},
        ]
        if self.page_title != _("Call registrations"):
            items.append({"url": "", "label": self.get_page_title()})
        return items


class CallListView(CallsAdminView):
    template_name = "calls/admin/call_list.html"
    page_title = _("Call registrations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        calls = list(
            CommunityCallPage.objects.select_related("state")
            .only("id", "title", "start_at", "end_at", "capacity", "live", "path", "depth",
                  "state__registered_count", "state__waitlist_count")
            .order_by("-start_at")
        )  # fmt: skip
        upcoming = sorted((call for call in calls if call.end_at > now), key=lambda call: call.start_at)
        past = [call for call in calls if call.end_at <= now]
        for call in calls:
            call.when = when_text(call.start_at, call.end_at)
            call.participants_url = reverse("calls_admin:participants", args=[call.pk])
        context.update({"upcoming": upcoming, "past": past})
        return context


class ParticipantsView(CallsAdminView):
    template_name = "calls/admin/participants.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = _call_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Participants: %(title)s") % {"title": self.call.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = participant_rows(self.call)
        context.update(
            {
                "call": self.call,
                "when": when_text(self.call.start_at, self.call.end_at),
                "rows": rows,
                "registered": sum(1 for row in rows if row["status"] == RegistrationStatus.REGISTERED),
                "waiting": sum(1 for row in rows if row["status"] == RegistrationStatus.WAITLISTED),
                "cancelled": sum(1 for row in rows if row["status"] == RegistrationStatus.CANCELLED),
                "csv_url": reverse("calls_admin:participants_csv", args=[self.call.pk]),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[self.call.pk]),
                "index_url": reverse("calls_admin:index"),
            }
        )
        return context


def _call_for(request, pk: int) -> CommunityCallPage:
    """The call, if this editor may see its participants (nobody else learns whether it exists)."""
    if not can_see_participants(request.user):
        raise PermissionDenied
    call = get_object_or_404(CommunityCallPage, pk=pk)
    if not can_see_participants(request.user, call):
        raise PermissionDenied
    return call


def participants_csv(request, pk: int) -> HttpResponse:
    call = _call_for(request, pk)
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(
        [
            gettext("Name"),
            gettext("Email"),
            gettext("Status"),
            gettext("Position on the waiting list"),
            gettext("Registered at"),
            gettext("Moved up at"),
            gettext("Cancelled at"),
        ]
    )

    def stamp(value):
        return value.strftime("%Y-%m-%d %H:%M") if value else ""

    for row in participant_rows(call):
        writer.writerow(
            spreadsheet_safe(value)
            for value in (
                row["name"],
                row["email"],
                row["status_label"],
                row["position"] or "",
                stamp(row["registered_at"]),
                stamp(row["promoted_at"]),
                stamp(row["cancelled_at"]),
            )
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    date = local(call.start_at).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{call.slug}-{date}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


class CallsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_participants(request.user)


class CallsAdminViewSet(ViewSet):
    menu_item_class = CallsMenuItem
    name = "calls_admin"
    url_prefix = "community-calls"
    icon = "calendar"
    add_to_admin_menu = True
    menu_label = _("Call registrations")
    menu_order = 270

    def get_urlpatterns(self):
        return [
            path("", CallListView.as_view(), name="index"),
            path("<int:pk>/teilnehmende/", ParticipantsView.as_view(), name="participants"),
            path("<int:pk>/teilnehmende/csv/", participants_csv, name="participants_csv"),
        ]
