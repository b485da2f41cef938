"""Convert the npm package @svg-maps/germany into the map data Netzwerkstatt ships.

    npm pack @svg-maps/germany@2.0.0 && tar xzf svg-maps-germany-2.0.0.tgz
    .venv/bin/python community/regions/data/convert_svg_map.py package/

Reads the package's index.js and package.json (version 2.0.0, CC BY 4.0, Victor Cazanave) and writes
- community/regions/data/germany_laender.json: the 16 outlines keyed by our Bundesland codes (BW, BY, ...),
  their bounding boxes, the source and its attribution, and the projection fitted to the outline;
- static/img/germany-laender.svg: the same outlines as an SVG sprite the pages reference with <use>, so the
  browser caches the geometry once instead of receiving it inline with every page.

The outline paths are copied unchanged. In the sprite they carry vector-effect="non-scaling-stroke" (not an
inherited property, so the pages' CSS cannot set it through <use>): borders stay thin when a map zooms in. The projection is fitted here (see community/regions/geo.py): both
candidates are printed with their residuals and the better one is stored.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from community.regions import geo  # noqa: E402

JSON_OUT = ROOT / "community" / "regions" / "data" / "germany_laender.json"
SPRITE_OUT = ROOT / "static" / "img" / "germany-laender.svg"

# The package's ids happen to be our codes in lower case; the mapping is spelled out anyway, so that a renamed
# id in a future version of the package fails loudly instead of silently dropping a Land.
ID_TO_CODE = {
    "bw": "BW", "by": "BY", "be": "BE", "bb": "BB", "hb": "HB", "hh": "HH", "he": "HE", "mv": "MV",
    "ni": "NI", "nw": "NW", "rp": "RP", "sl": "SL", "sn": "SN", "st": "ST", "sh": "SH", "th": "TH",
}  # fmt: skip
NAMES = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg", "HB": "Bremen",
    "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern", "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz", "SL": "Saarland", "SN": "Sachsen",
    "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein", "TH": "Thüringen",
}  # fmt: skip
ATTRIBUTION = "Kartengrundlage: @svg-maps/germany von Victor Cazanave, CC BY 4.0"


def read_package(package_dir: Path) -> tuple[dict, dict]:
    source = (package_dir / "index.js").read_text(encoding="utf-8")
    data = json.loads(source[source.index("{") : source.rindex("}") + 1])
    meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    return data, meta


def convert(package_dir: Path) -> dict:
    data, meta = read_package(package_dir)
    if meta["license"] != "CC-BY-4.0":
        raise SystemExit(f"Unexpected licence {meta['license']!r}: check before shipping the map.")
    ids = {location["id"] for location in data["locations"]}
    if ids != set(ID_TO_CODE):
        raise SystemExit(
            f"The package's Länder differ from the expected ones: {sorted(ids ^ set(ID_TO_CODE))}"
        )

    laender = {}
    rings = {}
    for location in sorted(data["locations"], key=lambda loc: ID_TO_CODE[loc["id"]]):
        code = ID_TO_CODE[location["id"]]
        rings[code] = geo.parse_path(location["path"])
        laender[code] = {
            "name": NAMES[code],
            "path": location["path"],
            "bbox": [round(value, 2) for value in geo.bounding_box(rings[code])],
        }

    fits = {kind: geo.fit_projection(kind, rings) for kind in geo.PROJECTIONS}
    for kind, (_projection, rms) in fits.items():
        print(f"{kind:>16}: residual {rms:6.2f} SVG units (RMS over the four extreme points)")
    best_kind = min(fits, key=lambda kind: fits[kind][1])
    best, best_rms = fits[best_kind]
    print(f"Chosen: {best_kind}")

    return {
        "source": {
            "package": meta["name"],
            "version": meta["version"],
            "author": "Victor Cazanave",
            "license": "CC BY 4.0",
            "license_url": "https://creativecommons.org/licenses/by/4.0/",
            "repository": meta["repository"]["url"],
            "based_on": "MapSVG (https://mapsvg.com/maps/germany), CC BY 4.0",
            "attribution": ATTRIBUTION,
            "changes": "Ids mapped to Bundesland codes, German names, bounding boxes and projection added; "
            "outline paths unchanged.",
        },
        "viewBox": [int(value) for value in data["viewBox"].split()],
        "projection": {
            "parameters": {
                "kind": best.kind,
                "x_scale": round(best.x_scale, 6),
                "x_offset": round(best.x_offset, 6),
                "y_scale": round(best.y_scale, 6),
                "y_offset": round(best.y_offset, 6),
            },
            "residual_svg_units": round(best_rms, 3),
            "reference_points": [list(point) for point in geo.REFERENCE_POINTS],
        },
        "laender": laender,
    }


def sprite(converted: dict) -> str:
    view_box = " ".join(str(value) for value in converted["viewBox"])
    paths = "\n".join(
        f'    <path id="land-{code}" vector-effect="non-scaling-stroke" d="{entry["path"]}"/>'
        for code, entry in converted["laender"].items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- {ATTRIBUTION} (https://creativecommons.org/licenses/by/4.0/), based on MapSVG. "
        "Generated by community/regions/data/convert_svg_map.py; do not edit. -->\n"
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}">\n'
        f"  <title>{ATTRIBUTION}</title>\n"
        f"  <defs>\n{paths}\n  </defs>\n"
        "</svg>\n"
    )


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    package_dir = Path(sys.argv[1])
    converted = convert(package_dir)
    JSON_OUT.write_text(json.dumps(converted, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    SPRITE_OUT.write_text(sprite(converted), encoding="utf-8")
    print(f"Wrote {JSON_OUT.relative_to(ROOT)} and {SPRITE_OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
