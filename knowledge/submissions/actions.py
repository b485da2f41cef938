"""What a member does with a submission: keep a draft, submit, resubmit, withdraw, reopen, delete.

Views call these; each runs in one transaction and leaves the Submission and the editors' page consistent.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from wagtail.models import WorkflowState

from .models import (
    DELETABLE_STATES,
    EDITABLE_STATES,
    REOPENABLE_STATES,
    WITHDRAWABLE_STATES,
    Submission,
    SubmissionDocument,
    SubmissionImage,
    SubmissionState,
)
from .pages import create_draft_page, submitted_snapshot, update_draft_page
from .uploads import MAX_DOCUMENTS, MAX_IMAGES, delete_files, private_collection, store_document, store_image

logger = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The submission is not in a state that allows this."""


# --- The draft ----------------------------------------------------------------------------------------------


def keep_draft(submission: Submission, values: dict, attachment_values: dict) -> None:
    """Store what the member typed, valid or not, and the changes to their attachments (removals first)."""
    if submission.state not in EDITABLE_STATES:
        raise NotAllowed
    submission.data = values
    submission.title = (values.get("title") or "")[:255]
    submission.save()
    images = {a.pk: a for a in submission.images.all()}
    removed_images = []
    for pk, entered in attachment_values.get("images", {}).items():
        attachment = images.get(pk)
        if attachment is None:
            continue
        if entered["remove"]:
            removed_images.append(attachment)
            continue
        attachment.alt_text, attachment.caption, attachment.credit = (
            entered["alt_text"],
            entered["caption"],
            entered["credit"],
        )
        attachment.save(update_fields=["alt_text", "caption", "credit"])
        if entered["alt_text"] and attachment.image.description != entered["alt_text"]:
            # The image's own description is its default alt text, also in the admin.
            attachment.image.description = entered["alt_text"]
            attachment.image.save(update_fields=["description"])
    documents = {a.pk: a for a in submission.documents.all()}
    removed_documents = []
    for pk, entered in attachment_values.get("documents", {}).items():
        attachment = documents.get(pk)
        if attachment is None:
            continue
        if entered["remove"]:
            removed_documents.append(attachment)
            continue
        attachment.title, attachment.description = entered["title"], entered["description"]
        attachment.save(update_fields=["title", "description"])
    _remove_attachments(submission, removed_images, removed_documents)


def _remove_attachments(submission, images, documents) -> None:
    """Detach; the files themselves go unless the editors' page still shows them (a submission whose page
    exists keeps its files until the page is gone)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    private = private_collection()
    for attachment in images:
        image_id = attachment.image_id
        attachment.delete()
        if submission.page_id is None:
            get_image_model().objects.filter(pk=image_id, collection=private).delete()
    for attachment in documents:
        document_id = attachment.document_id
        attachment.delete()
        if submission.page_id is None:
            get_document_model().objects.filter(pk=document_id, collection=private).delete()


def room_for_images(submission: Submission) -> int:
    return max(0, MAX_IMAGES - submission.images.count())


def room_for_documents(submission: Submission) -> int:
    return max(0, MAX_DOCUMENTS - submission.documents.count())


def attach_image(submission: Submission, checked, *, original_name: str, user) -> SubmissionImage:
    title = (submission.title or original_name or "Bild")[:200]
    image = store_image(checked, title=title, user=user, collection=private_collection())
    return SubmissionImage.objects.create(
        submission=submission,
        image=image,
        original_name=original_name[:255],
        sort_order=submission.images.count(),
    )


def attach_document(
    submission: Submission, content: bytes, *, original_name: str, user
) -> SubmissionDocument:
    stem = original_name.rsplit(".", 1)[0]
    document = store_document(
        content, original_name=original_name, title=stem, user=user, collection=private_collection()
    )
    return SubmissionDocument.objects.create(
        submission=submission,
        document=document,
        original_name=original_name[:255],
        sort_order=submission.documents.count(),
    )


# --- Submitting ---------------------------------------------------------------------------------------------


def _quiet_wagtail_emails(user) -> None:
    """Members hear about decisions from our notifications (German, with a link into the site). Wagtail
    would also email the person who requested the review, in English and with links into the admin they
    cannot open; members without admin access therefore have those two emails switched off."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


def submit(submission: Submission, user) -> Submission:
    """Submit a draft (a new draft page and a new review) or resubmit after requested changes (the draft
    page updated, the review resumed). Raises NotAllowed, or pages.PracticeIndexMissing."""
    from .workflow import workflow_for

    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",)).select_related("page").get(pk=submission.pk)
        )
        if submission.state not in EDITABLE_STATES:
            raise NotAllowed
        page = submission.page
        if page is not None and page.live:
            raise NotAllowed  # published already: changes go through the editors
        if page is None:
            page = create_draft_page(submission, user)
            submission.page = page
        else:
            page = update_draft_page(submission, user)
        # Saved before the workflow starts, so the workflow's signals find the submission in its new state.
        submission.state = SubmissionState.IN_REVIEW
        submission.submitted_at = timezone.now()
        submission.submitted_data = submitted_snapshot(submission)
        submission.save()
        _quiet_wagtail_emails(user)
        workflow_state = page.current_workflow_state
        if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            workflow_state.resume(user)
        elif workflow_state is None:
            workflow_for(page).start(page, user)
    return submission


def withdraw(submission: Submission, user) -> None:
    """The member takes a submission under review back: the review is cancelled and the editors' unpublished
    draft page deleted. What the member wrote and uploaded stays with the submission."""
    from wagtail.actions.delete_page import DeletePageAction

    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",)).select_related("page").get(pk=submission.pk)
        )
        if submission.state not in WITHDRAWABLE_STATES:
            raise NotAllowed
        submission.state = SubmissionState.WITHDRAWN
        submission.decided_at = timezone.now()
        submission.save(update_fields=["state", "decided_at", "updated_at"])
        page = submission.page
        if page is None:
            return
        workflow_state = page.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=user)
        if not page.live and not page.first_published_at:
            submission.page = None
            submission.save(update_fields=["page", "updated_at"])
            DeletePageAction(page.specific, user=user).execute(skip_permission_checks=True)


def reopen(submission: Submission) -> None:
    """A withdrawn or declined submission becomes a draft again."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state not in REOPENABLE_STATES:
            raise NotAllowed
        submission.state = SubmissionState.DRAFT
        submission.save(update_fields=["state", "updated_at"])


def delete(submission: Submission, user) -> None:
    """Delete a draft, withdrawn or declined submission with its files (and a declined draft page, which
    nobody can publish any more without the member)."""
    from wagtail.actions.delete_page import DeletePageAction

    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",)).select_related("page").get(pk=submission.pk)
        )
        if submission.state not in DELETABLE_STATES:
            raise NotAllowed
        page = submission.page
        if page is not None and not page.live and not page.first_published_at:
            submission.page = None
            submission.save(update_fields=["page"])
            workflow_state = page.current_workflow_state
            if workflow_state is not None:
                workflow_state.cancel(user=user)
            DeletePageAction(page.specific, user=user).execute(skip_permission_checks=True)
        delete_files(submission)
        submission.delete()
