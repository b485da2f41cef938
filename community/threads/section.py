"""The discussion section under a page (registered with home.page_extras in apps.py).

Anonymous readers get the cached section (cache.py): no query once it is cached, two after a change (the
thread; one page of posts with authors and profiles; reaction counts are stored on the posts). Members get it
rendered for them: their own controls, their reactions, "Neu seit deinem letzten Besuch" (their last visit is
moved forward as they read, the marker still shows where the new posts began), the composer.

The page that calls `{% page_extras page %}` was just served by Wagtail, which checked its view restrictions
for this request; previews (and pages that are not live) get no discussion.
"""

from urllib.parse import quote

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from community.members.roles import is_moderator
from community.members.visibility import MEMBERS, PUBLIC

from . import cache, reading, rendering, services, targets
from .forms import PostForm, new_client_id
from .models import MAX_POST_LENGTH, REACTION_SYMBOLS, LastVisit, Post, PostReaction, Reaction, Thread

PAGE_PARAM = "diskussion"
REPLY_PARAM = "antwort"
MAX_PAGE_IN_KEY = 1000


def _requested_page(request) -> int:
    try:
        number = int(request.GET.get(PAGE_PARAM, "1"))
    except (TypeError, ValueError):
        number = 1
    return min(max(1, number), MAX_PAGE_IN_KEY)


def render_section(request, page) -> str | None:
    """The page extra: the discussion under `page`, or None where none belongs."""
    if getattr(request, "is_preview", False) or not getattr(page, "live", False):
        return None
    if targets.key_of(page) is None:
        return None
    content_type = targets.content_type_of(page)
    user = getattr(request, "user", None)
    requested = _requested_page(request)
    if not services.is_active_member(user):
        key, html = cache.get_section(content_type.pk, page.pk, requested, translation.get_language())
        if html is None:
            thread = Thread.objects.filter(content_type=content_type, object_id=page.pk).first()
            html = _render(request, page, thread, requested, None)
            cache.set_section(key, html)
        return mark_safe(html)  # nosec B308, B703: the section's own template output (autoescaped), rendered by _render
    thread = Thread.objects.filter(content_type=content_type, object_id=page.pk).first()
    if thread is not None:
        # The follow button asks for the thread's page: it is this one.
        Thread._meta.get_field("target").set_cached_value(thread, page)
    return mark_safe(_render(request, page, thread, requested, user))  # nosec B308, B703: the section's own template output (autoescaped), rendered by _render


def _reactions_of(user, items) -> dict[int, set[str]]:
    ids = [item.post.pk for item in items] + [reply.pk for item in items for reply in item.replies]
    mine: dict[int, set[str]] = {}
    if not ids:
        return mine
    for post_id, kind in PostReaction.objects.filter(user=user, post_id__in=ids).values_list(
        "post_id", "kind"
    ):
        mine.setdefault(post_id, set()).add(kind)
    return mine


def _visit(user, thread) -> tuple[dict | None, int | None]:
    """What is new to the member since their last visit, then remember this visit (up to the newest post)."""
    visit = LastVisit.objects.filter(thread=thread, user=user).first()
    if visit is None:
        if thread.last_number:
            services.mark_seen(user, thread, thread.last_number)
        return None, None
    new = services.first_new(user, thread, visit.last_seen_number)
    if visit.last_seen_number < thread.last_number:
        services.mark_seen(user, thread, thread.last_number)
    return new, visit.last_seen_number


PAGE_LINKS_AROUND = 2  # page links on either side of the current page; first and last are always shown


def _page_links(base: str, current: int, count: int) -> list[dict]:
    """First, last and the pages around the current one, with a gap ("…") where pages are left out: a
    discussion of 40 pages gets nine entries, not forty."""
    numbers = sorted(
        {1, count, *range(max(1, current - PAGE_LINKS_AROUND), min(count, current + PAGE_LINKS_AROUND) + 1)}
    )
    links: list[dict] = []
    for number in numbers:
        if links and number - links[-1]["number"] > 1:
            if number - links[-1]["number"] == 2:  # one page left out: show it instead of a gap
                gap = links[-1]["number"] + 1
                links.append({"number": gap, "url": services.page_url(base, gap), "current": False})
            else:
                links.append({"number": number - 1, "gap": True})
        links.append({"number": number, "url": services.page_url(base, number), "current": number == current})
    return links


def _bound_form(request, page):
    """The form a failed post left on the request (views.post_create re-renders the page with it)."""
    form = getattr(request, "_thread_form", None)
    if form is None:
        return None
    data = form.data
    key = targets.key_of(page)
    if data.get("target_type") == key and str(data.get("target_id")) == str(page.pk):
        return form
    return None


def _reply_target(thread, post_id) -> Post | None:
    post_id = services._id(post_id)
    if thread is None or post_id is None:
        return None
    post = Post.objects.filter(thread=thread, pk=post_id).select_related("author__profile").first()
    return post if post is not None and post.is_visible else None


def _render(request, page, thread, requested: int, user) -> str:
    member = user is not None
    key = targets.key_of(page)
    page_number = reading.clamp_page(thread, requested)
    base_url = targets.url_of(page, request)
    locked = bool(thread and thread.locked)
    can_moderate = member and is_moderator(user)
    can_post = member and not locked
    items = reading.page_posts(thread, page_number) if thread is not None else []
    audience = str(MEMBERS if member else PUBLIC)
    token = get_token(request) if member else ""
    viewer = rendering.Viewer(
        user_id=user.pk if member else None,
        audience=audience,
        can_post=can_post,
        can_moderate=can_moderate,
        csrf_token=token,
        page_query=f"{PAGE_PARAM}={page_number}&" if page_number > 1 else "",
    )
    mine = _reactions_of(user, items) if member else {}
    new, last_seen = (None, None)
    if member and thread is not None:
        new, last_seen = _visit(user, thread)
    new_here = False
    rendered_items = []
    for item in items:
        replies = []
        for reply in item.replies:
            first_new = bool(new and reply.number == new["number"])
            new_here = new_here or first_new
            replies.append(
                {"post": reply, "html": rendering.render_post(reply, viewer, mine.get(reply.pk, set())),
                 "first_new": first_new}
            )  # fmt: skip
        first_new = bool(new and item.post.number == new["number"])
        new_here = new_here or first_new
        rendered_items.append(
            {
                "post": item.post,
                "html": rendering.render_post(item.post, viewer, mine.get(item.post.pk, set())),
                "first_new": first_new,
                "replies": replies,
            }
        )
    new_url = ""
    if new and not new_here:
        first = (
            Post.objects.filter(thread=thread, number=new["number"]).only("pk", "thread", "parent").first()
        )
        if first is not None:
            new_url = services.page_url(base_url, services.page_of(first), "neu")

    form = reply_to = None
    if member:
        form = _bound_form(request, page)
        if form is None:
            form = PostForm(
                initial={
                    "target_type": key,
                    "target_id": page.pk,
                    "client_id": new_client_id(),
                    "reply_to": services._id(request.GET.get(REPLY_PARAM)),
                }
            )
            reply_to = _reply_target(thread, request.GET.get(REPLY_PARAM)) if can_post else None
            if reply_to is None:
                form.initial["reply_to"] = None
        else:
            reply_to = _reply_target(thread, form.data.get("reply_to"))

    page_count = thread.page_count if thread is not None else 1
    login_url = reverse("account_login") + "?next=" + quote(f"{request.path}#diskussion", safe="/#")
    context = {
        "thread": thread,
        "target_key": key,
        "target_id": page.pk,
        "target_title": targets.title_of(page),
        "member": member,
        "user_id": user.pk if member else "",
        "can_post": can_post,
        "can_moderate": can_moderate,
        "locked": locked,
        "items": rendered_items,
        "post_count": thread.last_number if thread is not None else 0,
        "page_number": page_number,
        "page_count": page_count,
        "pages": _page_links(base_url, page_number, page_count) if page_count > 1 else [],
        "previous_url": services.page_url(base_url, page_number - 1) if page_number > 1 else "",
        "next_url": services.page_url(base_url, page_number + 1) if page_number < page_count else "",
        "last_page_url": services.page_url(base_url, page_count),
        "is_last_page": page_number >= page_count,
        "new": new,
        "new_here": new_here,
        "new_url": new_url,
        "had_visited": last_seen is not None,
        "form": form,
        "reply_to": reply_to,
        "reply_excerpt": rendering.excerpt(reply_to.body) if reply_to else "",
        "reply_author": rendering.author_info(reply_to.author, audience)["name"] if reply_to else "",
        "login_url": login_url,
        "csrf_token": token,
        "max_length": MAX_POST_LENGTH,
        "reactions": [(kind.value, kind.label, REACTION_SYMBOLS[kind]) for kind in Reaction],
        "socket_path": f"/ws/diskussionen/{thread.pk}/" if thread is not None else "",
        "changes_url": reverse("threads:changes", args=[thread.pk]) if thread is not None else "",
        "last_change": thread.last_change if thread is not None else 0,
        "page_query": viewer.page_query,
        "cancel_reply_url": services.page_url(base_url, page_number, "diskussion-schreiben"),
    }
    if member:
        # The follow button asks the request (one query per request for the member's follows of threads).
        context.update(request=request, user=user)
    return render_to_string("threads/section.html", context)
