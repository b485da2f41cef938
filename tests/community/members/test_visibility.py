"""The central visibility rules: audiences, per-field checks, the database filter, search text."""

import pytest
from django.contrib.auth.models import AnonymousUser

from community.members.models import Profile, Visibility
from community.members.visibility import (
    FIELDS,
    MEMBERS,
    OWNER,
    PUBLIC,
    audience_for,
    can_see,
    is_profile_visible,
    profile_search_text,
    visible_fields,
    visible_profile,
    visible_profiles,
    visible_q,
)

pytestmark = pytest.mark.django_db

SEES = {
    PUBLIC: {Visibility.PUBLIC},
    MEMBERS: {Visibility.PUBLIC, Visibility.MEMBERS},
    OWNER: {Visibility.PUBLIC, Visibility.MEMBERS, Visibility.HIDDEN},
}


def test_audiences(member_with_profile, other_member, editor_member, moderator):
    profile = member_with_profile.profile
    assert audience_for(None, profile) is PUBLIC
    assert audience_for(AnonymousUser(), profile) is PUBLIC
    assert audience_for(other_member, profile) is MEMBERS
    assert audience_for(member_with_profile, profile) is OWNER
    # Editors and moderators see what members see: "Only me" means only the member.
    assert audience_for(editor_member, profile) is MEMBERS
    assert audience_for(moderator, profile) is MEMBERS
    other_member.is_active = False
    assert audience_for(other_member, profile) is PUBLIC


def test_defaults_are_conservative(member_with_profile):
    profile = member_with_profile.profile
    assert profile.visibility == {}
    for field in FIELDS:
        assert profile.visibility_of(field) == Visibility.MEMBERS
    assert visible_fields(profile, PUBLIC) == []
    assert visible_fields(profile, MEMBERS) == list(FIELDS)


def test_unknown_values_fall_back_to_the_default_and_the_name_is_never_hidden(member_with_profile):
    profile = member_with_profile.profile
    profile.visibility = {"bio": "everybody!", "display_name": Visibility.HIDDEN, "organisation": ""}
    assert profile.visibility_of("bio") == Visibility.MEMBERS
    assert profile.visibility_of("organisation") == Visibility.MEMBERS
    assert profile.visibility_of("display_name") == Visibility.MEMBERS  # members always see the name


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("level", list(Visibility))
def test_each_field_reaches_exactly_its_audiences(make_member, site_tree, field, level):
    user = make_member(
        "Feld Tester",
        role="coordinator",
        organisation="Netzwerk Nord",
        region=site_tree["talsperrenland"],
        bundesland="NW",
        bio="Über **mich**",
        can_help_with="Förderanträge",
        looking_for="Partner",
        avatar="avatars/abc.webp",
        topics=["Kita"],
        visibility={field: level.value},
    )
    profile = Profile.objects.get(user=user)
    for audience, levels in SEES.items():
        effective = Visibility.MEMBERS if (field == "display_name" and level == Visibility.HIDDEN) else level
        expected = effective in levels
        assert can_see(profile, field, audience) is expected, (field, level, audience)
        data = visible_profile(profile, audience=audience)
        assert (field in data) is expected, (field, level, audience)
        if expected:
            assert data[field], f"{field} is visible but empty"


@pytest.mark.parametrize("field", FIELDS)
def test_database_filter_agrees_with_can_see(make_member, field):
    """visible_q() must select exactly the profiles can_see() allows, whatever is stored (even junk)."""
    stored = [None, "", "junk", *Visibility.values]
    for value in stored:
        visibility = {} if value is None else {field: value}
        make_member(f"{field}-{value}", visibility=visibility)
    for audience in (PUBLIC, MEMBERS, OWNER):
        expected = {p.pk for p in Profile.objects.all() if can_see(p, field, audience)}
        actual = set(Profile.objects.filter(visible_q(field, audience)).values_list("pk", flat=True))
        assert actual == expected, (field, audience)


def test_visible_profiles_and_profile_visibility(make_member):
    public = make_member("Öffentlich", visibility={"display_name": "public"})
    members_only = make_member("Intern")
    inactive = make_member("Inaktiv", visibility={"display_name": "public"}, is_active=False)
    assert set(visible_profiles(PUBLIC).values_list("user", flat=True)) == {public.pk}
    assert set(visible_profiles(MEMBERS).values_list("user", flat=True)) == {public.pk, members_only.pk}
    assert is_profile_visible(public.profile, PUBLIC)
    assert not is_profile_visible(members_only.profile, PUBLIC)
    assert is_profile_visible(members_only.profile, MEMBERS)
    assert not is_profile_visible(Profile.objects.get(user=inactive), MEMBERS)


def test_visible_profile_values_are_plain_json(make_member, site_tree):
    import json

    user = make_member(
        "Jana Vollmering",
        role="state_office",
        bundesland="SN",
        region=site_tree["talsperrenland"],
        topics=["Mädchen in MINT", "Finanzierung"],
        visibility=dict.fromkeys(FIELDS, "public"),
    )
    data = visible_profile(user.profile, audience=PUBLIC)
    assert data["role"] == {"value": "state_office", "label": "Landeskoordinierungsstelle"}
    assert data["bundesland"] == {"value": "SN", "label": "Sachsen"}
    assert data["region"]["title"] == "MINT-Region Talsperrenland"
    assert data["region"]["url"].endswith("/regionen/talsperrenland/")
    assert [t["name"] for t in data["topics"]] == ["Finanzierung", "Mädchen in MINT"]
    assert data["avatar"] is None and data["url"] == f"/mitglieder/{user.pk}/"
    assert "visibility" not in data
    json.dumps(data)
    owner_view = visible_profile(user.profile, user)
    assert owner_view["visibility"]["bio"] == "public"


def test_unpublished_region_is_not_shown(make_member, site_tree):
    user = make_member("Anna", region=site_tree["entwurf"], visibility={"region": "public"})
    assert visible_profile(user.profile, audience=PUBLIC)["region"] is None


def test_search_text_holds_only_what_the_audience_sees(make_member):
    user = make_member(
        "Jana Vollmering",
        organisation="Geheime Organisation",
        can_help_with="Kooperationsverträge",
        bio="Ich **liebe** Mathe",
        looking_for="Nur-ich-Text",
        topics=["Wirkungsmessung"],
        visibility={
            "display_name": "public",
            "can_help_with": "public",
            "organisation": "hidden",
            "looking_for": "hidden",
        },
    )
    profile = user.profile
    public_text = profile_search_text(profile, PUBLIC)
    assert "Jana Vollmering" in public_text and "Kooperationsverträge" in public_text
    assert "Wirkungsmessung" not in public_text and "Mathe" not in public_text
    members_text = profile_search_text(profile, MEMBERS)
    assert (
        "Wirkungsmessung" in members_text and "Ich liebe Mathe" in members_text and "**" not in members_text
    )
    for text in (public_text, members_text):
        assert "Geheime Organisation" not in text and "Nur-ich-Text" not in text
    assert "Nur-ich-Text" in profile_search_text(profile, OWNER)
    hidden_name = make_member("Nicht öffentlich", bio="sichtbar?", visibility={"bio": "public"})
    assert profile_search_text(hidden_name.profile, PUBLIC) == ""
