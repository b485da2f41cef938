"""Message text and message HTML: Markdown with @mentions to sanitised HTML, and the one template that shows a
message, both on the server-rendered page and in the live frames.

A live frame is rendered once per language for everyone in the channel ("neutral": every control is in the
HTML, marked with data-chat-only="own|moderate|react|write", and the page's script removes the ones the viewer
may not use; the server checks every action anyway). The page renders each message for its viewer, so the
controls are right without JavaScript.
"""

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.text import plain_text, render_markdown

# The small set of reactions, with the names screen readers announce.
REACTIONS = {
    "👍": _("Thumbs up"),
    "❤️": _("Heart"),
    "😄": _("Laughing"),
    "🎉": _("Celebrating"),
    "🤔": _("Thinking"),
    "🙏": _("Thank you"),
}
MAX_MENTIONS = 10
QUOTE_LENGTH = 140

# "@" not inside a word (so email addresses are no mentions), then the name's first word.
_MENTION_START = re.compile(r"(?<![\w@/])@([^\W\d_][\w.-]*)")
# Code spans and fenced blocks: mentions inside them stay text.
_CODE = re.compile(r"```.*?(?:```|$)|`[^`\n]*`", re.DOTALL)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#+!<>|~])")


@dataclass(frozen=True)
class RenderedBody:
    html: str
    mention_ids: list[int]


def _escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _code_ranges(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _CODE.finditer(text)]


def find_mentions(text: str, candidates_for) -> list[tuple[int, int, int, str]]:
    """(start, end, user id, display name) of each @mention in `text`.

    `candidates_for(first_words)` returns (user id, display name) pairs of members whose display name starts
    with one of the words; the longest name that the text after "@" starts with wins ("@Jana Vollmering"
    before "@Jana").
    """
    code = _code_ranges(text)
    starts = [
        match
        for match in _MENTION_START.finditer(text)
        if not any(start <= match.start() < end for start, end in code)
    ]
    if not starts:
        return []
    first_words = sorted({match.group(1).rstrip(".-").casefold() for match in starts})
    candidates = sorted(candidates_for(first_words), key=lambda item: -len(item[1]))
    found, seen = [], set()
    for match in starts:
        after = text[match.start() + 1 : match.start() + 81]
        folded = after.casefold()
        for user_id, name in candidates:
            if not name or not folded.startswith(name.casefold()):
                continue
            rest = after[len(name) : len(name) + 1]
            if rest and (rest.isalnum() or rest == "_"):
                continue  # "@Jana" must not match inside "@Janaina"
            if user_id not in seen:
                seen.add(user_id)
                found.append((match.start(), match.start() + 1 + len(name), user_id, name))
            break
        if len(found) >= MAX_MENTIONS:
            break
    return found


def _profile_candidates(first_words: list[str]) -> list[tuple[int, str]]:
    from django.db.models import Q

    from community.members.models import Profile

    condition = Q()
    for word in first_words[:MAX_MENTIONS]:
        condition |= Q(display_name__istartswith=word)
    rows = (
        Profile.objects.filter(condition, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", "display_name")[:100]
    )
    return list(rows)


def render_body(text: str, may_mention=None) -> RenderedBody:
    """Markdown with mentions to sanitised HTML. Mentions become links to the profile; `may_mention(user_id)`
    decides who can be mentioned (members who can read the channel)."""
    mentions = find_mentions(text, _profile_candidates)
    if may_mention is not None:
        mentions = [mention for mention in mentions if may_mention(mention[2])]
    pieces, position = [], 0
    for start, end, user_id, name in mentions:
        pieces.append(text[position:start])
        url = reverse("members:profile", args=[user_id])
        pieces.append(f"[@{_escape_markdown(name)}]({url})")
        position = end
    pieces.append(text[position:])
    return RenderedBody(html=str(render_markdown("".join(pieces))), mention_ids=[m[2] for m in mentions])


def excerpt(text: str, limit: int = QUOTE_LENGTH) -> str:
    return plain_text(text, limit=limit)


# --- The message template -----------------------------------------------------------------------------------


def author_name(user) -> str:
    """What members see as the author: the display name; never an email address."""
    if user is None:
        return gettext("Deleted account")
    from community.members.privacy import is_former_member

    if is_former_member(user):
        return gettext("former member")
    profile = getattr(user, "profile", None) if _profile_loaded(user) else None
    if profile is None:
        return gettext("A member")
    return profile.display_name or gettext("A member")


def _profile_loaded(user) -> bool:
    try:
        user.profile  # noqa: B018 - loaded by select_related; a missing profile raises
    except Exception:  # RelatedObjectDoesNotExist
        return False
    return True


def _avatar(user) -> dict | None:
    if user is None or not _profile_loaded(user):
        return None
    from community.members.visibility import MEMBERS, can_see

    profile = user.profile
    return {
        "id": user.pk,
        "display_name": profile.display_name,
        "avatar": profile.avatar.url if profile.avatar and can_see(profile, "avatar", MEMBERS) else "",
    }


def reaction_list(message, viewer_id: int | None = None) -> list[dict]:
    items = []
    for emoji, label in REACTIONS.items():
        user_ids = (message.reactions or {}).get(emoji) or []
        if user_ids:
            items.append(
                {
                    "emoji": emoji,
                    "label": label,
                    "count": len(user_ids),
                    "user_ids": user_ids,
                    "mine": viewer_id in user_ids,
                }
            )
    return items


@dataclass(frozen=True)
class ViewerRights:
    """Which controls a message shows. `neutral`: for live frames (every control, marked for the script)."""

    user_id: int | None = None
    can_write: bool = False
    can_react: bool = False
    can_moderate: bool = False
    neutral: bool = False


NEUTRAL = ViewerRights(neutral=True, can_write=True, can_react=True, can_moderate=True)


def message_context(message, viewer: ViewerRights, channel_slug: str, csrf_token: str = "") -> dict:  # nosec B107: an empty default, not a password: callers pass the request's CSRF token
    reply = None
    if message.reply_to_id:
        original = message.reply_to
        if original is not None:
            reply = {
                "seq": original.seq,
                "author_name": author_name(original.author),
                "excerpt": "" if original.is_deleted else excerpt(original.body),
                "deleted": original.is_deleted,
            }
    own = viewer.neutral or (viewer.user_id is not None and viewer.user_id == message.author_id)
    return {
        "message": message,
        "slug": channel_slug,
        "author_name": author_name(message.author),
        "author_avatar": _avatar(message.author),
        "body_html": mark_safe(message.body_html),  # nosec B308, B703: sanitised by nh3 when stored (render_body -> home.text.render_markdown)
        "reply": reply,
        "reactions": reaction_list(message, None if viewer.neutral else viewer.user_id),
        "reaction_choices": list(REACTIONS.items()),
        "mentions_viewer": viewer.user_id is not None and viewer.user_id in (message.mention_ids or []),
        "viewer": viewer,
        "show_own": own and not message.is_deleted,
        "show_write": viewer.can_write and not message.is_deleted,
        "show_react": viewer.can_react and not message.is_deleted,
        "show_moderate": viewer.can_moderate and not message.is_deleted,
        "show_report": (viewer.neutral or viewer.user_id != message.author_id) and not message.is_deleted,
        # Live frames carry no token (they go to many members); the page's script adds its own.
        "csrf_token": csrf_token,
    }


# Placeholders in the page's copy of the message menu (see chat/includes/message_menu.html): numbers, so the
# URLs reverse, and long enough never to be a real message number or member id.
MENU_SEQ_PLACEHOLDER = 987654321
MENU_AUTHOR_PLACEHOLDER = 876543219
MENU_NAME_PLACEHOLDER = "{name}"


def render_menu_template(viewer: ViewerRights, channel_slug: str, csrf_token: str = "") -> str:  # nosec B107: an empty default, not a password: callers pass the request's CSRF token
    """The message menu with the viewer's controls and placeholder numbers, for the page's <template>: live
    frames leave it out and the script fills in a copy per message (and shows "own" or "other" controls)."""
    stub = SimpleNamespace(seq=MENU_SEQ_PLACEHOLDER, author_id=MENU_AUTHOR_PLACEHOLDER, pinned_at=None)
    return render_to_string(
        "chat/includes/message_menu.html",
        {
            "message": stub,
            "slug": channel_slug,
            "author_name": MENU_NAME_PLACEHOLDER,
            "reaction_choices": list(REACTIONS.items()),
            "show_react": viewer.can_react,
            "show_write": viewer.can_write,
            "show_own": viewer.user_id is not None,
            "show_moderate": viewer.can_moderate,
            "show_report": viewer.user_id is not None,
            "csrf_token": csrf_token,
        },
    )


def render_message(message, viewer: ViewerRights, channel_slug: str, csrf_token: str = "") -> str:  # nosec B107: an empty default, not a password: callers pass the request's CSRF token
    return render_to_string(
        "chat/includes/message.html", message_context(message, viewer, channel_slug, csrf_token)
    )


def message_frame(message, channel_slug: str, *, client_id: str | None = None) -> dict:
    """The data of a "message" event without its HTML (which depends on the language)."""
    frame = {
        "type": "message",
        "seq": message.seq,
        "change": message.change,
        "author": message.author_id,
        "mentions": list(message.mention_ids or []),
        "deleted": message.is_deleted,
        "pinned": message.pinned_at is not None,
    }
    if client_id:
        frame["client_id"] = client_id
    return frame


def frame_texts(frame: dict, messages_html=None) -> dict[str, str]:
    """The frame serialised once per site language, with `html` rendered in that language by
    `messages_html()` (a callable returning the HTML, called inside the language), so each consumer only
    forwards a ready string."""
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            payload = dict(frame)
            if messages_html is not None:
                payload["html"] = messages_html()
            texts[language] = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return texts


# Neutral HTML of recently changed messages, per process: after a hiccup, many pages ask for the same missed
# messages at once; each is rendered once per language, not once per page. A message's HTML changes only with
# its change number, which is part of the key.
_NEUTRAL_CACHE_SIZE = 2000
_neutral_cache: OrderedDict = OrderedDict()
_neutral_lock = threading.Lock()


def neutral_html(message, channel_slug: str) -> str:
    """The message for live frames and syncs, in the active language (rendered once per change)."""
    # The text's hash guards against ids being reused (test databases rolled back, a restored backup).
    key = (
        message.pk,
        message.change,
        translation.get_language(),
        hash(message.body_html),
        message.reply_to_id,
    )
    with _neutral_lock:
        html = _neutral_cache.get(key)
        if html is not None:
            _neutral_cache.move_to_end(key)
            return html
    html = render_message(message, NEUTRAL, channel_slug)
    with _neutral_lock:
        _neutral_cache[key] = html
        while len(_neutral_cache) > _NEUTRAL_CACHE_SIZE:
            _neutral_cache.popitem(last=False)
    return html


def live_frame(message, channel_slug: str) -> dict:
    """A "message" frame with its HTML in the active language (for one socket or one HTTP answer)."""
    return {
        **message_frame(message, channel_slug, client_id=message.client_id),
        "html": neutral_html(message, channel_slug),
    }


def message_texts(message, channel_slug: str) -> dict[str, str]:
    return frame_texts(
        message_frame(message, channel_slug, client_id=message.client_id),
        lambda: neutral_html(message, channel_slug),
    )
