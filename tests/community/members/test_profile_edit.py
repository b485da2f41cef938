"""Editing one's own profile at /konto/profil/: fields, visibility, topics, region, errors, rate limit."""

import pytest
from taggit.models import Tag

from community.members.models import Profile, Visibility

pytestmark = pytest.mark.django_db

URL = "/konto/profil/"


def form_data(**overrides):
    data = {
        "display_name": "Erika Beispiel",
        "role": "coordinator",
        "organisation": "MINT-Netzwerk Nordheide",
        "region": "",
        "bundesland": "NI",
        "bio": "Ich koordiniere **seit 2019**.",
        "topics": "Mädchen in MINT, Finanzierung",
        "can_help_with": "Förderanträge",
        "looking_for": "Partner aus der Industrie",
    }
    data.update(
        {f"visibility_{field}": default.value for field, default in Profile.VISIBILITY_FIELDS.items()}
    )
    data.update(overrides)
    return data


def test_login_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/konto/login/?next=/konto/profil/"
    assert client.post(URL, form_data()).status_code == 302
    assert not Profile.objects.exists()


@pytest.mark.parametrize(
    ("first_name", "last_name", "email", "expected"),
    [
        ("Erika", "Muster", "e@example.org", "Erika Muster"),
        ("", "", "kim.koordination@example.org", "kim.koordination"),
    ],
)
def test_missing_profile_is_created_with_a_default_name(
    client, django_user_model, first_name, last_name, email, expected
):
    user = django_user_model.objects.create_user(
        username="u1",
        email=email,
        password="ein-sicheres-passwort",
        first_name=first_name,
        last_name=last_name,
    )
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert Profile.objects.get(user=user).display_name == expected
    html = response.content.decode()
    assert f'value="{expected}"' in html
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    # Every field has its own, labelled visibility choice; the display name cannot be hidden.
    for field in Profile.VISIBILITY_FIELDS:
        assert f'name="visibility_{field}"' in html
    name_choice = html.split('name="visibility_display_name"')[1].split("</select>")[0]
    assert 'value="hidden"' not in name_choice
    assert "data-tag-autocomplete" in html


def test_member_saves_profile_with_visibility_topics_and_region(client, member_with_profile, site_tree):
    Tag.objects.create(name="Mädchen in MINT", slug="maedchen-in-mint")
    client.force_login(member_with_profile)
    region = site_tree["talsperrenland"]
    data = form_data(
        region=str(region.pk),
        topics="mädchen in mint, Finanzierung,  Wirkungsmessung , finanzierung",
        visibility_display_name="public",
        visibility_organisation="hidden",
    )
    response = client.post(URL, data)
    assert response.status_code == 302 and response["Location"] == URL
    profile = Profile.objects.get(user=member_with_profile)
    assert profile.organisation == "MINT-Netzwerk Nordheide" and profile.region == region
    assert profile.visibility_of("display_name") == Visibility.PUBLIC
    assert profile.visibility_of("organisation") == Visibility.HIDDEN
    assert profile.visibility_of("bio") == Visibility.MEMBERS
    assert set(profile.visibility) == set(Profile.VISIBILITY_FIELDS)  # every choice stored explicitly
    # Existing tags are reused ignoring case; duplicates collapse.
    assert sorted(profile.topics.names()) == ["Finanzierung", "Mädchen in MINT", "Wirkungsmessung"]
    assert Tag.objects.filter(name__iexact="mädchen in mint").count() == 1
    page = client.get(URL)
    assert "Dein Profil ist gespeichert." in page.content.decode()
    assert "Finanzierung, Mädchen in MINT, Wirkungsmessung" in page.content.decode()


def test_header_shows_the_new_name_after_saving(client, member_with_profile, site_tree):
    client.force_login(member_with_profile)
    assert "Erika Beispiel" in client.get(URL).content.decode()
    client.post(URL, form_data(display_name="Erika B."))
    assert '<span class="visually-hidden">Dein Konto: </span>Erika B.' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"display_name": ""}, "display_name", "Dieses Feld muss ausgefüllt werden."),
        (
            {"visibility_display_name": "hidden"},
            "visibility_display_name",
            "Bitte eine gültige Auswahl treffen.",
        ),
        ({"visibility_bio": "everyone"}, "visibility_bio", "Bitte eine gültige Auswahl treffen."),
        ({"bundesland": "XX"}, "bundesland", "Bitte eine gültige Auswahl treffen."),
        ({"region": "999999"}, "region", "Bitte eine gültige Auswahl treffen."),
        (
            {"topics": ", ".join(f"Thema {i}" for i in range(13))},
            "topics",
            "Bitte wähle höchstens 12 Themen.",
        ),
        ({"topics": "x" * 101}, "topics", "Ein Thema darf höchstens 100 Zeichen lang sein"),
        ({"bio": "x" * 4001}, "bio", "höchstens 4000 Zeichen"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_lost(
    client, member_with_profile, site_tree, overrides, field, message
):
    client.force_login(member_with_profile)
    response = client.post(URL, form_data(organisation="Nicht verlieren e. V.", **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Dein Profil ist noch nicht gespeichert" in html
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert 'value="Nicht verlieren e. V."' in html
    assert Profile.objects.get(user=member_with_profile).organisation == ""


def test_unpublished_region_cannot_be_chosen(client, member_with_profile, site_tree):
    client.force_login(member_with_profile)
    html = client.get(URL).content.decode()
    assert "MINT-Region Talsperrenland (Nordrhein-Westfalen)" in html
    assert "MINT-Region im Entwurf" not in html
    response = client.post(URL, form_data(region=str(site_tree["entwurf"].pk)))
    assert response.status_code == 400
    assert Profile.objects.get(user=member_with_profile).region is None


def test_saving_is_rate_limited_and_keeps_the_input(client, member_with_profile, site_tree):
    from community.members.views import PROFILE_SAVE_LIMIT

    client.force_login(member_with_profile)
    for _ in range(PROFILE_SAVE_LIMIT.limit):
        assert client.post(URL, form_data()).status_code == 302
    response = client.post(URL, form_data(organisation="Noch eine Änderung"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Zu viele Änderungen in kurzer Zeit" in html and "noch einmal" in html
    assert 'value="Noch eine Änderung"' in html
    assert Profile.objects.get(user=member_with_profile).organisation == "MINT-Netzwerk Nordheide"


def test_csrf_is_required(member_with_profile, site_tree):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member_with_profile)
    assert client.post(URL, form_data()).status_code == 403


def test_only_get_and_post(client, member_with_profile):
    client.force_login(member_with_profile)
    assert client.put(URL).status_code == 405
