"""The in-app side: unread counts (cached per member), marking as read, and the live push to open tabs.

HTTP views and the WebSocket consumer both use these functions, so the rules (a member only touches their own
notifications) live in one place. Every change is written first and pushed after the transaction commits;
each pushed frame carries the stored id.
"""

import asyncio
import hashlib
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from home.text import plain_text

from .models import Notification

logger = logging.getLogger(__name__)

# The badge shows "99+" beyond this; counting stops there, so a huge backlog stays a cheap query.
UNREAD_CAP = 100


def group_name(user_id: int) -> str:
    return f"notifications.user.{user_id}"


def session_group_name(session_key: str) -> str:
    """One group per login session, so logging out closes that session's sockets (and only those)."""
    return "notifications.session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def _cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_queryset(user_id: int):
    return Notification.objects.filter(recipient_id=user_id, in_app=True, read_at__isnull=True)


def unread_count(user_id: int) -> int:
    """Unread in-app notifications of a member, at most UNREAD_CAP. One COUNT query, then cached."""
    key = _cache_key(user_id)
    count = cache.get(key)
    if count is None:
        count = unread_queryset(user_id)[:UNREAD_CAP].count()
        cache.set(key, count, settings.NOTIFICATION_UNREAD_CACHE_TIMEOUT)
    return count


def fresh_unread_counts(user_ids) -> dict[int, int]:
    """Exact counts for many members in one grouped query per 500; stores them in the cache as well."""
    user_ids = list(user_ids)
    counts = dict.fromkeys(user_ids, 0)
    for start in range(0, len(user_ids), 500):
        rows = (
            Notification.objects.filter(
                recipient_id__in=user_ids[start : start + 500], in_app=True, read_at__isnull=True
            )
            .values("recipient_id")
            .annotate(unread=Count("id"))
            .order_by()
        )
        counts.update({row["recipient_id"]: min(row["unread"], UNREAD_CAP) for row in rows})
    cache.set_many(
        {_cache_key(user_id): count for user_id, count in counts.items()},
        settings.NOTIFICATION_UNREAD_CACHE_TIMEOUT,
    )
    return counts


def forget_unread(user_ids) -> None:
    cache.delete_many([_cache_key(user_id) for user_id in user_ids])


def open_url(notification_id: int) -> str:
    return reverse("notifications:open", args=[notification_id])


def notification_frame(notification: Notification, unread: int) -> dict:
    return {
        "type": "notification",
        "id": notification.pk,
        "kind": notification.kind,
        "kind_label": str(notification.get_kind_display()),
        "title": notification.title,
        "body": plain_text(notification.body, limit=200),
        "url": notification.url,
        "open_url": open_url(notification.pk),
        "created_at": notification.created_at.isoformat(),
        "unread": unread,
    }


# --- Marking --------------------------------------------------------------------------------------------------


def mark_read(user, notification_id: int) -> bool:
    """Mark one of the member's own notifications read. False if it is not theirs (or does not exist)."""
    updated = Notification.objects.filter(
        pk=notification_id, recipient_id=user.pk, read_at__isnull=True
    ).update(read_at=timezone.now())
    if updated:
        _changed(user.pk)
        return True
    return Notification.objects.filter(pk=notification_id, recipient_id=user.pk).exists()


def mark_unread(user, notification_id: int) -> bool:
    updated = Notification.objects.filter(
        pk=notification_id, recipient_id=user.pk, read_at__isnull=False
    ).update(read_at=None)
    if updated:
        _changed(user.pk)
        return True
    return Notification.objects.filter(pk=notification_id, recipient_id=user.pk).exists()


def mark_all_read(user) -> int:
    updated = unread_queryset(user.pk).update(read_at=timezone.now())
    if updated:
        _changed(user.pk)
    return updated


def _changed(user_id: int) -> None:
    forget_unread([user_id])
    transaction.on_commit(lambda: push_unread([user_id]))


# --- Live push ------------------------------------------------------------------------------------------------


def push_unread(user_ids) -> None:
    """Tell every open tab of these members their new unread count."""
    counts = fresh_unread_counts(user_ids)
    _group_send_many(
        [
            (
                group_name(user_id),
                {"type": "notification.unread", "frame": {"type": "unread", "unread": count}},
            )
            for user_id, count in counts.items()
        ]
    )


def push_new(notifications) -> None:
    """Push freshly stored notifications: one group_send per recipient, each frame with its stored id."""
    notifications = [n for n in notifications if n.in_app]
    if not notifications:
        return
    counts = fresh_unread_counts({n.recipient_id for n in notifications})
    _group_send_many(
        [
            (
                group_name(n.recipient_id),
                {"type": "notification.push", "frame": notification_frame(n, counts[n.recipient_id])},
            )
            for n in notifications
        ]
    )


def close_session_sockets(session_key: str) -> None:
    """Called on logout: open tabs of that browser session stop receiving this member's notifications."""
    if session_key:
        _group_send_many([(session_group_name(session_key), {"type": "notification.logout"})])


def _group_send_many(messages: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    if layer is None or not messages:
        return

    async def send_all():
        for group, message in messages:
            try:
                await layer.group_send(group, message)
            except Exception:  # the live push is a courtesy: the list and the count stay right without it
                logger.warning("Could not push a notification to %s", group, exc_info=True)

    _run_coroutine(send_all)


def _run_coroutine(coroutine_function) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(coroutine_function)()
        return
    # This thread runs an event loop, so AsyncToSync refuses to work here (sync code called straight from
    # async code, or from a harness such as Playwright's sync API). Run the sends from a helper thread.
    worker = threading.Thread(target=async_to_sync(coroutine_function), name="notification-push")
    worker.start()
    worker.join(timeout=10)


# --- Housekeeping ---------------------------------------------------------------------------------------------


def prune(now=None, batch_size: int = 2000) -> int:
    """Delete read notifications older than NOTIFICATION_RETENTION_DAYS and unread ones older than twice that
    (never one still waiting for its email). In batches, so the table is never locked for long."""
    from datetime import timedelta

    from django.db.models import Q

    from .models import EmailState

    now = now or timezone.now()
    days = settings.NOTIFICATION_RETENTION_DAYS
    old = Q(read_at__isnull=False, created_at__lt=now - timedelta(days=days)) | Q(
        created_at__lt=now - timedelta(days=2 * days)
    )
    stale = Notification.objects.filter(old).exclude(email_state=EmailState.PENDING)
    deleted = 0
    while True:
        ids = list(stale.values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        affected = set(Notification.objects.filter(pk__in=ids).values_list("recipient_id", flat=True))
        deleted += Notification.objects.filter(pk__in=ids).delete()[0]
        forget_unread(affected)
    return deleted
