from django.urls import reverse
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem

from .admin_views import ProposalViewSet
from .models import ProposalStatus, RegionChangeProposal
from .proposals import is_editor


@hooks.register("register_admin_viewset")
def register_proposal_viewset():
    return ProposalViewSet()


class OpenProposalsSummaryItem(SummaryItem):
    """On the editors' dashboard: how many change proposals wait for a decision."""

    order = 250
    template_name = "regions/admin/open_proposals_summary.html"

    def get_context_data(self, parent_context):
        return {
            "open_count": RegionChangeProposal.objects.filter(status=ProposalStatus.OPEN).count(),
            "url": reverse("region_proposals:index") + f"?status={ProposalStatus.OPEN}",
        }

    def is_shown(self):
        return is_editor(self.request.user)


@hooks.register("construct_homepage_summary_items")
def add_open_proposals(request, summary_items):
    summary_items.append(OpenProposalsSummaryItem(request))
