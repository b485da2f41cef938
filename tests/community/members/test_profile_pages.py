"""The profile page, the preview and the JSON API show each audience exactly the fields it may see."""

import pytest

from community.members.models import Profile, Visibility

pytestmark = pytest.mark.django_db

# A distinctive value per field, as it appears in HTML and JSON.
FIELD_VALUES = {
    "display_name": "Jana Vollmering",
    "role": "Landeskoordinierungsstelle",
    "organisation": "Talsperren-Netzwerk e. V.",
    "region": "MINT-Region Talsperrenland",
    "bundesland": "Nordrhein-Westfalen",
    "bio": "Physiklehrerin im Herzen",
    "topics": "Wirkungsmessung",
    "can_help_with": "Kooperationsverträge mit Schulen",
    "looking_for": "Ideen für Elternabende",
    "avatar": "avatars/jana-bild.webp",
}


@pytest.fixture
def jana(make_member, site_tree):
    def make(visibility):
        return make_member(
            FIELD_VALUES["display_name"],
            role="state_office",
            organisation=FIELD_VALUES["organisation"],
            region=site_tree["talsperrenland"],
            bundesland="NW",
            bio=f"{FIELD_VALUES['bio']} und *Mathe*.",
            topics=[FIELD_VALUES["topics"]],
            can_help_with=FIELD_VALUES["can_help_with"],
            looking_for=FIELD_VALUES["looking_for"],
            avatar=FIELD_VALUES["avatar"],
            visibility=visibility,
        )

    return make


def main_of(response) -> str:
    """The page's main content, without the header's account menu."""
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _viewers(jana_user, other_member):
    return {"public": None, "members": other_member, "owner": jana_user}


SEEN_BY = {
    Visibility.PUBLIC: {"public", "members", "owner"},
    Visibility.MEMBERS: {"members", "owner"},
    Visibility.HIDDEN: {"owner"},
}


@pytest.mark.parametrize("field", [f for f in FIELD_VALUES if f != "display_name"])
@pytest.mark.parametrize("level", list(Visibility))
def test_each_field_in_html_and_api_for_each_audience(client, jana, other_member, field, level):
    # The name is public so that anonymous visitors see the page at all.
    user = jana({"display_name": "public", field: level.value})
    for audience, viewer in _viewers(user, other_member).items():
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        html = client.get(f"/mitglieder/{user.pk}/").content.decode()
        data = client.get(f"/api/mitglieder/{user.pk}/").json()
        expected = audience in SEEN_BY[level]
        assert (FIELD_VALUES[field] in html) is expected, (field, level, audience)
        assert (field in data) is expected, (field, level, audience)
        for other, value in FIELD_VALUES.items():
            if other not in ("display_name", field):  # members-only by default
                assert (value in html) is (audience != "public"), (other, audience)


@pytest.mark.parametrize("level", [Visibility.PUBLIC, Visibility.MEMBERS])
def test_display_name_decides_whether_the_public_sees_the_profile(client, jana, other_member, level):
    user = jana({"display_name": level.value, "bio": "public"})
    expected_status = 200 if level == Visibility.PUBLIC else 404
    assert client.get(f"/mitglieder/{user.pk}/").status_code == expected_status
    assert client.get(f"/api/mitglieder/{user.pk}/").status_code == expected_status
    client.force_login(other_member)
    assert client.get(f"/mitglieder/{user.pk}/").status_code == 200
    assert client.get(f"/api/mitglieder/{user.pk}/").json()["display_name"] == "Jana Vollmering"


def test_owner_sees_edit_links_and_who_sees_each_field(client, jana, other_member):
    user = jana({"bio": "public", "looking_for": "hidden"})
    client.force_login(user)
    html = main_of(client.get(f"/mitglieder/{user.pk}/"))
    assert 'href="/konto/profil/"' in html and "Profil bearbeiten" in html
    assert 'href="/konto/profil/vorschau/"' in html
    assert "Sichtbar für: Alle" in html and "Sichtbar für: Nur ich" in html
    assert 'name="operation"' not in html  # no follow button on one's own profile
    client.force_login(other_member)
    html = main_of(client.get(f"/mitglieder/{user.pk}/"))
    assert "Profil bearbeiten" not in html and "Sichtbar für:" not in html
    assert 'name="operation" value="follow"' in html


def test_markdown_bio_is_sanitised(client, make_member):
    user = make_member(
        "Max",
        bio="**fett** <script>alert(1)</script> [x](javascript:alert(1))",
        visibility={"display_name": "public", "bio": "public"},
    )
    html = client.get(f"/mitglieder/{user.pk}/").content.decode()
    assert "<strong>fett</strong>" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html  # shown as text, never run
    assert 'href="javascript' not in html


def test_unknown_inactive_and_missing_profiles_are_not_found(client, make_member, member):
    assert client.get("/mitglieder/999999/").status_code == 404
    assert client.get("/api/mitglieder/999999/").status_code == 404
    inactive = make_member("Weg", is_active=False, visibility={"display_name": "public"})
    assert client.get(f"/mitglieder/{inactive.pk}/").status_code == 404
    # A member without a profile who looks at their own page is sent to create it; others get a 404.
    assert client.get(f"/mitglieder/{member.pk}/").status_code == 404
    client.force_login(member)
    response = client.get(f"/mitglieder/{member.pk}/")
    assert response.status_code == 302 and response["Location"] == "/konto/profil/"


def test_anonymous_visitor_sees_a_login_link_instead_of_a_follow_button(client, jana):
    user = jana({"display_name": "public"})
    html = client.get(f"/mitglieder/{user.pk}/").content.decode()
    assert "Zum Folgen anmelden" in html and f"/konto/login/?next=/mitglieder/{user.pk}/" in html
    assert 'action="/folgen/"' not in html


@pytest.mark.parametrize(("choice", "expected", "hidden"), [
    ("oeffentlich", ["Jana Vollmering", "Kooperationsverträge mit Schulen"], ["Talsperren-Netzwerk", "Ideen für Elternabende", "Wirkungsmessung"]),
    ("mitglieder", ["Jana Vollmering", "Kooperationsverträge mit Schulen", "Wirkungsmessung"], ["Talsperren-Netzwerk", "Ideen für Elternabende"]),
])  # fmt: skip
def test_preview_shows_the_profile_as_each_audience_sees_it(client, jana, choice, expected, hidden):
    user = jana(
        {
            "display_name": "public",
            "can_help_with": "public",
            "organisation": "hidden",
            "looking_for": "hidden",
        }
    )
    client.force_login(user)
    response = client.get(f"/konto/profil/vorschau/?als={choice}")
    html = response.content.decode()
    assert response.status_code == 200
    for text in expected:
        assert text in html, text
    for text in hidden:
        assert text not in html, text
    assert "Sichtbar für:" not in html  # the preview is not the owner's view


def test_public_preview_explains_a_profile_that_is_not_public(client, jana):
    user = jana({})
    client.force_login(user)
    html = client.get("/konto/profil/vorschau/?als=oeffentlich").content.decode()
    assert "sehen dein Profil nicht" in html and "Jana Vollmering</h2>" not in html
    assert "Jana Vollmering" in client.get("/konto/profil/vorschau/?als=mitglieder").content.decode()


def test_preview_needs_login_and_creates_a_missing_profile(client, member):
    response = client.get("/konto/profil/vorschau/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    client.force_login(member)
    assert client.get("/konto/profil/vorschau/?als=mitglieder").status_code == 200
    assert Profile.objects.get(user=member).display_name == "Erika"


def test_profile_page_query_count(client, jana, other_member, django_assert_max_num_queries):
    from django.core.cache import cache

    from .conftest import warm_process_caches

    user = jana({"display_name": "public"})
    client.force_login(other_member)
    client.get("/")  # the header's display name is remembered in the session from the first page on
    cache.clear()
    warm_process_caches()
    with django_assert_max_num_queries(12):
        assert client.get(f"/mitglieder/{user.pk}/").status_code == 200
