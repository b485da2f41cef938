"""Read-only JSON for profiles and the member directory, with exactly the fields the viewer may see.

GET /api/mitglieder/<id>/   one profile (404 when the viewer may not see it, like the HTML page)
GET /api/mitglieder/        the directory, members only; same filters as /mitglieder/ (q, bundesland, rolle,
                            region, thema) and ?seite=; answers {"results": [...], "page", "has_next", "next",
                            "previous"}

A field the viewer may not see is absent from the object, not empty. The shape of one profile is documented in
visibility.visible_profile().
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .views import directory_context, profile_queryset
from .visibility import audience_for, is_profile_visible, visible_profile

JSON_OPTIONS = {"ensure_ascii": False}


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=not isinstance(data, list), json_dumps_params=JSON_OPTIONS)


@never_cache
@require_GET
def profile(request, user_id: int):
    profile = profile_queryset().filter(user_id=user_id).first()
    if profile is None:
        return _json({"detail": _("Not found.")}, status=404)
    audience = audience_for(request.user, profile)
    if not is_profile_visible(profile, audience):
        return _json({"detail": _("Not found.")}, status=404)
    return _json(visible_profile(profile, audience=audience, request=request))


@never_cache
@require_GET
def directory(request):
    if not request.user.is_authenticated:
        return _json({"detail": _("The member directory is only open to logged-in members.")}, status=403)
    context = directory_context(request)
    page = context["page_obj"]
    base = request.path + "?" + (context["filter_query"] + "&" if context["filter_query"] else "")
    return _json(
        {
            "results": context["members"],
            "page": page.number,
            "has_next": page.has_next,
            "next": f"{base}{page.param}={page.next_page_number}" if page.has_next else None,
            "previous": f"{base}{page.param}={page.previous_page_number}" if page.has_previous else None,
            "errors": {field: [str(e) for e in errors] for field, errors in context["form"].errors.items()},
        }
    )
