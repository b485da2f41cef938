"""A region's page and a state office's page: fields, coordinators per audience, sections, locator map."""

import re
from decimal import Decimal

import pytest

from community.regions.sections import region_sections

from .conftest import add_coordinator, count_queries

pytestmark = pytest.mark.django_db


def page_html(client, path="/regionen/aachener-revier/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_region_page_shows_every_field(client, aachen):
    html = page_html(client)
    assert '<h1 id="region-title">MINT-Netzwerk Aachener Revier</h1>' in html
    assert "Schulen und Betriebe im Revier." in html
    assert "<li>StädteRegion Aachen</li><li>Kreis Düren</li>" in html
    assert "2011" in html
    assert "Eingetragener Verein (e. V.)" in html
    assert "Mitgliedsbeiträge und ein Zuschuss der StädteRegion." in html
    labels = re.findall(r'<li class="label">([^<]+)</li>', html)
    assert labels == ["Schulen", "Hochschulen", "Unternehmen"]
    assert "<li>Jede Schule hat einen Partner</li><li>Mehr Ausbildungsverträge</li>" in html
    assert '<a href="https://aachener-revier.example" rel="noopener" class="external-link">' in html
    assert '<a class="tag" href="/themen/berufsorientierung/">Berufsorientierung</a>' in html
    assert '<a class="tag" href="/themen/mädchen-in-mint/">Mädchen in MINT</a>' in html
    assert 'href="/regionen/?land=NW">Nordrhein-Westfalen</a>' in html
    assert "style=" not in html


def test_region_page_has_follow_button_for_visitors_and_members(client, aachen, make_member):
    html = page_html(client)
    assert "Zum Folgen anmelden" in html or "follow-login" in html
    client.force_login(make_member("Mia Mitglied"))
    html = page_html(client)
    assert 'class="follow-form"' in html
    assert f'name="id" value="{aachen.pk}"' in html


def test_locator_map_highlights_the_land_and_marks_the_region(client, aachen):
    html = page_html(client)
    locator = html.split('data-map="locator-map"')[1].split("</svg>")[0]
    assert re.search(r'#land-NW" class="germany-map__land [^"]*is-highlighted', locator)
    assert 'role="img"' in html.split('data-map="locator-map"')[1][:200]
    assert 'aria-label="Lage von MINT-Netzwerk Aachener Revier in Nordrhein-Westfalen"' in html
    assert "<circle" in locator and "<a " not in locator
    assert "Kartengrundlage" in html


def test_empty_region_shows_deliberate_empty_states(client, make_region):
    region = make_region("Ganz neue Region", "SN")
    html = page_html(client, f"/regionen/{region.slug}/")
    assert html.count("keine Angabe") >= 4
    assert "Die Region hat ihre Ziele hier noch nicht beschrieben." in html
    assert "Noch keine Koordinator:in dieser Region ist Mitglied der Netzwerkstatt." in html
    assert "Der genaue Ort ist nicht angegeben" in html
    for heading in (
        "Praxisbeispiele aus dieser Region",
        "Stories of Failure",
        "Community Calls",
        "Diskussionskanäle",
    ):
        assert heading in html
    assert html.count("empty-state empty-state--compact") == 4


def test_a_section_provider_fills_its_slot(client, aachen):
    calls = []

    def provider(region, request):
        calls.append(region.pk)
        return {"template": "regions/includes/map_credit.html", "items": [1]}

    slot = region_sections.slots["calls"]
    previous = slot.provider
    try:
        region_sections.provide("calls", provider)
        html = page_html(client)
    finally:
        slot.provider = previous
    assert calls == [aachen.pk]
    calls_section = html.split('id="region-section-calls"')[1].split("</section>")[0]
    assert "Kartengrundlage" in calls_section and "empty-state" not in calls_section


def test_unknown_section_key_is_an_error():
    with pytest.raises(KeyError):
        region_sections.provide("gibt-es-nicht", lambda region, request: None)


@pytest.fixture
def three_coordinators(aachen, make_member):
    public = make_member("Petra Öffentlich", visibility={"display_name": "public"})
    members_only = make_member("Max Mitgliedersichtbar", visibility={"display_name": "members"})
    inactive = make_member("Ina Inaktiv", visibility={"display_name": "public"})
    inactive.is_active = False
    inactive.save()
    for user in (public, members_only, inactive):
        add_coordinator(aachen, user)
    return {"public": public, "members": members_only, "inactive": inactive}


def coordination_section(html):
    return html.split('id="coordination-heading"')[1].split("</section>")[0]


def test_visitors_see_only_public_coordinator_names(client, three_coordinators):
    section = coordination_section(page_html(client))
    assert "Petra Öffentlich" in section
    assert f'href="/mitglieder/{three_coordinators["public"].pk}/"' in section
    assert "Max Mitgliedersichtbar" not in section
    assert "Ina Inaktiv" not in section
    assert "Und 2 weitere Koordinator:innen, deren Namen dir nicht angezeigt werden." in section
    assert "Melde dich an, um die Namen zu sehen." in section


def test_members_see_public_and_members_only_names(client, three_coordinators, make_member):
    client.force_login(make_member("Mia Mitglied"))
    section = coordination_section(page_html(client))
    assert "Petra Öffentlich" in section and "Max Mitgliedersichtbar" in section
    assert "Ina Inaktiv" not in section  # deactivated accounts are never shown
    assert "Und eine weitere Koordinator:in, deren Name dir nicht angezeigt wird." in section
    assert "Melde dich an" not in section


def test_a_coordinator_sees_their_own_name_and_the_propose_link(client, aachen, make_member):
    shy = make_member("Selma Scheu", visibility={"display_name": "members"})
    add_coordinator(aachen, shy)
    anonymous_html = page_html(client)
    assert "Selma Scheu" not in anonymous_html
    assert "Änderung vorschlagen" not in anonymous_html
    client.force_login(shy)
    html = page_html(client)
    assert 'Selma Scheu</a> <span class="muted">(du)</span>' in coordination_section(html)
    assert 'href="/regionen/aachener-revier/vorschlag/">Änderung vorschlagen</a>' in html


def test_other_members_get_no_propose_link(client, coordinator, make_member):
    client.force_login(make_member("Otto Anders"))
    assert "Änderung vorschlagen" not in page_html(client)


def test_region_page_links_the_state_office_of_its_land(client, aachen, make_office):
    make_office("zdi-Landesstelle", "NW", slug="zdi")
    make_office("Koordinierungsstelle Bayern", "BY", slug="bayern")
    html = page_html(client)
    assert 'Landeskoordinierungsstelle: <a href="/regionen/zdi/">zdi-Landesstelle</a>' in html
    assert "Koordinierungsstelle Bayern" not in html


def test_state_office_page_lists_the_regions_of_its_land(client, aachen, make_region, make_office):
    make_region(
        "Zukunftswerk Niederrhein",
        "NW",
        founded_year=2012,
        latitude=Decimal("51.66"),
        longitude=Decimal("6.62"),
    )
    make_region("Technikland Allgäu", "BY")
    make_region("Entwurf NRW", "NW", publish=False)
    office = make_office(
        "zdi-Landesstelle",
        "NW",
        slug="zdi",
        organisation="Ein Dienstleister",
        description="Erster Absatz.\n\nZweiter Absatz.",
        website="https://zdi.example",
        contact_email="kontakt@zdi.example",
        latitude=Decimal("51.2277"),
        longitude=Decimal("6.7735"),
    )
    html = page_html(client, "/regionen/zdi/")
    assert '<h1 id="office-title">zdi-Landesstelle</h1>' in html
    assert "Ein Dienstleister" in html
    assert "<p>Erster Absatz.</p><p>Zweiter Absatz.</p>" in html
    assert 'href="mailto:kontakt@zdi.example"' in html
    assert 'href="https://zdi.example" rel="noopener"' in html
    listing = html.split('id="land-regions-heading"')[1].split("</section>")[0]
    assert "MINT-Netzwerk Aachener Revier" in listing and "Zukunftswerk Niederrhein" in listing
    assert "(seit 2012)" in listing
    assert "Technikland Allgäu" not in listing and "Entwurf NRW" not in listing
    assert 'href="/regionen/?land=NW"' in html
    office_map = html.split('data-map="office-map"')[1].split("</svg>")[0]
    assert f'data-target="region-{aachen.pk}"' in office_map
    assert "germany-map__marker--office" in office_map
    assert office.pk


def test_unpublished_region_is_not_found(client, make_region):
    region = make_region("Geheimer Entwurf", "BY", publish=False)
    assert client.get(f"/regionen/{region.slug}/").status_code == 404
    assert client.get(f"/regionen/{region.slug}/vorschlag/").status_code == 404
    assert client.get("/regionen/gibt-es-nicht/").status_code == 404


@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_region_and_office_pages_stay_within_their_query_budget(
    client, aachen, make_office, make_member, cold
):
    make_office("zdi-Landesstelle", "NW", slug="zdi")
    for number in range(8):
        add_coordinator(aachen, make_member(f"Koordinatorin {number}", visibility={"display_name": "public"}))
    # Right after a cache flush the region page also builds its cached sections (practice posts, channels).
    limit = 14 if cold else 12
    assert count_queries(client, "/regionen/aachener-revier/", cold=cold) <= limit
    assert count_queries(client, "/regionen/zdi/", cold=cold) <= limit
