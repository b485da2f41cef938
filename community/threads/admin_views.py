"""The discussions in the Wagtail admin ("Diskussionen"): the review queue of flagged posts with the decision
(hide the post with a reason, or dismiss the flag) and the moderation log. Editors and site moderators only."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from community.members.roles import EDITORS, MODERATORS, is_moderator
from home.review_queue import OpenFirstIndexView
from home.text import render_markdown

from . import moderation, rendering, targets
from .broadcast import publish_sync
from .errors import ThreadError
from .models import Flag, FlagStatus, ModerationEntry, Post


class ModeratorsOnlyPolicy(BasePermissionPolicy):
    """Editors and site moderators review flags and read the log. Nobody adds, edits or deletes them here."""

    def _actions(self, user) -> set[str]:
        if not is_moderator(user):
            return set()
        return {"view", "decide"} if self.model is Flag else {"view"}

    def user_has_permission(self, user, action):
        return action in self._actions(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        wanted = set(actions)
        if wanted & ({"view", "decide"} if self.model is Flag else {"view"}):
            return users.filter(Q(is_superuser=True) | Q(groups__name__in=[EDITORS, MODERATORS])).distinct()
        return users.none()


def _discussion_title(flag: Flag) -> str:
    target = flag.post.thread.target
    return targets.title_of(target) if target is not None else "–"


# --- The review queue ------------------------------------------------------------------------------------------


class FlagIndexView(OpenFirstIndexView):
    open_status = FlagStatus.OPEN
    related = ("post__thread", "post__author__profile", "reporter__profile")

    def get_base_queryset(self):
        # The discussions' pages for the "Discussion" column, one query per page type.
        return super().get_base_queryset().prefetch_related("post__thread__target")


class FlagReviewView(InspectView):
    template_name = "threads/admin/flag_review.html"
    page_title = _("Review")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Flag.objects.select_related(
                "post__thread", "post__author__profile", "reporter__profile", "handled_by__profile"
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        flag = self.object
        post = flag.post
        others = (
            Flag.objects.filter(post=post)
            .exclude(pk=flag.pk)
            .select_related("reporter__profile")
            .order_by("created_at")
        )
        context.update(
            {
                "flag": flag,
                "post": post,
                "discussion_title": _discussion_title(flag),
                "author_name": rendering.member_name(post.author),
                "reporter_name": rendering.member_name(flag.reporter),
                "handled_by_name": rendering.member_name(flag.handled_by) if flag.handled_by else "",
                "flagged_html": render_markdown(flag.post_text),
                "current_html": mark_safe(post.body_html),  # nosec B308, B703: body_html is sanitised by nh3 when the post is stored (services.render_body -> home.text.render_markdown)
                "changed_since": post.is_visible and post.body != flag.post_text,
                "other_flags": [
                    {"flag": other, "reporter": rendering.member_name(other.reporter)} for other in others
                ],
                "post_url": post.get_absolute_url(),
                "can_decide": flag.is_open and self.user_has_permission("decide"),
                "reason_max": moderation.REASON_MAX,
                "author_posts": Post.objects.filter(author_id=post.author_id, thread=post.thread)
                .exclude(pk=post.pk)
                .order_by("-number")[:5]
                if post.author_id
                else [],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("decide"):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if decision not in ("hide", "dismiss"):
            messages.error(request, gettext("Please choose one of the buttons."))
            return redirect(request.path)
        try:
            result = moderation.decide_flag(
                request.user, self.object, hide_post=decision == "hide", reason=request.POST.get("reason", "")
            )
        except ThreadError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        publish_sync(result.outbox)
        if decision == "hide":
            messages.success(request, gettext("The post is hidden and the flag resolved."))
        else:
            messages.success(request, gettext("The flag was dismissed; the post stays."))
        return redirect(reverse("threads_flags:index"))


class FlagViewSet(ModelViewSet):
    model = Flag
    name = "threads_flags"
    url_prefix = "diskussionen/meldungen"
    icon = "warning"
    menu_label = _("Flagged posts")
    index_view_class = FlagIndexView
    inspect_view_class = FlagReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["status", "reason"]
    list_per_page = 30

    @property
    def list_display(self):
        return [
            TitleColumn(
                "post",
                label=_("Post"),
                accessor=lambda flag: rendering.excerpt(flag.post_text, 80) or "–",
                get_url=lambda flag: reverse(self.get_url_name("inspect"), args=[flag.pk]),
            ),
            Column("discussion", label=_("Discussion"), accessor=_discussion_title),
            Column("reason", label=_("Reason"), accessor="get_reason_display"),
            DateColumn("created_at", label=_("Flagged at"), sort_key="created_at"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda flag: flag.is_open,
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


# --- The moderation log ---------------------------------------------------------------------------------------


class ModerationLogIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor__profile", "target_user__profile")


class ModerationLogViewSet(ModelViewSet):
    model = ModerationEntry
    name = "threads_moderation_log"
    url_prefix = "diskussionen/protokoll"
    icon = "list-ul"
    menu_label = _("Moderation log")
    index_view_class = ModerationLogIndexView
    copy_view_enabled = False
    list_filter = ["action"]
    search_fields = ["thread_title", "details"]
    list_per_page = 50

    @property
    def list_display(self):
        return [
            DateColumn("created_at", label=_("When"), sort_key="created_at"),
            Column("actor", label=_("Moderator"), accessor=lambda entry: rendering.member_name(entry.actor)),
            Column("action", label=_("Action"), accessor="get_action_display"),
            Column("thread_title", label=_("Discussion")),
            Column(
                "target_user",
                label=_("Member concerned"),
                accessor=lambda entry: (
                    rendering.member_name(entry.target_user) if entry.target_user_id else "–"
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


class ThreadsViewSetGroup(ViewSetGroup):
    menu_label = _("Discussions")
    menu_icon = "comment"
    menu_order = 265
    items = (FlagViewSet, ModerationLogViewSet)
