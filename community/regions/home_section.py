"""The home page's "regions" slot: how many regions and state offices exist, which Länder have none yet, the
newest regions and a small map. Cached until a region page is published, unpublished, moved or deleted."""

from django.core.cache import cache
from django.utils.translation import get_language, gettext

from home.choices import Bundesland
from home.chrome import exclude_restricted, relative_url, site_for_request

from .directory import count_label
from .maps import build_map
from .models import RegionIndexPage, RegionPage, StateOfficePage
from .signals import cache_version

NEWEST_COUNT = 4
TIMEOUT = 60 * 60


def _build(request) -> dict | None:
    site = site_for_request(request)
    index = (
        exclude_restricted(RegionIndexPage.objects.live())
        .only("id", "path", "depth", "url_path", "title")
        .first()
    )
    if index is None:
        return None
    regions = list(
        exclude_restricted(RegionPage.objects.child_of(index).live())
        .only(
            "id",
            "path",
            "depth",
            "url_path",
            "title",
            "bundesland",
            "latitude",
            "longitude",
            "founded_year",
            "first_published_at",
        )
        .order_by("-first_published_at", "-pk")
    )
    office_codes = list(
        exclude_restricted(StateOfficePage.objects.child_of(index).live()).values_list(
            "bundesland", flat=True
        )
    )
    if not regions and not office_codes:
        return None

    def url(page):
        return (relative_url(page, site) if site else None) or page.get_url(request) or ""

    counts = {}
    for region in regions:
        counts[region.bundesland] = counts.get(region.bundesland, 0) + 1
    white_spots = [name for code, name in Bundesland.choices if not counts.get(code)]
    small_map = build_map(
        land_counts=counts,
        land_titles={code: count_label(name, counts.get(code, 0)) for code, name in Bundesland.choices},
        markers=[
            {"kind": "region", "latitude": r.latitude, "longitude": r.longitude, "label": r.title}
            for r in regions
        ],
        marker_scale=1.4,
    )
    return {
        "template": "regions/includes/home_section.html",
        "region_count": len(regions),
        "office_count": len(office_codes),
        "land_count": len(counts),
        "white_spots": white_spots,
        "newest": [
            {
                "title": r.title,
                "url": url(r),
                "land": r.get_bundesland_display(),
                "founded_year": r.founded_year,
            }
            for r in regions[:NEWEST_COUNT]
        ],
        "directory_url": url(index),
        "map": small_map,
        "map_label": gettext("Map of Germany: %(regions)s MINT-Regionen in %(laender)s of 16 federal states")
        % {"regions": len(regions), "laender": len(counts)},
    }


def regions_section(request) -> dict | None:
    site = site_for_request(request)
    key = f"regions:home:{cache_version()}:{site.pk if site else 0}:{get_language()}"
    data = cache.get(key)
    if data is None:
        data = _build(request) or {}
        cache.set(key, data, TIMEOUT)
    return data or None
