"""Member submissions: a member's own best-practice post or Story of Failure, from draft to decision.

A Submission is the member's side of a post: what they wrote (`data`, the form's values as JSON, kept even
when something in it is not valid yet, so nothing typed is ever lost), the images and documents they uploaded,
and where the post stands. Editors never work on the Submission itself: on "Einreichen" it becomes an
unpublished draft page of the right type under the practice index, and the editors review that page in
Wagtail's moderation workflow (see workflow.py). The Submission follows the page's fate through Wagtail's
signals and tells the member.

States:

    draft ──submit──> in_review ──approve──> published
      ^                 │   ^
      │      request changes│   │resubmit
      │                 v   │
      │          changes_requested
      │                 │
      └──reopen── withdrawn (by the member) / declined (the editors cancelled the review or deleted the page)
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from knowledge.practice.models import PracticeKind


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Not accepted")


# What the member may do in each state.
EDITABLE_STATES = (SubmissionState.DRAFT, SubmissionState.CHANGES_REQUESTED)
WITHDRAWABLE_STATES = (SubmissionState.IN_REVIEW, SubmissionState.CHANGES_REQUESTED)
REOPENABLE_STATES = (SubmissionState.WITHDRAWN, SubmissionState.DECLINED)
DELETABLE_STATES = (SubmissionState.DRAFT, SubmissionState.WITHDRAWN, SubmissionState.DECLINED)
# States in which the editors hold a draft page of the submission.
UNDER_REVIEW_STATES = (SubmissionState.IN_REVIEW, SubmissionState.CHANGES_REQUESTED)


class SubmissionQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(author=user)

    def for_listing(self):
        return self.select_related("page").only(
            "id",
            "kind",
            "state",
            "title",
            "editor_comment",
            "created_at",
            "updated_at",
            "submitted_at",
            "decided_at",
            "author_id",
            "page__id",
            "page__live",
            "page__url_path",
            "page__title",
        )


class Submission(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="knowledge_submissions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PracticeKind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    # The title again as a column, for the listing (the full form values are in `data`).
    title = models.CharField(_("title"), max_length=255, blank=True)
    data = models.JSONField(
        _("the member's text"),
        default=dict,
        blank=True,
        help_text=_("Everything the member entered in the form, also while it is still incomplete."),
    )
    submitted_data = models.JSONField(
        _("as last submitted"),
        default=dict,
        blank=True,
        help_text=_(
            "The values as they were when the member last submitted; on resubmission only what the member "
            "changed since then replaces the editors' draft."
        ),
    )
    page = models.ForeignKey(
        "practice.PracticePage",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editor_comment = models.TextField(
        _("comment from the editors"), blank=True, help_text=_("Why the editors asked for changes.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["author", "-updated_at"], name="submission_author_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["page"], condition=models.Q(page__isnull=False), name="submission_one_per_page"
            )
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or str(_("Untitled draft"))

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def can_withdraw(self) -> bool:
        return self.state in WITHDRAWABLE_STATES

    @property
    def can_reopen(self) -> bool:
        return self.state in REOPENABLE_STATES

    @property
    def can_delete(self) -> bool:
        return self.state in DELETABLE_STATES

    @property
    def is_failure_story(self) -> bool:
        return self.kind == PracticeKind.FAILURE

    @property
    def is_online(self) -> bool:
        """Published and still live (editors may unpublish or delete a post later)."""
        return self.state == SubmissionState.PUBLISHED and self.page is not None and self.page.live


class SubmissionImage(models.Model):
    """An image uploaded with a submission: a Wagtail image in the private collection until approval."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(_("image description"), max_length=250, blank=True)
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("submitted image")
        verbose_name_plural = _("submitted images")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.original_name or str(self.image_id)


class SubmissionDocument(models.Model):
    """A document uploaded with a submission: a Wagtail document in the private collection until approval."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("link text"), max_length=160, blank=True)
    description = models.CharField(_("description"), max_length=400, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("submitted document")
        verbose_name_plural = _("submitted documents")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.original_name or str(self.document_id)
