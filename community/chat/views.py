"""The channel pages: the list (/kanaele/), a channel with its history and a plain form to write, and the
pages behind each message's actions. Everything works without JavaScript; static/js/chat/channel.js takes
over the same actions through the WebSocket when it is connected.

Every view asks access.access_for() and the services in posting/moderation decide; the views translate
their answers (ChatError) into German messages next to the form, keeping whatever was written.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.members.roles import is_moderator

from . import history, moderation, posting, rendering
from .access import access_for
from .broadcast import publish_sync
from .errors import ChatError
from .forms import (
    ChannelSettingsForm,
    EditForm,
    InviteForm,
    MessageForm,
    MuteForm,
    ReportForm,
    SlowModeForm,
    new_client_id,
)
from .models import Channel, Message, MessageRevision, ModerationAction

# Errors about the text itself belong next to the text field; the rest above the form.
BODY_ERRORS = {"empty", "too_long"}
STATUS_FOR = {"rate_limited": 429, "slow_mode": 429, "reply_not_found": 400, "invalid_client_id": 400}


def _positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _channel_and_access(request, slug):
    channel = get_object_or_404(Channel, slug=slug)
    access = access_for(request.user, channel)
    return channel, access


def _forbidden(request, channel):
    return render(request, "chat/forbidden.html", {"channel": channel}, status=403)


def _viewer(request, access) -> rendering.ViewerRights:
    return rendering.ViewerRights(
        user_id=request.user.pk,
        can_write=access.can_post,
        can_react=access.can_react,
        can_moderate=access.can_moderate,
    )


def _back_to_message(channel: Channel, seq: int) -> str:
    """The channel page showing message `seq`: the live page when the message is among the latest."""
    if seq > channel.last_seq - history.PAGE_SIZE:
        return f"{channel.get_absolute_url()}#nachricht-{seq}"
    return posting.message_url(channel, seq)


# --- The list -------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def channel_list(request):
    groups = history.grouped_channel_list(request.user)
    return render(
        request,
        "chat/channel_list.html",
        {
            "mine": groups["mine"],
            "more": groups["more"],
            "archived": groups["archived"],
            "is_moderator": is_moderator(request.user),
        },
    )


# --- A channel ------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def channel_detail(request, slug):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    return _render_channel(request, channel, access)


def _render_channel(request, channel, access, form=None, status=200):
    older_than = _positive_int(request.GET.get("vor"))
    starting_at = _positive_int(request.GET.get("ab"))
    if older_than:
        window = history.before(channel, older_than)
    elif starting_at:
        window = history.starting_at(channel, starting_at)
    else:
        window = history.latest(channel)

    membership = access.membership if access.is_member else None
    first_unread = None
    if membership is not None and membership.last_read_seq < channel.last_seq:
        first_unread = membership.last_read_seq + 1
    unread_shown = bool(
        first_unread and window.messages and window.first_seq <= first_unread <= window.last_seq
    )

    reply_to = None
    if form is None:
        reply_seq = _positive_int(request.GET.get("antwort"))
        form = MessageForm(initial={"client_id": new_client_id(), "reply_to": reply_seq})
    else:
        reply_seq = _positive_int(form.data.get("reply_to"))
    if reply_seq:
        reply_to = (
            Message.objects.filter(channel=channel, seq=reply_seq, deleted_at__isnull=True)
            .select_related("author__profile")
            .first()
        )

    viewer = _viewer(request, access)
    token = get_token(request)
    items = [
        {"seq": message.seq, "html": rendering.render_message(message, viewer, channel.slug, token)}
        for message in window.messages
    ]
    if window.is_latest and membership is not None and first_unread is not None:
        # Seen now; the divider above still marks where the new messages began.
        posting.mark_read(request.user, channel, channel.last_seq)

    context = {
        "channel": channel,
        "access": access,
        "window": window,
        "items": items,
        "first_unread": first_unread,
        "unread_shown": unread_shown,
        "unread_count": channel.last_seq - membership.last_read_seq if first_unread else 0,
        "pinned": [
            {"seq": m.seq, "excerpt": rendering.excerpt(m.body, 160)} for m in history.pinned(channel)
        ],
        "form": form,
        "reply_to": reply_to,
        "reply_excerpt": rendering.excerpt(reply_to.body) if reply_to else "",
        "reply_author": rendering.author_name(reply_to.author) if reply_to else "",
        "tags": list(channel.tags.all()),
        "live": window.is_latest,
        "reactions": list(rendering.REACTIONS.items()),
        "max_length": posting.MAX_MESSAGE_LENGTH,
        "menu_template": rendering.render_menu_template(viewer, channel.slug, token),
    }
    return render(request, "chat/channel_detail.html", context, status=status)


@login_required
@require_POST
def post_message(request, slug):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    form = MessageForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = posting.post_message(
                request.user, channel, data["body"], data["client_id"], data.get("reply_to")
            )
        except ChatError as error:
            form.add_error("body" if error.code in BODY_ERRORS else None, error.message)
            status = STATUS_FOR.get(error.code, 403)
        else:
            publish_sync(result.outbox)
            channel.refresh_from_db(fields=["last_seq"])
            return HttpResponseRedirect(_back_to_message(channel, result.message.seq))
    response = _render_channel(request, channel, access_for(request.user, channel), form=form, status=status)
    if status == 429:
        response["Retry-After"] = "10"
    return response


@login_required
@require_POST
def join_channel(request, slug):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    try:
        if posting.join(request.user, channel):
            flash.success(request, _("You joined “%(channel)s”.") % {"channel": channel.name})
    except ChatError as error:
        flash.error(request, error.message)
    return redirect(channel.get_absolute_url())


@login_required
@require_POST
def leave_channel(request, slug):
    channel, access = _channel_and_access(request, slug)
    if not access.is_member:
        return redirect("chat:list")
    publish_sync(posting.leave(request.user, channel))
    flash.success(request, _("You left “%(channel)s”.") % {"channel": channel.name})
    return redirect("chat:list")


@never_cache
@login_required
@require_GET
def older_messages(request, slug):
    """JSON for the page's "load older" button: the page before `vor`, rendered for this member."""
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        raise PermissionDenied
    older_than = _positive_int(request.GET.get("vor"))
    if older_than is None:
        return JsonResponse({"detail": _("Which messages? The parameter “vor” is missing.")}, status=400)
    window = history.before(channel, older_than)
    viewer = _viewer(request, access)
    token = get_token(request)
    return JsonResponse(
        {
            "messages": [
                {
                    "seq": m.seq,
                    "change": m.change,
                    "html": rendering.render_message(m, viewer, channel.slug, token),
                }
                for m in window.messages
            ],
            "has_older": window.has_older,
            "first_seq": window.first_seq,
        }
    )


@never_cache
@login_required
@require_GET
def changes(request, slug):
    """What a client missed, over HTTP: the same answer as the socket's {"type": "sync", "after": n}."""
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        raise PermissionDenied
    after = request.GET.get("nach", "")
    if not after.isdigit():
        return JsonResponse({"detail": _("The parameter “nach” must be a number.")}, status=400)
    batch = history.changes_after(channel, int(after))
    return JsonResponse(
        {
            "type": "sync",
            "messages": [rendering.live_frame(m, channel.slug) for m in batch.messages],
            "cursor": batch.cursor,
            "complete": batch.complete,
            "last_seq": batch.last_seq,
        }
    )


# --- A message's actions ----------------------------------------------------------------------------------------


def _message_or_404(channel, seq) -> Message:
    message = (
        Message.objects.filter(channel=channel, seq=seq)
        .select_related("author__profile", "reply_to__author__profile")
        .first()
    )
    if message is None:
        raise Http404
    return message


def _run_action(request, channel, seq, action, *args):
    try:
        result = action(request.user, channel, seq, *args)
    except ChatError as error:
        flash.error(request, error.message)
    else:
        publish_sync(result.outbox)
    return HttpResponseRedirect(_back_to_message(channel, seq))


@login_required
@require_POST
def react(request, slug, seq):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    return _run_action(request, channel, seq, posting.toggle_reaction, request.POST.get("emoji", ""))


@login_required
@require_POST
def pin(request, slug, seq):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    return _run_action(request, channel, seq, posting.set_pinned, request.POST.get("pinned") != "0")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request, slug, seq):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    message = _message_or_404(channel, seq)
    own = message.author_id == request.user.pk
    if not own and not access.can_moderate:
        raise PermissionDenied
    if request.method == "POST":
        return _run_action(request, channel, seq, posting.delete_message)
    return render(
        request,
        "chat/message_delete.html",
        {"channel": channel, "message": message, "own": own, "author_name": rendering.author_name(message.author),
         "body_html": rendering.mark_safe(message.body_html), "back_url": _back_to_message(channel, seq)},
    )  # fmt: skip


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, seq):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    message = _message_or_404(channel, seq)
    if message.author_id != request.user.pk or message.is_deleted:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            try:
                result = posting.edit_message(request.user, channel, seq, form.cleaned_data["body"])
            except ChatError as error:
                if error.code == "unchanged":
                    return HttpResponseRedirect(_back_to_message(channel, seq))
                form.add_error("body" if error.code in BODY_ERRORS else None, error.message)
                status = STATUS_FOR.get(error.code, 403)
            else:
                publish_sync(result.outbox)
                flash.success(request, _("Your message is changed."))
                return HttpResponseRedirect(_back_to_message(channel, seq))
        else:
            status = 400
    else:
        form = EditForm(initial={"body": message.body})
    return render(
        request,
        "chat/message_edit.html",
        {"channel": channel, "message": message, "form": form, "back_url": _back_to_message(channel, seq)},
        status=status,
    )


@never_cache
@login_required
@require_GET
def revisions(request, slug, seq):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    message = _message_or_404(channel, seq)
    versions = list(MessageRevision.objects.filter(message=message).order_by("-replaced_at", "-pk"))
    return render(
        request,
        "chat/message_revisions.html",
        {
            "channel": channel,
            "message": message,
            "author_name": rendering.author_name(message.author),
            "current_html": rendering.mark_safe(message.body_html),
            "versions": [
                {
                    "written_at": v.written_at,
                    "replaced_at": v.replaced_at,
                    "html": rendering.render_body(v.body).html,
                }
                for v in versions
            ],
            "back_url": _back_to_message(channel, seq),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report(request, slug, seq):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    message = _message_or_404(channel, seq)
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                moderation.report(
                    request.user, channel, seq, form.cleaned_data["reason"], form.cleaned_data["note"]
                )
            except ChatError as error:
                form.add_error(None, error.message)
                status = STATUS_FOR.get(error.code, 400)
            else:
                flash.success(request, _("Thank you. The moderators will look at the message soon."))
                return HttpResponseRedirect(_back_to_message(channel, seq))
        else:
            status = 400
    else:
        form = ReportForm()
    return render(
        request,
        "chat/message_report.html",
        {
            "channel": channel,
            "message": message,
            "author_name": rendering.author_name(message.author),
            "excerpt": rendering.excerpt(message.body, 300),
            "form": form,
            "back_url": _back_to_message(channel, seq),
        },
        status=status,
    )


# --- Moderation ---------------------------------------------------------------------------------------------------


def _member_choices(memberships) -> list[tuple[int, str]]:
    return [(m.user_id, rendering.author_name(m.user)) for m in memberships if m.joined]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def moderation_page(request, slug):
    channel, access = _channel_and_access(request, slug)
    if not access.can_read:
        return _forbidden(request, channel)
    if not access.can_moderate:
        raise PermissionDenied
    memberships = list(moderation.members(channel))
    choices = _member_choices(memberships)
    forms = {
        "slow": SlowModeForm(initial={"seconds": channel.slow_mode_seconds}, prefix="slow"),
        "mute": MuteForm(
            members=choices, prefix="mute", initial={"member": _positive_int(request.GET.get("mitglied"))}
        ),
        "invite": InviteForm(prefix="invite"),
        "settings": ChannelSettingsForm(
            initial={"description": channel.description, "tags": channel.tags.all()}, prefix="settings"
        ),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("aktion", "")
        try:
            done = _moderate(request, channel, action, forms, choices)
        except ChatError as error:
            flash.error(request, error.message)
            done = False
            status = 400
        if done:
            return redirect("chat:moderation", slug=channel.slug)
        if status == 200:
            status = 400
    now = timezone.now()
    return render(
        request,
        "chat/moderation.html",
        {
            "channel": channel,
            "access": access,
            "forms": forms,
            "memberships": memberships,
            "muted": [m for m in memberships if m.muted_until and m.muted_until > now],
            "site_moderator": is_moderator(request.user),
            "log": ModerationAction.objects.filter(channel=channel).select_related(
                "actor__profile", "target_user__profile"
            )[:20],
        },
        status=status,
    )


def _target(request):
    return _target_by_id(_positive_int(request.POST.get("mitglied")))


def _moderate(request, channel, action, forms, choices) -> bool:
    user = request.user
    if action == "langsam":
        form = forms["slow"] = SlowModeForm(request.POST, prefix="slow")
        if form.is_valid():
            publish_sync(moderation.set_slow_mode(user, channel, form.cleaned_data["seconds"]))
            flash.success(request, _("Slow mode is saved."))
            return True
    elif action in ("sperren", "entsperren"):
        publish_sync(moderation.set_locked(user, channel, action == "sperren"))
        flash.success(
            request,
            _("The channel is read-only now.") if action == "sperren" else _("Members can write again."),
        )
        return True
    elif action == "stummschalten":
        form = forms["mute"] = MuteForm(request.POST, members=choices, prefix="mute")
        if form.is_valid():
            target = _target_by_id(form.cleaned_data["member"])
            publish_sync(
                moderation.mute(
                    user, channel, target, form.cleaned_data["minutes"], form.cleaned_data["note"]
                )
            )
            flash.success(
                request, _("%(name)s is muted in this channel.") % {"name": rendering.author_name(target)}
            )
            return True
    elif action == "stumm-aufheben":
        target = _target(request)
        publish_sync(moderation.unmute(user, channel, target))
        flash.success(request, _("%(name)s can write again.") % {"name": rendering.author_name(target)})
        return True
    elif action == "einladen":
        form = forms["invite"] = InviteForm(request.POST, prefix="invite")
        if form.is_valid():
            target = form.cleaned_data["member"]
            if moderation.invite(user, channel, target):
                flash.success(
                    request,
                    _("%(name)s is now a member of the channel.") % {"name": rendering.author_name(target)},
                )
            else:
                flash.info(
                    request, _("%(name)s is already a member.") % {"name": rendering.author_name(target)}
                )
            return True
    elif action == "entfernen":
        target = _target(request)
        publish_sync(moderation.remove_member(user, channel, target))
        flash.success(
            request, _("%(name)s was removed from the channel.") % {"name": rendering.author_name(target)}
        )
        return True
    elif action in ("moderator", "kein-moderator"):
        target = _target(request)
        publish_sync(moderation.set_channel_moderator(user, channel, target, action == "moderator"))
        flash.success(request, _("The role is saved."))
        return True
    elif action == "einstellungen":
        form = forms["settings"] = ChannelSettingsForm(request.POST, prefix="settings")
        if form.is_valid():
            moderation.update_settings(
                user, channel, form.cleaned_data["description"], form.cleaned_data["tags"]
            )
            flash.success(request, _("The channel description is saved."))
            return True
    else:
        flash.error(request, _("Please choose one of the buttons."))
    return False


def _target_by_id(user_id):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise ChatError("not_a_member")
    return user
