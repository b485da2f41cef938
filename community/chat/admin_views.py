"""The chat in the Wagtail admin ("Live-Kanäle"): channels (create, describe, archive), the review queue of
reported messages with the decision, and the moderation log. Editors and site moderators only."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from community.members.roles import EDITORS, MODERATORS, is_editor, is_moderator
from home.review_queue import OpenFirstIndexView

from . import moderation, rendering
from .broadcast import Outbox, publish_sync
from .errors import ChatError
from .models import Channel, Message, ModerationAction, Report, ReportStatus


class ModeratorsOnlyPolicy(BasePermissionPolicy):
    """Editors and site moderators manage channels and decide reports; only editors delete channels (with
    their whole history). Nobody adds, edits or deletes reports or log entries here."""

    def _actions(self, user) -> set[str]:
        if not is_moderator(user):
            return set()
        if self.model is Channel:
            actions = {"view", "add", "change"}
            if is_editor(user):
                actions.add("delete")
            return actions
        if self.model is Report:
            return {"view", "decide"}
        return {"view"}

    def user_has_permission(self, user, action):
        return action in self._actions(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        moderators = users.filter(Q(is_superuser=True) | Q(groups__name__in=[EDITORS, MODERATORS])).distinct()
        wanted = set(actions)
        if self.model is Channel and wanted <= {"delete"}:
            return users.filter(Q(is_superuser=True) | Q(groups__name=EDITORS)).distinct()
        if self.model is Report and wanted & {"view", "decide"}:
            return moderators
        if self.model is Channel and wanted & {"view", "add", "change", "delete"}:
            return moderators
        if self.model is ModerationAction and "view" in wanted:
            return moderators
        return users.none()


# --- Channels -----------------------------------------------------------------------------------------------------


class ChannelIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().order_by("archived", "name")


class _RefreshOpenPages:
    """After an editor changes a channel (e.g. archives it), open pages re-read their rights."""

    def save_instance(self):
        instance = super().save_instance()
        outbox = Outbox()
        outbox.channel_changed(instance.pk)
        publish_sync(outbox)
        return instance


class ChannelCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ChannelEditView(_RefreshOpenPages, EditView):
    pass


class ChannelViewSet(ModelViewSet):
    model = Channel
    name = "chat_channels"
    url_prefix = "kanaele"
    icon = "comment"
    menu_label = _("Channels")
    index_view_class = ChannelIndexView
    add_view_class = ChannelCreateView
    edit_view_class = ChannelEditView
    copy_view_enabled = False
    list_filter = ["kind", "archived"]
    search_fields = ["name", "description"]
    list_per_page = 50
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("bundeslaender"), FieldPanel("regions", widget=forms.CheckboxSelectMultiple)],
            heading=_("Regions"),
        ),
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Community call")),
        FieldPanel("archived"),
    ]

    @property
    def list_display(self):
        return [
            TitleColumn("name", label=_("Name"), url_name=self.get_url_name("edit")),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("last_seq", label=_("Messages")),
            DateColumn("last_message_at", label=_("Last message"), sort_key="last_message_at"),
            StatusTagColumn(
                "archived",
                label=_("State"),
                accessor=lambda channel: gettext("archived") if channel.archived else gettext("active"),
                primary=lambda channel: not channel.archived,
            ),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()


# --- Reports ----------------------------------------------------------------------------------------------------


class ReportIndexView(OpenFirstIndexView):
    open_status = ReportStatus.OPEN
    related = ("message__channel", "message__author__profile", "reporter__profile")


class ReportReviewView(InspectView):
    template_name = "chat/admin/report_review.html"
    page_title = _("Review")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Report.objects.select_related(
                "message__channel", "message__author__profile", "reporter__profile", "handled_by__profile"
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        message = report.message
        others = (
            Report.objects.filter(message=message)
            .exclude(pk=report.pk)
            .select_related("reporter__profile")
            .order_by("created_at")
        )
        context.update(
            {
                "report": report,
                "message": message,
                "channel": message.channel,
                "author_name": rendering.author_name(message.author),
                "reporter_name": rendering.author_name(report.reporter),
                "handled_by_name": rendering.author_name(report.handled_by) if report.handled_by else "",
                "reported_html": rendering.render_body(report.message_text).html,
                "current_html": rendering.mark_safe(message.body_html),
                "changed_since": (not message.is_deleted) and message.body != report.message_text,
                "other_reports": others,
                "message_url": message.get_absolute_url(),
                "can_decide": report.is_open and self.user_has_permission("decide"),
                "author_messages": Message.objects.filter(
                    author_id=message.author_id, channel=message.channel
                )
                .exclude(pk=message.pk)
                .order_by("-seq")[:5]
                if message.author_id
                else [],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("decide"):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if decision not in ("remove", "dismiss"):
            messages.error(request, gettext("Please choose one of the buttons."))
            return redirect(request.path)
        try:
            outbox = moderation.decide_report(request.user, self.object, remove_message=decision == "remove")
        except ChatError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        publish_sync(outbox)
        if decision == "remove":
            messages.success(request, gettext("The message was deleted and the report resolved."))
        else:
            messages.success(request, gettext("The report was dismissed; the message stays."))
        return redirect(reverse("chat_reports:index"))


class ReportViewSet(ModelViewSet):
    model = Report
    name = "chat_reports"
    url_prefix = "kanaele/meldungen"
    icon = "warning"
    menu_label = _("Reported messages")
    index_view_class = ReportIndexView
    inspect_view_class = ReportReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["status", "reason"]
    list_per_page = 30

    @property
    def list_display(self):
        return [
            TitleColumn(
                "message",
                label=_("Message"),
                accessor=lambda report: rendering.excerpt(report.message_text, 80) or "–",
                get_url=lambda report: reverse(self.get_url_name("inspect"), args=[report.pk]),
            ),
            Column("channel", label=_("Channel"), accessor="message.channel.name"),
            Column("reason", label=_("Reason"), accessor="get_reason_display"),
            DateColumn("created_at", label=_("Reported at"), sort_key="created_at"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda report: report.is_open,
                sort_key="status",
            ),
        ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("pruefen/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()


# --- The moderation log ---------------------------------------------------------------------------------------------


class ModerationLogIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor__profile", "target_user__profile")


class ModerationLogViewSet(ModelViewSet):
    model = ModerationAction
    name = "chat_moderation_log"
    url_prefix = "kanaele/protokoll"
    icon = "list-ul"
    menu_label = _("Moderation log")
    index_view_class = ModerationLogIndexView
    copy_view_enabled = False
    list_filter = ["action"]
    search_fields = ["channel_name", "details"]
    list_per_page = 50

    @property
    def list_display(self):
        return [
            DateColumn("created_at", label=_("When"), sort_key="created_at"),
            Column("actor", label=_("Moderator"), accessor=lambda entry: rendering.author_name(entry.actor)),
            Column("action", label=_("Action"), accessor="get_action_display"),
            Column("channel_name", label=_("Channel")),
            Column(
                "target_user",
                label=_("Member concerned"),
                accessor=lambda entry: (
                    rendering.author_name(entry.target_user) if entry.target_user_id else "–"
                ),
            ),
            Column(
                "details", label=_("Details"), accessor=lambda entry: rendering.excerpt(entry.details, 120)
            ),
        ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()


class ChatViewSetGroup(ViewSetGroup):
    menu_label = _("Live channels")
    menu_icon = "comment"
    menu_order = 260
    items = (ChannelViewSet, ReportViewSet, ModerationLogViewSet)
