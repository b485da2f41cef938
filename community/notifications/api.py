"""What other apps call to notify members.

    from community.notifications.api import NotificationKind, notify, notify_followers

    notify(thread.author, NotificationKind.REPLY, f"{name} hat auf „{thread.title}“ geantwortet",
           body=reply.text, url=reply_url, actor=request.user, target=reply)
    notify_followers([tag, region], NotificationKind.FOLLOWED_CONTENT, f"Neu: {post.title}",
                     url=post.url, actor=post.owner, exclude=[post.owner])

- `title` is one short German sentence (lazy translations are evaluated in German, whatever language the
  acting member browses in); `body` an optional excerpt (Markdown is shown as plain text);
  `url` a path on this site ("/…"): anything else is dropped, so a notification can never lead elsewhere.
- Nobody is notified about their own action (the actor), inactive accounts never, and a member who switched
  a kind off entirely gets nothing (notify() then returns None).
- Order: everything is stored first (bulk_create); after the surrounding transaction commits, each recipient
  gets one live push (carrying the stored id) and immediate emails are handed to the task backend. Inside a
  test wrapped in a transaction, use `django_capture_on_commit_callbacks(execute=True)` to see push and email.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from . import inbox
from .models import EmailState, Notification, NotificationKind, preferences_for

__all__ = ["NotificationKind", "notify", "notify_followers", "safe_site_path"]

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length
BODY_MAX = 5000


def safe_site_path(url: str) -> str:
    """The URL if it is a path on this site ("/…"), else "". Absolute links to SITE_URL become paths."""
    url = (url or "").strip()
    site_url = settings.SITE_URL.rstrip("/")
    if site_url and url.startswith(site_url + "/"):
        url = url[len(site_url) :]
    if (
        not url.startswith("/")
        or url.startswith(("//", "/\\"))
        or len(url) > URL_MAX
        or any(ord(char) < 32 or char == "\\" for char in url)
        or not url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    ):
        return ""
    return url


def notify(recipient, kind, title, *, body="", url="", actor=None, target=None) -> Notification | None:
    """Notify one member. Returns the stored notification, or None when nothing was stored."""
    if recipient is None or not getattr(recipient, "is_active", False):
        return None
    created = _deliver([recipient.pk], kind, title, body=body, url=url, actor=actor, target=target)
    return created[0] if created else None


def notify_followers(targets, kind, title, *, body="", url="", actor=None, exclude=()) -> int:
    """Notify everyone who follows any of `targets` (any model instances: members, tags, regions, threads …),
    once each, except the actor and `exclude` (users or user ids). Returns the number of notifications stored.
    """
    from community.members.follow import followers_of

    excluded = {getattr(item, "pk", item) for item in exclude}
    if actor is not None:
        excluded.add(actor.pk)
    recipient_ids = list(
        followers_of(targets).exclude(pk__in=excluded).order_by("pk").values_list("pk", flat=True)
    )
    if not recipient_ids:
        return 0
    return len(_deliver(recipient_ids, kind, title, body=body, url=url, actor=actor))


def _target_fields(target) -> dict:
    if target is None or target.pk is None:
        return {}
    if not isinstance(target.pk, int):
        return {}  # the generic relation stores integer ids only
    return {
        "target_content_type": ContentType.objects.get_for_model(target),
        "target_object_id": target.pk,
    }


def _clean(kind, title, body, url) -> tuple[str, str, str, str]:
    kind = str(kind)
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}; add it to NotificationKind first.")
    title = " ".join(str(title or "").split())
    if not title:
        raise ValueError("A notification needs a title.")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    body = str(body or "").strip()[:BODY_MAX]
    clean_url = safe_site_path(url)
    if url and not clean_url:
        logger.warning("Dropped a notification link that is not a path on this site: %r", url)
    return kind, title, body, clean_url


def _deliver(
    recipient_ids: Iterable[int], kind, title, *, body="", url="", actor=None, target=None
) -> list[Notification]:
    # Lazy translations become German text here, whatever language the acting member browses in.
    with translation.override(settings.LANGUAGE_CODE):
        kind, title, body, url = _clean(kind, title, body, url)
    actor_id = actor.pk if actor is not None else None
    recipient_ids = [pk for pk in dict.fromkeys(recipient_ids) if pk is not None and pk != actor_id]
    if not recipient_ids:
        return []
    preferences = preferences_for(recipient_ids)
    now = timezone.now()
    target_fields = _target_fields(target)
    pending = []
    for recipient_id in recipient_ids:
        preference = preferences[recipient_id]
        in_app = preference.wants_in_app(kind)
        email = preference.wants_email(kind)
        if not (in_app or email):
            continue
        pending.append(
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                title=title,
                body=body,
                url=url,
                actor_id=actor_id,
                in_app=in_app,
                created_at=now,
                email_state=EmailState.PENDING if email else EmailState.OFF,
                **target_fields,
            )
        )
    if not pending:
        return []
    created = Notification.objects.bulk_create(pending, batch_size=500)
    inbox.forget_unread({n.recipient_id for n in created if n.in_app})
    immediate_ids = [
        n.pk
        for n in created
        if n.email_state == EmailState.PENDING and not preferences[n.recipient_id].sends_digest
    ]
    transaction.on_commit(lambda: _after_commit(created, immediate_ids))
    return created


def _after_commit(created: list[Notification], immediate_ids: list[int]) -> None:
    try:
        inbox.push_new(created)
    except Exception:  # stored is stored: the bell catches up on the next page view
        logger.exception("Could not push %s new notifications", len(created))
    if immediate_ids:
        from .tasks import send_notification_emails

        try:
            send_notification_emails.enqueue(immediate_ids)
        except Exception:  # the hourly digest command retries whatever is still pending
            logger.exception("Could not queue notification emails %s", immediate_ids[:10])
