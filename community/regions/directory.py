"""The region directory (/regionen/): filters, the table, the state offices, the per-Land summary and the map.

Every live region is loaded once (with its tags, in one more query) and filtered in memory. The directory needs
all of them anyway, for the per-Land totals that reveal the white spots, and Germany has about 130 regional
networks, so this stays small; it also keeps the JSON list of partner types filterable on SQLite, which has no
JSON containment lookup. Three queries, whatever the number of regions.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.choices import Bundesland
from home.chrome import exclude_restricted, relative_url, site_for_request

from .maps import build_map
from .models import OrganisationalForm, PartnerType, RegionPage, RegionPageTag, StateOfficePage

SORT_BY_LAND = "land"
SORT_CHOICES = [
    (SORT_BY_LAND, _("grouped by federal state")),
    ("name", _("by name")),
    ("gruendung", _("by founding year, newest first")),
]
FILTER_PARAMS = ("land", "partner", "organisationsform", "thema", "sortierung")
DEFAULTS = {"sortierung": SORT_BY_LAND}

REGION_FIELDS = (
    "id", "path", "depth", "url_path", "title", "slug", "content_type_id", "live", "intro", "bundesland",
    "founded_year", "organisational_form", "partner_types", "latitude", "longitude",
)  # fmt: skip
OFFICE_FIELDS = (
    "id", "path", "depth", "url_path", "title", "slug", "content_type_id", "live", "intro", "bundesland",
    "organisation", "latitude", "longitude",
)  # fmt: skip


class DirectoryFilterForm(forms.Form):
    land = forms.ChoiceField(
        label=_("Federal state"), required=False, choices=[("", _("All federal states")), *Bundesland.choices]
    )
    partner = forms.ChoiceField(
        label=_("Partner type"), required=False, choices=[("", _("All partner types")), *PartnerType.choices]
    )
    organisationsform = forms.ChoiceField(
        label=_("Organisational form"),
        required=False,
        choices=[("", _("All organisational forms")), *OrganisationalForm.choices],
    )
    thema = forms.ChoiceField(label=_("Topic"), required=False)
    sortierung = forms.ChoiceField(label=_("Order of the table"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, topics, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["thema"].choices = [("", _("All topics"))] + [(tag.slug, tag.name) for tag in topics]

    def values(self) -> dict[str, str]:
        """The filters that are set and valid; an invalid value is reported and otherwise ignored."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in FILTER_PARAMS if cleaned.get(name)}


def query_url(path: str, values: dict[str, str], **changes) -> str:
    """The directory's URL for a filter state: only set parameters, in a fixed order, defaults left out."""
    merged = {**values, **changes}
    params = [
        (name, merged[name])
        for name in FILTER_PARAMS
        if merged.get(name) and merged[name] != DEFAULTS.get(name)
    ]
    return f"{path}?{urlencode(params)}" if params else path


def canonical_redirect(request):
    """A submitted filter form also sends the empty fields; redirect to the short URL of the same state, so
    that each filter state has exactly one address (to bookmark, share and cache)."""
    if request.method != "GET" or not request.GET:
        return None
    needs_cleaning = any(
        key in FILTER_PARAMS and (not value or value == DEFAULTS.get(key))
        for key, values in request.GET.lists()
        for value in values
    ) or any(len(values) > 1 for key, values in request.GET.lists() if key in FILTER_PARAMS)
    if not needs_cleaning:
        return None
    values = {key: request.GET.get(key, "") for key in FILTER_PARAMS}
    others = [(key, value) for key, value in request.GET.items() if key not in FILTER_PARAMS]
    target = query_url(request.path, values)
    if others:
        target += ("&" if "?" in target else "?") + urlencode(others)
    return redirect(target)


@dataclass
class RegionRow:
    page: RegionPage
    url: str
    tags: list
    dom_id: str

    @property
    def partner_type_count(self) -> int:
        return len(self.page.partner_types or [])


@dataclass
class LandSummary:
    code: str
    name: str
    total: int = 0
    matching: int = 0
    offices: list = field(default_factory=list)
    url: str = ""
    selected: bool = False

    @property
    def is_white_spot(self) -> bool:
        return self.total == 0


def count_label(name: str, count: int, total: int | None = None, filtered: bool = False) -> str:
    """German-friendly singular/plural without ngettext (the catalogue tooling keeps plural forms out)."""
    if total == 0 or (not filtered and count == 0):
        return gettext("%(name)s: no MINT-Region yet") % {"name": name}
    if filtered:
        return gettext("%(name)s: %(count)s of %(total)s MINT-Regionen match") % {
            "name": name,
            "count": count,
            "total": total,
        }
    if count == 1:
        return gettext("%(name)s: 1 MINT-Region") % {"name": name}
    return gettext("%(name)s: %(count)s MINT-Regionen") % {"name": name, "count": count}


def load_regions(index):
    return list(
        exclude_restricted(RegionPage.objects.child_of(index).live())
        .only(*REGION_FIELDS)
        .prefetch_related(
            Prefetch(
                "tagged_items", queryset=RegionPageTag.objects.select_related("tag").order_by("tag__name")
            )
        )
        .order_by("title")
    )


def load_offices(index):
    return list(
        exclude_restricted(StateOfficePage.objects.child_of(index).live())
        .only(*OFFICE_FIELDS)
        .order_by("bundesland", "title")
    )


def _url(page, site, request) -> str:
    return (relative_url(page, site) if site else None) or page.get_url(request) or ""


def build_directory(index, request) -> dict:
    site = site_for_request(request)
    regions = load_regions(index)
    offices = load_offices(index)

    rows = []
    topics = {}
    for region in regions:
        tags = [item.tag for item in region.tagged_items.all()]
        for tag in tags:
            topics[tag.slug] = tag
        rows.append(
            RegionRow(page=region, url=_url(region, site, request), tags=tags, dom_id=f"region-{region.pk}")
        )

    form = DirectoryFilterForm(
        request.GET or None, topics=sorted(topics.values(), key=lambda tag: tag.name.lower())
    )
    values = form.values() if request.GET else {}
    land = values.get("land")
    non_land_filters = {
        key: value for key, value in values.items() if key in ("partner", "organisationsform", "thema")
    }

    def matches(row: RegionRow, ignore_land: bool = False) -> bool:
        page = row.page
        if land and not ignore_land and page.bundesland != land:
            return False
        if values.get("partner") and values["partner"] not in (page.partner_types or []):
            return False
        if values.get("organisationsform") and page.organisational_form != values["organisationsform"]:
            return False
        return not (values.get("thema") and values["thema"] not in {tag.slug for tag in row.tags})

    matching = [row for row in rows if matches(row)]
    sort = values.get("sortierung", SORT_BY_LAND)
    if sort == "name":
        matching.sort(key=lambda row: row.page.title.lower())
    elif sort == "gruendung":
        matching.sort(key=lambda row: (-(row.page.founded_year or 0), row.page.title.lower()))
    else:
        matching.sort(key=lambda row: (row.page.get_bundesland_display(), row.page.title.lower()))

    # The summary and the shading count what matches the other filters in each Land, so choosing a Land does
    # not paint the rest of the country white.
    summary = {
        code: LandSummary(
            code=code, name=name, url=query_url(request.path, values, land=code), selected=code == land
        )
        for code, name in Bundesland.choices
    }
    for row in rows:
        summary[row.page.bundesland].total += 1
        if matches(row, ignore_land=True):
            summary[row.page.bundesland].matching += 1

    office_rows = []
    for office in sorted(offices, key=lambda office: (office.get_bundesland_display(), office.title.lower())):
        office_row = {"page": office, "url": _url(office, site, request), "dom_id": f"office-{office.pk}"}
        summary[office.bundesland].offices.append(office_row)
        if not land or office.bundesland == land:
            office_rows.append(office_row)

    filtered = bool(non_land_filters)
    land_counts = {code: item.matching if filtered else item.total for code, item in summary.items()}
    land_titles = {
        code: count_label(item.name, item.matching, item.total, filtered=filtered and item.total > 0)
        for code, item in summary.items()
    }
    markers = [
        {
            "kind": "region",
            "latitude": row.page.latitude,
            "longitude": row.page.longitude,
            "label": gettext("MINT-Region %(title)s (%(land)s)")
            % {"title": row.page.title, "land": row.page.get_bundesland_display()},
            "url": row.url,
            "dom_id": row.dom_id,
        }
        for row in matching
    ] + [
        {
            "kind": "office",
            "latitude": office_row["page"].latitude,
            "longitude": office_row["page"].longitude,
            "label": gettext("State coordination office %(title)s (%(land)s)")
            % {"title": office_row["page"].title, "land": office_row["page"].get_bundesland_display()},
            "url": office_row["url"],
            "dom_id": office_row["dom_id"],
        }
        for office_row in office_rows
    ]
    germany_map = build_map(
        land_counts=land_counts,
        land_titles=land_titles,
        land_urls={code: item.url for code, item in summary.items()},
        markers=markers,
        zoom_to=land,
    )

    groups = []
    if sort == SORT_BY_LAND:
        for row in matching:
            if not groups or groups[-1]["code"] != row.page.bundesland:
                groups.append(
                    {"code": row.page.bundesland, "name": row.page.get_bundesland_display(), "rows": []}
                )
            groups[-1]["rows"].append(row)
    else:
        groups.append({"code": "", "name": "", "rows": matching})

    active_filters = []
    labels = {
        "land": dict(Bundesland.choices),
        "partner": dict(PartnerType.choices),
        "organisationsform": dict(OrganisationalForm.choices),
        "thema": {slug: tag.name for slug, tag in topics.items()},
    }
    for name in ("land", "partner", "organisationsform", "thema"):
        if values.get(name):
            active_filters.append(
                {
                    "label": form.fields[name].label,
                    "value": labels[name].get(values[name], values[name]),
                    "remove_url": query_url(request.path, values, **{name: ""}),
                }
            )

    summaries = list(summary.values())
    # Each filter state has its own address; its title says which, for bookmarks, tabs and history.
    title_suffix = ", ".join(str(item["value"]) for item in active_filters)
    return {
        "filter_form": form,
        "title_suffix": title_suffix,
        "filter_values": values,
        "is_filtered": bool(land or non_land_filters),
        "active_filters": active_filters,
        "reset_url": query_url(request.path, {}, sortierung=sort),
        "region_groups": groups,
        "grouped_by_land": sort == SORT_BY_LAND,
        "matching_count": len(matching),
        "region_count": len(rows),
        "offices": office_rows,
        "office_count": len(offices),
        "land_summaries": summaries,
        "white_spots": [item for item in summaries if item.is_white_spot],
        "germany_map": germany_map,
        "unplaced_count": sum(1 for row in matching if not row.page.has_position),
    }
