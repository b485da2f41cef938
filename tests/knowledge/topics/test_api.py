"""The read-only Wagtail API v2 at /api/v2/: live public pages only, JSON only, anonymity respected, bounded."""

import json

import pytest

from .conftest import PUBLIC_TOPICS


@pytest.fixture
def pages(make_chapter, make_post, make_region, make_member):
    author = make_member("Anna Autorin", email="anna.autorin@example.org", visibility=PUBLIC_TOPICS)
    return {
        "author": author,
        "anonymous": make_post(
            "Der Robotik-Kurs, den keiner wollte",
            failure=True,
            tags=["Mädchen in MINT"],
            anonymous=True,
            author=author,
            owner=author,
            byline="Anna Autorin, MINT-Region Musterstadt",
        ),
        "named": make_post("Girls' Day im Revier", tags=["Mädchen in MINT"], byline="Jana Beispiel"),
        "chapter": make_chapter("Partner gewinnen", tags=["Partnergewinnung"]),
        "draft": make_post("Unveröffentlichter Beitrag", tags=["Mädchen in MINT"], publish=False),
        "region": make_region("MINT-Netzwerk Musterstadt", tags=["Mädchen in MINT"]),
    }


def get_json(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def keys_anywhere(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | set().union(*(keys_anywhere(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(keys_anywhere(value) for value in data)) if data else set()
    return set()


def test_listing_has_live_public_pages_only(client, pages, make_post):
    from wagtail.models import PageViewRestriction

    secret = make_post("Nur intern", tags=["Mädchen in MINT"])
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    data = get_json(client, "/api/v2/pages/?limit=20")
    titles = {item["title"] for item in data["items"]}
    assert {"Der Robotik-Kurs, den keiner wollte", "Girls' Day im Revier", "Partner gewinnen"} <= titles
    assert "MINT-Netzwerk Musterstadt" in titles
    assert "Unveröffentlichter Beitrag" not in titles and "Nur intern" not in titles
    assert data["meta"]["total_count"] == len(titles)
    get_json(client, f"/api/v2/pages/{pages['draft'].pk}/", status=404)
    get_json(client, f"/api/v2/pages/{secret.pk}/", status=404)


def test_a_logged_in_member_sees_no_more_than_anyone(client, pages, make_post, make_member):
    from wagtail.models import PageViewRestriction

    secret = make_post("Nur intern", tags=["Mädchen in MINT"])
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(make_member())
    get_json(client, f"/api/v2/pages/{secret.pk}/", status=404)
    assert "Nur intern" not in json.dumps(get_json(client, "/api/v2/pages/?limit=20"))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/{anonymous}/",
        "/api/v2/pages/{anonymous}/?fields=*",
        "/api/v2/pages/?type=practice.FailureStoryPage&fields=*",
        "/api/v2/pages/?type=practice.PracticePage&fields=*",
        "/api/v2/pages/?fields=*",
        "/api/v2/pages/?search=Robotik&fields=*",
        "/api/v2/pages/find/?html_path=/praxis/{anonymous_slug}/",
    ],
)
def test_anonymous_posts_reveal_no_author_anywhere(client, pages, path):
    post, author = pages["anonymous"], pages["author"]
    response = client.get(path.format(anonymous=post.pk, anonymous_slug=post.slug), follow=True)
    assert response.status_code == 200
    data = response.json()
    body = json.dumps(data, ensure_ascii=False)
    assert "Der Robotik-Kurs" in body
    for secret in ("Anna Autorin", "anna.autorin@example.org", author.username, "Musterstadt, MINT"):
        assert secret not in body, secret
    keys = keys_anywhere(data)
    assert not keys & {
        "author",
        "author_id",
        "owner",
        "owner_id",
        "anonymous",
        "locked_by",
        "latest_revision",
    }
    detail = get_json(client, f"/api/v2/pages/{post.pk}/?fields=*")
    assert detail["byline"] == ""
    assert detail["meta"]["type"] == "practice.FailureStoryPage"


def test_named_posts_show_their_public_byline(client, pages):
    detail = get_json(client, f"/api/v2/pages/{pages['named'].pk}/")
    assert detail["byline"] == "Jana Beispiel"
    assert detail["tags"] == ["Mädchen in MINT"]


def test_hidden_values_cannot_be_probed_by_filtering_or_ordering(client, pages):
    base = "/api/v2/pages/?type=practice.PracticePage"
    for query in (
        "&byline=Anna%20Autorin",
        "&order=byline",
        "&author=1",
        "&owner=1",
        "&anonymous=true",
        "&fields=author",
        "&fields=owner",
    ):
        get_json(client, base + query, status=400)
    # Fields shown as stored stay filterable.
    data = get_json(client, base + "&bundesland=NW")
    assert data["meta"]["total_count"] == 2


def test_responses_are_bounded_and_json_only(client, pages):
    get_json(client, "/api/v2/pages/?limit=21", status=400)
    assert len(get_json(client, "/api/v2/pages/?limit=2")["items"]) == 2
    # No browsable HTML API, whatever the client asks for.
    response = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("application/json")
    assert client.get("/api/v2/pages/?format=api").status_code == 404
    # Read-only: no other methods.
    assert client.post("/api/v2/pages/", {}).status_code in (403, 405)
    # No HTTP Basic login through the API.
    response = client.get("/api/v2/pages/", HTTP_AUTHORIZATION="Basic YW5uYTpnZWhlaW0=")
    assert response.status_code == 200


def test_api_is_rate_limited(client, pages):
    from knowledge.topics.api import API_LIMIT

    for _number in range(API_LIMIT.limit):
        API_LIMIT.hit("ip:127.0.0.1")
    response = client.get("/api/v2/pages/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Zu viele Anfragen" in response.json()["detail"]


def test_listing_costs_a_fixed_number_of_queries(client, pages, make_post, django_assert_max_num_queries):
    for number in range(15):
        make_post(f"Beitrag {number}", tags=["Finanzierung"])
    with django_assert_max_num_queries(12):
        get_json(client, "/api/v2/pages/?type=practice.PracticePage&fields=title,summary,byline,tags")
