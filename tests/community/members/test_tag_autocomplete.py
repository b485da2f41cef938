"""The site-wide tag vocabulary: parsing tag inputs and the autocomplete endpoint GET /api/tags/?q=…"""

import pytest
from django import forms
from taggit.models import Tag

from home.tag_views import ANONYMOUS_LIMIT, TagsField, format_tags, parse_tags

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mädchen in MINT", ["Mädchen in MINT"]),  # spaces stay inside a tag
        ("Mädchen in MINT, Finanzierung", ["Mädchen in MINT", "Finanzierung"]),
        ("  Kita ,, kita;  Schülerlabore\nEhrenamt, ", ["Kita", "Schülerlabore", "Ehrenamt"]),
        ('"Politische  Unterstützung", Evaluation', ["Politische Unterstützung", "Evaluation"]),
        ("", []),
        (None, []),
    ],
)
def test_parse_tags(text, expected):
    assert parse_tags(text) == expected


def test_format_tags_round_trips():
    assert format_tags(["kita", "Berufsorientierung"]) == "Berufsorientierung, kita"
    assert parse_tags(format_tags(["Mädchen in MINT", "Kita"])) == ["Kita", "Mädchen in MINT"]


def test_tags_field_validates_and_renders_an_autocomplete_input():
    class TagForm(forms.Form):
        topics = TagsField(max_tags=2)

    form = TagForm({"topics": "Kita, Finanzierung, Ehrenamt"})
    assert not form.is_valid() and "höchstens 2 Themen" in form.errors["topics"][0]
    form = TagForm({"topics": "Kita, Kita"})
    assert form.is_valid() and form.cleaned_data["topics"] == ["Kita"]
    html = str(TagForm(initial={"topics": ["Kita", "Ehrenamt"]})["topics"])
    assert (
        "data-tag-autocomplete" in html and 'autocomplete="off"' in html and 'value="Ehrenamt, Kita"' in html
    )


@pytest.fixture
def vocabulary(make_member):
    """Tags used by profiles a different number of times."""
    make_member("A", topics=["Mädchen in MINT", "Finanzierung", "MINT-Wettbewerbe"])
    make_member("B", topics=["Mädchen in MINT", "Finanzierung"])
    make_member("C", topics=["Mädchen in MINT", "Frauen in MINT-Berufen"])
    Tag.objects.create(name="Mint-Tee", slug="mint-tee")  # unused
    return Tag.objects.all()


def test_suggestions_start_with_prefix_matches_then_by_use(client, vocabulary):
    response = client.get("/api/tags/", {"q": "mint"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    # Names starting with "mint" first (by use, then name), then names containing it.
    assert [t["name"] for t in response.json()] == [
        "MINT-Wettbewerbe",
        "Mint-Tee",
        "Mädchen in MINT",
        "Frauen in MINT-Berufen",
    ]
    assert response.json()[0] == {"name": "MINT-Wettbewerbe", "slug": "mint-wettbewerbe"}
    assert [t["name"] for t in client.get("/api/tags/", {"q": "FINANZ"}).json()] == ["Finanzierung"]


def test_use_counts_span_every_tagged_model(client, vocabulary, site_tree):
    def order():
        return [t["name"] for t in client.get("/api/tags/", {"q": "in mint"}).json()]

    assert order() == ["Mädchen in MINT", "Frauen in MINT-Berufen"]  # 3 uses against 1
    for slug in ("boerde", "talsperrenland", "entwurf"):
        region = site_tree[slug]
        region.tags.add("Frauen in MINT-Berufen")
        region.save()
    assert order() == ["Frauen in MINT-Berufen", "Mädchen in MINT"]  # 1 profile + 3 regions against 3


def test_at_most_ten_suggestions_and_empty_queries(client, db):
    Tag.objects.bulk_create([Tag(name=f"Thema {n:02d}", slug=f"thema-{n:02d}") for n in range(15)])
    assert len(client.get("/api/tags/", {"q": "thema"}).json()) == 10
    assert client.get("/api/tags/", {"q": "   "}).json() == []
    assert client.get("/api/tags/").json() == []
    assert client.get("/api/tags/", {"q": "x" * 500}).status_code == 200
    assert client.post("/api/tags/", {"q": "thema"}).status_code == 405


def test_anonymous_requests_are_rate_limited(client, vocabulary, member_with_profile):
    for _ in range(ANONYMOUS_LIMIT.limit):
        assert client.get("/api/tags/", {"q": "mint"}).status_code == 200
    response = client.get("/api/tags/", {"q": "mint"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Zu viele Anfragen" in response.json()["detail"]
    client.force_login(member_with_profile)  # members have their own, higher limit
    assert client.get("/api/tags/", {"q": "mint"}).status_code == 200


def test_query_count_is_constant(client, make_member, django_assert_max_num_queries):
    for number in range(30):
        make_member(f"M{number}", topics=[f"Mint {number}", "Mint gemeinsam"])
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/tags/", {"q": "mint"}).json()) == 10
