"""Writing in a channel: send, edit, delete, react, pin, join, leave, mark read.

Every function checks the member's rights with access.access_for() on freshly read data, stores the change in
one transaction under the channel's row lock (which also hands out the channel's next `seq`/`change`
numbers, see models.py), and returns an Outbox of what to publish. Callers publish it after the function
returned, i.e. after the commit: `broadcast.publish_sync(result.outbox)` in views, `await publish(...)` in the
consumer. Nothing is ever published that is not stored.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from community.members.roles import EDITORS, MODERATORS
from home.ratelimit import RateLimit
from home.text import clean_text

from . import rendering
from .access import access_for
from .broadcast import Outbox, channel_group
from .errors import ChatError
from .models import (
    MAX_MESSAGE_LENGTH,
    Channel,
    ChannelKind,
    Membership,
    Mention,
    Message,
    MessageRevision,
    ModerationAction,
    ModerationActionKind,
    Report,
    ReportStatus,
)

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

# Per member, across all channels and both ways in (form and socket). Bursts of a few quick lines are normal
# in a chat; a steady stream beyond one message every two seconds is not.
SEND_BURST_LIMIT = RateLimit("chat-send-burst", limit=8, period=10)
SEND_MINUTE_LIMIT = RateLimit("chat-send-minute", limit=30, period=60)
ACTION_LIMIT = RateLimit("chat-actions", limit=60, period=60)  # edits, deletions, reactions, pins

# Variation selectors are dropped by some keyboards: "❤" is the heart of the set, too.
_EMOJI_ALIASES = {"\u2764": "❤️"}


@dataclass
class ActionResult:
    message: Message | None = None
    created: bool = False
    changed: bool = True
    outbox: Outbox = field(default_factory=Outbox)


# --- Helpers ------------------------------------------------------------------------------------------------


def clean_body(body) -> str:
    if not isinstance(body, str):
        raise ChatError("empty")
    text = clean_text(body)  # no control or bidi-override characters, NFC, one kind of line break
    if not text:
        raise ChatError("empty")
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ChatError("too_long", limit=f"{MAX_MESSAGE_LENGTH:,}".replace(",", "."), length=len(text))
    return text


def _hit(limit: RateLimit, user) -> None:
    result = limit.hit(user.pk)
    if not result.allowed:
        raise ChatError("rate_limited", retry_after=result.retry_after)


def check_send_rate(user) -> None:
    _hit(SEND_BURST_LIMIT, user)
    _hit(SEND_MINUTE_LIMIT, user)


def check_action_rate(user) -> None:
    _hit(ACTION_LIMIT, user)


def _refuse(access) -> None:
    code = access.write_refusal
    if code == "muted":
        raise ChatError(code, until=timezone.localtime(access.muted_until).strftime("%d.%m.%Y %H:%M"))
    raise ChatError(code)


def _lock_channel(channel_id: int) -> Channel:
    """The channel row, locked until the transaction ends: FOR UPDATE where the database has it; on SQLite a
    write comes first, so the transaction holds the write lock before it reads (a transaction that read first
    could not upgrade to writing while another process writes, and would fail with "database is locked")."""
    if connection.vendor == "sqlite":
        Channel.objects.filter(pk=channel_id).update(last_change=F("last_change"))
        return Channel.objects.get(pk=channel_id)
    return Channel.objects.select_for_update().get(pk=channel_id)


def _next_change(channel: Channel, *, new_message: bool, now) -> tuple[int, int]:
    seq = channel.last_seq + (1 if new_message else 0)
    change = channel.last_change + 1
    updates = {"last_change": change}
    if new_message:
        updates.update(last_seq=seq, last_message_at=now)
    Channel.objects.filter(pk=channel.pk).update(**updates)
    for name, value in updates.items():
        setattr(channel, name, value)
    return seq, change


def _message_for_update(channel: Channel, seq) -> Message:
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise ChatError("not_found")
    message = (
        Message.objects.filter(channel=channel, seq=seq)
        .select_related("author__profile", "reply_to__author__profile")
        .first()
    )
    if message is None:
        raise ChatError("not_found")
    return message


def _mentionable(channel: Channel):
    """Who may be mentioned: members who can read the channel (in private channels its members and the
    moderators of the site)."""
    if channel.kind != ChannelKind.PRIVATE:
        return None

    def check(user_id: int) -> bool:
        if Membership.objects.filter(channel=channel, user_id=user_id, joined=True).exists():
            return True
        return (
            get_user_model()
            .objects.filter(pk=user_id, is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name__in=[EDITORS, MODERATORS]))
            .exists()
        )

    return check


def _notify_mentions(message: Message, channel: Channel, author, user_ids) -> None:
    user_ids = [uid for uid in user_ids if uid != author.pk]
    if not user_ids:
        return
    Mention.objects.bulk_create(
        [Mention(message=message, channel=channel, user_id=uid, seq=message.seq) for uid in user_ids],
        ignore_conflicts=True,
    )
    from community.notifications.api import NotificationKind, notify

    recipients = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("%(name)s mentioned you in the channel “%(channel)s”") % {
            "name": rendering.author_name(author),
            "channel": channel.name,
        }
    for recipient in recipients:
        notify(
            recipient,
            NotificationKind.MENTION,
            title,
            body=message.body,
            url=message_url(channel, message.seq),
            actor=author,
            target=message,
        )


def _notify_announcement(message: Message, channel: Channel, author) -> None:
    from community.notifications.api import NotificationKind, notify_followers

    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("New announcement in “%(channel)s”") % {"channel": channel.name}
    notify_followers(
        [channel],
        NotificationKind.FOLLOWED_CONTENT,
        title,
        body=message.body,
        url=message_url(channel, message.seq),
        actor=author,
        exclude=[author],
    )


def message_url(channel: Channel, seq: int) -> str:
    from django.urls import reverse

    return reverse("chat:channel", args=[channel.slug]) + f"?ab={seq}#nachricht-{seq}"


def _publish_message(message: Message, channel: Channel) -> Outbox:
    outbox = Outbox()
    outbox.frame(channel_group(channel.pk), rendering.message_texts(message, channel.slug))
    return outbox


# --- Sending ------------------------------------------------------------------------------------------------


def post_message(user, channel: Channel, body, client_id, reply_to_seq=None, now=None) -> ActionResult:
    """Store a new message. A retried send (same author and client id) returns the stored one, created=False,
    with nothing to publish; the caller sends it to the retrying client only."""
    text = clean_body(body)
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise ChatError("invalid_client_id")
    existing = _existing(user, client_id)
    if existing is not None:
        if existing.channel_id != channel.pk:
            raise ChatError("client_id_reused")
        return ActionResult(message=existing, created=False, changed=False)
    if reply_to_seq is not None and (
        not isinstance(reply_to_seq, int) or isinstance(reply_to_seq, bool) or reply_to_seq < 1
    ):
        raise ChatError("reply_not_found")
    check_send_rate(user)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = _lock_channel(channel.pk)
            membership = Membership.objects.filter(channel=locked, user=user).first()
            access = access_for(user, locked, membership, now=now)
            if access.write_refusal:
                _refuse(access)
            if (
                locked.slow_mode_seconds
                and not access.can_moderate
                and membership
                and membership.last_posted_at
            ):
                ready_at = membership.last_posted_at + timedelta(seconds=locked.slow_mode_seconds)
                if ready_at > now:
                    raise ChatError("slow_mode", retry_after=math.ceil((ready_at - now).total_seconds()))
            reply_to = None
            if reply_to_seq is not None:
                reply_to = (
                    Message.objects.filter(channel=locked, seq=reply_to_seq)
                    .select_related("author__profile")
                    .first()
                )
                if reply_to is None:
                    raise ChatError("reply_not_found")
            rendered = rendering.render_body(text, may_mention=_mentionable(locked))
            seq, change = _next_change(locked, new_message=True, now=now)
            message = Message.objects.create(
                channel=locked,
                seq=seq,
                change=change,
                author=user,
                client_id=client_id,
                body=text,
                body_html=rendered.html,
                reply_to=reply_to,
                mention_ids=rendered.mention_ids,
                created_at=now,
            )
            if membership is not None:
                updates = {"last_read_seq": max(membership.last_read_seq, seq), "last_posted_at": now}
                if locked.kind in (ChannelKind.OPEN, ChannelKind.CALL):
                    updates["joined"] = True
                Membership.objects.filter(pk=membership.pk).update(**updates)
            elif locked.kind in (ChannelKind.OPEN, ChannelKind.CALL):
                # Writing in an open channel joins it: it then appears under "My channels" with unread counts.
                Membership.objects.create(channel=locked, user=user, last_read_seq=seq, last_posted_at=now)
            _notify_mentions(message, locked, user, rendered.mention_ids)
            if locked.kind == ChannelKind.ANNOUNCEMENTS:
                _notify_announcement(message, locked, user)
    except IntegrityError:
        # The same send arrived twice at the same moment (two workers, a retry racing the original).
        existing = _existing(user, client_id)
        if existing is None or existing.channel_id != channel.pk:
            raise
        return ActionResult(message=existing, created=False, changed=False)
    message.author = user
    return ActionResult(message=message, created=True, outbox=_publish_message(message, locked))


def _existing(user, client_id: str) -> Message | None:
    return (
        Message.objects.filter(author=user, client_id=client_id)
        .select_related("channel", "author__profile", "reply_to__author__profile")
        .first()
    )


# --- Changing a message ---------------------------------------------------------------------------------------


def edit_message(user, channel: Channel, seq, body, now=None) -> ActionResult:
    text = clean_body(body)
    check_action_rate(user)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_channel(channel.pk)
        message = _message_for_update(locked, seq)
        access = access_for(user, locked, now=now)
        if not access.can_read:
            raise ChatError("forbidden")
        if message.author_id != user.pk:
            raise ChatError("not_author")
        if message.is_deleted:
            raise ChatError("deleted")
        if access.write_refusal:
            _refuse(access)
        if text == message.body:
            raise ChatError("unchanged")
        MessageRevision.objects.create(
            message=message,
            body=message.body,
            written_at=message.edited_at or message.created_at,
            replaced_at=now,
        )
        rendered = rendering.render_body(text, may_mention=_mentionable(locked))
        _seq, change = _next_change(locked, new_message=False, now=now)
        previous_mentions = set(message.mention_ids or [])
        message.body, message.body_html, message.mention_ids = text, rendered.html, rendered.mention_ids
        message.edited_at, message.change = now, change
        message.save(update_fields=["body", "body_html", "mention_ids", "edited_at", "change"])
        Mention.objects.filter(message=message).exclude(user_id__in=rendered.mention_ids).delete()
        _notify_mentions(
            message, locked, user, [uid for uid in rendered.mention_ids if uid not in previous_mentions]
        )
    return ActionResult(message=message, outbox=_publish_message(message, locked))


def delete_message(user, channel: Channel, seq, now=None) -> ActionResult:
    """Soft delete: the message stays in its place as "Nachricht gelöscht", its text, edit history, reactions
    and mentions are gone. Authors delete their own; moderators any (logged, open reports resolved)."""
    check_action_rate(user)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_channel(channel.pk)
        message = _message_for_update(locked, seq)
        access = access_for(user, locked, now=now)
        if not access.can_read:
            raise ChatError("forbidden")
        own = message.author_id == user.pk
        if not own and not access.can_moderate:
            raise ChatError("not_moderator")
        if message.is_deleted:
            return ActionResult(message=message, changed=False)
        removed_text = message.body
        _seq, change = _next_change(locked, new_message=False, now=now)
        message.deleted_at, message.deleted_by = now, user
        message.body = message.body_html = ""
        message.mention_ids, message.reactions = [], {}
        message.pinned_at = message.pinned_by = None
        message.change = change
        message.save(
            update_fields=[
                "deleted_at", "deleted_by", "body", "body_html", "mention_ids", "reactions", "pinned_at",
                "pinned_by", "change",
            ]
        )  # fmt: skip
        message.revisions.all().delete()
        Mention.objects.filter(message=message).delete()
        if not own:
            ModerationAction.objects.create(
                channel=locked,
                channel_name=locked.name,
                actor=user,
                action=ModerationActionKind.DELETE_MESSAGE,
                target_user_id=message.author_id,
                message=message,
                details=removed_text,
                created_at=now,
            )
            Report.objects.filter(message=message, status=ReportStatus.OPEN).update(
                status=ReportStatus.RESOLVED, handled_by=user, handled_at=now
            )
    return ActionResult(message=message, outbox=_publish_message(message, locked))


def normalise_emoji(emoji) -> str:
    if not isinstance(emoji, str):
        raise ChatError("invalid_emoji")
    emoji = _EMOJI_ALIASES.get(emoji.strip(), emoji.strip())
    if emoji not in rendering.REACTIONS:
        raise ChatError("invalid_emoji")
    return emoji


def toggle_reaction(user, channel: Channel, seq, emoji, now=None) -> ActionResult:
    emoji = normalise_emoji(emoji)
    check_action_rate(user)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_channel(channel.pk)
        message = _message_for_update(locked, seq)
        access = access_for(user, locked, now=now)
        if not access.can_read:
            raise ChatError("forbidden")
        if message.is_deleted:
            raise ChatError("deleted")
        if access.react_refusal:
            _refuse_reaction(access)
        reactions = {key: list(value) for key, value in (message.reactions or {}).items()}
        reactors = reactions.setdefault(emoji, [])
        if user.pk in reactors:
            reactors.remove(user.pk)
        else:
            reactors.append(user.pk)
        message.reactions = {key: value for key, value in reactions.items() if value}
        _seq, change = _next_change(locked, new_message=False, now=now)
        message.change = change
        message.save(update_fields=["reactions", "change"])
    return ActionResult(message=message, outbox=_publish_message(message, locked))


def _refuse_reaction(access) -> None:
    code = access.react_refusal
    if code == "muted":
        raise ChatError(code, until=timezone.localtime(access.muted_until).strftime("%d.%m.%Y %H:%M"))
    raise ChatError(code)


def set_pinned(user, channel: Channel, seq, pinned: bool, now=None) -> ActionResult:
    check_action_rate(user)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_channel(channel.pk)
        message = _message_for_update(locked, seq)
        access = access_for(user, locked, now=now)
        if not access.can_moderate:
            raise ChatError("not_moderator" if access.can_read else "forbidden")
        if message.is_deleted:
            raise ChatError("deleted")
        if (message.pinned_at is not None) == bool(pinned):
            return ActionResult(message=message, changed=False)
        _seq, change = _next_change(locked, new_message=False, now=now)
        message.pinned_at, message.pinned_by = (now, user) if pinned else (None, None)
        message.change = change
        message.save(update_fields=["pinned_at", "pinned_by", "change"])
        ModerationAction.objects.create(
            channel=locked,
            channel_name=locked.name,
            actor=user,
            action=ModerationActionKind.PIN if pinned else ModerationActionKind.UNPIN,
            target_user_id=message.author_id,
            message=message,
            details=rendering.excerpt(message.body, 200),
            created_at=now,
        )
    return ActionResult(message=message, outbox=_publish_message(message, locked))


# --- Membership and reading -----------------------------------------------------------------------------------


def join(user, channel: Channel) -> bool:
    """Join an open, announcement or call channel. False if already a member."""
    access = access_for(user, channel)
    if access.is_member:
        return False
    if not access.can_join:
        raise ChatError("forbidden")
    membership, created = Membership.objects.get_or_create(
        channel=channel, user=user, defaults={"last_read_seq": channel.last_seq}
    )
    if not created:
        Membership.objects.filter(pk=membership.pk).update(joined=True)
    return True


def leave(user, channel: Channel) -> Outbox:
    """Leave a channel (the membership row stays with joined=False, so mutes and read positions survive).
    Open sockets of a private channel close: the member cannot read it any more."""
    updated = Membership.objects.filter(channel=channel, user=user, joined=True).update(joined=False)
    outbox = Outbox()
    if updated:
        outbox.access_changed(channel.pk, user.pk)
    return outbox


def mark_read(user, channel: Channel, seq) -> int | None:
    """Move the member's read position forward to `seq` (never back, never past the last message)."""
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ChatError("not_found")
    last_seq = Channel.objects.filter(pk=channel.pk).values_list("last_seq", flat=True).first() or 0
    seq = min(seq, last_seq)
    Membership.objects.filter(channel=channel, user=user, joined=True, last_read_seq__lt=seq).update(
        last_read_seq=seq
    )
    return seq
