"""Export and erasure of a member's notifications and notification settings (registered in apps.py)."""

from .inbox import forget_unread
from .models import Notification, NotificationPreference


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    notifications = [
        {
            "id": n.pk,
            "kind": n.kind,
            "title": n.title,
            "text": n.body,
            "link": n.url,
            "created_at": _iso(n.created_at),
            "read_at": _iso(n.read_at),
            "shown_in_site": n.in_app,
            "email": n.email_state,
            "emailed_at": _iso(n.emailed_at),
        }
        for n in Notification.objects.filter(recipient_id=user.pk).order_by("created_at", "pk").iterator()
    ]
    preference = NotificationPreference.objects.filter(user_id=user.pk).first()
    settings = None
    if preference is not None:
        settings = {
            "per_kind": preference.channels,
            "emails": preference.email_enabled,
            "email_frequency": preference.digest,
            "last_summary_sent_at": _iso(preference.last_digest_at),
        }
    return {"notifications": notifications, "settings": settings}


def erase(user, keep_content: bool = True) -> None:
    """Notifications are personal, never public content: they go whatever keep_content says. Where the
    member caused someone else's notification, that notification stays but no longer points to them."""
    Notification.objects.filter(recipient_id=user.pk).delete()
    Notification.objects.filter(actor_id=user.pk).update(actor=None)
    NotificationPreference.objects.filter(user_id=user.pk).delete()
    forget_unread([user.pk])
