"""The coordinators' "Änderung vorschlagen" form (/regionen/<slug>/vorschlag/), routed by RegionPage."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from home.ratelimit import RateLimit, client_identifier

from .detail import page_url, parent_url
from .forms import RegionProposalForm
from .models import RegionChangeProposal
from .proposals import changed_labels, create_proposal

PROPOSAL_LIMIT = RateLimit("region-proposal", limit=5, period=60 * 60)


def _minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)


def propose_change(request, region):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    region_url = page_url(region, request)
    if not region.is_coordinator(request.user):
        return TemplateResponse(
            request,
            "regions/proposal_forbidden.html",
            {"page": region, "region_url": region_url},
            status=403,
        )

    status = 200
    if request.method == "POST":
        form = RegionProposalForm(request.POST, region=region)
        if form.is_valid():
            limit = PROPOSAL_LIMIT.hit(client_identifier(request))
            if limit.allowed:
                create_proposal(region, request.user, form.proposed_values(), form.cleaned_data["message"])
                messages.success(
                    request,
                    gettext(
                        "Thank you! The editors will review your proposal and let you know what they decide."
                    ),
                )
                return redirect(region_url)
            form.add_error(
                None,
                gettext(
                    "You have sent several proposals in a short time. Please try again in %(minutes)s minutes; "
                    "your input is still here."
                )
                % {"minutes": _minutes(limit.retry_after)},
            )
            status = 429
        # An invalid form is answered like Django's FormView does: 200, the errors and everything typed.
    else:
        form = RegionProposalForm(region=region)

    own_proposals = list(
        RegionChangeProposal.objects.filter(region=region, proposer=request.user).order_by("-created_at")[:10]
    )
    for proposal in own_proposals:
        proposal.changed_labels = changed_labels(proposal)
    return TemplateResponse(
        request,
        "regions/region_proposal_form.html",
        {
            "page": region,
            "self": region,
            "form": form,
            "region_url": region_url,
            "directory_url": parent_url(region_url),
            "own_proposals": own_proposals,
        },
        status=status,
    )
