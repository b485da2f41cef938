"""Template filters of the channel pages."""

from django import template

from home.text import plain_text

register = template.Library()


@register.filter
def plain_excerpt(value, limit=180) -> str:
    """Member-written Markdown as a short plain-text excerpt (for listings)."""
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        limit = 180
    return plain_text(str(value or ""), limit=limit)


@register.filter
def member_name(user) -> str:
    """A member's display name as other members see it (never an email address)."""
    from ..rendering import author_name

    return author_name(user)
