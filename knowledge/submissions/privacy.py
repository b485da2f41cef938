"""A member's submissions in the data export, and what erasing the member does to them.

Registered with the privacy registry by community/integrations/submissions.py (knowledge/ does not import
community/).

Erasure: drafts, submissions under review, withdrawn and declined ones go, with their images and documents
and the editors' unpublished draft page. Published posts stay: they are part of the site's knowledge and the
editors took them on, but they lose every link to the member: no author, no byline, anonymous, also in every
stored revision. This holds whether or not the member chose to keep their contributions, because the posts
are editorial content once published; their text never names the member unless the member wrote it so.
"""

from __future__ import annotations

from django.db import transaction

from .models import Submission


def export_submissions(user) -> list[dict]:
    submissions = (
        Submission.objects.filter(author=user)
        .select_related("page")
        .prefetch_related("images__image", "documents__document")
        .order_by("created_at", "pk")
    )
    exported = []
    for submission in submissions:
        page = submission.page
        exported.append(
            {
                "id": submission.pk,
                "kind": submission.kind,
                "kind_label": str(submission.get_kind_display()),
                "state": submission.state,
                "state_label": str(submission.get_state_display()),
                "title": submission.title,
                "text": submission.data,
                "editor_comment": submission.editor_comment,
                "created_at": submission.created_at,
                "updated_at": submission.updated_at,
                "submitted_at": submission.submitted_at,
                "decided_at": submission.decided_at,
                "page": None
                if page is None
                else {"id": page.pk, "title": page.title, "live": page.live, "url": page.get_url() or None},
                "images": [
                    {
                        "file_name": attachment.original_name,
                        "description": attachment.alt_text,
                        "caption": attachment.caption,
                        "credit": attachment.credit,
                        "url": attachment.image.file.url,
                    }
                    for attachment in submission.images.all()
                ],
                "documents": [
                    {
                        "file_name": attachment.original_name,
                        "title": attachment.title,
                        "description": attachment.description,
                        "url": attachment.document.url,
                    }
                    for attachment in submission.documents.all()
                ],
            }
        )
    return exported


def _was_published(page) -> bool:
    return page is not None and (page.live or page.first_published_at is not None)


def anonymise_post(page, user) -> None:
    """Remove every trace of `user` as the author of a published post: on the page and in its revisions."""
    specific = page.specific
    specific.author = None
    specific.byline = ""
    specific.anonymous = True
    if specific.owner_id == user.pk:
        specific.owner = None
    specific.save(update_fields=["author", "byline", "anonymous", "owner"], clean=False)
    for revision in specific.revisions.all():
        content = dict(revision.content or {})
        content.update({"author": None, "byline": "", "anonymous": True})
        if content.get("owner") == user.pk:
            content["owner"] = None
        revision.content = content
        if revision.user_id == user.pk:
            revision.user = None
        revision.save(update_fields=["content", "user"])


def erase_submissions(user, keep_content: bool) -> None:
    from wagtail.actions.delete_page import DeletePageAction
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from .models import SubmissionState
    from .uploads import delete_files

    with transaction.atomic():
        for submission in Submission.objects.filter(author=user).select_related("page"):
            page = submission.page
            if _was_published(page):
                anonymise_post(page, user)
                image_ids = list(submission.images.values_list("image_id", flat=True))
                document_ids = list(submission.documents.values_list("document_id", flat=True))
                get_image_model().objects.filter(pk__in=image_ids).update(uploaded_by_user=None)
                get_document_model().objects.filter(pk__in=document_ids).update(uploaded_by_user=None)
                submission.delete()
                continue
            # Not published: everything goes. The state is set first, so the workflow's signal handlers
            # do not announce a decision to a member who is being erased.
            submission.state = SubmissionState.WITHDRAWN
            submission.page = None
            submission.save(update_fields=["state", "page"])
            if page is not None:
                workflow_state = page.current_workflow_state
                if workflow_state is not None:
                    workflow_state.cancel(user=None)
                DeletePageAction(page.specific).execute(skip_permission_checks=True)
            delete_files(submission)
            submission.delete()
