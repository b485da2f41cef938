from django.urls import reverse
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem

from community.members.roles import is_moderator

from .admin_views import ThreadsViewSetGroup
from .models import Flag, FlagStatus


@hooks.register("register_admin_viewset")
def register_thread_viewsets():
    return ThreadsViewSetGroup()


class OpenFlagsSummaryItem(SummaryItem):
    """On the dashboard of editors and moderators: how many flagged posts wait for a decision."""

    order = 265
    template_name = "threads/admin/open_flags_summary.html"

    def get_context_data(self, parent_context):
        return {
            "open_count": Flag.objects.filter(status=FlagStatus.OPEN).count(),
            "url": reverse("threads_flags:index") + f"?status={FlagStatus.OPEN}",
        }

    def is_shown(self):
        return is_moderator(self.request.user)


@hooks.register("construct_homepage_summary_items")
def add_open_flags(request, summary_items):
    summary_items.append(OpenFlagsSummaryItem(request))
