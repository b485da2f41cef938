"""Writing in a discussion: post, reply, edit, delete, react, and remembering a member's last visit.

The HTTP views and the WebSocket consumer both call these functions; they decide everything (who may, what is
valid, how fast), store the change in one transaction under the thread's row lock (which hands out the next
`number`/`change`, see models.py) and return an Outbox of what to publish. Callers publish it after the
function returned, i.e. after the commit: `publish_sync(result.outbox)` in views, `await publish(...)` in the
consumer. Nothing is published that is not stored.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Min, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext

from community.chat.rendering import render_body as render_with_mentions
from community.members.roles import is_moderator
from home.ratelimit import RateLimit
from home.text import clean_text

from . import cache, rendering, targets
from .broadcast import Outbox
from .errors import ThreadError
from .models import (
    MAX_POST_LENGTH,
    POSTS_PER_PAGE,
    LastVisit,
    Post,
    PostReaction,
    PostRevision,
    Reaction,
    Thread,
)

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

# Per member, over all discussions and both ways in (form and socket). A discussion post takes a while to
# write; a burst of several a minute is a script or a mistake.
POST_BURST_LIMIT = RateLimit("threads-post-burst", limit=4, period=60)
POST_HOUR_LIMIT = RateLimit("threads-post-hour", limit=40, period=60 * 60)
ACTION_LIMIT = RateLimit("threads-actions", limit=60, period=60)  # edits, deletions, reactions


@dataclass
class ActionResult:
    post: Post | None = None
    created: bool = False
    changed: bool = True
    active: bool | None = None  # reactions: whether the member's reaction is now set
    outbox: Outbox = field(default_factory=Outbox)


# --- Who may ----------------------------------------------------------------------------------------------


def is_active_member(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


@dataclass(frozen=True)
class ThreadAccess:
    can_read: bool
    can_moderate: bool
    refusal: str  # why the viewer cannot write: "" (may write), "login_required", "forbidden", "locked"

    @property
    def can_post(self) -> bool:
        return self.can_read and not self.refusal


def access_for(user, target, thread: Thread | None = None, session=None) -> ThreadAccess:
    """What `user` (a member, or anonymous) may do in the discussion under `target`."""
    can_read = targets.can_read(user, target, session)
    member = is_active_member(user)
    can_moderate = can_read and member and is_moderator(user)
    if not can_read:
        refusal = "forbidden"
    elif not member:
        refusal = "login_required"
    elif thread is not None and thread.locked:
        refusal = "locked"
    else:
        refusal = ""
    return ThreadAccess(can_read=can_read, can_moderate=can_moderate, refusal=refusal)


# --- Helpers ------------------------------------------------------------------------------------------------


def clean_body(body) -> str:
    if not isinstance(body, str):
        raise ThreadError("empty")
    text = clean_text(body)  # no control or bidi-override characters, NFC, one kind of line break
    if not text:
        raise ThreadError("empty")
    if len(text) > MAX_POST_LENGTH:
        raise ThreadError(
            "too_long",
            limit=f"{MAX_POST_LENGTH:,}".replace(",", "."),
            length=f"{len(text):,}".replace(",", "."),
        )
    return text


def _id(value) -> int | None:
    """A positive integer id from a form or a frame, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and value > 0 else None


def _hit(limit: RateLimit, user) -> None:
    result = limit.hit(user.pk)
    if not result.allowed:
        raise ThreadError("rate_limited", retry_after=result.retry_after)


def check_post_rate(user) -> None:
    _hit(POST_BURST_LIMIT, user)
    _hit(POST_HOUR_LIMIT, user)


def check_action_rate(user) -> None:
    _hit(ACTION_LIMIT, user)


def _lock_thread(thread_id: int) -> Thread:
    """The thread row, locked until the transaction ends (on SQLite the transaction already holds the write
    lock: the settings open every transaction IMMEDIATE; the update makes sure of it elsewhere too)."""
    if connection.vendor == "sqlite":
        Thread.objects.filter(pk=thread_id).update(last_change=F("last_change"))
        return Thread.objects.get(pk=thread_id)
    return Thread.objects.select_for_update().get(pk=thread_id)


def _next_change(thread: Thread, *, new_post: bool = False, top_level: bool = False, now=None) -> tuple:
    updates = {"last_change": thread.last_change + 1}
    if new_post:
        updates.update(last_number=thread.last_number + 1, last_post_at=now or timezone.now())
        if top_level:
            updates["top_level_count"] = thread.top_level_count + 1
    Thread.objects.filter(pk=thread.pk).update(**updates)
    for name, value in updates.items():
        setattr(thread, name, value)
    return thread.last_number, thread.last_change


def thread_for(target, create: bool = False) -> Thread | None:
    content_type = targets.content_type_of(target)
    if not create:
        return Thread.objects.filter(content_type=content_type, object_id=target.pk).first()
    thread, _created = Thread.objects.get_or_create(content_type=content_type, object_id=target.pk)
    return thread


def target_of(thread: Thread):
    """The object the thread belongs to (its specific page), or None if it is gone."""
    content_type = targets.content_type_for_id(thread.content_type_id)
    model = content_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=thread.object_id).first()


def _mention_check(target):
    users = get_user_model().objects

    def may_mention(user_id: int) -> bool:
        user = users.filter(pk=user_id, is_active=True).first()
        return user is not None and targets.can_read(user, target)

    return may_mention


def render_body(text: str, target, session=None):
    """Markdown with @mentions to sanitised HTML (the chat's renderer: members whose display name follows the
    @ become profile links); only members who can read the discussion can be mentioned."""
    return render_with_mentions(text, may_mention=_mention_check(target))


def _load_for_frame(post_id: int) -> Post:
    return Post.objects.select_related("author__profile", "reply_to__author__profile", "thread").get(
        pk=post_id
    )


def _publish_post(post_id: int) -> Outbox:
    post = _load_for_frame(post_id)
    outbox = Outbox()
    outbox.frame(post.thread_id, rendering.post_texts(post))
    return outbox


def _post_for_update(thread: Thread, post_id) -> Post:
    post = Post.objects.filter(thread=thread, pk=post_id).first()
    if post is None:
        raise ThreadError("not_found")
    return post


def _thread_and_target_of_post(post_id):
    post_id = _id(post_id)
    post = Post.objects.select_related("thread").filter(pk=post_id).first() if post_id else None
    if post is None:
        raise ThreadError("not_found")
    target = target_of(post.thread)
    if target is None:
        raise ThreadError("not_found")
    return post.thread, target


# --- Posting ------------------------------------------------------------------------------------------------


def _existing(user, client_id: str) -> Post | None:
    return Post.objects.filter(author=user, client_id=client_id).select_related("thread").first()


def post(user, target, body, client_id, reply_to=None, *, session=None, now=None) -> ActionResult:
    """Store a new post (or a reply to the post `reply_to`) under `target`; the thread is created with the
    first post. A retried send (same author and client id) returns the stored post with created=False and
    nothing to publish."""
    text = clean_body(body)
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise ThreadError("invalid_client_id")
    if not is_active_member(user):
        raise ThreadError("login_required")
    content_type = targets.content_type_of(target)
    existing = _existing(user, client_id)
    if existing is not None:
        if (existing.thread.content_type_id, existing.thread.object_id) != (content_type.pk, target.pk):
            raise ThreadError("client_id_reused")
        return ActionResult(post=existing, created=False, changed=False)
    reply_to_id = None
    if reply_to not in (None, ""):
        reply_to_id = _id(reply_to)
        if reply_to_id is None:
            raise ThreadError("reply_not_found")
    if not targets.can_read(user, target, session):
        raise ThreadError("forbidden")
    check_post_rate(user)
    rendered = render_body(text, target, session)
    now = now or timezone.now()
    thread = thread_for(target, create=True)
    try:
        with transaction.atomic():
            thread = _lock_thread(thread.pk)
            if thread.locked:
                raise ThreadError("locked")
            answered = None
            if reply_to_id is not None:
                answered = Post.objects.filter(thread=thread, pk=reply_to_id).select_related("author").first()
                if answered is None or not answered.is_visible:
                    raise ThreadError("reply_not_found")
            parent_id = (answered.parent_id or answered.pk) if answered else None
            number, change = _next_change(thread, new_post=True, top_level=parent_id is None, now=now)
            new_post = Post.objects.create(
                thread=thread,
                number=number,
                change=change,
                parent_id=parent_id,
                reply_to=answered,
                author=user,
                client_id=client_id,
                body=text,
                body_html=rendered.html,
                mention_ids=rendered.mention_ids,
                created_at=now,
            )
            _remember_visit(user, thread, number, now)
            _notify_new_post(new_post, thread, target, user, rendered.mention_ids, answered)
    except IntegrityError:
        # The same send arrived twice at the same moment (two workers, a retry racing the original).
        existing = _existing(user, client_id)
        if existing is None:
            raise
        return ActionResult(post=existing, created=False, changed=False)
    cache.bump_thread(thread)
    return ActionResult(post=new_post, created=True, outbox=_publish_post(new_post.pk))


def _remember_visit(user, thread: Thread, number: int, now) -> None:
    """Writing counts as a visit up to one's own post, unless the member had not seen what came before it."""
    updated = LastVisit.objects.filter(thread=thread, user=user, last_seen_number=number - 1).update(
        last_seen_number=number, visited_at=now
    )
    if not updated and not LastVisit.objects.filter(thread=thread, user=user).exists():
        LastVisit.objects.create(thread=thread, user=user, last_seen_number=number, visited_at=now)


# --- Notifications --------------------------------------------------------------------------------------------


def _notify_new_post(post: Post, thread: Thread, target, author, mention_ids, answered) -> None:
    from community.notifications.api import NotificationKind, notify, notify_followers

    title_of_target = targets.title_of(target)
    name = rendering.member_name(author)
    url = post.get_absolute_url()
    excerpt = rendering.excerpt(post.body, 300)
    users = get_user_model().objects.filter(is_active=True)
    told = {author.pk}
    with translation.override(settings.LANGUAGE_CODE):
        mention_title = gettext("%(name)s mentioned you in the discussion on “%(title)s”") % {
            "name": name,
            "title": title_of_target,
        }
        reply_title = gettext("%(name)s replied to your post on “%(title)s”") % {
            "name": name,
            "title": title_of_target,
        }
        follow_title = gettext("New post in the discussion on “%(title)s”") % {"title": title_of_target}
    for recipient in users.filter(pk__in=[uid for uid in mention_ids if uid not in told]):
        notify(
            recipient,
            NotificationKind.MENTION,
            mention_title,
            body=excerpt,
            url=url,
            actor=author,
            target=post,
        )
        told.add(recipient.pk)
    if answered is not None and answered.author_id and answered.author_id not in told:
        recipient = answered.author
        if recipient.is_active and targets.can_read(recipient, target):
            notify(
                recipient,
                NotificationKind.REPLY,
                reply_title,
                body=excerpt,
                url=url,
                actor=author,
                target=post,
            )
        told.add(answered.author_id)
    notify_followers(
        [thread], NotificationKind.FOLLOWED_CONTENT, follow_title, body=excerpt, url=url, actor=author,
        exclude=told,
    )  # fmt: skip


def _notify_new_mentions(post: Post, target, author, user_ids) -> None:
    from community.notifications.api import NotificationKind, notify

    user_ids = [uid for uid in user_ids if uid != author.pk]
    if not user_ids:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("%(name)s mentioned you in the discussion on “%(title)s”") % {
            "name": rendering.member_name(author),
            "title": targets.title_of(target),
        }
    for recipient in get_user_model().objects.filter(pk__in=user_ids, is_active=True):
        notify(
            recipient,
            NotificationKind.MENTION,
            title,
            body=rendering.excerpt(post.body, 300),
            url=post.get_absolute_url(),
            actor=author,
            target=post,
        )


# --- Changing a post ----------------------------------------------------------------------------------------


def edit(user, post_id, body, *, session=None, now=None) -> ActionResult:
    """The author changes the text; the earlier wording is kept (who, when, what) for the moderators."""
    text = clean_body(body)
    if not is_active_member(user):
        raise ThreadError("login_required")
    thread, target = _thread_and_target_of_post(post_id)
    if not targets.can_read(user, target, session):
        raise ThreadError("forbidden")
    check_action_rate(user)
    rendered = render_body(text, target, session)
    now = now or timezone.now()
    with transaction.atomic():
        thread = _lock_thread(thread.pk)
        post = _post_for_update(thread, post_id)
        if post.author_id != user.pk:
            raise ThreadError("not_author")
        if post.is_deleted:
            raise ThreadError("deleted")
        if post.is_hidden:
            raise ThreadError("hidden")
        if thread.locked:
            raise ThreadError("locked")
        if text == post.body:
            raise ThreadError("unchanged")
        PostRevision.objects.create(
            post=post,
            body=post.body,
            written_at=post.edited_at or post.created_at,
            editor=user,
            replaced_at=now,
        )
        _number, change = _next_change(thread)
        previous_mentions = set(post.mention_ids or [])
        post.body, post.body_html, post.mention_ids = text, rendered.html, rendered.mention_ids
        post.edited_at, post.change = now, change
        post.save(update_fields=["body", "body_html", "mention_ids", "edited_at", "change"])
        _notify_new_mentions(
            post, target, user, [u for u in rendered.mention_ids if u not in previous_mentions]
        )
    cache.bump_thread(thread)
    return ActionResult(post=post, outbox=_publish_post(post.pk))


def delete(user, post_id, *, session=None, now=None) -> ActionResult:
    """The author removes a post: it stays in its place as "Beitrag gelöscht" (replies keep their context);
    its text, earlier versions and reactions are gone."""
    if not is_active_member(user):
        raise ThreadError("login_required")
    thread, target = _thread_and_target_of_post(post_id)
    if not targets.can_read(user, target, session):
        raise ThreadError("forbidden")
    check_action_rate(user)
    now = now or timezone.now()
    with transaction.atomic():
        thread = _lock_thread(thread.pk)
        post = _post_for_update(thread, post_id)
        if post.author_id != user.pk:
            raise ThreadError("not_author")
        if post.is_deleted:
            return ActionResult(post=post, changed=False)
        _number, change = _next_change(thread)
        post.deleted_at = now
        post.body = post.body_html = ""
        post.mention_ids, post.reaction_counts = [], {}
        post.change = change
        post.save(
            update_fields=["deleted_at", "body", "body_html", "mention_ids", "reaction_counts", "change"]
        )
        post.revisions.all().delete()
        PostReaction.objects.filter(post=post).delete()
    cache.bump_thread(thread)
    return ActionResult(post=post, outbox=_publish_post(post.pk))


def normalise_reaction(kind) -> str:
    if not isinstance(kind, str) or kind not in Reaction.values:
        raise ThreadError("invalid_reaction")
    return kind


def toggle_reaction(user, post_id, kind, *, session=None) -> ActionResult:
    """Set or take back one of the member's reactions (each kind once per member and post)."""
    kind = normalise_reaction(kind)
    if not is_active_member(user):
        raise ThreadError("login_required")
    thread, target = _thread_and_target_of_post(post_id)
    if not targets.can_read(user, target, session):
        raise ThreadError("forbidden")
    check_action_rate(user)
    with transaction.atomic():
        thread = _lock_thread(thread.pk)
        post = _post_for_update(thread, post_id)
        if post.is_deleted:
            raise ThreadError("deleted")
        if post.is_hidden:
            raise ThreadError("hidden")
        if thread.locked:
            raise ThreadError("locked")
        removed, _rows = PostReaction.objects.filter(post=post, user=user, kind=kind).delete()
        active = not removed
        if active:
            PostReaction.objects.create(post=post, user=user, kind=kind)
        counts = dict(
            PostReaction.objects.filter(post=post).values_list("kind").annotate(total=Count("pk")).order_by()
        )
        _number, change = _next_change(thread)
        post.reaction_counts = {key: counts[key] for key in Reaction.values if counts.get(key)}
        post.change = change
        post.save(update_fields=["reaction_counts", "change"])
    cache.bump_thread(thread)
    return ActionResult(post=post, active=active, outbox=_publish_post(post.pk))


def recount_reactions(post_ids) -> None:
    """Count the reactions of these posts again (after a member's reactions were erased)."""
    for post_id in post_ids:
        counts = dict(
            PostReaction.objects.filter(post_id=post_id)
            .values_list("kind")
            .annotate(total=Count("pk"))
            .order_by()
        )
        Post.objects.filter(pk=post_id).update(
            reaction_counts={key: counts[key] for key in Reaction.values if counts.get(key)}
        )


# --- Reading ---------------------------------------------------------------------------------------------------


def mark_seen(user, thread: Thread, number) -> int | None:
    """Move the member's last visit forward to post `number` (never back, never past the last post)."""
    number = _id(number) if number != 0 else 0
    if number is None or not is_active_member(user):
        raise ThreadError("invalid_frame")
    last_number = Thread.objects.filter(pk=thread.pk).values_list("last_number", flat=True).first() or 0
    number = min(number, last_number)
    updated = LastVisit.objects.filter(thread=thread, user=user, last_seen_number__lt=number).update(
        last_seen_number=number, visited_at=timezone.now()
    )
    if not updated:
        try:
            with transaction.atomic():
                LastVisit.objects.get_or_create(
                    thread=thread, user=user, defaults={"last_seen_number": number}
                )
        except IntegrityError:  # two tabs at once
            pass
    return number


def page_of(post: Post) -> int:
    """The page of the discussion (20 top-level posts each) that shows `post` (a reply: its top-level post's)."""
    top_number = Post.objects.filter(pk=post.top_level_id).values("number")
    rank = Post.objects.filter(
        thread_id=post.thread_id, parent__isnull=True, number__lte=Subquery(top_number)
    ).count()
    return max(1, (rank - 1) // POSTS_PER_PAGE + 1)


def page_url(base_url: str, page: int, anchor: str = "diskussion") -> str:
    query = f"?diskussion={page}" if page > 1 else ""
    return f"{base_url}{query}#{anchor}"


def post_url(post: Post, request=None) -> str:
    """Where a post is shown: its target's URL with the page of the discussion and the post's anchor."""
    target = target_of(post.thread)
    if target is None:
        return ""
    return page_url(targets.url_of(target, request), page_of(post), post.anchor())


def first_new(user, thread: Thread, last_seen: int) -> dict | None:
    """The first post by someone else after the member's last visit, and how many there are (one query)."""
    if thread.last_number <= last_seen:
        return None
    found = (
        Post.objects.filter(thread=thread, number__gt=last_seen)
        .exclude(author=user)
        .aggregate(first=Min("number"), count=Count("pk"))
    )
    if not found["count"]:
        return None
    return {"number": found["first"], "count": found["count"]}
