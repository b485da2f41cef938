from django import template

from community.notifications import inbox
from home.text import plain_text

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in member's unread count: cached per member, so usually no query at all."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is not None:
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = inbox.unread_count(user.pk)
        return request._unread_notifications
    return inbox.unread_count(user.pk)


@register.filter
def unread_badge(count) -> str:
    """What the badge shows: the number, or "99+"."""
    try:
        count = int(count)
    except (TypeError, ValueError):
        return ""
    return "99+" if count > 99 else str(count)


@register.filter
def notification_excerpt(text, limit: int = 300) -> str:
    """A notification's text as a short plain excerpt (Markdown syntax removed, HTML escaped by the template)."""
    return plain_text(str(text or ""), limit=int(limit))
