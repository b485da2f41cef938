"""The map of Germany as server-rendered SVG data: Länder shaded by their number of regions, markers placed by
latitude/longitude. Templates draw it (templates/regions/includes/germany_map.html); nothing here queries."""

from dataclasses import dataclass, field

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from .geo import germany

# (lowest count, label) per shade; shade 0 is a white spot.
SHADES = [
    (0, _("none yet")),
    (1, "1"),
    (2, "2–3"),
    (4, "4–6"),
    (7, _("7 or more")),
]
MARKER_RADIUS = 6.5  # in map units on the whole map (586 units wide)
MIN_ZOOM_WIDTH = 150  # the city states are tiny; never zoom in further than this


def shade_for(count: int) -> int:
    shade = 0
    for level, (lowest, _label) in enumerate(SHADES):
        if count >= lowest:
            shade = level
    return shade


@dataclass
class MapLand:
    code: str
    name: str
    shade: int
    title: str
    url: str = ""
    muted: bool = False
    highlighted: bool = False


@dataclass
class MapMarker:
    kind: str  # "region" or "office"
    x: float
    y: float
    label: str
    url: str = ""
    dom_id: str = ""
    radius: float = MARKER_RADIUS

    @property
    def diamond(self) -> str:
        """Outline of the state-office marker: a square standing on its corner, a little larger than a dot."""
        r = self.radius * 1.25
        return f"M{self.x:.1f},{self.y - r:.1f}L{self.x + r:.1f},{self.y:.1f}L{self.x:.1f},{self.y + r:.1f}L{self.x - r:.1f},{self.y:.1f}Z"


@dataclass
class MapView:
    view_box: tuple[float, float, float, float]
    laender: list[MapLand]
    markers: list[MapMarker] = field(default_factory=list)
    zoomed_to: str = ""
    attribution: str = ""

    @property
    def view_box_attr(self) -> str:
        return " ".join(f"{value:.1f}".rstrip("0").rstrip(".") for value in self.view_box)

    @property
    def sprite_url(self) -> str:
        return static("img/germany-laender.svg")

    @property
    def region_markers(self) -> list[MapMarker]:
        return [marker for marker in self.markers if marker.kind == "region"]

    @property
    def office_markers(self) -> list[MapMarker]:
        return [marker for marker in self.markers if marker.kind == "office"]

    @property
    def shades(self) -> list[dict]:
        return [{"level": level, "label": label} for level, (_lowest, label) in enumerate(SHADES)]


def zoom_box(code: str | None) -> tuple[float, float, float, float]:
    """The whole map, or the bounding box of one Land with a margin, widened to the map's aspect ratio so the
    figure keeps its size on the page."""
    geometry = germany()
    full = geometry.view_box
    if not code or code not in geometry.laender:
        return full
    min_x, min_y, max_x, max_y = geometry.laender[code].bbox
    aspect = full[2] / full[3]
    width, height = (max_x - min_x) * 1.16, (max_y - min_y) * 1.16
    width = max(width, height * aspect, MIN_ZOOM_WIDTH)
    height = width / aspect
    center_x, center_y = (min_x + max_x) / 2, (min_y + max_y) / 2
    return (center_x - width / 2, center_y - height / 2, width, height)


def build_map(
    *,
    land_counts: dict[str, int],
    land_titles: dict[str, str],
    land_urls: dict[str, str] | None = None,
    markers: list[dict] = (),
    zoom_to: str | None = None,
    highlight: str | None = None,
    marker_scale: float = 1.0,
) -> MapView:
    """Assemble the map. `markers` are dicts with kind, latitude, longitude, label, url, dom_id.

    Marker sizes are in map units, so they shrink with a zoomed view box; `marker_scale` enlarges them on maps
    drawn small (the home page, the locator on a region's page)."""
    geometry = germany()
    view_box = zoom_box(zoom_to)
    scale = view_box[2] / geometry.view_box[2]
    laender = [
        MapLand(
            code=code,
            name=land.name,
            shade=shade_for(land_counts.get(code, 0)),
            title=land_titles.get(code, land.name),
            url=(land_urls or {}).get(code, ""),
            muted=bool(zoom_to) and code != zoom_to,
            highlighted=code == highlight,
        )
        for code, land in sorted(geometry.laender.items(), key=lambda item: item[1].name)
    ]
    placed = []
    for spec in markers:
        point = geometry.project(spec.get("latitude"), spec.get("longitude"))
        if point is None:
            continue
        placed.append(
            MapMarker(
                kind=spec["kind"],
                x=round(point[0], 1),
                y=round(point[1], 1),
                label=spec["label"],
                url=spec.get("url", ""),
                dom_id=spec.get("dom_id", ""),
                radius=round(MARKER_RADIUS * max(scale, 0.3) * marker_scale, 2),
            )
        )
    # Offices are drawn last so that they stay visible on top of the regions around them.
    placed.sort(key=lambda marker: marker.kind == "office")
    return MapView(
        view_box=view_box,
        laender=laender,
        markers=placed,
        zoomed_to=zoom_to or "",
        attribution=geometry.attribution,
    )
