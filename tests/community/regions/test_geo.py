"""The map geometry: SVG path parsing, point-in-polygon, and the projection fitted to the map."""

import json
import re
from pathlib import Path

import pytest

from community.regions import geo
from home.choices import Bundesland

ROOT = Path(__file__).resolve().parents[3]

# The state capitals, (latitude, longitude) of their centres.
CAPITALS = {
    "SH": ("Kiel", 54.3233, 10.1228),
    "HH": ("Hamburg", 53.5511, 9.9937),
    "MV": ("Schwerin", 53.6355, 11.4012),
    "HB": ("Bremen", 53.0793, 8.8017),
    "NI": ("Hannover", 52.3759, 9.7320),
    "BE": ("Berlin", 52.5200, 13.4050),
    "BB": ("Potsdam", 52.3906, 13.0645),
    "ST": ("Magdeburg", 52.1205, 11.6276),
    "NW": ("Düsseldorf", 51.2277, 6.7735),
    "TH": ("Erfurt", 50.9848, 11.0299),
    "SN": ("Dresden", 51.0504, 13.7373),
    "HE": ("Wiesbaden", 50.0782, 8.2398),
    "RP": ("Mainz", 49.9929, 8.2473),
    "SL": ("Saarbrücken", 49.2402, 6.9969),
    "BW": ("Stuttgart", 48.7758, 9.1829),
    "BY": ("München", 48.1351, 11.5820),
}


def test_parse_path_handles_relative_moves_after_close_path():
    # After "z" the current point returns to the start of the subpath; the next relative "m" counts from there.
    rings = geo.parse_path("m 10,10 5,0 0,5 z m 20,0 5,0 0,5 z")
    assert rings == [[(10, 10), (15, 10), (15, 15)], [(30, 10), (35, 10), (35, 15)]]


def test_parse_path_handles_absolute_commands_and_compact_numbers():
    rings = geo.parse_path("M0,0L10,0L10,10Z M-1.5e1,-.5 l2,0")
    assert rings[0] == [(0, 0), (10, 0), (10, 10)]
    assert rings[1] == [(-15, -0.5), (-13, -0.5)]


def test_parse_path_rejects_coordinates_without_a_command():
    with pytest.raises(ValueError):
        geo.parse_path("10,10 20,20")


def test_point_in_rings_uses_even_odd_so_holes_are_outside():
    outer = [(0, 0), (10, 0), (10, 10), (0, 10)]
    hole = [(4, 4), (6, 4), (6, 6), (4, 6)]
    assert geo.point_in_rings((2, 2), [outer, hole])
    assert not geo.point_in_rings((5, 5), [outer, hole])
    assert not geo.point_in_rings((12, 5), [outer, hole])


def test_map_has_all_sixteen_laender_with_our_codes():
    germany = geo.germany()
    assert set(germany.laender) == set(Bundesland.values)
    assert {land.name for land in germany.laender.values()} == set(Bundesland.labels)
    assert germany.view_box == (0, 0, 586, 793)


def test_multi_part_laender_have_several_rings():
    germany = geo.germany()
    assert len(germany.laender["HB"].rings) == 2  # Bremen and Bremerhaven
    assert len(germany.laender["SH"].rings) > 5  # the islands
    assert len(germany.laender["BB"].rings) == 2  # Brandenburg with Berlin cut out


def test_mercator_fits_the_map_better_than_equirectangular_and_is_the_stored_projection():
    germany = geo.germany()
    rings = {code: land.rings for code, land in germany.laender.items()}
    mercator, mercator_error = geo.fit_projection("mercator", rings)
    _flat, flat_error = geo.fit_projection("equirectangular", rings)
    assert mercator_error < 0.5  # under half a map unit at the four extreme points
    assert flat_error > 10 * mercator_error
    assert germany.projection.kind == "mercator"
    assert germany.projection.x_scale == pytest.approx(mercator.x_scale, abs=1e-4)
    assert germany.projection.y_offset == pytest.approx(mercator.y_offset, abs=1e-3)
    # A conformal projection scales x and y alike.
    assert abs(germany.projection.y_scale) == pytest.approx(germany.projection.x_scale, rel=0.01)


@pytest.mark.parametrize("name, latitude, longitude, which", geo.REFERENCE_POINTS)
def test_reference_points_land_on_the_outline_extremes(name, latitude, longitude, which):
    germany = geo.germany()
    extremes = geo.outline_extremes({code: land.rings for code, land in germany.laender.items()})
    x, y = germany.project(latitude, longitude)
    assert abs(x - extremes[which][0]) < 0.5, name
    assert abs(y - extremes[which][1]) < 0.5, name


@pytest.mark.parametrize("code", sorted(CAPITALS))
def test_state_capital_lies_inside_its_own_land(code):
    name, latitude, longitude = CAPITALS[code]
    germany = geo.germany()
    point = germany.project(latitude, longitude)
    inside = [other for other, land in germany.laender.items() if land.contains(point)]
    assert inside == [code], f"{name} projected to {point} lies in {inside}"


def test_a_point_outside_germany_is_in_no_land():
    germany = geo.germany()
    assert germany.land_at(germany.project(48.8566, 2.3522)) is None  # Paris
    assert germany.land_at(germany.project(50.0755, 14.4378)) is None  # Prague


def test_sprite_holds_the_same_outlines_as_the_data_file():
    data = json.loads(geo.DATA_FILE.read_text(encoding="utf-8"))
    sprite = (ROOT / "static" / "img" / "germany-laender.svg").read_text(encoding="utf-8")
    paths = dict(re.findall(r'<path id="land-(\w\w)" vector-effect="non-scaling-stroke" d="([^"]+)"', sprite))
    assert paths == {code: entry["path"] for code, entry in data["laender"].items()}
    assert "CC BY 4.0" in sprite and "Victor Cazanave" in sprite


def test_data_file_credits_the_source():
    data = json.loads(geo.DATA_FILE.read_text(encoding="utf-8"))
    assert data["source"]["package"] == "@svg-maps/germany"
    assert data["source"]["version"] == "2.0.0"
    assert (
        data["source"]["attribution"] == "Kartengrundlage: @svg-maps/germany von Victor Cazanave, CC BY 4.0"
    )
    assert (ROOT / "community" / "regions" / "data" / "convert_svg_map.py").exists()


def test_zoom_box_keeps_the_maps_aspect_ratio_and_contains_the_land():
    from community.regions.maps import zoom_box

    full = geo.germany().view_box
    for code in ("BY", "HB", "BE", "SH"):
        x, y, width, height = zoom_box(code)
        assert width / height == pytest.approx(full[2] / full[3])
        min_x, min_y, max_x, max_y = geo.germany().laender[code].bbox
        assert x <= min_x and y <= min_y and x + width >= max_x and y + height >= max_y
    assert zoom_box(None) == full
    assert zoom_box("XX") == full
