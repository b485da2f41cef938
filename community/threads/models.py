"""Discussion threads under any content: threads, posts with their earlier versions, reactions, the members'
last visits, flags and the moderation log.

A Thread belongs to one object (content type + object id, unique) and is created by the first post, never by
reading. Its posts are numbered like a chat channel's messages, with two counters advanced under the thread's
row lock in the same transaction that stores a change (see services.py):

- `number` counts the posts of a thread 1, 2, 3 … in the order they were written ("new since your last visit"
  is every post with a number above the one the member saw last).
- `change` counts every stored change (a post, an edit, a deletion, a hide, a reaction, a lock): each post
  remembers the number of its latest change. A page that has applied every change up to N asks for "everything
  with change > N" after a reconnect or a gap and gets the current state of what it missed.

One level of nesting: a post is top-level (`parent` empty) or a reply under a top-level post. `reply_to` is the
post it answers and quotes, which may itself be a reply; the reply still sits under that post's top-level post.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_POST_LENGTH = 10_000
POSTS_PER_PAGE = 20  # top-level posts per page; their replies come along


class Reaction(models.TextChoices):
    HELPFUL = "hilfreich", _("Helpful")
    THANKS = "danke", _("Thanks")
    GOOD_IDEA = "gute-idee", _("Good idea")


# A symbol next to each reaction's name (decorative; the name is the label).
REACTION_SYMBOLS = {Reaction.HELPFUL: "👍", Reaction.THANKS: "🙏", Reaction.GOOD_IDEA: "💡"}


class Thread(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Nobody can write in a locked discussion.")
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock_reason = models.CharField(_("reason for the lock"), max_length=300, blank=True)
    # Counters, advanced under the row lock (see the module docstring).
    last_number = models.PositiveIntegerField(default=0, editable=False)
    last_change = models.PositiveBigIntegerField(default=0, editable=False)
    top_level_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="threads_unique_target")
        ]

    def __str__(self):
        from .targets import title_of

        return title_of(self.target) if self.target is not None else f"#{self.pk}"

    @property
    def page_count(self) -> int:
        return max(1, -(-self.top_level_count // POSTS_PER_PAGE))


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField(_("number in the discussion"))
    change = models.PositiveBigIntegerField(_("last change"))
    parent = models.ForeignKey(
        "self", verbose_name=_("top-level post"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="replies",
    )  # fmt: skip
    reply_to = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="thread_posts",
    )
    client_id = models.CharField(_("client id"), max_length=64)
    body = models.TextField(_("text"), blank=True, max_length=MAX_POST_LENGTH)
    body_html = models.TextField(blank=True, editable=False)
    mention_ids = models.JSONField(default=list, blank=True, editable=False)
    # {"hilfreich": 3, …}: counted again from the Reaction rows under the thread lock whenever one changes, so a
    # page shows the counts of all its posts without a query.
    reaction_counts = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="threads_unique_post_number"),
            # Idempotent posting: a retried send with the same client id is stored once.
            models.UniqueConstraint(fields=["author", "client_id"], name="threads_unique_client_id"),
        ]
        indexes = [
            models.Index(fields=["thread", "change"], name="threads_post_change_idx"),
            models.Index(
                fields=["thread", "number"],
                name="threads_top_level_idx",
                condition=models.Q(parent__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.thread_id}#{self.number}"

    def get_absolute_url(self) -> str:
        """A permanent link: it redirects to the page of the discussion that shows the post."""
        return reverse("threads:post", args=[self.pk])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_visible(self) -> bool:
        return not self.is_deleted and not self.is_hidden

    @property
    def top_level_id(self) -> int:
        return self.parent_id or self.pk

    def anchor(self) -> str:
        return f"beitrag-{self.pk}"


class PostRevision(models.Model):
    """An earlier wording of an edited post: who replaced it, when, and what it said."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("earlier text"))
    written_at = models.DateTimeField(_("written at"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["post", "-replaced_at", "-pk"]


class PostReaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_reactions"
    )
    kind = models.CharField(_("reaction"), max_length=20, choices=Reaction.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="threads_unique_reaction")
        ]
        indexes = [models.Index(fields=["user", "post"], name="threads_reaction_user_idx")]


class LastVisit(models.Model):
    """The member's last visit of a thread: every post numbered above `last_seen_number` is new to them."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_visits")
    last_seen_number = models.PositiveIntegerField(default=0)
    visited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="threads_unique_visit")]


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insulting or hostile")
    PERSONAL_DATA = "personal_data", _("Reveals personal data")
    MISINFORMATION = "misinformation", _("Misleading")
    OTHER = "other", _("Something else")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved: post hidden")
    DISMISSED = "dismissed", _("Dismissed")


class Flag(models.Model):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("flagged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="thread_flags",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    # What the post said when it was flagged: the author may edit or delete it afterwards.
    post_text = models.TextField(_("flagged text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    created_at = models.DateTimeField(_("flagged at"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("flagged post")
        verbose_name_plural = _("flagged posts")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="threads_unique_flag")]
        indexes = [models.Index(fields=["status", "-created_at"], name="threads_flag_queue_idx")]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.post}"

    @property
    def is_open(self) -> bool:
        return self.status == FlagStatus.OPEN


class ModerationKind(models.TextChoices):
    HIDE = "hide", _("Post hidden")
    UNHIDE = "unhide", _("Post shown again")
    LOCK = "lock", _("Discussion locked")
    UNLOCK = "unlock", _("Discussion unlocked")
    FLAG_DISMISSED = "flag_dismissed", _("Flag dismissed")


class ModerationEntry(models.Model):
    """The moderation log: who did what to which post or discussion, when, and why."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("discussion"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread_title = models.CharField(_("discussion"), max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderator"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    action = models.CharField(_("action"), max_length=30, choices=ModerationKind.choices)
    post = models.ForeignKey(
        Post, verbose_name=_("post"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    details = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at"], name="threads_moderation_log_idx")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.thread_title}"
