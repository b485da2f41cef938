"""Change proposals: coordinators propose, editors decide.

The rules live here, in plain functions the front-end view and the Wagtail admin view both call: who may
propose (the region's coordinators), who may decide (editors: superusers and the group "Redaktion"), what an
accepted proposal does to the page (a new revision, published unless someone's draft is pending) and who is
told about it (the editors on arrival, the proposer on the decision, through community.notifications).
"""

import difflib
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import OrganisationalForm, PartnerType, ProposalStatus, RegionChangeProposal, RegionPage

logger = logging.getLogger(__name__)

NOTIFICATION_KIND = "region_proposal"
MULTILINE_FIELDS = {"intro", "area_covered", "financing", "goals"}


class ProposalAlreadyDecided(Exception):
    pass


def is_editor(user) -> bool:
    """Editors decide: superusers and the group Redaktion (the members app owns the roles)."""
    from community.members.roles import is_editor as member_is_editor

    return member_is_editor(user)


def editors():
    from community.members.roles import EDITORS

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=EDITORS))
        .distinct()
    )


def serialise(name: str, value):
    if name == "partner_types":
        chosen = set(value or [])
        return [choice for choice in PartnerType.values if choice in chosen]
    if name == "founded_year":
        return int(value) if value not in (None, "") else None
    return value or ""


def current_values(region: RegionPage) -> dict:
    return {name: serialise(name, getattr(region, name)) for name in RegionPage.PROPOSABLE_FIELDS}


def field_label(name: str) -> str:
    return capfirst(RegionPage._meta.get_field(name).verbose_name)


def display_value(name: str, value) -> str:
    if value in (None, "", []):
        return ""
    if name == "partner_types":
        labels = dict(PartnerType.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if name == "organisational_form":
        return str(dict(OrganisationalForm.choices).get(value, value))
    return str(value)


@dataclass
class FieldDiff:
    name: str
    label: str
    current: str
    proposed: str
    changed: bool
    changed_since_proposal: bool = False
    lines: list[tuple[str, str]] = field(default_factory=list)  # (" " | "-" | "+", text) for long texts


def diff(proposal: RegionChangeProposal, region: RegionPage | None = None) -> list[FieldDiff]:
    """Current page values against the proposed ones, field by field, in the order of the form."""
    region = region or proposal.region
    now = current_values(region)
    rows = []
    for name in RegionPage.PROPOSABLE_FIELDS:
        if name not in proposal.proposed_values:
            continue
        proposed = serialise(name, proposal.proposed_values[name])
        current = now[name]
        changed = proposed != current
        row = FieldDiff(
            name=name,
            label=field_label(name),
            current=display_value(name, current),
            proposed=display_value(name, proposed),
            changed=changed,
            changed_since_proposal=(
                name in proposal.original_values
                and serialise(name, proposal.original_values[name]) != current
            ),
        )
        if changed and name in MULTILINE_FIELDS:
            row.lines = [
                (line[0], line[2:])
                for line in difflib.ndiff(row.current.splitlines(), row.proposed.splitlines())
                if line[:1] in (" ", "-", "+")
            ]
        rows.append(row)
    return rows


def changed_labels(proposal: RegionChangeProposal) -> list[str]:
    """The fields the proposal changes compared to what the page said when it was made."""
    return [
        field_label(name)
        for name in RegionPage.PROPOSABLE_FIELDS
        if name in proposal.proposed_values
        and serialise(name, proposal.proposed_values[name])
        != serialise(name, proposal.original_values.get(name))
    ]


def _notify(recipient, title: str, *, body: str = "", url: str = "", actor=None, target=None) -> None:
    if recipient is None:
        return
    from community.notifications.api import notify

    notify(recipient, NOTIFICATION_KIND, title, body=body, url=url, actor=actor, target=target)


def review_url(proposal: RegionChangeProposal) -> str:
    from django.urls import reverse

    return reverse("region_proposals:inspect", args=[proposal.pk])


def region_url(region: RegionPage) -> str:
    return region.get_url() or region.url_path


def create_proposal(region: RegionPage, proposer, values: dict, message: str = "") -> RegionChangeProposal:
    if not region.is_coordinator(proposer):
        raise PermissionDenied(gettext("Only the coordinators of this region can propose changes."))
    proposal = RegionChangeProposal.objects.create(
        region=region,
        proposer=proposer,
        proposed_values={name: serialise(name, values[name]) for name in RegionPage.PROPOSABLE_FIELDS},
        original_values=current_values(region),
        message=message.strip(),
    )
    title = gettext("New change proposal for %(region)s") % {"region": region.title}
    for editor in editors().exclude(pk=proposer.pk):
        _notify(editor, title, body=message[:500], url=review_url(proposal), actor=proposer, target=region)
    return proposal


@dataclass
class Decision:
    proposal: RegionChangeProposal
    published: bool = False
    revision_created: bool = False


def _lock_open(proposal: RegionChangeProposal) -> RegionChangeProposal:
    locked = RegionChangeProposal.objects.select_for_update().select_related("region").get(pk=proposal.pk)
    if not locked.is_open:
        raise ProposalAlreadyDecided
    return locked


@transaction.atomic
def accept(proposal: RegionChangeProposal, editor, note: str = "") -> Decision:
    """Apply the proposed values as a new revision of the region's page and mark the proposal accepted.

    The revision is built on the page's latest revision and published. If that latest revision is an
    unpublished draft (an editor is working on the page), publishing would release their unfinished work too,
    so the new revision stays a draft and the editor is told to publish it.
    """
    if not is_editor(editor):
        raise PermissionDenied
    proposal = _lock_open(proposal)
    region = RegionPage.objects.get(pk=proposal.region_id)
    decision = Decision(proposal=proposal)
    changes = {
        name: serialise(name, value)
        for name, value in proposal.proposed_values.items()
        if name in RegionPage.PROPOSABLE_FIELDS
    }
    # Decide before saving: without a pending draft, the working copy *is* `region`, and saving a revision
    # marks it as having unpublished changes.
    may_publish = (
        region.live
        and not region.has_unpublished_changes
        and region.permissions_for_user(editor).can_publish()
    )
    working_copy = region.get_latest_revision_as_object()
    changed = {name: value for name, value in changes.items() if current_values(working_copy)[name] != value}
    if changed:
        for name, value in changed.items():
            setattr(working_copy, name, value)
        working_copy.full_clean()
        revision = working_copy.save_revision(user=editor, log_action=True)
        decision.revision_created = True
        proposal.revision = revision
        if may_publish:
            revision.publish(user=editor)
            decision.published = True
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_by = editor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()
    proposal.save()
    _notify(
        proposal.proposer,
        gettext("Your change proposal for %(region)s was accepted") % {"region": region.title},
        body=proposal.decision_note,
        url=region_url(region),
        actor=editor,
        target=region,
    )
    return decision


@transaction.atomic
def reject(proposal: RegionChangeProposal, editor, note: str) -> Decision:
    if not is_editor(editor):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError(_("Tell the coordinator why, so they can improve the proposal."), code="note")
    proposal = _lock_open(proposal)
    proposal.status = ProposalStatus.REJECTED
    proposal.decided_by = editor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()
    proposal.save()
    region = proposal.region
    _notify(
        proposal.proposer,
        gettext("Your change proposal for %(region)s was not accepted") % {"region": region.title},
        body=proposal.decision_note,
        url=region_url(region),
        actor=editor,
        target=region,
    )
    return Decision(proposal=proposal)


# --- Privacy (export and erasure, see community/members/privacy.py) -------------------------------------------


def export_proposals(user) -> list[dict]:
    return [
        {
            "region": proposal.region.title,
            "created_at": proposal.created_at.isoformat(),
            "status": proposal.status,
            "proposed_values": proposal.proposed_values,
            "message": proposal.message,
            "decision_note": proposal.decision_note,
        }
        for proposal in RegionChangeProposal.objects.filter(proposer=user).select_related("region")
    ]


def erase_proposals(user, keep_content: bool) -> None:
    """Open proposals are withdrawn; decided ones stay as part of the page's history, without the person
    (their message may name them, so it goes unless the member keeps their content)."""
    proposals = RegionChangeProposal.objects.filter(proposer=user)
    proposals.filter(status=ProposalStatus.OPEN).delete()
    if keep_content:
        proposals.update(proposer=None)
    else:
        proposals.update(proposer=None, message="")
