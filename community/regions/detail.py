"""Context for a region's page and a state office's page."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext

from home.chrome import exclude_restricted, relative_url, site_for_request

from .maps import build_map
from .models import RegionPage, StateOfficePage
from .sections import region_sections

TOPIC_URL = "/themen/{slug}/"


@dataclass
class CoordinatorEntry:
    pk: int
    name: str
    url: str
    is_viewer: bool = False


def visible_display_name(user, viewer) -> str | None:
    """The coordinator's display name if their profile lets this viewer see it, else None.

    The rules are the members app's (community/members/visibility.py): anonymous visitors see names shown to
    everyone, logged-in members also those shown to members, a member always their own.
    """
    from community.members.visibility import audience_for, is_profile_visible

    profile = getattr(user, "profile", None)
    if profile is None or not profile.display_name:
        return None
    profile.user = user  # already loaded; spares is_profile_visible() a query
    if not is_profile_visible(profile, audience_for(viewer, profile)):
        return None
    return profile.display_name


def coordinators_for_viewer(region: RegionPage, viewer) -> tuple[list[CoordinatorEntry], int, set[int]]:
    """The coordinators the viewer may see by name, how many more there are, and all their ids."""
    coordinators = region.coordinators.all()
    if isinstance(coordinators, QuerySet):
        coordinators = coordinators.select_related("profile").order_by("profile__display_name", "pk")
    visible, hidden, ids = [], 0, set()
    for user in coordinators:
        ids.add(user.pk)
        name = visible_display_name(user, viewer)
        if name is None:
            hidden += 1
            continue
        visible.append(
            CoordinatorEntry(
                pk=user.pk,
                name=name,
                url=user.profile.get_absolute_url(),
                is_viewer=bool(viewer and viewer.is_authenticated and viewer.pk == user.pk),
            )
        )
    return visible, hidden, ids


def parent_url(url: str) -> str:
    """/regionen/some-region/ -> /regionen/ (a region's parent is always the directory; saves a query)."""
    return url.rstrip("/").rsplit("/", 1)[0] + "/" if url else "/"


def page_url(page, request) -> str:
    site = site_for_request(request)
    return (relative_url(page, site) if site else None) or page.get_url(request) or ""


def _state_office(region: RegionPage, request) -> dict | None:
    """The state office of the region's Land: annotated by RegionIndexPage.route(), else (previews) queried."""
    if hasattr(region, "state_office_url_path"):
        if not region.state_office_url_path:
            return None
        site = site_for_request(request)
        root_path = site.root_page.url_path if site else "/"
        path = region.state_office_url_path
        url = "/" + path[len(root_path) :] if path.startswith(root_path) else ""
        return {"title": region.state_office_title, "url": url}
    office = (
        exclude_restricted(StateOfficePage.objects.live().filter(bundesland=region.bundesland))
        .only("id", "path", "depth", "url_path", "title", "slug", "content_type_id")
        .order_by("title")
        .first()
    )
    return {"title": office.title, "url": page_url(office, request)} if office else None


def region_context(region: RegionPage, request) -> dict:
    viewer = getattr(request, "user", None)
    coordinators, hidden_coordinators, coordinator_ids = coordinators_for_viewer(region, viewer)
    is_coordinator = bool(viewer and viewer.is_authenticated and viewer.pk in coordinator_ids)
    tags = [{"name": tag.name, "url": TOPIC_URL.format(slug=tag.slug)} for tag in region.tags.all()]
    state_office = _state_office(region, request)
    locator = build_map(
        land_counts={},
        land_titles={},
        markers=[
            {
                "kind": "region",
                "latitude": region.latitude,
                "longitude": region.longitude,
                "label": region.title,
            }
        ],
        highlight=region.bundesland,
        marker_scale=2.2,
    )
    url = page_url(region, request)
    return {
        "coordinators": coordinators,
        "hidden_coordinators": hidden_coordinators,
        "is_coordinator": is_coordinator,
        "propose_url": f"{url}vorschlag/" if url else "",
        "topics": tags,
        "state_office": state_office,
        "locator_map": locator,
        "locator_label": gettext("Location of %(title)s in %(land)s")
        % {"title": region.title, "land": region.get_bundesland_display()},
        "region_sections": region_sections.render(region, request),
        "directory_url": parent_url(url),
    }


def state_office_context(office: StateOfficePage, request) -> dict:
    regions = list(
        exclude_restricted(RegionPage.objects.live().filter(bundesland=office.bundesland))
        .only(
            "id",
            "path",
            "depth",
            "url_path",
            "title",
            "slug",
            "content_type_id",
            "intro",
            "latitude",
            "longitude",
            "founded_year",
            "bundesland",
        )
        .order_by("title")
    )
    rows = [
        {"page": region, "url": page_url(region, request), "dom_id": f"region-{region.pk}"}
        for region in regions
    ]
    office_map = build_map(
        land_counts={office.bundesland: len(rows)},
        land_titles={},
        markers=[
            {
                "kind": "region",
                "latitude": row["page"].latitude,
                "longitude": row["page"].longitude,
                "label": gettext("MINT-Region %(title)s (%(land)s)")
                % {"title": row["page"].title, "land": office.get_bundesland_display()},
                "url": row["url"],
                "dom_id": row["dom_id"],
            }
            for row in rows
        ]
        + [
            {
                "kind": "office",
                "latitude": office.latitude,
                "longitude": office.longitude,
                "label": office.title,
                "url": "",
            }
        ],
        zoom_to=office.bundesland,
        marker_scale=1.8,
    )
    directory_url = parent_url(page_url(office, request))
    return {
        "land_regions": rows,
        "office_map": office_map,
        "directory_land_url": f"{directory_url}?land={office.bundesland}" if directory_url else "",
    }
