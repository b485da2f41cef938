"""Changing how a member is notified: the preferences page, one-click unsubscribe and its undo.

Whatever switches email off also settles the notifications still waiting for an email of that kind, so a
later digest never sends what the member just declined.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from .models import EmailState, Notification, NotificationKind, NotificationPreference

UNSUBSCRIBE_SALT = "community.notifications.unsubscribe"


def preference_of(user) -> NotificationPreference:
    """The member's saved preferences, or unsaved defaults."""
    return NotificationPreference.objects.filter(user_id=user.pk).first() or NotificationPreference(
        user_id=user.pk
    )


def save_preference(preference: NotificationPreference) -> None:
    preference.save()
    settle_pending(preference)


def settle_pending(preference: NotificationPreference) -> None:
    """Notifications waiting for an email the member no longer wants are not emailed any more."""
    pending = Notification.objects.filter(recipient_id=preference.user_id, email_state=EmailState.PENDING)
    if not preference.email_enabled:
        pending.update(email_state=EmailState.OFF)
        return
    declined = [kind for kind in NotificationKind.values if not preference.wants_email_for(kind)]
    if declined:
        pending.filter(kind__in=declined).update(email_state=EmailState.OFF)


# --- Unsubscribe links ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnsubscribeRequest:
    user_id: int
    kind: str  # "" for "all notification emails"


class InvalidToken(Exception):
    expired = False


class ExpiredToken(InvalidToken):
    expired = True


def make_unsubscribe_token(user_id: int, kind: str = "") -> str:
    return signing.dumps({"u": user_id, "k": str(kind or "")}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> UnsubscribeRequest:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=settings.NOTIFICATION_UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except (signing.BadSignature, ValueError) as error:
        raise InvalidToken from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise InvalidToken
    kind = data.get("k") or ""
    if kind and kind not in NotificationKind.values:
        kind = ""  # a kind that no longer exists: offer "all emails" instead
    return UnsubscribeRequest(user_id=data["u"], kind=kind)


def unsubscribe(user, kind: str = "") -> NotificationPreference:
    """Stop emails of one kind, or all notification emails when kind is empty."""
    preference = preference_of(user)
    if kind:
        preference.set_choice(kind, email=False)
    else:
        preference.email_enabled = False
    save_preference(preference)
    return preference


def resubscribe(user, kind: str = "") -> NotificationPreference:
    """Undo an unsubscription made by mistake."""
    preference = preference_of(user)
    if kind:
        preference.set_choice(kind, email=True)
    preference.email_enabled = True
    save_preference(preference)
    return preference
