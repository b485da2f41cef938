"""The directory /regionen/: map, per-Land summary, table, offices, filters with their own URLs, query budget."""

import re
from decimal import Decimal

import pytest

from community.regions.geo import germany
from home.choices import Bundesland

from .conftest import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(make_region, make_office):
    """Regions in four Länder; the other twelve stay white spots."""
    created = {
        "aachen": make_region(
            "MINT-Netzwerk Aachener Revier",
            "NW",
            latitude=Decimal("50.7753"),
            longitude=Decimal("6.0839"),
            founded_year=2011,
            organisational_form="association",
            partner_types=["school", "university", "company"],
            tags=["Mädchen in MINT"],
        ),
        "dortmund": make_region(
            "MINT im Revier Dortmund-Unna",
            "NW",
            latitude=Decimal("51.5136"),
            longitude=Decimal("7.4653"),
            founded_year=2008,
            organisational_form="municipal",
            partner_types=["kita", "school"],
            tags=["Finanzierung"],
        ),
        "allgaeu": make_region(
            "Technikland Allgäu",
            "BY",
            latitude=Decimal("47.7267"),
            longitude=Decimal("10.3139"),
            founded_year=2015,
            organisational_form="association",
            partner_types=["kita", "club"],
            tags=["Mädchen in MINT", "Schülerlabore"],
        ),
        "gera": make_region(
            "Forschernetz Ostthüringen",
            "TH",
            latitude=Decimal("50.8806"),
            longitude=Decimal("12.0833"),
            founded_year=2020,
            organisational_form="foundation",
            partner_types=["student_lab"],
        ),
        "ohne-ort": make_region("Netzwerk ohne Koordinaten", "HE", founded_year=2019),
        "entwurf": make_region("Entwurfsregion", "SL", publish=False),
    }
    created["zdi"] = make_office(
        "zdi-Landesstelle",
        "NW",
        latitude=Decimal("51.2277"),
        longitude=Decimal("6.7735"),
        organisation="Dienstleister",
    )
    return created


def html_of(client, path="/regionen/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def marker_for(html, dom_id):
    match = re.search(
        rf'<a href="([^"]+)" class="germany-map__marker germany-map__marker--(\w+)" aria-label="([^"]+)" '
        rf'data-target="{dom_id}"[^>]*><title>[^<]*</title>(<circle cx="([\d.]+)" cy="([\d.]+)"|<path d="M([\d.]+),)',
        html,
    )
    assert match, f"no marker for {dom_id}"
    return match


def test_directory_renders_map_table_summary_and_offices(client, regions):
    html = html_of(client)
    assert "<h1>MINT-Regionen</h1>" in html
    # All sixteen Länder drawn from the sprite, each with a shade class.
    lands = re.findall(
        r'<use href="[^"]*germany-laender\.svg#land-(\w\w)" class="germany-map__land ([^"]+)"', html
    )
    assert sorted(code for code, _ in lands) == sorted(Bundesland.values)
    shades = dict(lands)
    assert "shade-2" in shades["NW"]  # two regions
    assert "shade-1" in shades["BY"]
    assert "shade-0" in shades["SL"]  # the draft does not count: a white spot
    # The table, grouped by Land, and the office list.
    assert '<th scope="rowgroup" colspan="5">Nordrhein-Westfalen' in html
    assert ">MINT-Netzwerk Aachener Revier</a></th>" in html
    assert "Entwurfsregion" not in html
    assert "zdi-Landesstelle" in html
    assert "Kartengrundlage: @svg-maps/germany von Victor Cazanave," in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.de"' in html
    assert "style=" not in html


def test_markers_are_links_placed_by_their_coordinates(client, regions):
    html = html_of(client)
    aachen = regions["aachen"]
    match = marker_for(html, f"region-{aachen.pk}")
    assert match.group(1) == "/regionen/" + aachen.slug + "/"
    assert match.group(2) == "region"
    assert match.group(3) == "MINT-Region MINT-Netzwerk Aachener Revier (Nordrhein-Westfalen)"
    x, y = float(match.group(5)), float(match.group(6))
    expected = germany().project(50.7753, 6.0839)
    assert (x, y) == pytest.approx(expected, abs=0.06)
    assert germany().land_at((x, y)) == "NW"
    office = marker_for(html, f"office-{regions['zdi'].pk}")
    assert office.group(2) == "office"
    assert "Landeskoordinierungsstelle zdi-Landesstelle" in office.group(3)
    # A region without coordinates is listed, but not on the map, and the legend says so.
    assert f'data-target="region-{regions["ohne-ort"].pk}"' not in html
    assert "Netzwerk ohne Koordinaten" in html
    assert "1 passende Regionen haben noch keine Koordinaten" in html


def test_white_spots_are_named_in_the_summary(client, regions):
    html = html_of(client)
    summary = html.split('class="land-summary"')[1].split("</ul>")[0]
    for name in ("Bremen", "Saarland", "Sachsen-Anhalt", "Mecklenburg-Vorpommern"):
        item = re.search(
            rf"<li class=\"land-summary__item([^\"]*)\">\s*<a href=\"[^\"]+\">{name}</a>(.*?)</li>",
            summary,
            re.S,
        )
        assert item, name
        assert "white-spot" in item.group(1)
        assert "noch keine MINT-Region" in item.group(2)
    assert "12 Bundesländer haben noch keine MINT-Region." in html
    assert "noch keine MINT-Region (weißer Fleck)" in html  # the legend


def test_filter_by_land_zooms_the_map_and_lists_only_that_land(client, regions):
    html = html_of(client, "/regionen/?land=NW")
    assert "MINT-Netzwerk Aachener Revier" in html and "MINT im Revier Dortmund-Unna" in html
    table = html.split('class="region-table"')[1].split("</table>")[0]
    assert "Technikland Allgäu" not in table
    assert f'data-target="region-{regions["allgaeu"].pk}"' not in html
    assert "germany-map--zoomed" in html
    assert re.search(r'#land-BY" class="germany-map__land [^"]*is-muted', html)
    assert not re.search(r'#land-NW" class="germany-map__land [^"]*is-muted', html)
    assert "Bundesland: Nordrhein-Westfalen" in html  # the active filter chip
    assert "<title>MINT-Regionen: Nordrhein-Westfalen · Netzwerkstatt</title>" in html
    assert 'aria-current="true">Nordrhein-Westfalen</a>' in html


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("partner=kita", {"dortmund", "allgaeu"}, {"aachen", "gera"}),
        ("organisationsform=association", {"aachen", "allgaeu"}, {"dortmund", "gera"}),
        ("thema=mädchen-in-mint", {"aachen", "allgaeu"}, {"dortmund", "gera"}),
        ("land=BY&thema=mädchen-in-mint", {"allgaeu"}, {"aachen", "dortmund"}),
        ("partner=kita&organisationsform=municipal", {"dortmund"}, {"allgaeu", "aachen"}),
    ],
)
def test_filters_narrow_table_and_map(client, regions, query, expected, absent):
    html = html_of(client, f"/regionen/?{query}")
    table = html.split('class="region-table"')[1].split("</table>")[0]
    for key in expected:
        assert f'id="region-{regions[key].pk}"' in table
        assert f'data-target="region-{regions[key].pk}"' in html
    for key in absent:
        assert f'id="region-{regions[key].pk}"' not in table
        assert f'data-target="region-{regions[key].pk}"' not in html
    assert f"{len(expected)} von 5 MINT-Regionen passen zu diesen Filtern" in html


def test_shading_counts_matching_regions_when_filtered(client, regions):
    html = html_of(client, "/regionen/?partner=kita")
    assert re.search(r'#land-NW" class="germany-map__land germany-map__land--shade-1', html)
    assert re.search(r'#land-TH" class="germany-map__land germany-map__land--shade-0', html)
    assert "Thüringen: 0 von 1 MINT-Regionen passen" in html
    assert "keine passende MINT-Region" in html  # the legend explains the white


def test_no_match_shows_a_deliberate_empty_state(client, regions):
    html = html_of(client, "/regionen/?land=HB")
    assert "Keine MINT-Region passt zu diesen Filtern" in html
    assert "Für dieses Bundesland ist keine Landeskoordinierungsstelle im Verzeichnis." in html


def test_invalid_filter_values_are_reported_and_ignored(client, regions):
    html = html_of(client, "/regionen/?land=XX&partner=kita")
    assert "Einige Filter konnten nicht angewendet werden" in html
    assert "Bundesland:" in html
    assert "2 von 5 MINT-Regionen passen" in html  # the valid partner filter still applies


def test_submitted_empty_filters_redirect_to_the_short_url(client, regions):
    response = client.get("/regionen/?land=&partner=kita&organisationsform=&thema=&sortierung=land")
    assert response.status_code == 302
    assert response["Location"] == "/regionen/?partner=kita"
    response = client.get("/regionen/?land=&partner=&organisationsform=&thema=&sortierung=land")
    assert response["Location"] == "/regionen/"
    assert client.get("/regionen/?partner=kita").status_code == 200


def test_links_keep_the_other_filters(client, regions):
    html = html_of(client, "/regionen/?partner=kita")
    assert 'href="/regionen/?land=BY&amp;partner=kita"' in html  # the Land links of the summary
    assert 'href="/regionen/"' in html  # remove the only filter


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("name", "Forschernetz Ostthüringen"),
        ("gruendung", "Forschernetz Ostthüringen"),
        ("land", "Technikland Allgäu"),
    ],
)
def test_table_order(client, regions, sort, first):
    query = "" if sort == "land" else f"?sortierung={sort}"
    html = html_of(client, f"/regionen/{query}")
    table = html.split('class="region-table"')[1]
    titles = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', table)
    assert titles[0] == first
    if sort == "gruendung":
        assert titles[-1] == "MINT im Revier Dortmund-Unna"
    if sort != "land":
        assert 'scope="rowgroup"' not in table


def test_the_topic_filter_offers_only_topics_in_use(client, regions):
    html = html_of(client)
    select = html.split('name="thema"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"', select) == [
        "",
        "finanzierung",
        "mädchen-in-mint",
        "schülerlabore",
    ]


def test_directory_is_in_the_main_menu(client, regions):
    html = html_of(client, "/")
    assert '<a href="/regionen/">MINT-Regionen</a>' in html


@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_directory_query_count_is_constant(client, make_region, make_office, cold):
    make_region(
        "Erste Region", "NW", latitude=Decimal("51.5"), longitude=Decimal("7.4"), tags=["Finanzierung"]
    )
    few = count_queries(client, "/regionen/", cold=cold)
    lands = Bundesland.values
    for number in range(60):
        make_region(
            f"Region {number:02}",
            lands[number % 12],
            latitude=Decimal("50.5"),
            longitude=Decimal("9.5"),
            partner_types=["school", "company"],
            tags=["Finanzierung", f"Thema {number % 7}"],
        )
    for code in ("BY", "RP", "TH"):
        make_office(f"Stelle {code}", code)
    many = count_queries(client, "/regionen/", cold=cold)
    filtered = count_queries(client, "/regionen/?partner=school&land=BY", cold=cold)
    assert many == few
    assert filtered == many
    assert many <= 12
