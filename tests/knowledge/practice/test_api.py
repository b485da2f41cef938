"""The Wagtail API (/api/v2/) shows practice posts' public fields only; anonymity holds there too."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(make_user):
    return make_user("Paula Privat", email="paula.privat@example.org")


@pytest.fixture
def anonymous_story(make_post, aachen, author):
    return make_post(
        "sof", "Was schiefging", slug="was-schiefging", region=aachen, tags=["Ehrenamt"], author=author,
        anonymous=True, byline="Paula Privat, MINT-Netzwerk Aachener Revier", summary="Ein ehrlicher Bericht.",
        user=author, do_differently="Früher fragen.", who_benefits="Neue Regionen.",
    )  # fmt: skip


def test_the_api_never_shows_an_anonymous_author(client, anonymous_story, author):
    response = client.get("/api/v2/pages/?type=practice.FailureStoryPage&fields=*")
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["byline"] == ""
    assert item["kind"] == "failure" and item["summary"] == "Ein ehrlicher Bericht."
    assert item["goal"] and item["what_went_wrong"] and item["lessons_learned"]
    assert item["do_differently"] == "Früher fragen." and item["who_benefits"] == "Neue Regionen."
    assert item["tags"] == ["Ehrenamt"] and item["bundesland"] == "NW"
    assert "author" not in item and "owner" not in item and "anonymous" not in item
    detail = client.get(f"/api/v2/pages/{anonymous_story.pk}/").content.decode()
    for body in (response.content.decode(), detail):
        for trace in ("Paula", "Privat", "paula.privat", f'"author": {author.pk}'):
            assert trace not in body


def test_the_api_cannot_be_probed_for_an_anonymous_author(client, anonymous_story, author):
    """Filtering by the stored byline would tell whether a name hides behind an anonymous post: the API refuses
    the filter, and the page does not even store the name."""
    response = client.get(
        "/api/v2/pages/",
        {"type": "practice.FailureStoryPage", "byline": "Paula Privat, MINT-Netzwerk Aachener Revier"},
    )
    assert response.status_code == 400 or response.json()["items"] == []
    response = client.get("/api/v2/pages/", {"type": "practice.FailureStoryPage", "author": author.pk})
    assert response.status_code == 400


def test_named_best_practice_in_the_api(client, make_post, aachen):
    make_post(
        "bp", "Patenschaften", region=aachen, tags=["Ehrenamt"], byline="Geschäftsstelle Aachen",
        partners="IHK", effort="mittel", resources="Zehn Stunden.", transferability="ja",
        transfer_conditions="Eine Kammer.", contact="kontakt@example.org", stages=["sek1"], target_groups=["schueler"],
    )  # fmt: skip
    [item] = client.get("/api/v2/pages/?type=practice.BestPracticePage&fields=*").json()["items"]
    assert item["byline"] == "Geschäftsstelle Aachen"
    assert item["partners"] == "IHK" and item["effort"] == "mittel" and item["transferability"] == "ja"
    assert item["transfer_conditions"] == "Eine Kammer." and item["contact"] == "kontakt@example.org"
    assert item["stages"] == ["sek1"] and item["target_groups"] == ["schueler"]
    assert item["region"]["title"] == "MINT-Netzwerk Aachener Revier"
    assert json.dumps(item["body"]) == "[]"
