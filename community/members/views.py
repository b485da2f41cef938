"""Profiles, the member directory, following and "Meine Abos".

Who sees what is decided in visibility.py only: the views hand templates the dict visible_profile() returns,
never the profile itself, so a template cannot show a field its viewer may not see.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from home.pagination import SlicePage
from home.ratelimit import RateLimit

from . import follow as following
from .directory import PAGE_SIZE, DirectoryQuery, directory_profiles, resolve_topic
from .forms import SECTIONS, DirectoryFilterForm, ProfileForm
from .models import Profile
from .templatetags.members_tags import remember_account_name
from .visibility import MEMBERS, OWNER, PUBLIC, audience_for, is_profile_visible, visible_profile

PROFILE_SAVE_LIMIT = RateLimit("profile-save", limit=20, period=600)
FOLLOW_LIMIT = RateLimit("follow", limit=60, period=300)

PREVIEW_AUDIENCES = {"oeffentlich": PUBLIC, "mitglieder": MEMBERS}


def profile_queryset():
    return Profile.objects.select_related("user", "region").prefetch_related("topics")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _retry_message(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    if seconds < 90:
        return _("Too many changes in a short time. Please try again in %(seconds)s seconds.") % {
            "seconds": seconds
        }
    return _("Too many changes in a short time. Please try again in %(minutes)s minutes.") % {
        "minutes": minutes
    }


# --- Profile page ---------------------------------------------------------------------------------------------


def profile_detail(request, user_id: int):
    profile = profile_queryset().filter(user_id=user_id).first()
    if profile is None:
        if request.user.is_authenticated and request.user.pk == user_id:
            return redirect("members:profile_edit")
        raise Http404
    audience = audience_for(request.user, profile)
    if not is_profile_visible(profile, audience):
        raise Http404
    return render(
        request,
        "members/profile_detail.html",
        {
            "member": visible_profile(profile, audience=audience, request=request),
            "audience": str(audience),
            "is_owner": audience is OWNER,
            "profile": profile,  # only for the follow button (its user id); never read fields from it
        },
    )


@login_required
def profile_preview(request):
    """The member's own profile exactly as the public or other members see it ("So sehen mich andere")."""
    choice = request.GET.get("als", "mitglieder")
    audience = PREVIEW_AUDIENCES.get(choice, MEMBERS)
    profile = Profile.for_user(request.user)
    profile = profile_queryset().get(pk=profile.pk)
    visible = is_profile_visible(profile, audience)
    return render(
        request,
        "members/profile_preview.html",
        {
            "member": visible_profile(profile, audience=audience, request=request) if visible else None,
            "audience": str(audience),
            "preview_choice": "oeffentlich" if audience is PUBLIC else "mitglieder",
            "profile_visible": visible,
            "is_owner": False,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = Profile.for_user(request.user)
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        result = PROFILE_SAVE_LIMIT.hit(request.user.pk)
        if not result.allowed:
            form.is_valid()  # show the member's input with any errors, and keep it
            form.add_error(None, _retry_message(result.retry_after))
            status = 429
        elif form.is_valid():
            profile = form.save()
            remember_account_name(request, request.user, profile.display_name)
            messages.success(request, _("Your profile has been saved."))
            return redirect("members:profile_edit")
        else:
            status = 400
        if status != 200 and request.FILES.get("avatar") and not form.has_error("avatar"):
            # Browsers never refill a file input: say so, instead of silently dropping the picture.
            form.add_error("avatar", _("Your picture has not been saved yet. Please choose it again."))
    else:
        form = ProfileForm(instance=profile)
    sections = [
        {
            "title": title,
            "fields": [
                {"field": form[name], "visibility": form.visibility_bound_field(name)} for name in names
            ],
        }
        for title, names in SECTIONS
    ]
    return render(
        request,
        "members/profile_edit.html",
        {"form": form, "sections": sections, "profile": profile},
        status=status,
    )


# --- Directory ------------------------------------------------------------------------------------------------


def directory_context(request) -> dict:
    """Filters, the page of profiles and their visible fields, shared by the HTML and JSON directory."""
    form = DirectoryFilterForm(request.GET or None)
    form.is_valid()
    query = DirectoryQuery.from_cleaned_data(getattr(form, "cleaned_data", {}))
    topic = resolve_topic(query.topic) if query.topic else None
    page = SlicePage.from_request(directory_profiles(query, MEMBERS, topic=topic), request, PAGE_SIZE)
    members = [visible_profile(profile, audience=MEMBERS, request=request) for profile in page]
    params = [(key, value) for key, value in request.GET.items() if key in form.fields and value.strip()]
    return {
        "form": form,
        "query": query,
        "topic": topic,
        "page_obj": page,
        "members": members,
        "profiles": list(page),
        "filter_query": urlencode(params),
        "is_filtered": bool(params),
    }


@login_required
def directory(request):
    context = directory_context(request)
    following.prefetch_follow_state(request, [*context["profiles"], context["topic"]])
    context["cards"] = list(zip(context["members"], context["profiles"], strict=True))
    return render(request, "members/directory.html", context)


# --- Following ----------------------------------------------------------------------------------------------------


def _safe_next(request) -> str:
    for candidate in (request.POST.get("next"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return reverse("members:subscriptions")


@require_POST
def follow_toggle(request):
    """Follow or unfollow a member, topic, region …: POST type, id, operation (follow|unfollow), next."""
    next_url = _safe_next(request)
    wants_json = _wants_json(request)
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"detail": _("Please log in to follow.")}, status=401)
        return redirect_to_login(next_url)

    def answer(message: str, *, status: int = 200, following_now: bool | None = None, level=messages.SUCCESS):
        if wants_json:
            payload = {"detail": message}
            if following_now is not None:
                payload["following"] = following_now
            return JsonResponse(payload, status=status)
        messages.add_message(request, level, message)
        return redirect(next_url)

    limit = FOLLOW_LIMIT.hit(request.user.pk)
    if not limit.allowed:
        response = answer(_retry_message(limit.retry_after), status=429, level=messages.ERROR)
        response["Retry-After"] = str(limit.retry_after)
        return response

    target = following.resolve_target(request.POST.get("type", ""), request.POST.get("id"))
    if target is None:
        return answer(_("This cannot be followed (any more)."), status=404, level=messages.ERROR)
    title = following.title_of(target)
    action = request.POST.get("operation")
    if action not in ("follow", "unfollow"):
        action = "unfollow" if following.is_following(request.user, target) else "follow"
    if action == "follow":
        try:
            following.follow(request.user, target)
        except following.CannotFollow as exc:
            return answer(str(exc), status=400, level=messages.ERROR)
        return answer(_("You now follow “%(title)s”.") % {"title": title}, following_now=True)
    following.unfollow(request.user, target)
    return answer(_("You no longer follow “%(title)s”.") % {"title": title}, following_now=False)


@login_required
def subscriptions(request):
    groups = following.subscriptions(request.user, request)
    following.remember_followed(request, [item.target for group in groups for item in group.items])
    return render(request, "members/subscriptions.html", {"groups": groups})
