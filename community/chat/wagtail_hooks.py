from django.urls import reverse
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem

from community.members.roles import is_moderator

from .admin_views import ChatViewSetGroup
from .models import Report, ReportStatus


@hooks.register("register_admin_viewset")
def register_chat_viewsets():
    return ChatViewSetGroup()


class OpenReportsSummaryItem(SummaryItem):
    """On the dashboard of editors and moderators: how many reported messages wait for a decision."""

    order = 260
    template_name = "chat/admin/open_reports_summary.html"

    def get_context_data(self, parent_context):
        return {
            "open_count": Report.objects.filter(status=ReportStatus.OPEN).count(),
            "url": reverse("chat_reports:index") + f"?status={ReportStatus.OPEN}",
        }

    def is_shown(self):
        return is_moderator(self.request.user)


@hooks.register("construct_homepage_summary_items")
def add_open_reports(request, summary_items):
    summary_items.append(OpenReportsSummaryItem(request))
