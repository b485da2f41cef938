"""The demo content of the directory: plausible, spread unevenly, idempotent, coordinators in their own Land."""

import io

import pytest
from django.core.management import call_command

from community.regions.geo import germany
from community.regions.models import RegionChangeProposal, RegionIndexPage, RegionPage, StateOfficePage
from home.choices import Bundesland

pytestmark = pytest.mark.django_db

VOCABULARY = {
    "Mädchen in MINT",
    "Finanzierung",
    "Wirkungsmessung",
    "Partnergewinnung",
    "Schülerlabore",
    "Berufsorientierung",
}


def test_demo_builds_the_directory(demo_site):
    index = RegionIndexPage.objects.get()
    assert index.slug == "regionen" and index.title == "MINT-Regionen" and index.show_in_menus and index.live
    assert index.get_parent().specific == demo_site.root_page.specific
    regions = list(RegionPage.objects.live())
    assert len(regions) >= 25
    per_land = {code: sum(1 for r in regions if r.bundesland == code) for code in Bundesland.values}
    white_spots = [code for code, count in per_land.items() if count == 0]
    assert len(white_spots) >= 3
    assert max(per_land.values()) >= 5  # deliberately uneven
    for region in regions:
        assert 2008 <= region.founded_year <= 2023, region.title
        assert region.organisational_form and region.partner_types and region.goals and region.financing
        assert region.website.endswith(".example")
        point = germany().project(region.latitude, region.longitude)
        assert germany().land_at(point) == region.bundesland, f"{region.title} lies outside its Land"
        tags = {tag.name for tag in region.tags.all()}
        assert tags and tags <= VOCABULARY, region.title


def test_demo_describes_the_four_state_offices(demo_site):
    offices = {office.bundesland: office for office in StateOfficePage.objects.live()}
    assert set(offices) == {"NW", "RP", "TH", "BY"}
    assert "47" in offices["NW"].description and "70 Schülerlabore" in offices["NW"].description
    assert "30.000 Euro" in offices["RP"].description and "MINT-Regionalpaten" in offices["RP"].description
    assert (
        "Elf Schülerforschungszentren" in offices["TH"].description and "STIFT" in offices["TH"].organisation
    )
    assert "1. August 2022" in offices["BY"].intro and "MINT-Manager:innen" in offices["BY"].description
    for office in offices.values():
        assert office.contact_email.endswith(".example")
        assert germany().land_at(germany().project(office.latitude, office.longitude)) == office.bundesland


def test_demo_assigns_coordinators_of_the_same_land(demo_site):
    from community.members.models import NetworkRole, Profile

    assigned = 0
    for region in RegionPage.objects.live().prefetch_related("coordinators__profile"):
        for user in region.coordinators.all():
            assigned += 1
            assert user.profile.role == NetworkRole.COORDINATOR
            assert user.profile.bundesland == region.bundesland
            assert user.profile.region_id == region.pk
    assert assigned >= 5
    # Coordinators in a white spot keep no region.
    for profile in Profile.objects.filter(role=NetworkRole.COORDINATOR, region__isnull=True):
        assert not RegionPage.objects.live().filter(bundesland=profile.bundesland).exists()
    assert RegionChangeProposal.objects.filter(status="open").count() == 1


def test_demo_is_idempotent(demo_site):
    counts = (
        RegionPage.objects.count(),
        StateOfficePage.objects.count(),
        RegionChangeProposal.objects.count(),
    )
    coordinators = RegionPage.coordinators.through.objects.count()
    output = io.StringIO()
    call_command("load_demo_content", quiet_credentials=True, stdout=output)
    assert (
        RegionPage.objects.count(),
        StateOfficePage.objects.count(),
        RegionChangeProposal.objects.count(),
    ) == counts
    assert RegionPage.coordinators.through.objects.count() == coordinators
    assert "MINT-Regionen neu" not in output.getvalue()


def test_every_demo_page_renders(client, demo_site):
    paths = ["/regionen/", "/regionen/?land=NW", "/regionen/?thema=finanzierung&sortierung=name"]
    paths += [page.url for page in RegionPage.objects.live()] + [
        page.url for page in StateOfficePage.objects.live()
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
