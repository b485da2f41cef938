"""Meine Beiträge (/beitraege/): a member's submissions, the form, the preview and the member's actions.

Every view needs a logged-in member with a confirmed email address (allauth's verified_email_required) and
shows only the member's own submissions: anyone else's answers 404, as if it did not exist.

The form never loses what was typed: every POST first stores the input in the draft (valid or not, see
forms.SubmissionForm.draft_values and actions.keep_draft) together with every upload that passed its checks,
and only then validates for the action asked for (save, preview, submit). Rate limits are checked before
anything is written; a refused request shows the form again with everything typed.
"""

from __future__ import annotations

import logging

from allauth.account.decorators import verified_email_required
from allauth.account.utils import user_display
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from home.chrome import relative_url, site_for_request
from home.ratelimit import RateLimit
from knowledge.practice.models import PracticeKind

from . import actions
from .forms import form_class_for, form_data, initial_values, region_choices
from .models import Submission
from .pages import PracticeIndexMissing, build_preview_page
from .uploads import check_document, check_image, display_name

logger = logging.getLogger(__name__)

SAVE_LIMIT = RateLimit("submission-save", limit=60, period=10 * 60)
SUBMIT_LIMIT = RateLimit("submission-submit", limit=5, period=60 * 60)
NEW_DRAFT_LIMIT = RateLimit("submission-new", limit=20, period=24 * 60 * 60)

KIND_SLUGS = {"best-practice": PracticeKind.BEST_PRACTICE, "story-of-failure": PracticeKind.FAILURE}
ACTIONS = ("save", "preview", "submit")


def _own(request, pk: int) -> Submission:
    return get_object_or_404(Submission.objects.select_related("page"), pk=pk, author=request.user)


def _with_files(submission: Submission) -> Submission:
    """The submission with its images and documents loaded once (again, after they changed), for the form
    and the preview, which both read them several times."""
    cache = getattr(submission, "_prefetched_objects_cache", {})
    cache.pop("images", None)
    cache.pop("documents", None)
    prefetch_related_objects([submission], "images__image__renditions", "documents__document")
    return submission


def _wait_message(seconds: int) -> str:
    if seconds < 90:
        return _("Please try again in %(seconds)s seconds.") % {"seconds": seconds}
    return _("Please try again in %(minutes)s minutes.") % {"minutes": max(1, (seconds + 59) // 60)}


def _private(response):
    """Member pages are personal: never cached by a shared cache, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Meine Beiträge -----------------------------------------------------------------------------------------


@verified_email_required
def submission_list(request):
    submissions = list(Submission.objects.of(request.user).for_listing())
    site = site_for_request(request)
    for submission in submissions:
        submission.public_url = ""
        if submission.is_online and site is not None:
            submission.public_url = relative_url(submission.page, site) or ""
    return _private(render(request, "submissions/submission_list.html", {"submissions": submissions}))


@verified_email_required
def choose_kind(request):
    return _private(render(request, "submissions/choose_kind.html", {}))


# --- The form -----------------------------------------------------------------------------------------------


@verified_email_required
@require_http_methods(["GET", "POST"])
def create(request, kind_slug: str):
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404
    return _form_view(request, kind, None)


@verified_email_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    submission = _own(request, pk)
    if not submission.is_editable:
        messages.info(request, _("This submission cannot be edited in its current state."))
        return redirect("submissions:list")
    return _form_view(request, submission.kind, submission)


def _render_form(request, form, submission, kind, *, status=200, saved=False):
    form_action = (
        reverse("submissions:edit", args=[submission.pk])
        if submission is not None and submission.pk
        else request.path
    )
    context = {
        "form": form,
        "submission": submission,
        "kind": kind,
        "is_failure_story": kind == PracticeKind.FAILURE,
        "form_action": form_action,
        "saved_despite_errors": saved,
        "sections": [
            (title, [form[name] for name in names if name in form.fields]) for title, names in form.SECTIONS
        ],
    }
    return _private(render(request, "submissions/submission_form.html", context, status=status))


def _refusal(request, *, new: bool) -> str | None:
    """A German sentence if a rate limit refuses to store this request, else None. Checked before anything
    is stored. (Submitting has its own limit, checked once the input is valid: see _submit.)"""
    checks = [SAVE_LIMIT, NEW_DRAFT_LIMIT] if new else [SAVE_LIMIT]
    for limit in checks:
        result = limit.hit(request.user.pk)
        if not result.allowed:
            if limit is NEW_DRAFT_LIMIT:
                text = _("You have started many new posts today.")
            else:
                text = _("You have saved very often in a short time.")
            return _refusal_text(text, result.retry_after)
    return None


def _refusal_text(text: str, retry_after: int) -> str:
    return " ".join([text, _wait_message(retry_after), _("Nothing you typed is lost: it is all still here.")])


def _store_uploads(request, submission, user) -> dict[str, list[str]]:
    """Check and attach every uploaded file; return the errors per field. Valid files are kept even when
    others (or other fields) are not valid."""
    errors: dict[str, list[str]] = {}
    room = actions.room_for_images(submission)
    for upload in request.FILES.getlist("new_images"):
        name = display_name(upload)
        if room <= 0:
            errors.setdefault("new_images", []).append(
                _("“%(name)s” was not added: a post can have at most %(limit)s images.")
                % {"name": name, "limit": actions.MAX_IMAGES}
            )
            continue
        try:
            checked = check_image(upload)
        except Exception as error:
            errors.setdefault("new_images", []).extend(_messages_of(error, name))
            continue
        actions.attach_image(submission, checked, original_name=name, user=user)
        room -= 1
    room = actions.room_for_documents(submission)
    for upload in request.FILES.getlist("new_documents"):
        name = display_name(upload)
        if room <= 0:
            errors.setdefault("new_documents", []).append(
                _("“%(name)s” was not added: a post can have at most %(limit)s documents.")
                % {"name": name, "limit": actions.MAX_DOCUMENTS}
            )
            continue
        try:
            content = check_document(upload)
        except Exception as error:
            errors.setdefault("new_documents", []).extend(_messages_of(error, name))
            continue
        actions.attach_document(submission, content, original_name=name, user=user)
        room -= 1
    return errors


def _messages_of(error, name: str) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    logger.exception("Unexpected error while checking the upload %r", name)
    return [_("“%(name)s” could not be read. Please try another file.") % {"name": name}]


def _form_view(request, kind: str, submission: Submission | None):
    form_class = form_class_for(kind)
    regions = region_choices()
    if request.method == "GET":
        if submission is not None:
            _with_files(submission)
        if submission is None:
            form = form_class(initial=initial_values(kind, str(user_display(request.user))), regions=regions)
        else:
            form = form_class(initial=form_data(submission), submission=submission, regions=regions)
        return _render_form(request, form, submission, kind)

    action = request.POST.get("action")
    if action not in ACTIONS:
        action = "save"
    refusal = _refusal(request, new=submission is None)
    if refusal:
        form = form_class(request.POST, submission=submission, regions=regions, complete=action == "submit")
        form.is_valid()
        form.add_error(None, refusal)
        for field in ("new_images", "new_documents"):
            if request.FILES.getlist(field):
                form.add_error(field, _("Your files have not been saved yet. Please choose them again."))
        return _render_form(request, form, submission, kind, status=429)

    try:
        with transaction.atomic():
            if submission is None:
                submission = Submission.objects.create(author=request.user, kind=kind)
            typed = form_class(request.POST, submission=submission, regions=regions)
            actions.keep_draft(submission, typed.draft_values(), typed.attachment_values())
            upload_errors = _store_uploads(request, submission, request.user)
    except actions.NotAllowed:  # submitted or withdrawn in another tab meanwhile
        messages.info(request, _("This submission cannot be edited in its current state."))
        return redirect("submissions:list")

    form = form_class(
        request.POST, submission=_with_files(submission), regions=regions, complete=action == "submit"
    )
    valid = form.is_valid()
    for field, field_errors in upload_errors.items():
        for message in field_errors:
            form.add_error(field, message)
    if not valid or upload_errors:
        return _render_form(request, form, submission, kind, status=200, saved=True)

    if action == "preview":
        return redirect("submissions:preview", pk=submission.pk)
    if action == "submit":
        return _submit(request, submission, form, kind)
    messages.success(request, _("Your draft has been saved."))
    return redirect("submissions:edit", pk=submission.pk)


def _submit(request, submission, form, kind):
    limit = SUBMIT_LIMIT.hit(request.user.pk)
    if not limit.allowed:
        form.add_error(
            None, _refusal_text(_("You have submitted several posts in a short time."), limit.retry_after)
        )
        return _render_form(request, form, submission, kind, status=429, saved=True)
    try:
        actions.submit(submission, request.user)
    except PracticeIndexMissing:
        logger.error("A member submitted a post, but there is no practice index page to put it under")
        form.add_error(
            None,
            _(
                "Submissions are not possible right now, because the editors have not set up the practice "
                "section yet. Your draft is saved; please try again later."
            ),
        )
        return _render_form(request, form, submission, kind, status=503, saved=True)
    except actions.NotAllowed:
        messages.info(request, _("This submission cannot be submitted in its current state."))
        return redirect("submissions:list")
    except ValidationError as error:
        # The page refused a value the form accepted (e.g. a region page unpublished meanwhile).
        logger.warning("The draft page of submission %s did not validate: %s", submission.pk, error)
        for message in error.messages:
            form.add_error(None, message)
        return _render_form(request, form, submission, kind, status=200, saved=True)
    messages.success(
        request,
        _("Thank you! Your post has been submitted. The editors will review it and let you know."),
    )
    return redirect("submissions:list")


@verified_email_required
@require_POST
def submit(request, pk: int):
    """ "Einreichen" from the preview: the stored draft is validated as a whole first."""
    submission = _own(request, pk)
    if not submission.is_editable:
        messages.info(request, _("This submission cannot be submitted in its current state."))
        return redirect("submissions:list")
    form_class = form_class_for(submission.kind)
    form = form_class(form_data(submission), submission=submission, regions=region_choices(), complete=True)
    if not form.is_valid():
        form.add_error(None, _("Before you submit, please complete the fields marked below."))
        return _render_form(request, form, submission, submission.kind, status=200)
    return _submit(request, submission, form, submission.kind)


# --- Preview ----------------------------------------------------------------------------------------------


def _missing_to_submit(submission) -> list[str]:
    """The labels of the fields that keep this draft from being submitted (empty when it can be)."""
    if not submission.is_editable:
        return []
    form_class = form_class_for(submission.kind)
    form = form_class(form_data(submission), submission=submission, regions=region_choices(), complete=True)
    if form.is_valid():
        return []
    return [str(form.fields[name].label) for name in form.errors if name in form.fields]


@verified_email_required
def preview(request, pk: int):
    """The submission rendered with the page's own template, as it will look once published. Nothing is
    stored: the page is an unsaved instance (see pages.build_preview_page)."""
    submission = _with_files(_own(request, pk))
    page = build_preview_page(submission)
    # What Wagtail's own preview sets: the user bar of editors previewing their own post switches to preview
    # mode, and templates can tell.
    request.is_preview = True
    request.preview_mode = ""
    context = {
        "submission": submission,
        "missing_to_submit": _missing_to_submit(submission),
        "preview_base": page.get_template(request),
    }
    try:
        page_context = page.get_context(request)
        response = TemplateResponse(request, "submissions/preview.html", {**page_context, **context})
        response.render()
    except Exception:  # the practice page template must not take the member's preview down with it
        logger.exception("Preview of submission %s with the page template failed", submission.pk)
        fallback = {
            "page": page,
            "self": page,
            **context,
            "preview_base": "submissions/preview_fallback.html",
        }
        response = TemplateResponse(request, "submissions/preview.html", fallback)
        response.render()
    return _private(response)


# --- Withdraw, reopen, delete ------------------------------------------------------------------------------


def _action_refused(request) -> bool:
    result = SAVE_LIMIT.hit(request.user.pk)
    if result.allowed:
        return False
    messages.error(
        request, " ".join([_("Too many changes in a short time."), _wait_message(result.retry_after)])
    )
    return True


@verified_email_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    submission = _own(request, pk)
    if not submission.can_withdraw:
        messages.info(request, _("This submission cannot be withdrawn in its current state."))
        return redirect("submissions:list")
    if request.method == "POST":
        if _action_refused(request):
            return redirect("submissions:list")
        try:
            actions.withdraw(submission, request.user)
        except actions.NotAllowed:
            messages.info(request, _("This submission cannot be withdrawn in its current state."))
            return redirect("submissions:list")
        messages.success(
            request,
            _("You have withdrawn “%(title)s”. Your text and files are kept; you can reopen it as a draft.")
            % {"title": submission.display_title},
        )
        return redirect("submissions:list")
    return _private(render(request, "submissions/confirm_withdraw.html", {"submission": submission}))


@verified_email_required
@require_POST
def reopen(request, pk: int):
    submission = _own(request, pk)
    if _action_refused(request):
        return redirect("submissions:list")
    try:
        actions.reopen(submission)
    except actions.NotAllowed:
        messages.info(request, _("This submission cannot be reopened in its current state."))
        return redirect("submissions:list")
    messages.success(request, _("“%(title)s” is a draft again.") % {"title": submission.display_title})
    return redirect("submissions:edit", pk=submission.pk)


@verified_email_required
@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    submission = _own(request, pk)
    if not submission.can_delete:
        messages.info(request, _("This submission cannot be deleted in its current state."))
        return redirect("submissions:list")
    if request.method == "POST":
        if _action_refused(request):
            return redirect("submissions:list")
        title = submission.display_title
        try:
            actions.delete(submission, request.user)
        except actions.NotAllowed:
            messages.info(request, _("This submission cannot be deleted in its current state."))
            return redirect("submissions:list")
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": title})
        return redirect("submissions:list")
    return _private(render(request, "submissions/confirm_delete.html", {"submission": submission}))
