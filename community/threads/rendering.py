"""How a post looks: the one template that shows a post, on the server-rendered page and in the live frames.

A page renders each post for its viewer (only the controls they may use, so everything works without
JavaScript). Live frames go to everyone with the thread open, so they are rendered "neutral": every control is
in the HTML, marked with data-thread-only="member|own|other|moderate", and the page's script removes the ones
its viewer may not use (the server checks every action anyway). Hidden posts never carry their text in a
frame.

Authors are shown as profiles' visibility allows (community/members/visibility.py): anonymous readers see a
name only if the member made it public, members always see it. Frames are therefore rendered once per
language and audience.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from community.members.visibility import MEMBERS, PUBLIC, can_see
from home.text import plain_text

from .models import REACTION_SYMBOLS, Reaction

QUOTE_LENGTH = 160
AUDIENCES = (str(PUBLIC), str(MEMBERS))


def excerpt(text: str, limit: int = QUOTE_LENGTH) -> str:
    return plain_text(text, limit=limit)


# --- Authors -----------------------------------------------------------------------------------------------


def _profile_of(user):
    try:
        return user.profile
    except Exception:  # RelatedObjectDoesNotExist: no profile
        return None


def author_info(user, audience: str) -> dict:
    """Name, profile link and avatar of a post's author as `audience` ("public"/"members") may see them."""
    if user is None:
        return {"name": gettext("Deleted account"), "url": "", "avatar": None, "id": None}
    from community.members.privacy import is_former_member

    if is_former_member(user):
        return {"name": gettext("former member"), "url": "", "avatar": None, "id": None}
    profile = _profile_of(user)
    if profile is None or not user.is_active or not can_see(profile, "display_name", audience):
        return {"name": gettext("A member"), "url": "", "avatar": None, "id": None}
    name = profile.display_name or gettext("A member")
    avatar = {
        "id": user.pk,
        "display_name": name,
        "avatar": profile.avatar.url if profile.avatar and can_see(profile, "avatar", audience) else "",
    }
    return {
        "name": name,
        "url": reverse("members:profile", args=[user.pk]),
        "avatar": avatar,
        "id": user.pk,
    }


def member_name(user) -> str:
    """The name members (and notifications) see."""
    return author_info(user, MEMBERS)["name"]


# --- One post ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who looks at the post and which controls it shows. `neutral`: for live frames (every control, marked)."""

    user_id: int | None = None
    audience: str = str(PUBLIC)
    can_post: bool = False  # a member who may write here (not locked)
    can_moderate: bool = False
    neutral: bool = False
    csrf_token: str = ""
    page_query: str = ""  # "diskussion=2&" when not on the first page, for the reply links


def neutral_viewer(audience: str) -> Viewer:
    return Viewer(audience=audience, can_post=True, can_moderate=True, neutral=True)


def reaction_items(post, mine: set[str] = frozenset()) -> list[dict]:
    counts = post.reaction_counts or {}
    return [
        {
            "kind": kind.value,
            "label": kind.label,
            "symbol": REACTION_SYMBOLS[kind],
            "count": int(counts.get(kind.value, 0)),
            "mine": kind.value in mine,
        }
        for kind in Reaction
    ]


def _quote(post, audience: str) -> dict | None:
    if not post.reply_to_id:
        return None
    original = post.reply_to
    if original is None:
        return None
    return {
        "id": original.pk,
        "author_name": author_info(original.author, audience)["name"],
        "excerpt": excerpt(original.body) if original.is_visible else "",
        "deleted": original.is_deleted,
        "hidden": original.is_hidden and not original.is_deleted,
    }


def post_context(post, viewer: Viewer, mine: set[str] = frozenset()) -> dict:
    own = viewer.user_id is not None and viewer.user_id == post.author_id
    visible = post.is_visible
    member = viewer.neutral or viewer.user_id is not None
    show_hidden_text = not viewer.neutral and post.is_hidden and not post.is_deleted and viewer.can_moderate
    return {
        "post": post,
        "author": author_info(post.author, viewer.audience),
        # Sanitised by nh3 when stored (services.render_body).
        "body_html": mark_safe(post.body_html) if visible or show_hidden_text else "",  # nosec B308, B703: body_html is sanitised by nh3 when the post is stored (services.render_body -> home.text.render_markdown)
        "show_hidden_text": show_hidden_text,
        "show_hidden_reason": post.is_hidden
        and not post.is_deleted
        and not viewer.neutral
        and (own or viewer.can_moderate),
        "quote": _quote(post, viewer.audience),
        "reactions": reaction_items(post, mine),
        "viewer": viewer,
        "neutral": viewer.neutral,
        "show_reply": visible and viewer.can_post,
        "show_react": visible and viewer.can_post,
        "show_edit": visible and (viewer.neutral or (own and viewer.can_post)),
        "show_delete": not post.is_deleted and (viewer.neutral or own),
        "show_flag": visible and (viewer.neutral or (viewer.user_id is not None and not own)),
        "show_hide": visible and viewer.can_moderate,
        "show_unhide": post.is_hidden and not post.is_deleted and viewer.can_moderate and not viewer.neutral,
        "show_revisions": bool(post.edited_at) and visible and viewer.can_moderate,
        "show_menu": member and not post.is_deleted,
        "csrf_token": viewer.csrf_token,
        "page_query": viewer.page_query,
    }


def render_post(post, viewer: Viewer, mine: set[str] = frozenset()) -> str:
    return render_to_string("threads/includes/post.html", post_context(post, viewer, mine))


def post_frame(post, *, client_id: str | None = None) -> dict:
    """The data of a "post" event without its HTML (which depends on language and audience)."""
    frame = {
        "type": "post",
        "id": post.pk,
        "number": post.number,
        "parent": post.parent_id,
        "change": post.change,
        "author": post.author_id,
        "deleted": post.is_deleted,
        "hidden": post.is_hidden,
    }
    if client_id:
        frame["client_id"] = client_id
    return frame


def neutral_html(post, audience: str) -> str:
    return render_post(post, neutral_viewer(audience))


def live_frame(post, audience: str) -> dict:
    """A "post" frame with its HTML in the active language, for one socket or one HTTP answer."""
    return {**post_frame(post, client_id=post.client_id), "html": neutral_html(post, audience)}


def _dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def frame_texts(frame: dict, html_for=None) -> dict[str, str]:
    """The frame serialised once per site language and audience; `html_for(audience)` renders the HTML inside
    the language."""
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for audience in AUDIENCES:
                payload = dict(frame)
                if html_for is not None:
                    payload["html"] = html_for(audience)
                texts[f"{language}:{audience}"] = _dumps(payload)
    return texts


def post_texts(post) -> dict[str, str]:
    return frame_texts(
        post_frame(post, client_id=post.client_id), lambda audience: neutral_html(post, audience)
    )
