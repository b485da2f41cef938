"""Notification emails: one per notification (immediate) or a summary (digest).

Every email is German, plain text with an HTML alternative, links absolute to SITE_URL, and carries a signed
one-click unsubscribe link (RFC 8058: List-Unsubscribe + List-Unsubscribe-Post headers).

At most once: a notification is claimed (email_state pending -> sent, stamped with the claim time) before the
message is built, and only what this process claimed is sent. If the mail server refuses, the claim is
released and the hourly command tries again.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from home.text import plain_text

from . import inbox
from .models import KIND_PREFERENCE_LABELS, DigestFrequency, EmailState, Notification, preferences_for
from .preferences import make_unsubscribe_token

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    address: str
    name: str


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user_id: int, kind: str = "") -> str:
    return absolute(reverse("notifications:unsubscribe", args=[make_unsubscribe_token(user_id, kind)]))


def recipients_for(user_ids) -> dict[int, Recipient]:
    """Where to write: the member's verified primary address; active members only."""
    user_ids = list(user_ids)
    found = {}
    for start in range(0, len(user_ids), 500):
        addresses = EmailAddress.objects.filter(
            user_id__in=user_ids[start : start + 500], verified=True, primary=True, user__is_active=True
        ).select_related("user__profile")
        for address in addresses:
            user = address.user
            profile = getattr(user, "profile", None)
            name = (profile.display_name if profile else "") or user.first_name
            found[user.pk] = Recipient(user_id=user.pk, address=address.email, name=name)
    return found


# --- Claiming -------------------------------------------------------------------------------------------------


def claim(notification_ids) -> list[Notification]:
    """Take pending notifications for sending. Returns only those this call claimed."""
    notification_ids = list(notification_ids)
    if not notification_ids:
        return []
    stamp = timezone.now()
    Notification.objects.filter(pk__in=notification_ids, email_state=EmailState.PENDING).update(
        email_state=EmailState.SENT, emailed_at=stamp
    )
    return list(
        Notification.objects.filter(pk__in=notification_ids, email_state=EmailState.SENT, emailed_at=stamp)
    )


def release(notification_ids) -> None:
    """Put claimed notifications back in the queue (the message could not be sent)."""
    Notification.objects.filter(pk__in=list(notification_ids), email_state=EmailState.SENT).update(
        email_state=EmailState.PENDING, emailed_at=None
    )


def settle_off(notification_ids) -> None:
    Notification.objects.filter(pk__in=list(notification_ids)).update(
        email_state=EmailState.OFF, emailed_at=None
    )


# --- Messages -------------------------------------------------------------------------------------------------


def _headers(unsubscribe_link: str) -> dict:
    return {
        "List-Unsubscribe": f"<{unsubscribe_link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }


def _common_context(recipient: Recipient, unsubscribe_link: str) -> dict:
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
        "name": recipient.name,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "list_url": absolute(reverse("notifications:list")),
        "unsubscribe_url": unsubscribe_link,
    }


def _item(notification: Notification) -> dict:
    return {
        "title": notification.title,
        "kind_label": notification.get_kind_display(),
        "body": plain_text(notification.body, limit=400),
        "link": absolute(inbox.open_url(notification.pk)),
        "created_at": notification.created_at,
    }


def _message(subject: str, template: str, context: dict, recipient: Recipient, unsubscribe_link: str):
    text = render_to_string(f"email/notifications/{template}.txt", context)
    html = render_to_string(f"email/notifications/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=f"[{settings.WAGTAIL_SITE_NAME}] {subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.address],
        headers=_headers(unsubscribe_link),
    )
    message.attach_alternative(html, "text/html")
    return message


def build_notification_email(notification: Notification, recipient: Recipient) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        link = unsubscribe_url(recipient.user_id, notification.kind)
        context = {
            **_common_context(recipient, link),
            "item": _item(notification),
            "kind_label": KIND_PREFERENCE_LABELS.get(notification.kind, notification.get_kind_display()),
        }
        return _message(notification.title, "notification", context, recipient, link)


def _summary_subject(frequency: str, count: int) -> str:
    if frequency == DigestFrequency.DAILY:
        if count == 1:
            return _("Your daily summary: one new notification")
        return _("Your daily summary: %(count)s new notifications") % {"count": count}
    if frequency == DigestFrequency.WEEKLY:
        if count == 1:
            return _("Your weekly summary: one new notification")
        return _("Your weekly summary: %(count)s new notifications") % {"count": count}
    return _("%(count)s notifications you have not seen yet") % {"count": count}


def build_digest_email(
    notifications: list[Notification], recipient: Recipient, frequency: str
) -> EmailMultiAlternatives:
    limit = settings.NOTIFICATION_DIGEST_MAX_ITEMS
    with translation.override(settings.LANGUAGE_CODE):
        link = unsubscribe_url(recipient.user_id)
        newest_first = sorted(notifications, key=lambda n: (n.created_at, n.pk), reverse=True)
        context = {
            **_common_context(recipient, link),
            "frequency": frequency,
            "items": [_item(n) for n in newest_first[:limit]],
            "more": max(0, len(newest_first) - limit),
            "count": len(newest_first),
        }
        return _message(_summary_subject(frequency, len(newest_first)), "digest", context, recipient, link)


# --- Sending --------------------------------------------------------------------------------------------------


def deliver(batch: list[tuple[list[int], EmailMultiAlternatives]]) -> list[bool]:
    """Send the messages over one connection; release the notifications of every message that failed.
    Returns, per message, whether it was sent."""
    if not batch:
        return []
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        logger.exception("Mail server unavailable; %s notification emails stay queued", len(batch))
        release([pk for ids, _message in batch for pk in ids])
        return [False] * len(batch)
    results = []
    try:
        for ids, message in batch:
            message.connection = connection
            try:
                message.send()
            except Exception:
                logger.exception("Could not send a notification email (notifications %s)", ids)
                release(ids)
                results.append(False)
            else:
                results.append(True)
    finally:
        connection.close()
    return results


def send_immediate(notification_ids) -> int:
    """Email these notifications one by one, as far as their recipients still want that right away."""
    claimed = claim(notification_ids)
    if not claimed:
        return 0
    recipient_ids = {n.recipient_id for n in claimed}
    preferences = preferences_for(recipient_ids)
    recipients = recipients_for(recipient_ids)
    declined, to_digest, batch = [], [], []
    for notification in claimed:
        preference = preferences[notification.recipient_id]
        recipient = recipients.get(notification.recipient_id)
        if recipient is None or not preference.wants_email(notification.kind):
            declined.append(notification.pk)
        elif preference.sends_digest:
            to_digest.append(notification.pk)  # switched to a summary in the meantime
        else:
            batch.append(([notification.pk], build_notification_email(notification, recipient)))
    settle_off(declined)
    release(to_digest)
    return sum(deliver(batch))


def send_summaries(by_recipient: dict[int, list[Notification]], frequency: str) -> tuple[int, set[int]]:
    """Claim and send one summary per member (a single notification with frequency "none" goes out as an
    ordinary notification email). Returns the number of emails sent and the members whose email failed."""
    preferences = preferences_for(by_recipient)
    recipients = recipients_for(by_recipient)
    declined, batch, batch_users = [], [], []
    for user_id, notifications in by_recipient.items():
        preference = preferences[user_id]
        recipient = recipients.get(user_id)
        wanted = []
        for notification in notifications:
            seen_in_site = notification.in_app and notification.read_at is not None
            if recipient is None or not preference.wants_email(notification.kind) or seen_in_site:
                declined.append(notification.pk)
            else:
                wanted.append(notification.pk)
        claimed = claim(wanted)
        if not claimed:
            continue
        if len(claimed) == 1 and frequency == DigestFrequency.NONE:
            message = build_notification_email(claimed[0], recipient)
        else:
            message = build_digest_email(claimed, recipient, frequency)
        batch.append(([n.pk for n in claimed], message))
        batch_users.append(user_id)
    settle_off(declined)
    results = deliver(batch)
    failed = {user_id for user_id, ok in zip(batch_users, results, strict=True) if not ok}
    return sum(results), failed


def group_by_recipient(notifications) -> dict[int, list[Notification]]:
    grouped = defaultdict(list)
    for notification in notifications:
        grouped[notification.recipient_id].append(notification)
    return dict(grouped)
