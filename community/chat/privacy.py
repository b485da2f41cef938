"""Export and erasure of what the chat stores about a member (registered in apps.py).

Erasure with "keep my contributions": messages stay, shown as by "ehemaliges Mitglied" (the account row stays,
anonymised by the members app). Without: every message of the member is deleted the way a deletion in the
channel works (the place stays as "Nachricht gelöscht", so replies keep their context), with its history.
Memberships, read positions, reactions, mentions and reports the member made go in both cases.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Channel, Membership, Mention, Message, MessageRevision, Report


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    messages = [
        {
            "channel": message.channel.name,
            "number": message.seq,
            "text": message.body,
            "sent_at": _iso(message.created_at),
            "edited_at": _iso(message.edited_at),
            "deleted_at": _iso(message.deleted_at),
            "earlier_versions": [
                {"text": revision.body, "written_at": _iso(revision.written_at)}
                for revision in message.revisions.all()
            ],
        }
        for message in Message.objects.filter(author=user)
        .select_related("channel")
        .prefetch_related("revisions")
        .order_by("channel__name", "seq")
    ]
    memberships = [
        {
            "channel": membership.channel.name,
            "member": membership.joined,
            "role": membership.role,
            "read_up_to": membership.last_read_seq,
            "muted_until": _iso(membership.muted_until),
            "since": _iso(membership.created_at),
        }
        for membership in Membership.objects.filter(user=user)
        .select_related("channel")
        .order_by("channel__name")
    ]
    reactions = [
        {"channel": message.channel.name, "number": message.seq, "reaction": emoji}
        for message in Message.objects.filter(reactions__isnull=False)
        .exclude(reactions={})
        .select_related("channel")
        .only("seq", "reactions", "channel__name")
        .iterator()
        for emoji, user_ids in (message.reactions or {}).items()
        if user.pk in user_ids
    ]
    reports = [
        {
            "reason": report.reason,
            "note": report.note,
            "reported_at": _iso(report.created_at),
            "status": report.status,
        }
        for report in Report.objects.filter(reporter=user).order_by("created_at")
    ]
    return {"messages": messages, "memberships": memberships, "reactions": reactions, "reports": reports}


def erase(user, keep_content: bool = True) -> None:
    with transaction.atomic():
        _remove_reactions(user)
        Membership.objects.filter(user=user).delete()
        Mention.objects.filter(user=user).delete()
        Report.objects.filter(reporter=user).update(reporter=None, note="")
        if not keep_content:
            _delete_messages(user)


def _remove_reactions(user) -> None:
    # Reactions live in a JSON list per message; a member reacted to a few hundred messages at most.
    for message in Message.objects.exclude(reactions={}).only("pk", "reactions").iterator():
        reactions = message.reactions or {}
        if not any(user.pk in ids for ids in reactions.values()):
            continue
        cleaned = {emoji: [uid for uid in ids if uid != user.pk] for emoji, ids in reactions.items()}
        Message.objects.filter(pk=message.pk).update(reactions={k: v for k, v in cleaned.items() if v})


def _delete_messages(user) -> None:
    now = timezone.now()
    channel_ids = (
        Message.objects.filter(author=user, deleted_at__isnull=True)
        .order_by()
        .values_list("channel_id", flat=True)
        .distinct()
    )
    for channel_id in list(channel_ids):
        channel = Channel.objects.select_for_update().get(pk=channel_id)
        ids = list(Message.objects.filter(channel=channel, author=user).values_list("pk", flat=True))
        MessageRevision.objects.filter(message_id__in=ids).delete()
        Mention.objects.filter(message_id__in=ids).delete()
        # One new change number for all of them: clients that sync afterwards get the deleted state.
        change = channel.last_change + 1
        Channel.objects.filter(pk=channel.pk).update(last_change=F("last_change") + 1)
        Message.objects.filter(pk__in=ids).update(
            body="", body_html="", mention_ids=[], reactions={}, pinned_at=None, deleted_at=now, change=change
        )
    Message.objects.filter(author=user).update(author=None, deleted_by=None)
