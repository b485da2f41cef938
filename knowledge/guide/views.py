"""The guide's write endpoints under /leitfaden/: ticking checklist items and marking a chapter as read.

Both are ordinary form posts that redirect back to the chapter (working without JavaScript); with
`Accept: application/json` they answer JSON for static/js/guide/chapter.js. Only logged-in members write;
anonymous readers keep their ticks in the browser and get a redirect to the login (or a 403 for JSON).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from home.chrome import exclude_restricted
from home.ratelimit import RateLimit

from .blocks import item_key
from .models import GuideChapterPage
from .outline import checklist_anchor
from .progress import ChecklistInputError, set_read, set_ticks, validate_ticks
from .reading import page_url

# Ticking is quick work: a reader may tick a dozen items in a minute, a script should not tick thousands.
PROGRESS_WRITE_LIMIT = RateLimit("guide-progress", limit=60, period=60)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _chapter_or_404(chapter_id: int) -> GuideChapterPage:
    chapter = exclude_restricted(GuideChapterPage.objects.live().filter(pk=chapter_id)).first()
    if chapter is None:
        raise Http404(_("This chapter does not exist (any more)."))
    return chapter


def _not_found(request):
    if _wants_json(request):
        return JsonResponse({"detail": _("This chapter does not exist (any more).")}, status=404)
    raise Http404(_("This chapter does not exist (any more)."))


def _retry_message(seconds: int) -> str:
    return ngettext(
        "You have saved a lot in a short time. Please wait %(seconds)d second and try again.",
        "You have saved a lot in a short time. Please wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _rerender_chapter(request, chapter, *, block_id: str, message: str, submitted_ticks, status: int):
    """The chapter again, with the error next to the checklist and the reader's ticks as they sent them."""
    context = chapter.get_context(
        request, checklist_errors={block_id: [message]}, submitted_ticks=submitted_ticks
    )
    return TemplateResponse(request, chapter.get_template(request), context, status=status)


@require_POST
def checklist(request, chapter_id: int):
    """Set the member's ticks in one checklist: POST block=<block id>, item=<item id> (repeated)."""
    try:
        chapter = _chapter_or_404(chapter_id)
    except Http404:
        return _not_found(request)
    chapter_url = page_url(chapter, request)
    wants_json = _wants_json(request)
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"detail": _("Please log in to keep your ticks across devices.")}, status=403)
        return redirect_to_login(chapter_url)

    block_id = request.POST.get("block", "")
    item_ids = [value for value in request.POST.getlist("item") if value]
    anchor = checklist_anchor(chapter.body, block_id)

    def submitted():
        # What the reader asked for, as far as it can be shown on the page again.
        return {item_key(block_id, item_id) for item_id in item_ids}

    limit = PROGRESS_WRITE_LIMIT.hit(request.user.pk)
    if not limit.allowed:
        message = _retry_message(limit.retry_after)
        if wants_json:
            response = JsonResponse({"detail": message}, status=429)
        else:
            response = _rerender_chapter(
                request, chapter, block_id=block_id, message=message, submitted_ticks=submitted(), status=429
            )
        response["Retry-After"] = str(limit.retry_after)
        return response

    try:
        ticked = set_ticks(request.user, chapter, block_id, item_ids)
    except ChecklistInputError as error:
        if wants_json:
            return JsonResponse({"detail": str(error)}, status=400)
        try:
            validate_ticks(chapter, block_id, [])
        except ChecklistInputError:
            # The whole checklist is gone: nowhere on the page to show the error next to, so say it on top.
            messages.error(request, str(error))
            return redirect(chapter_url)
        known = set(chapter.checklist_keys)
        return _rerender_chapter(
            request,
            chapter,
            block_id=block_id,
            message=str(error),
            submitted_ticks={key for key in submitted() if key in known},
            status=400,
        )

    in_block = sorted(key for key in ticked if key.startswith(item_key(block_id, "")))
    detail = _("Your checklist is saved.")
    if wants_json:
        return JsonResponse({"detail": detail, "ticked": in_block, "ticked_count": len(in_block)})
    messages.success(request, detail)
    return redirect(f"{chapter_url}#{anchor}" if anchor else chapter_url)


@require_POST
def mark_read(request, chapter_id: int):
    """Mark the chapter as read (read=1) or as not read (read=0)."""
    try:
        chapter = _chapter_or_404(chapter_id)
    except Http404:
        return _not_found(request)
    chapter_url = page_url(chapter, request)
    wants_json = _wants_json(request)
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"detail": _("Please log in to keep track of your reading.")}, status=403)
        return redirect_to_login(chapter_url)

    value = request.POST.get("read", "")
    if value not in ("0", "1"):
        message = _("Please use the button to mark the chapter as read or not read.")
        if wants_json:
            return JsonResponse({"detail": message}, status=400)
        messages.error(request, message)
        return redirect(f"{chapter_url}#chapter-progress")

    limit = PROGRESS_WRITE_LIMIT.hit(request.user.pk)
    if not limit.allowed:
        message = _retry_message(limit.retry_after)
        if wants_json:
            response = JsonResponse({"detail": message}, status=429)
        else:
            messages.error(request, message)
            response = redirect(f"{chapter_url}#chapter-progress")
        response["Retry-After"] = str(limit.retry_after)
        return response

    read = set_read(request.user, chapter, value == "1")
    detail = (
        _("Chapter “%(title)s” is marked as read.")
        if read
        else _("Chapter “%(title)s” is marked as not read.")
    ) % {"title": chapter.title}
    if wants_json:
        return JsonResponse({"detail": detail, "read": read})
    messages.success(request, detail)
    return redirect(f"{chapter_url}#chapter-progress")
