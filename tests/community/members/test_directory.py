"""The member directory at /mitglieder/ and /api/mitglieder/: members only, fair filters, constant queries."""

import pytest

from community.members.models import Profile

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    if response["Content-Type"].startswith("application/json"):
        return [item["display_name"] for item in response.json()["results"]]
    return [member["display_name"] for member in response.context["members"]]


def test_anonymous_visitors_are_sent_to_the_login(client, member_with_profile):
    response = client.get("/mitglieder/?bundesland=NW")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/mitglieder/%3Fbundesland%3DNW"
    api = client.get("/api/mitglieder/")
    assert api.status_code == 403 and "angemeldete Mitglieder" in api.json()["detail"]


def test_members_see_every_active_member_sorted_by_name(client, make_member, other_member):
    make_member("beate Zander")
    make_member("Anton Albers")
    make_member("Inaktiv", is_active=False)
    client.force_login(other_member)
    for url in ("/mitglieder/", "/api/mitglieder/"):
        assert names(client.get(url)) == ["Anton Albers", "beate Zander", "Otto Andersmann"]


@pytest.mark.parametrize("viewer", ["other_member", "moderator", "editor_member"])
def test_directory_cards_show_only_member_visible_fields(client, make_member, site_tree, request, viewer):
    make_member(
        "Jana Vollmering",
        organisation="Geheimes Netzwerk",
        can_help_with="Förderanträge",
        looking_for="Nur für mich",
        bundesland="NW",
        region=site_tree["talsperrenland"],
        topics=["Kita"],
        visibility={"organisation": "hidden", "looking_for": "hidden", "bundesland": "public"},
    )
    client.force_login(request.getfixturevalue(viewer))
    response = client.get("/mitglieder/")
    html = response.content.decode()
    assert "Jana Vollmering" in html and "Förderanträge" in html and "Nordrhein-Westfalen" in html
    assert "MINT-Region Talsperrenland" in html and "Kita" in html
    assert "Geheimes Netzwerk" not in html and "Nur für mich" not in html
    api = client.get("/api/mitglieder/").json()["results"]
    jana = next(item for item in api if item["display_name"] == "Jana Vollmering")
    assert "organisation" not in jana and "looking_for" not in jana and "visibility" not in jana
    assert jana["can_help_with"] == "Förderanträge"


@pytest.mark.parametrize(
    ("query", "field", "profile_fields"),
    [
        ("bundesland=NW", "bundesland", {"bundesland": "NW"}),
        ("rolle=state_office", "role", {"role": "state_office"}),
        ("thema=Wirkungsmessung", "topics", {}),
        ("thema=wirkungsmessung", "topics", {}),
        ("q=Förderanträge", "can_help_with", {"can_help_with": "Förderanträge bei Stiftungen"}),
        ("q=wirkungs", "topics", {}),
    ],
)
def test_filters_find_only_by_fields_the_member_shares(
    client, make_member, other_member, query, field, profile_fields
):
    fields = {"topics": ["Wirkungsmessung"], **profile_fields}
    make_member("Geteilt", **fields)
    make_member("Versteckt", visibility={field: "hidden"}, **fields)
    make_member("Öffentlich", visibility={field: "public"}, **fields)
    make_member(
        "Andere Angaben", bundesland="BY", role="partner", topics=["Kita"], can_help_with="Kita-Projekte"
    )
    client.force_login(other_member)
    for url in (f"/mitglieder/?{query}", f"/api/mitglieder/?{query}"):
        assert names(client.get(url)) == ["Geteilt", "Öffentlich"], url


def test_region_filter_respects_visibility(client, make_member, other_member, site_tree):
    region = site_tree["boerde"]
    make_member("In der Börde", region=region)
    make_member("Heimlich in der Börde", region=region, visibility={"region": "hidden"})
    make_member("Woanders", region=site_tree["talsperrenland"])
    client.force_login(other_member)
    response = client.get(f"/mitglieder/?region={region.pk}")
    assert names(response) == ["In der Börde"]
    assert (
        f'<option value="{region.pk}" selected>MINT-Region Börde (Sachsen-Anhalt)</option>'
        in response.content.decode()
    )


def test_free_text_matches_names_help_and_topics_with_every_word(client, make_member, other_member):
    make_member(
        "Paula Partnerin", can_help_with="Kooperationsverträge mit Schulen", topics=["Berufsorientierung"]
    )
    make_member("Schulz", can_help_with="Elternabende")
    make_member(
        "Karl Kita", topics=["Kita"], bio="Ich helfe bei Kooperationsverträgen"
    )  # the bio is not searched
    client.force_login(other_member)
    assert names(client.get("/mitglieder/?q=Kooperationsverträge")) == ["Paula Partnerin"]
    assert names(client.get("/mitglieder/?q=schul")) == ["Paula Partnerin", "Schulz"]
    assert names(client.get("/mitglieder/?q=Schulen+Berufsorientierung")) == ["Paula Partnerin"]
    assert names(client.get("/mitglieder/?q=Kita")) == ["Karl Kita"]


def test_filters_combine_and_stay_in_the_url(client, make_member, other_member):
    make_member(
        "Treffer", bundesland="SN", role="coordinator", topics=["Schülerlabore"], can_help_with="Ehrenamt"
    )
    make_member(
        "Falsches Land",
        bundesland="TH",
        role="coordinator",
        topics=["Schülerlabore"],
        can_help_with="Ehrenamt",
    )
    make_member(
        "Falsche Rolle", bundesland="SN", role="partner", topics=["Schülerlabore"], can_help_with="Ehrenamt"
    )
    client.force_login(other_member)
    response = client.get("/mitglieder/?q=Ehrenamt&bundesland=SN&rolle=coordinator&thema=Schülerlabore")
    assert names(response) == ["Treffer"]
    html = response.content.decode()
    assert 'method="get"' in html and 'role="search"' in html
    assert 'value="Ehrenamt"' in html and '<option value="SN" selected>Sachsen</option>' in html
    assert 'value="Schülerlabore"' in html and "Filter zurücksetzen" in html
    # The topic can be followed from the filtered list.
    assert 'name="type" value="taggit.tag"' in html


def test_unknown_topic_and_invalid_filters(client, make_member, other_member):
    make_member("Jemand", bundesland="NW")
    client.force_login(other_member)
    response = client.get("/mitglieder/?thema=Gibt+es+nicht")
    assert (
        names(response) == [] and "Das Thema „Gibt es nicht“ gibt es noch nicht." in response.content.decode()
    )
    response = client.get("/mitglieder/?bundesland=XX&region=abc&seite=-3")
    assert response.status_code == 200
    assert names(response) == ["Jemand", "Otto Andersmann"]  # invalid filters are ignored, and explained
    assert 'aria-invalid="true"' in response.content.decode()
    api = client.get("/api/mitglieder/?bundesland=XX").json()
    assert "bundesland" in api["errors"]


def test_pagination_keeps_the_filters(client, make_member, other_member):
    from community.members.directory import PAGE_SIZE

    for number in range(PAGE_SIZE + 3):
        make_member(f"Mitglied {number:02d}", bundesland="HE")
    client.force_login(other_member)
    first = client.get("/mitglieder/?bundesland=HE")
    assert len(names(first)) == PAGE_SIZE
    assert 'href="?bundesland=HE&amp;seite=2"' in first.content.decode()
    second = client.get("/mitglieder/?bundesland=HE&seite=2")
    assert names(second) == [f"Mitglied {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
    api = client.get("/api/mitglieder/?bundesland=HE").json()
    assert (
        api["has_next"]
        and api["next"] == "/api/mitglieder/?bundesland=HE&seite=2"
        and api["previous"] is None
    )


@pytest.mark.parametrize("url", ["/mitglieder/", "/mitglieder/?q=Kita&bundesland=NW", "/api/mitglieder/"])
def test_query_count_is_constant(
    client, make_member, other_member, site_tree, django_assert_max_num_queries, url
):
    from django.core.cache import cache

    from community.members import follow

    from .conftest import warm_process_caches

    for number in range(42):
        user = make_member(
            f"Mitglied {number:02d}",
            bundesland="NW",
            region=site_tree["talsperrenland" if number % 2 else "boerde"],
            avatar=f"avatars/bild-{number}.webp",
            topics=["Kita", f"Thema {number}"],
            can_help_with="Kita-Kooperationen",
            visibility={"avatar": "public", "region": "public"},
        )
        if number % 3 == 0:
            follow.follow(other_member, user)
    client.force_login(other_member)
    client.get("/")  # as after any first page: the header's name is in the session
    cache.clear()
    warm_process_caches()
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert len(names(response)) == 24
    if not url.startswith("/api/"):
        html = response.content.decode()
        assert html.count('class="member-card"') == 24
        assert html.count('value="unfollow"') == 8  # members 0, 3, …, 21 on the first page
        assert html.count("/media/avatars/bild-") == 24


def test_profile_without_visible_fields_still_lists_the_name(client, make_member, other_member):
    make_member("Zurückhaltend", visibility=dict.fromkeys(Profile.VISIBILITY_FIELDS, "hidden"))
    client.force_login(other_member)
    assert "Zurückhaltend" in names(client.get("/mitglieder/"))


# What a card shows of each field; bio and "I am looking for" are on the profile page and in the API only.
CARD_VALUES = {
    "avatar": "/media/avatars/karte.webp",
    "role": "Landeskoordinierungsstelle",
    "organisation": "Kartennetzwerk e. V.",
    "region": "MINT-Region Talsperrenland",
    "bundesland": "Nordrhein-Westfalen",
    "topics": "Kartenkunde",
    "can_help_with": "Kartenlegen",
}


@pytest.mark.parametrize("field", [f for f in Profile.VISIBILITY_FIELDS if f != "display_name"])
@pytest.mark.parametrize("level", ["public", "members", "hidden"])
def test_every_field_in_the_directory_for_members_and_the_owner(
    client, make_member, other_member, site_tree, field, level
):
    owner = make_member(
        "Karla Karte",
        avatar="avatars/karte.webp",
        role="state_office",
        organisation="Kartennetzwerk e. V.",
        region=site_tree["talsperrenland"],
        bundesland="NW",
        topics=["Kartenkunde"],
        bio="Kartenbiografie",
        can_help_with="Kartenlegen",
        looking_for="Kartensuche",
        visibility={field: level},
    )
    expected = level != "hidden"
    # The owner sees their own card as other members see it: the directory is the members' view.
    for viewer in (other_member, owner):
        client.force_login(viewer)
        page = client.get("/mitglieder/").content.decode()
        html = page.split('<ul class="member-list">', 1)[1].split("</section>", 1)[
            0
        ]  # the cards, not the filters
        if field in CARD_VALUES:
            assert (CARD_VALUES[field] in html) is expected, (field, level)
        item = next(i for i in client.get("/api/mitglieder/").json()["results"] if i["id"] == owner.pk)
        assert (field in item) is expected, (field, level)
        assert "visibility" not in item
