"""Page-tree rules, the partner-types field and the model validation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from community.regions.models import PartnerType, RegionIndexPage, RegionPage, StateOfficePage
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    assert RegionIndexPage.allowed_parent_page_models() == [HomePage]
    assert set(RegionIndexPage.allowed_subpage_models()) == {RegionPage, StateOfficePage}
    assert RegionIndexPage.max_count == 1
    assert RegionPage.allowed_parent_page_models() == [RegionIndexPage]
    assert StateOfficePage.allowed_parent_page_models() == [RegionIndexPage]
    assert RegionPage.allowed_subpage_models() == []
    assert StateOfficePage.allowed_subpage_models() == []
    assert RegionIndexPage in HomePage.allowed_subpage_models()


def test_only_one_directory_and_regions_only_inside_it(directory, home):
    assert not RegionIndexPage.can_create_at(home)
    assert RegionPage.can_create_at(directory)
    assert not RegionPage.can_create_at(home)
    assert not RegionPage.can_create_at(Page.get_first_root_node())
    standard = StandardPage(title="Über uns", slug="ueber")
    home.add_child(instance=standard)
    assert not RegionPage.can_create_at(standard)


def test_partner_types_are_stored_unique_and_in_the_order_of_the_choices(make_region):
    region = make_region(partner_types=["student_lab", "school", "kita", "school"])
    region.refresh_from_db()
    assert region.partner_types == ["kita", "school", "student_lab"]
    assert region.partner_type_labels == ["Kitas", "Schulen", "Schülerlabore"]


def test_unknown_partner_types_are_rejected(make_region):
    region = make_region()
    region.partner_types = ["school", "zoo"]
    with pytest.raises(ValidationError) as error:
        region.full_clean()
    assert "partner_types" in error.value.message_dict
    assert "zoo" in str(error.value)


def test_partner_types_are_checkboxes_in_the_wagtail_admin_form(aachen):
    form_class = RegionPage.get_edit_handler().get_form_class()
    form = form_class(instance=aachen, for_user=None)
    field = form.fields["partner_types"]
    assert field.widget.__class__.__name__ == "CheckboxSelectMultiple"
    assert [value for value, _label in field.choices] == PartnerType.values
    html = str(form["partner_types"])
    assert 'type="checkbox"' in html and 'value="school" id' in html and "checked" in html


def test_admin_form_validates_the_partner_types(aachen):
    from django.http import QueryDict

    form_class = RegionPage.get_edit_handler().get_form_class()
    data = QueryDict(mutable=True)
    data.update({"title": aachen.title, "slug": aachen.slug, "bundesland": "NW"})
    data.setlist("partner_types", ["school", "zoo"])
    form = form_class(data, instance=aachen, parent_page=aachen.get_parent(), for_user=None)
    assert not form.is_valid()
    assert "partner_types" in form.errors


def test_founding_year_may_not_lie_in_the_future_or_too_far_back(make_region):
    from django.utils import timezone

    region = make_region()
    region.founded_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as error:
        region.full_clean()
    assert "founded_year" in error.value.message_dict
    region.founded_year = 1900
    with pytest.raises(ValidationError):
        region.full_clean()
    region.founded_year = 2015
    region.full_clean()


def test_position_needs_both_coordinates_inside_germany(make_region):
    region = make_region()
    region.latitude, region.longitude = Decimal("50.1"), None
    with pytest.raises(ValidationError):
        region.full_clean()
    region.latitude, region.longitude = Decimal("60.0"), Decimal("10.0")  # Norway
    with pytest.raises(ValidationError) as error:
        region.full_clean()
    assert "latitude" in error.value.message_dict
    region.latitude, region.longitude = Decimal("50.1"), Decimal("8.7")
    region.full_clean()
    assert region.has_position


def test_lists_are_read_one_item_per_line(aachen):
    assert aachen.area_list == ["StädteRegion Aachen", "Kreis Düren"]
    assert aachen.goals_list == ["Jede Schule hat einen Partner", "Mehr Ausbildungsverträge"]


def test_coordinator_choices_in_the_admin_are_coordinators_and_assigned_members(aachen, make_member):
    from tests.community.regions.conftest import add_coordinator

    coordinator = make_member("Carla Koordinatorin", role="coordinator")
    partner = make_member("Paul Partner", role="partner")
    assigned_partner = make_member("Anna Zugeordnet", role="partner")
    add_coordinator(aachen, assigned_partner)
    form_class = RegionPage.get_edit_handler().get_form_class()
    form = form_class(instance=aachen.get_latest_revision_as_object(), for_user=None)
    offered = set(form.fields["coordinators"].queryset)
    assert coordinator in offered and assigned_partner in offered
    assert partner not in offered
    assert "Carla Koordinatorin (" in str(form["coordinators"])


def test_editors_edit_regions_in_the_wagtail_admin(client, aachen, editor_user):
    client.force_login(editor_user)
    response = client.get(f"/admin/pages/{aachen.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('name="partner_types"') == len(PartnerType.values)
    assert 'type="checkbox" name="partner_types" value="school"' in html
