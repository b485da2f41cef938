"""The discussion's plain HTTP side: writing (the form under the page posts here and comes back to the post's
anchor), the pages behind each post's actions, moderation, following, and the JSON a live page asks for after
a reconnect. Everything works without JavaScript; static/js/threads/thread.js sends posts and reactions over
the WebSocket when it is connected.

Every view reads the target fresh and asks services/moderation, which decide; the views turn their answers
(ThreadError) into German messages next to the form, keeping whatever was written.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.members import follow as following
from community.members.roles import is_moderator
from community.members.visibility import MEMBERS, PUBLIC
from home.text import render_markdown

from . import moderation, reading, rendering, services, targets
from .broadcast import publish_sync
from .errors import ThreadError
from .forms import EditForm, FlagForm, FollowForm, HideForm, LockForm, PostForm
from .models import Post, PostRevision, Thread

# Errors about the text itself belong next to the text field; the rest above the form.
BODY_ERRORS = {"empty", "too_long"}
STATUS_FOR = {"rate_limited": 429, "reply_not_found": 400, "invalid_client_id": 400, "client_id_reused": 400,
              "empty": 400, "too_long": 400, "unchanged": 400, "reason_required": 400, "reason_too_long": 400,
              "already_flagged": 400, "own_post": 400, "deleted": 409, "hidden": 409, "not_found": 404}  # fmt: skip


def _require_readable(request, target) -> None:
    """404 for what does not exist (or is not published), 403 for what this visitor may not read."""
    if target is None:
        raise Http404
    if targets.can_read(request.user, target, request.session):
        return
    from wagtail.models import Page

    if isinstance(target, Page) and not target.live:
        raise Http404
    raise PermissionDenied


def _post_and_target(request, post_id):
    post = get_object_or_404(
        Post.objects.select_related("thread", "author__profile", "reply_to__author__profile"), pk=post_id
    )
    target = services.target_of(post.thread)
    _require_readable(request, target)
    return post, target


def _with_retry_after(response, error: ThreadError):
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


def _page_context(post, target, request) -> dict:
    return {
        "post": post,
        "target_title": targets.title_of(target),
        "target_url": targets.url_of(target, request),
        "back_url": services.post_url(post, request),
        "author_name": rendering.author_info(post.author, MEMBERS)["name"],
    }


# --- Writing ---------------------------------------------------------------------------------------------------


def _rerender_target(request, target, form, status: int):
    """Show the page again with the discussion's form as the member left it, and the error next to it."""
    from wagtail.models import Page

    if isinstance(target, Page):
        request._thread_form = form
        # The page is shown as on a GET: pages that take their own form posts must not see this one.
        request.method = "GET"
        response = target.serve(request)
        if hasattr(response, "render"):
            response.render()
        response.status_code = status
        return response
    # Other targets have no page to show the form on: say what went wrong where the member came from.
    for error in form.non_field_errors() + form.errors.get("body", []):
        flash.error(request, error)
    return HttpResponseRedirect(targets.url_of(target, request) + "#diskussion")


@require_POST
def post_create(request):
    target = targets.resolve(request.POST.get("target_type", ""), request.POST.get("target_id"))
    if not request.user.is_authenticated:
        next_url = targets.url_of(target, request) + "#diskussion" if target is not None else "/"
        return redirect_to_login(next_url)
    _require_readable(request, target)
    form = PostForm(request.POST)
    status = 400
    error = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.post(
                request.user,
                target,
                data["body"],
                data["client_id"],
                data.get("reply_to"),
                session=request.session,
            )
        except ThreadError as refused:
            error = refused
            form.add_error("body" if refused.code in BODY_ERRORS else None, refused.message)
            status = STATUS_FOR.get(refused.code, 403)
        else:
            publish_sync(result.outbox)
            return HttpResponseRedirect(services.post_url(result.post, request))
    response = _rerender_target(request, target, form, status)
    return _with_retry_after(response, error) if error else response


@never_cache
@require_GET
def post_permalink(request, post_id):
    post, _target = _post_and_target(request, post_id)
    return HttpResponseRedirect(services.post_url(post, request))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request, post_id):
    post, target = _post_and_target(request, post_id)
    if post.author_id != request.user.pk or not post.is_visible:
        raise PermissionDenied
    status = 200
    error = None
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            try:
                result = services.edit(
                    request.user, post.pk, form.cleaned_data["body"], session=request.session
                )
            except ThreadError as refused:
                if refused.code == "unchanged":
                    return HttpResponseRedirect(services.post_url(post, request))
                error = refused
                form.add_error("body" if refused.code in BODY_ERRORS else None, refused.message)
                status = STATUS_FOR.get(refused.code, 403)
            else:
                publish_sync(result.outbox)
                flash.success(request, _("Your post is changed."))
                return HttpResponseRedirect(services.post_url(result.post, request))
        else:
            status = 400
    else:
        form = EditForm(initial={"body": post.body})
    response = render(request, "threads/post_edit.html", {**_page_context(post, target, request), "form": form},
                      status=status)  # fmt: skip
    return _with_retry_after(response, error) if error else response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request, post_id):
    post, target = _post_and_target(request, post_id)
    if post.author_id != request.user.pk:
        raise PermissionDenied
    if request.method == "POST":
        try:
            result = services.delete(request.user, post.pk, session=request.session)
        except ThreadError as refused:
            flash.error(request, refused.message)
        else:
            publish_sync(result.outbox)
            flash.success(request, _("Your post is deleted."))
        return HttpResponseRedirect(services.post_url(post, request))
    return render(
        request,
        "threads/post_delete.html",
        {**_page_context(post, target, request), "body_html": mark_safe(post.body_html)},  # nosec B308, B703: body_html is sanitised by nh3 when the post is stored (services.render_body -> home.text.render_markdown)
    )


@login_required
@require_POST
def react(request, post_id):
    post, _target = _post_and_target(request, post_id)
    try:
        result = services.toggle_reaction(
            request.user, post.pk, request.POST.get("kind", ""), session=request.session
        )
    except ThreadError as refused:
        flash.error(request, refused.message)
    else:
        publish_sync(result.outbox)
    return HttpResponseRedirect(services.post_url(post, request))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def flag(request, post_id):
    post, target = _post_and_target(request, post_id)
    if post.author_id == request.user.pk or not post.is_visible:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = FlagForm(request.POST)
        if form.is_valid():
            try:
                moderation.flag(
                    request.user, post.pk, form.cleaned_data["reason"], form.cleaned_data["note"],
                    session=request.session,
                )  # fmt: skip
            except ThreadError as refused:
                form.add_error(None, refused.message)
                status = STATUS_FOR.get(refused.code, 400)
            else:
                flash.success(request, _("Thank you. The moderators will look at the post soon."))
                return HttpResponseRedirect(services.post_url(post, request))
        else:
            status = 400
    else:
        form = FlagForm()
    context = {
        **_page_context(post, target, request),
        "form": form,
        "excerpt": rendering.excerpt(post.body, 300),
    }
    return render(request, "threads/post_flag.html", context, status=status)


# --- Moderation ------------------------------------------------------------------------------------------------


def _require_moderator(request) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def hide(request, post_id):
    post, target = _post_and_target(request, post_id)
    _require_moderator(request)
    status = 200
    if request.method == "POST":
        form = HideForm(request.POST)
        if form.is_valid():
            try:
                result = moderation.hide(
                    request.user, post.pk, form.cleaned_data["reason"], session=request.session
                )
            except ThreadError as refused:
                form.add_error("reason" if refused.code.startswith("reason") else None, refused.message)
                status = STATUS_FOR.get(refused.code, 403)
            else:
                publish_sync(result.outbox)
                flash.success(request, _("The post is hidden."))
                return HttpResponseRedirect(services.post_url(post, request))
        else:
            status = 400
    else:
        form = HideForm()
    context = {**_page_context(post, target, request), "form": form, "body_html": mark_safe(post.body_html)}  # nosec B308, B703: body_html is sanitised by nh3 when the post is stored (services.render_body -> home.text.render_markdown)
    return render(request, "threads/post_hide.html", context, status=status)


@login_required
@require_POST
def unhide(request, post_id):
    post, _target = _post_and_target(request, post_id)
    _require_moderator(request)
    try:
        result = moderation.unhide(request.user, post.pk, session=request.session)
    except ThreadError as refused:
        flash.error(request, refused.message)
    else:
        publish_sync(result.outbox)
        flash.success(request, _("The post is shown again."))
    return HttpResponseRedirect(services.post_url(post, request))


@never_cache
@login_required
@require_GET
def revisions(request, post_id):
    post, target = _post_and_target(request, post_id)
    _require_moderator(request)
    versions = (
        PostRevision.objects.filter(post=post)
        .select_related("editor__profile")
        .order_by("-replaced_at", "-pk")
    )
    context = {
        **_page_context(post, target, request),
        "current_html": mark_safe(post.body_html),  # nosec B308, B703: body_html is sanitised by nh3 when the post is stored (services.render_body -> home.text.render_markdown)
        "versions": [
            {
                "written_at": version.written_at,
                "replaced_at": version.replaced_at,
                "editor": rendering.member_name(version.editor),
                "html": render_markdown(version.body),
            }
            for version in versions
        ],
    }
    return render(request, "threads/post_revisions.html", context)


@login_required
@require_POST
def lock(request):
    form = LockForm(request.POST)
    target = targets.resolve(request.POST.get("target_type", ""), request.POST.get("target_id"))
    _require_readable(request, target)
    _require_moderator(request)
    back = targets.url_of(target, request) + "#diskussion"
    if not form.is_valid():
        flash.error(request, _("Please choose one of the buttons."))
        return HttpResponseRedirect(back)
    locking = form.cleaned_data["operation"] == "lock"
    try:
        result = moderation.lock_for_target(
            request.user, target, locking, form.cleaned_data.get("reason", ""), session=request.session
        )
    except ThreadError as refused:
        flash.error(request, refused.message)
    else:
        publish_sync(result.outbox)
        flash.success(
            request, _("The discussion is closed.") if locking else _("The discussion is open again.")
        )
    return HttpResponseRedirect(back)


# --- Following -------------------------------------------------------------------------------------------------


@login_required
@require_POST
def follow_thread(request):
    """Follow the discussion under a target; the thread is created if nobody has written yet."""
    form = FollowForm(request.POST)
    target = targets.resolve(request.POST.get("target_type", ""), request.POST.get("target_id"))
    _require_readable(request, target)
    back = targets.url_of(target, request) + "#diskussion"
    if not form.is_valid():
        flash.error(request, _("Please choose one of the buttons."))
        return HttpResponseRedirect(back)
    title = targets.title_of(target)
    if form.cleaned_data["operation"] == "follow":
        thread = services.thread_for(target, create=True)
        following.follow(request.user, thread)
        flash.success(request, _("You now follow the discussion on “%(title)s”.") % {"title": title})
    else:
        thread = services.thread_for(target)
        if thread is not None:
            following.unfollow(request.user, thread)
        flash.success(request, _("You no longer follow the discussion on “%(title)s”.") % {"title": title})
    return HttpResponseRedirect(back)


# --- For the live page -------------------------------------------------------------------------------------------


@never_cache
@require_GET
def changes(request, thread_id):
    """What a page missed, over HTTP: the same answer as the socket's {"type": "sync", "after": n}."""
    thread = get_object_or_404(Thread, pk=thread_id)
    _require_readable(request, services.target_of(thread))
    after = request.GET.get("nach", "")
    if not after.isdigit():
        return JsonResponse({"detail": _("The parameter “nach” must be a number.")}, status=400)
    audience = str(MEMBERS if services.is_active_member(request.user) else PUBLIC)
    batch = reading.changes_after(thread, int(after))
    posts = [rendering.live_frame(post, audience) for post in batch.posts]
    return JsonResponse(
        {
            "type": "sync",
            "posts": posts,
            "cursor": batch.cursor,
            "complete": batch.complete,
            "locked": batch.locked,
            "lock_reason": batch.lock_reason,
        }
    )
