"""Moderation: hide and show posts, lock and unlock discussions, members' flags and their review, and the log
that records each of these with who, what, when and why.

Moderators are editors and the group Moderation (community/members/roles.py). Each function checks that
itself, so neither the views, the consumer nor the admin can forget it.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from community.members.roles import is_moderator
from home.ratelimit import RateLimit

from . import cache, rendering, services, targets
from .broadcast import Outbox
from .errors import ThreadError
from .models import Flag, FlagReason, FlagStatus, ModerationEntry, ModerationKind, Post, Thread

REASON_MAX = 300
FLAG_LIMIT = RateLimit("threads-flag", limit=10, period=60 * 60)


@dataclass
class ModerationResult:
    outbox: Outbox
    changed: bool = True


def _require_moderator(actor, target, session=None) -> None:
    if not services.is_active_member(actor):
        raise ThreadError("login_required")
    if not targets.can_read(actor, target, session):
        raise ThreadError("forbidden")
    if not is_moderator(actor):
        raise ThreadError("not_moderator")


def clean_reason(reason, required: bool = True) -> str:
    text = " ".join(str(reason or "").split())
    if required and not text:
        raise ThreadError("reason_required")
    if len(text) > REASON_MAX:
        raise ThreadError("reason_too_long", limit=REASON_MAX)
    return text


def _log(thread: Thread, target, actor, action, *, post=None, details="") -> ModerationEntry:
    return ModerationEntry.objects.create(
        thread=thread,
        thread_title=targets.title_of(target)[:255] if target is not None else f"#{thread.pk}",
        actor=actor,
        action=action,
        post=post,
        target_user_id=post.author_id if post is not None else None,
        details=str(details),
    )


def _state_outbox(thread: Thread) -> Outbox:
    outbox = Outbox()
    frame = {
        "type": "state",
        "change": thread.last_change,
        "locked": thread.locked,
        "lock_reason": thread.lock_reason,
    }
    outbox.frame(thread.pk, rendering.frame_texts(frame))
    outbox.rights_changed(thread.pk)
    return outbox


# --- Posts ---------------------------------------------------------------------------------------------------


def hide(actor, post_id, reason, *, session=None, now=None) -> ModerationResult:
    """Hide a post for everyone ("Von der Moderation ausgeblendet"); open flags on it are resolved."""
    reason = clean_reason(reason)
    thread, target = services._thread_and_target_of_post(post_id)
    _require_moderator(actor, target, session)
    now = now or timezone.now()
    with transaction.atomic():
        thread = services._lock_thread(thread.pk)
        post = services._post_for_update(thread, post_id)
        if post.is_deleted:
            raise ThreadError("deleted")
        if post.is_hidden:
            return ModerationResult(Outbox(), changed=False)
        _number, change = services._next_change(thread)
        post.hidden_at, post.hidden_by, post.hidden_reason, post.change = now, actor, reason, change
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "change"])
        Flag.objects.filter(post=post, status=FlagStatus.OPEN).update(
            status=FlagStatus.RESOLVED, handled_by=actor, handled_at=now
        )
        _log(thread, target, actor, ModerationKind.HIDE, post=post, details=f"{reason}\n\n{post.body}")
    cache.bump_thread(thread)
    return ModerationResult(services._publish_post(post.pk))


def unhide(actor, post_id, *, session=None) -> ModerationResult:
    thread, target = services._thread_and_target_of_post(post_id)
    _require_moderator(actor, target, session)
    with transaction.atomic():
        thread = services._lock_thread(thread.pk)
        post = services._post_for_update(thread, post_id)
        if not post.is_hidden or post.is_deleted:
            return ModerationResult(Outbox(), changed=False)
        _number, change = services._next_change(thread)
        previous_reason = post.hidden_reason
        post.hidden_at, post.hidden_by, post.hidden_reason, post.change = None, None, "", change
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "change"])
        _log(thread, target, actor, ModerationKind.UNHIDE, post=post, details=previous_reason)
    cache.bump_thread(thread)
    return ModerationResult(services._publish_post(post.pk))


# --- Discussions -------------------------------------------------------------------------------------------


def set_locked(actor, thread: Thread, locked: bool, reason: str = "", *, session=None) -> ModerationResult:
    """Lock (nobody writes, reacts or edits; shown clearly) or unlock a discussion."""
    reason = clean_reason(reason, required=False) if locked else ""
    target = services.target_of(thread)
    if target is None:
        raise ThreadError("not_found")
    _require_moderator(actor, target, session)
    with transaction.atomic():
        thread = services._lock_thread(thread.pk)
        if thread.locked == locked:
            return ModerationResult(Outbox(), changed=False)
        services._next_change(thread)
        thread.locked = locked
        thread.locked_at, thread.locked_by = (timezone.now(), actor) if locked else (None, None)
        thread.lock_reason = reason
        thread.save(update_fields=["locked", "locked_at", "locked_by", "lock_reason"])
        _log(thread, target, actor, ModerationKind.LOCK if locked else ModerationKind.UNLOCK, details=reason)
    cache.bump_thread(thread)
    return ModerationResult(_state_outbox(thread))


def lock_for_target(actor, target, locked: bool, reason: str = "", *, session=None) -> ModerationResult:
    """Lock the discussion under `target`, creating the (empty) thread when a discussion should be closed before
    it began."""
    _require_moderator(actor, target, session)
    thread = services.thread_for(target, create=locked)
    if thread is None:
        return ModerationResult(Outbox(), changed=False)
    return set_locked(actor, thread, locked, reason, session=session)


# --- Flags ---------------------------------------------------------------------------------------------------


def flag(reporter, post_id, reason, note: str = "", *, session=None) -> Flag:
    """A member asks the moderators to look at a post."""
    if not services.is_active_member(reporter):
        raise ThreadError("login_required")
    if reason not in FlagReason.values:
        raise ThreadError("reason_required")
    _thread, target = services._thread_and_target_of_post(post_id)
    if not targets.can_read(reporter, target, session):
        raise ThreadError("forbidden")
    post = Post.objects.get(pk=services._id(post_id))
    if post.is_deleted:
        raise ThreadError("deleted")
    if post.is_hidden:
        raise ThreadError("hidden")
    if post.author_id == reporter.pk:
        raise ThreadError("own_post")
    if Flag.objects.filter(post=post, reporter=reporter).exists():
        raise ThreadError("already_flagged")
    limited = FLAG_LIMIT.hit(reporter.pk)
    if not limited.allowed:
        raise ThreadError("rate_limited", retry_after=limited.retry_after)
    try:
        with transaction.atomic():
            return Flag.objects.create(
                post=post,
                reporter=reporter,
                reason=reason,
                note=(note or "").strip()[:1000],
                post_text=post.body,
            )
    except IntegrityError as error:  # a double click
        raise ThreadError("already_flagged") from error


def decide_flag(moderator, flag_obj: Flag, hide_post: bool, reason: str = "") -> ModerationResult:
    """Resolve a flag by hiding the post (with a reason), or dismiss it. Logged either way."""
    if not flag_obj.is_open:
        raise ThreadError("flag_decided")
    if hide_post:
        result = hide(moderator, flag_obj.post_id, reason)
        if not result.changed:  # hidden meanwhile by someone else: this flag still needs its decision
            Flag.objects.filter(pk=flag_obj.pk, status=FlagStatus.OPEN).update(
                status=FlagStatus.RESOLVED, handled_by=moderator, handled_at=timezone.now()
            )
        flag_obj.refresh_from_db()
        return result
    thread, target = services._thread_and_target_of_post(flag_obj.post_id)
    _require_moderator(moderator, target)
    with transaction.atomic():
        claimed = Flag.objects.filter(pk=flag_obj.pk, status=FlagStatus.OPEN).update(
            status=FlagStatus.DISMISSED, handled_by=moderator, handled_at=timezone.now()
        )
        if not claimed:
            raise ThreadError("flag_decided")
        post = flag_obj.post
        details = f"{flag_obj.get_reason_display()}: {rendering.excerpt(flag_obj.post_text, 200)}"
        _log(thread, target, moderator, ModerationKind.FLAG_DISMISSED, post=post, details=details)
    flag_obj.refresh_from_db()
    return ModerationResult(Outbox(), changed=True)
