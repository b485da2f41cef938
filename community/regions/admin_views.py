"""Change proposals in the Wagtail admin ("Änderungsvorschläge"): a list, and a review page with the diff of
current and proposed values and the accept/reject decision. Only editors see and decide them (see
ProposalPermissionPolicy); nobody creates or edits proposals here, they come from the coordinators."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from home.review_queue import OpenFirstIndexView
from home.text import render_markdown

from .forms import DecisionForm
from .models import ProposalStatus, RegionChangeProposal
from .proposals import ProposalAlreadyDecided, accept, diff, editors, is_editor, reject


class ProposalPermissionPolicy(BasePermissionPolicy):
    """Editors may view and decide; nobody adds, edits or deletes proposals in the admin."""

    EDITOR_ACTIONS = {"view", "decide"}

    def user_has_permission(self, user, action):
        return action in self.EDITOR_ACTIONS and is_editor(user)

    def users_with_any_permission(self, actions):
        if self.EDITOR_ACTIONS & set(actions):
            return editors()
        return editors().none()


class ProposalIndexView(OpenFirstIndexView):
    open_status = ProposalStatus.OPEN
    related = ("region", "proposer__profile", "decided_by__profile")


class ProposalReviewView(InspectView):
    template_name = "regions/admin/proposal_review.html"
    page_title = _("Review")

    def get_object(self, queryset=None):
        return get_object_or_404(
            RegionChangeProposal.objects.select_related("region", "proposer__profile", "decided_by__profile"),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.object
        region = proposal.region.specific
        rows = diff(proposal, region)
        context.update(
            {
                "proposal": proposal,
                "region": region,
                "rows": rows,
                "changed_rows": [row for row in rows if row.changed],
                "unchanged_rows": [row for row in rows if not row.changed],
                "message_html": render_markdown(proposal.message),
                "decision_form": kwargs.get("decision_form") or DecisionForm(),
                "can_decide": proposal.is_open and self.user_has_permission("decide"),
                "has_pending_draft": region.has_unpublished_changes,
                "region_edit_url": f"/admin/pages/{region.pk}/edit/",
                "region_url": region.get_url(self.request),
                "proposer_name": str(proposal.proposer) if proposal.proposer else gettext("former member"),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("decide"):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == DecisionForm.ACCEPT:
                    decision = accept(self.object, request.user, form.cleaned_data["note"])
                    if decision.published:
                        messages.success(
                            request, gettext("Proposal accepted; the page was published with the changes.")
                        )
                    elif decision.revision_created:
                        messages.warning(
                            request,
                            gettext(
                                "Proposal accepted. The page has an unpublished draft or you may not publish it, "
                                "so the changes were saved as a new draft: please review and publish it."
                            ),
                        )
                    else:
                        messages.success(
                            request, gettext("Proposal accepted; it did not change any field of the page.")
                        )
                else:
                    reject(self.object, request.user, form.cleaned_data["note"])
                    messages.success(
                        request, gettext("Proposal rejected; the coordinator has been told why.")
                    )
                return redirect(self.index_url_name)
            except ProposalAlreadyDecided:
                messages.error(request, gettext("Someone else has decided on this proposal in the meantime."))
                return redirect(request.path)
            except ValidationError as error:
                form.add_error(None, error)
        return self.render_to_response(self.get_context_data(decision_form=form))


class ProposalViewSet(ModelViewSet):
    model = RegionChangeProposal
    name = "region_proposals"
    url_prefix = "aenderungsvorschlaege"
    icon = "doc-full-inverse"
    add_to_admin_menu = True
    menu_order = 250
    menu_label = _("Change proposals")
    index_view_class = ProposalIndexView
    inspect_view_class = ProposalReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["status"]
    list_per_page = 30

    @property
    def list_display(self):
        return [
            TitleColumn("region", label=_("MINT-Region"), accessor="region.title", get_url=self._review_url),
            Column("proposer", label=_("Proposed by")),
            DateColumn("created_at", label=_("Proposed at"), sort_key="created_at"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda proposal: proposal.is_open,
                sort_key="status",
            ),
            Column("decided_by", label=_("Decided by")),
        ]

    def _review_url(self, proposal):
        return reverse(self.get_url_name("inspect"), args=[proposal.pk])

    def get_urlpatterns(self):
        # Only listing and review: proposals are created by coordinators on the site, never edited here.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("review/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]

    def get_permissions_to_register(self):
        # Deciding is tied to the editors' group, not to assignable model permissions.
        return super().get_permissions_to_register().none()
