"""Geometry of the map of Germany: the Länder outlines, the projection from latitude/longitude into the map's
SVG coordinates, and point-in-polygon on SVG paths.

The outlines come from @svg-maps/germany (CC BY 4.0, Victor Cazanave), converted once by
`data/convert_svg_map.py` into `data/germany_laender.json`. The package does not say how it was projected, so
the conversion script fits the projection to Germany's four extreme points (see REFERENCE_POINTS) and keeps
the better of Mercator and equirectangular; the parameters are stored in the JSON file next to the outlines.
Tests check that every state capital lands inside its own Land.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "germany_laender.json"

# Germany's extreme points on the mainland and islands: (name, latitude, longitude, which extreme of the outline).
REFERENCE_POINTS = [
    ("List auf Sylt", 55.0583, 8.4167, "north"),
    ("Haldenwanger Eck", 47.2701, 10.1784, "south"),
    ("Isenbruch", 51.0500, 5.8667, "west"),
    ("Deschka", 51.2727, 15.0419, "east"),
]

_TOKEN = re.compile(r"[MmLlZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

Point = tuple[float, float]


def parse_path(d: str) -> list[list[Point]]:
    """The closed rings of an SVG path made of move-to, line-to and close-path commands (absolute or relative).

    Follows the SVG rules the map's paths rely on: coordinate pairs after a move-to are implicit line-tos of
    the same case, and after a close-path the current point returns to the start of that subpath, so a
    following relative move-to is measured from there.
    """
    rings: list[list[Point]] = []
    ring: list[Point] = []
    x = y = start_x = start_y = 0.0
    command = None
    tokens = _TOKEN.findall(d)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "Zz":
                if ring:
                    rings.append(ring)
                    ring = []
                x, y = start_x, start_y
            continue
        if command is None or command in "Zz":
            raise ValueError(f"Coordinates without a command at token {index} of the path.")
        dx, dy = float(tokens[index]), float(tokens[index + 1])
        index += 2
        relative = command.islower()
        x, y = (x + dx, y + dy) if relative else (dx, dy)
        if command in "Mm":
            if ring:
                rings.append(ring)
            ring = [(x, y)]
            start_x, start_y = x, y
            command = "l" if relative else "L"
        else:
            ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def point_in_rings(point: Point, rings: list[list[Point]]) -> bool:
    """Even-odd ray casting over all rings, so holes (Berlin inside Brandenburg) count as outside."""
    px, py = point
    inside = False
    for ring in rings:
        count = len(ring)
        for i in range(count):
            x1, y1 = ring[i]
            x2, y2 = ring[(i + 1) % count]
            if (y1 > py) != (y2 > py):
                crossing_x = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
                if px < crossing_x:
                    inside = not inside
    return inside


def bounding_box(rings: list[list[Point]]) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def mercator_y(latitude: float) -> float:
    """Mercator northing in degrees (equal to the latitude at the equator, stretched towards the poles)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)))


PROJECTIONS = {"mercator": mercator_y, "equirectangular": lambda latitude: latitude}


@dataclass(frozen=True)
class Projection:
    """x = x_scale * longitude + x_offset; y = y_scale * f(latitude) + y_offset, f given by `kind`."""

    kind: str
    x_scale: float
    x_offset: float
    y_scale: float
    y_offset: float

    def project(self, latitude: float, longitude: float) -> Point:
        northing = PROJECTIONS[self.kind](float(latitude))
        return (
            self.x_scale * float(longitude) + self.x_offset,
            self.y_scale * northing + self.y_offset,
        )


def _linear_fit(samples: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares line through (input, output) samples: output = scale * input + offset."""
    count = len(samples)
    mean_in = sum(s[0] for s in samples) / count
    mean_out = sum(s[1] for s in samples) / count
    covariance = sum((s[0] - mean_in) * (s[1] - mean_out) for s in samples)
    variance = sum((s[0] - mean_in) ** 2 for s in samples)
    scale = covariance / variance
    return scale, mean_out - scale * mean_in


def outline_extremes(laender_rings: dict[str, list[list[Point]]]) -> dict[str, Point]:
    points = [point for rings in laender_rings.values() for ring in rings for point in ring]
    return {
        "north": min(points, key=lambda p: p[1]),
        "south": max(points, key=lambda p: p[1]),
        "west": min(points, key=lambda p: p[0]),
        "east": max(points, key=lambda p: p[0]),
    }


def fit_projection(kind: str, laender_rings: dict[str, list[list[Point]]]) -> tuple[Projection, float]:
    """Fit a projection to the outline: each reference point must land on the matching extreme of the map.

    Every extreme gives two equations (its x and its y), so four points over-determine the four parameters;
    the root-mean-square residual in SVG units tells how well the projection type explains the map.
    """
    extremes = outline_extremes(laender_rings)
    northing = PROJECTIONS[kind]
    pairs = [(lat, lon, extremes[which]) for _name, lat, lon, which in REFERENCE_POINTS]
    x_scale, x_offset = _linear_fit([(lon, point[0]) for _lat, lon, point in pairs])
    y_scale, y_offset = _linear_fit([(northing(lat), point[1]) for lat, _lon, point in pairs])
    projection = Projection(kind, x_scale, x_offset, y_scale, y_offset)
    squared = []
    for lat, lon, point in pairs:
        x, y = projection.project(lat, lon)
        squared += [(x - point[0]) ** 2, (y - point[1]) ** 2]
    return projection, math.sqrt(sum(squared) / len(squared))


@dataclass(frozen=True)
class Land:
    code: str
    name: str
    path: str
    bbox: tuple[float, float, float, float]

    @property
    def rings(self) -> list[list[Point]]:
        return _rings(self.code)

    def contains(self, point: Point) -> bool:
        return point_in_rings(point, self.rings)


@dataclass(frozen=True)
class GermanyMap:
    view_box: tuple[float, float, float, float]
    laender: dict[str, Land]
    projection: Projection
    attribution: str

    def project(self, latitude, longitude) -> Point | None:
        if latitude is None or longitude is None:
            return None
        return self.projection.project(latitude, longitude)

    def land_at(self, point: Point) -> str | None:
        for code, land in self.laender.items():
            if land.contains(point):
                return code
        return None


@lru_cache(maxsize=1)
def germany() -> GermanyMap:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    projection = Projection(**data["projection"]["parameters"])
    laender = {
        code: Land(code=code, name=entry["name"], path=entry["path"], bbox=tuple(entry["bbox"]))
        for code, entry in data["laender"].items()
    }
    return GermanyMap(
        view_box=tuple(data["viewBox"]),
        laender=laender,
        projection=projection,
        attribution=data["source"]["attribution"],
    )


@lru_cache(maxsize=32)
def _rings(code: str) -> list[list[Point]]:
    return parse_path(germany().laender[code].path)
