"""Who sees which profile field: the one place that decides it.

Every page, JSON API, listing, region page and search document that shows something about a member goes
through this module, so a field a member hid can never surface somewhere else.

Audiences:
- PUBLIC: visitors who are not logged in; they see fields set to "Everyone".
- MEMBERS: logged-in members, editors and moderators included; they see "Everyone" and "Members only" fields.
  (Editors get no extra view of hidden fields: "Only me" means only the member.)
- OWNER: the member themself; they see every field.

A profile is shown to the public only if its display name is public (otherwise anonymous visitors get a 404);
members see every active member's profile, because the display name cannot be hidden from them.

    audience = audience_for(request.user, profile)
    data = visible_profile(profile, audience=audience, request=request)   # only the visible fields
    Profile.objects.filter(visible_q("bundesland", MEMBERS), bundesland="BY")  # filter by a field fairly
"""

from enum import StrEnum

from django.db.models import Q
from django.utils.encoding import force_str

from home.choices import Bundesland
from home.chrome import relative_url, site_for_request
from home.text import plain_text

from .models import NetworkRole, Profile, Visibility


class Audience(StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"
    OWNER = "owner"


PUBLIC, MEMBERS, OWNER = Audience.PUBLIC, Audience.MEMBERS, Audience.OWNER

FIELDS = tuple(Profile.VISIBILITY_FIELDS)

# Which stored visibility values each audience may see.
_ALLOWED = {
    PUBLIC: frozenset({Visibility.PUBLIC}),
    MEMBERS: frozenset({Visibility.PUBLIC, Visibility.MEMBERS}),
    OWNER: frozenset(Visibility.values),
}


def viewer_audience(viewer) -> Audience:
    """The audience of a viewer for profiles that are not their own."""
    if viewer is not None and getattr(viewer, "is_authenticated", False) and viewer.is_active:
        return MEMBERS
    return PUBLIC


def audience_for(viewer, profile: Profile) -> Audience:
    """The audience `viewer` (a user, AnonymousUser or None) belongs to for `profile`."""
    audience = viewer_audience(viewer)
    if audience is MEMBERS and viewer.pk == profile.user_id:
        return OWNER
    return audience


def can_see(profile: Profile, field: str, audience: Audience) -> bool:
    return profile.visibility_of(field) in _ALLOWED[Audience(audience)]


def visible_fields(profile: Profile, audience: Audience) -> list[str]:
    return [field for field in FIELDS if can_see(profile, field, audience)]


def is_profile_visible(profile: Profile, audience: Audience) -> bool:
    """Whether the profile may be shown at all: an active member whose display name this audience sees."""
    user = profile.user
    return user.is_active and can_see(profile, "display_name", audience)


def visible_q(field: str, audience: Audience, prefix: str = "") -> Q:
    """A filter that keeps only the profiles whose `field` this audience sees (same rules as can_see()).

    Missing or unknown stored values mean the default, exactly as Profile.visibility_of() reads them.
    `prefix` reaches a profile from another model, e.g. prefix="profile__" on User.
    """
    audience = Audience(audience)
    if audience is OWNER:
        return Q()
    allowed = set(_ALLOWED[audience])
    if field in Profile.NEVER_HIDDEN and Visibility.MEMBERS in allowed:
        allowed.add(Visibility.HIDDEN)  # "hidden" is read as members-only for these fields
    lookup = f"{prefix}visibility__{field}"
    default = Profile.VISIBILITY_FIELDS[field]
    if default in allowed:
        disallowed = [value for value in Visibility.values if value not in allowed]
        if not disallowed:
            return Q()
        return Q(**{f"{lookup}__isnull": True}) | ~Q(**{f"{lookup}__in": disallowed})
    return Q(**{f"{lookup}__in": sorted(allowed)})


def visible_profiles(audience: Audience, queryset=None):
    """The profiles an audience may see at all (active members; for the public, a public display name)."""
    queryset = Profile.objects.all() if queryset is None else queryset
    return queryset.filter(user__is_active=True).filter(visible_q("display_name", audience))


def _choice(value, choices) -> dict | None:
    if not value:
        return None
    return {"value": value, "label": force_str(dict(choices).get(value, value))}


def _region(profile: Profile, request) -> dict | None:
    region = profile.region
    if region is None or not region.live:
        return None
    # The request's site is already loaded (with its root page) for the navigation; Wagtail's get_url() would
    # look up every site's root path once more.
    site = site_for_request(request) if request is not None else None
    url = relative_url(region, site) if site is not None else region.get_url(request)
    return {"id": region.pk, "title": region.title, "url": url}


def _topics(profile: Profile) -> list[dict]:
    # Uses the prefetched tags when the caller prefetched them ("topics"), so listings stay at one query.
    tags = sorted(profile.topics.all(), key=lambda tag: tag.name.casefold())
    return [{"name": tag.name, "slug": tag.slug} for tag in tags]


def _value(profile: Profile, field: str, request):
    if field == "avatar":
        return profile.avatar.url if profile.avatar else None
    if field == "role":
        return _choice(profile.role, NetworkRole.choices)
    if field == "bundesland":
        return _choice(profile.bundesland, Bundesland.choices)
    if field == "region":
        return _region(profile, request)
    if field == "topics":
        return _topics(profile)
    return getattr(profile, field)


def visible_profile(profile: Profile, viewer=None, *, audience: Audience | None = None, request=None) -> dict:
    """The fields of `profile` that `viewer` (or the given audience) sees, as plain JSON-ready values.

    Fields the audience may not see are absent (not empty). Always present: "id" (the member's user id) and
    "url". For the owner, "visibility" says who sees each field.
    """
    if audience is None:
        audience = audience_for(viewer, profile)
    audience = Audience(audience)
    data = {"id": profile.user_id, "url": profile.get_absolute_url()}
    for field in visible_fields(profile, audience):
        data[field] = _value(profile, field, request)
    if audience is OWNER:
        data["visibility"] = {field: str(profile.visibility_of(field)) for field in FIELDS}
    return data


def profile_search_text(profile: Profile, audience: Audience) -> str:
    """The text a search index may hold for this audience: only visible fields, Markdown as plain text.

    Index one document per audience (public and members) and query the one matching the searcher.
    Empty if the audience may not see the profile at all.
    """
    audience = Audience(audience)
    if not is_profile_visible(profile, audience):
        return ""
    data = visible_profile(profile, audience=audience)
    parts = []
    for field in FIELDS:
        value = data.get(field)
        if not value or field == "avatar":
            continue
        if field in ("role", "bundesland"):
            parts.append(value["label"])
        elif field == "region":
            parts.append(value["title"])
        elif field == "topics":
            parts.extend(tag["name"] for tag in value)
        elif field == "bio":
            parts.append(plain_text(value))
        else:
            parts.append(str(value))
    return "\n".join(part for part in parts if part)
