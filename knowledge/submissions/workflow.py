"""The editors' review of submissions, in Wagtail's own moderation workflow.

Setup (idempotent, after every `migrate` and again on each submission): a workflow "Redaktionelle Prüfung"
with one group approval task for the group Redaktion, assigned to the practice index page, so every draft page
a member submits lands in the editors' "Awaiting your review" list. Editors who assign another workflow to
the index keep theirs; a submission is only ever started without review if nothing at all is assigned, which
`workflow_for` prevents by falling back to ours.

Following the page: Wagtail's signals update the Submission and announce the decision (signals.py):

    workflow_rejected ("Request changes")      -> changes_requested, with the editor's comment
    page_published / workflow_approved         -> published (whoever published it, by whatever path)
    workflow_cancelled by the editors          -> declined, once the transaction is committed and no new
                                                  review has started and the page is not live
    page deleted while under review            -> declined
    task_submitted / workflow_submitted        -> in_review again (e.g. an editor resubmits after fixing)

The member's own actions (submit, resubmit, withdraw) are in actions.py; they set the state before they touch
the workflow, so the handlers here recognise them and stay quiet.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    Page,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from .models import UNDER_REVIEW_STATES, Submission, SubmissionState
from .signals import CHANGES_REQUESTED, DECLINED, PUBLISHED, submission_decided
from .text import clean_text
from .uploads import EDITORS_GROUP, publish_files

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "Redaktionelle Prüfung"
TASK_NAME = "Prüfung durch die Redaktion"


def ensure_review_workflow() -> Workflow:
    """Create the workflow, its task and the assignment to the practice index if missing. Idempotent."""
    from .pages import practice_index

    editors, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).order_by("pk").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
    if not task.groups.filter(pk=editors.pk).exists():
        task.groups.add(editors)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    index = practice_index()
    if index is not None and not WorkflowPage.objects.filter(page=index).exists():
        WorkflowPage.objects.create(page=index, workflow=workflow)
    return workflow


def workflow_for(page) -> Workflow:
    """The workflow that reviews `page`: the one assigned to it or an ancestor, else ours."""
    ensure_review_workflow()
    return page.get_workflow() or Workflow.objects.filter(name=WORKFLOW_NAME).order_by("pk").first()


def ensure_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver: the workflow and the two collections exist on every database."""
    from .uploads import ensure_collections

    ensure_review_workflow()
    ensure_collections()


# --- Following the page -------------------------------------------------------------------------------------


def _page_id(workflow_state: WorkflowState) -> int | None:
    if workflow_state.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return None  # a snippet's workflow
    try:
        return int(workflow_state.object_id)
    except (TypeError, ValueError):
        return None


def _submission_for_page(page_id) -> Submission | None:
    if page_id is None:
        return None
    return Submission.objects.select_related("author").filter(page_id=page_id).first()


def _announce(submission: Submission, decision: str, *, comment: str = "", url: str = "", actor=None) -> None:
    submission_decided.send(
        sender=Submission, submission=submission, decision=decision, comment=comment, url=url, actor=actor
    )


def member_url(submission: Submission) -> str:
    from django.urls import reverse

    if submission.is_editable:
        return reverse("submissions:edit", args=[submission.pk])
    return reverse("submissions:list")


def on_workflow_rejected(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    """ "Request changes": the member may edit and resubmit; they see the editor's comment."""
    submission = _submission_for_page(_page_id(instance))
    if submission is None or submission.state != SubmissionState.IN_REVIEW:
        return
    task_state = instance.current_task_state
    # Shown to the member as text; cleaned like member text (no control characters or direction overrides).
    comment = clean_text((task_state.comment if task_state is not None else "") or "")
    submission.state = SubmissionState.CHANGES_REQUESTED
    submission.editor_comment = comment
    submission.decided_at = timezone.now()
    submission.save(update_fields=["state", "editor_comment", "decided_at", "updated_at"])
    _announce(submission, CHANGES_REQUESTED, comment=comment, url=member_url(submission), actor=user)


def mark_published(submission: Submission, page, *, actor=None, comment: str = "") -> None:
    if submission.state == SubmissionState.PUBLISHED:
        return
    submission.state = SubmissionState.PUBLISHED
    submission.decided_at = timezone.now()
    submission.save(update_fields=["state", "decided_at", "updated_at"])
    publish_files(submission)
    url = page.get_url() or ""
    _announce(submission, PUBLISHED, comment=comment, url=url, actor=actor)


def _last_approval(page_id: int) -> TaskState | None:
    return (
        TaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id=str(page_id),
            status=TaskState.STATUS_APPROVED,
        )
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


def on_page_published(sender, instance, **kwargs) -> None:
    submission = _submission_for_page(instance.pk)
    if submission is None or submission.state == SubmissionState.PUBLISHED:
        return
    approval = _last_approval(instance.pk)
    actor = approval.finished_by if approval is not None else None
    comment = clean_text(approval.comment if approval is not None else "")
    mark_published(submission, instance, actor=actor, comment=comment or "")


def on_workflow_approved(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    # Normally the page was published a moment ago (page_published did the rest). With a custom
    # WAGTAIL_FINISH_WORKFLOW_ACTION or a go-live date in the future it is not live yet; then
    # page_published follows when it goes live.
    page_id = _page_id(instance)
    submission = _submission_for_page(page_id)
    if submission is None or submission.state == SubmissionState.PUBLISHED:
        return
    page = Page.objects.filter(pk=page_id).first()
    if page is not None and page.live:
        mark_published(submission, page, actor=user)


def on_review_started(sender, instance, user=None, **kwargs) -> None:
    """A review (re)started on the page, e.g. an editor resubmitted it after fixing it themselves."""
    workflow_state = instance if isinstance(instance, WorkflowState) else instance.workflow_state
    submission = _submission_for_page(_page_id(workflow_state))
    if submission is None or submission.state not in (
        SubmissionState.CHANGES_REQUESTED,
        SubmissionState.DECLINED,
    ):
        return
    submission.state = SubmissionState.IN_REVIEW
    submission.save(update_fields=["state", "updated_at"])


def on_workflow_cancelled(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    """Cancelled by the editors means declined, unless it was only a restart or a direct publish: decided
    once the transaction is committed, when a restarted review or the publication is visible."""
    page_id = _page_id(instance)
    submission = _submission_for_page(page_id)
    if submission is None or submission.state not in UNDER_REVIEW_STATES:
        return
    if user is not None and user.pk == submission.author_id:
        return  # the member withdrew (actions.withdraw sets the state first; this is the safety net)
    submission_id, actor_id = submission.pk, getattr(user, "pk", None)
    transaction.on_commit(lambda: settle_cancelled_review(submission_id, actor_id))


def settle_cancelled_review(submission_id: int, actor_id: int | None) -> None:
    from django.contrib.auth import get_user_model

    submission = Submission.objects.select_related("author", "page").filter(pk=submission_id).first()
    if submission is None or submission.state not in UNDER_REVIEW_STATES or submission.page is None:
        return
    page = submission.page
    if page.live:
        return
    if (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk))
        .exists()
    ):
        return
    submission.state = SubmissionState.DECLINED
    submission.decided_at = timezone.now()
    submission.save(update_fields=["state", "decided_at", "updated_at"])
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    _announce(submission, DECLINED, url=member_url(submission), actor=actor)


def on_practice_page_deleted(sender, instance, **kwargs) -> None:
    """An editor deleted the draft page of a submission under review: the submission was not accepted."""
    submission = _submission_for_page(instance.pk)
    if submission is None or submission.state not in UNDER_REVIEW_STATES:
        return
    submission.state = SubmissionState.DECLINED
    submission.decided_at = timezone.now()
    submission.save(update_fields=["state", "decided_at", "updated_at"])
    _announce(submission, DECLINED, url=member_url(submission))


def connect() -> None:
    from django.db.models.signals import pre_delete
    from wagtail.signals import (
        page_published,
        task_submitted,
        workflow_approved,
        workflow_cancelled,
        workflow_rejected,
        workflow_submitted,
    )

    from knowledge.practice.models import BestPracticePage, FailureStoryPage, PracticePage

    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="submissions-workflow-rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="submissions-workflow-approved")
    workflow_cancelled.connect(on_workflow_cancelled, dispatch_uid="submissions-workflow-cancelled")
    workflow_submitted.connect(on_review_started, dispatch_uid="submissions-workflow-submitted")
    task_submitted.connect(on_review_started, dispatch_uid="submissions-task-submitted")
    for page_class in (BestPracticePage, FailureStoryPage):
        page_published.connect(
            on_page_published, sender=page_class, dispatch_uid=f"submissions-published-{page_class.__name__}"
        )
    pre_delete.connect(on_practice_page_deleted, sender=PracticePage, dispatch_uid="submissions-page-deleted")
