"""Template tags of the members area: the follow button's state, avatars' initials, visibility labels."""

from django import template

from ..follow import follow_state as _follow_state
from ..models import Profile, Visibility, default_display_name

register = template.Library()

ACCOUNT_NAME_SESSION_KEY = "members:account_name"


def remember_account_name(request, user, name: str) -> None:
    if hasattr(request, "session"):
        request.session[ACCOUNT_NAME_SESSION_KEY] = [user.pk, name]


@register.simple_tag(takes_context=True)
def account_name(context) -> str:
    """The logged-in member's display name for the header, kept in the session: the header is on every page,
    and one query less per page matters (the profile form updates it when the name changes)."""
    request, user = context.get("request"), context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    session = getattr(request, "session", None)
    remembered = session.get(ACCOUNT_NAME_SESSION_KEY) if session is not None else None
    if isinstance(remembered, list) and len(remembered) == 2 and remembered[0] == user.pk:
        return remembered[1]
    try:
        name = user.profile.display_name
    except Profile.DoesNotExist:
        name = ""
    name = name or default_display_name(user)
    remember_account_name(request, user, name)
    return name


@register.simple_tag(takes_context=True)
def follow_state(context, target):
    """{% follow_state target as state %}: state.followable, .following, .type_key, .object_id, .title, .is_self.

    One query per request and content type at most (none after views.prefetch_follow_state)."""
    request = context.get("request")
    if request is None:
        from ..follow import FollowState

        return FollowState(followable=False)
    return _follow_state(request, target)


@register.filter
def initials(name) -> str:
    """Up to two initials for the picture placeholder: "Anna Beispiel" -> "AB"."""
    words = [word for word in str(name or "").replace("-", " ").split() if word[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@register.filter
def visibility_label(value) -> str:
    try:
        return Visibility(value).label
    except ValueError:
        return ""


@register.filter
def avatar_hue(seed) -> int:
    """A stable colour class (0-5) for the initials placeholder, from the member's id."""
    try:
        return int(seed) % 6
    except (TypeError, ValueError):
        return 0
