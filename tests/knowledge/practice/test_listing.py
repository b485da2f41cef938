"""The listing at /praxis/: filters, sorting, pagination, one address per filter state, bad parameters, costs."""

import re

import pytest
from taggit.models import Tag

from .conftest import count_queries

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h3 class="card__title practice-card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def posts(make_post, aachen):
    """Five posts that differ in every filterable respect."""
    return {
        "patenschaften": make_post(
            "bp", "Patenschaften", region=aachen, stages=["sek1", "sek2"], target_groups=["schueler"],
            tags=["Unternehmenskooperation", "Berufsorientierung"], transferability="ja", days_ago=5,
        ),
        "lernmobil": make_post(
            "bp", "Lernmobil", bundesland="MV", stages=["grundschule"], target_groups=["kinder"],
            tags=["Ländlicher Raum"], transferability="teilweise", transfer_conditions="Ein Fahrzeug.",
            days_ago=20,
        ),
        "kutter": make_post(
            "bp", "Forschungskutter", bundesland="SH", stages=["sek2"], target_groups=["schueler"],
            tags=["Außerschulische Lernorte"], transferability="nein", transfer_conditions="Ein Schiff.",
            days_ago=40,
        ),
        "aktionstag": make_post(
            "sof", "Aktionstag", bundesland="SN", stages=["sek1"], target_groups=["eltern", "schueler"],
            tags=["Berufsorientierung", "Elternarbeit"], days_ago=10,
        ),
        "steuerung": make_post(
            "sof", "Steuerungsgruppe", region=aachen, target_groups=["netzwerk"], tags=["Steuerungsgruppe"],
            days_ago=60,
        ),
    }  # fmt: skip


def test_lists_both_kinds_newest_first(client, posts):
    response = client.get("/praxis/")
    assert response.status_code == 200
    assert titles(response) == [
        "Patenschaften",
        "Aktionstag",
        "Lernmobil",
        "Forschungskutter",
        "Steuerungsgruppe",
    ]
    html = response.content.decode()
    assert "Story of Failure" in html and "Best Practice" in html
    assert "Beiträge 1 bis 5, neueste zuerst." in html
    assert '<form class="practice-filters" method="get" action="/praxis/"' in html
    assert 'src="/static/js/practice/filters.js"' in html
    assert 'name="robots"' not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("art=praxisbeispiel", ["Patenschaften", "Lernmobil", "Forschungskutter"]),
        ("art=story-of-failure", ["Aktionstag", "Steuerungsgruppe"]),
        ("thema=berufsorientierung", ["Patenschaften", "Aktionstag"]),
        ("land=NW", ["Patenschaften", "Steuerungsgruppe"]),  # from the region
        ("stufe=sek1", ["Patenschaften", "Aktionstag"]),
        ("stufe=sek2", ["Patenschaften", "Forschungskutter"]),
        ("zielgruppe=schueler", ["Patenschaften", "Aktionstag", "Forschungskutter"]),
        ("zielgruppe=eltern", ["Aktionstag"]),
        ("uebertragbar=ja", ["Patenschaften", "Lernmobil"]),  # "ja" and "teilweise", never "nein"
        (
            "sortierung=aelteste",
            ["Steuerungsgruppe", "Forschungskutter", "Lernmobil", "Aktionstag", "Patenschaften"],
        ),
        (
            "sortierung=titel",
            ["Aktionstag", "Forschungskutter", "Lernmobil", "Patenschaften", "Steuerungsgruppe"],
        ),
    ],
)
def test_each_filter_and_sort_order(client, posts, query, expected):
    response = client.get(f"/praxis/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_every_filter_combined(client, posts, make_post):
    make_post(
        "bp", "Fast passend", bundesland="NW", stages=["sek1"], target_groups=["schueler"],
        tags=["Berufsorientierung"], transferability="nein", transfer_conditions="Geht nicht.",
    )  # fmt: skip
    query = (
        "art=praxisbeispiel&thema=berufsorientierung&land=NW&stufe=sek1&zielgruppe=schueler"
        "&uebertragbar=ja&sortierung=titel"
    )
    response = client.get(f"/praxis/?{query}")
    assert titles(response) == ["Patenschaften"]
    html = response.content.decode()
    # Each set filter is a chip that removes just that filter (and keeps the others in their order).
    assert html.count('class="chip"') == 6
    assert (
        'href="/praxis/?thema=berufsorientierung&amp;land=NW&amp;stufe=sek1&amp;zielgruppe=schueler'
        '&amp;uebertragbar=ja&amp;sortierung=titel" aria-label="Filter entfernen: Art: Praxisbeispiele"'
    ) in html
    assert 'aria-label="Filter entfernen: Bundesland: Nordrhein-Westfalen"' in html
    assert 'aria-label="Filter entfernen: Nur übertragbare Praxisbeispiele"' in html
    assert 'href="/praxis/?sortierung=titel">Alle Filter zurücksetzen' in html
    # The form shows the state.
    assert '<option value="praxisbeispiel" selected>' in html
    assert '<option value="NW" selected>' in html
    assert 'name="uebertragbar" value="ja" aria-describedby="filter-uebertragbar-help" checked' in html
    assert "<title>Praxis &amp; Erfahrungen: Praxisbeispiele, Berufsorientierung, Nordrhein-Westfalen" in html
    # Filter states are for people, not for search engines to crawl in every combination.
    assert '<meta name="robots" content="noindex, follow">' in html


def test_a_submitted_form_redirects_to_the_short_address(client, posts):
    response = client.get("/praxis/?art=&thema=&land=NW&stufe=&zielgruppe=&sortierung=neueste", follow=False)
    assert response.status_code == 302
    assert response["Location"] == "/praxis/?land=NW"
    response = client.get("/praxis/?sortierung=titel&land=NW&seite=1&utm_source=newsletter")
    assert response["Location"] == "/praxis/?land=NW&sortierung=titel&utm_source=newsletter"
    response = client.get("/praxis/?land=NW&land=BY")
    assert response["Location"] == "/praxis/?land=NW"
    assert client.get("/praxis/?land=NW").status_code == 200


def test_bad_values_are_ignored_with_a_german_notice(client, posts):
    response = client.get(
        "/praxis/?art=quatsch&thema=gibt-es-nicht&land=XX&stufe=%3Cscript%3E&zielgruppe=alle"
        "&uebertragbar=vielleicht&sortierung=zufall&seite=abc&zielgruppe=eltern",
        follow=True,
    )
    # A repeated parameter is reduced to its first value by the redirect to the short address.
    assert response.redirect_chain[0][0].endswith(
        "&zielgruppe=alle&uebertragbar=vielleicht&sortierung=zufall&seite=abc"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Einige Angaben in der Adresse konnten nicht verwendet werden:" in html
    assert "Ein Thema „gibt-es-nicht“ gibt es nicht; dieser Filter wurde nicht angewendet." in html
    assert "„XX“ ist kein gültiger Wert für „Bundesland“; dieser Filter wurde nicht angewendet." in html
    assert "„quatsch“ ist kein gültiger Wert für „Art“" in html
    assert "„&lt;script&gt;“ ist kein gültiger Wert" in html and "<script>" not in html
    assert "„vielleicht“ ist kein gültiger Wert für „Nur übertragbare Praxisbeispiele“" in html
    assert "„zufall“ ist kein gültiger Wert für „Sortieren nach“" in html
    assert "„abc“ ist keine Seitenzahl; du siehst die erste Seite." in html
    assert "„alle“ ist kein gültiger Wert für „Zielgruppe“" in html
    # Nothing valid is left, so the listing is unfiltered.
    assert titles(response) == [
        "Patenschaften",
        "Aktionstag",
        "Lernmobil",
        "Forschungskutter",
        "Steuerungsgruppe",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "seite=99999999999999999999999",
        "seite=-1",
        "seite=0",
        "seite=1.5",
        "land=" + "N" * 5000,
        "thema=" + "x" * 300,
        "art=%00",
        "thema=a%00b",
        "stufe=%E2%80%AE",
    ],
)
def test_malformed_values_never_fail(client, posts, query):
    response = client.get(f"/praxis/?{query}")
    assert response.status_code == 200
    assert "Einige Angaben in der Adresse konnten nicht verwendet werden:" in response.content.decode()
    assert len(titles(response)) == 5


def test_pagination_keeps_the_filters(client, make_post):
    for number in range(14):
        make_post("bp", f"Beitrag {number:02d}", bundesland="BY", days_ago=number + 1)
    make_post("bp", "Anderes Land", bundesland="HE")
    first = client.get("/praxis/?land=BY")
    assert len(titles(first)) == 12
    html = first.content.decode()
    assert 'href="?land=BY&amp;seite=2"' in html and 'rel="next"' in html
    assert "weitere auf der nächsten Seite" in html
    second = client.get("/praxis/?land=BY&seite=2")
    assert titles(second) == ["Beitrag 12", "Beitrag 13"]
    assert "Beiträge 13 bis 14, passend zu deinen Filtern" in second.content.decode()
    assert 'href="?land=BY&amp;seite=1"' in second.content.decode()
    # A page behind the end says so and leads back.
    beyond = client.get("/praxis/?land=BY&seite=7").content.decode()
    assert (
        "Auf Seite 7 gibt es nichts" in beyond and 'href="/praxis/?land=BY">Zurück zur ersten Seite' in beyond
    )


def test_empty_state_offers_to_reset_the_filters(client, posts):
    html = client.get("/praxis/?art=story-of-failure&uebertragbar=ja").content.decode()
    assert "Zu diesen Filtern passt nichts" in html
    assert 'class="button button--small" href="/praxis/">Filter zurücksetzen' in html


def test_a_topic_of_the_vocabulary_without_posts_is_a_valid_empty_filter(client, posts):
    Tag.objects.create(name="Datenschutz", slug="datenschutz")
    html = client.get("/praxis/?thema=datenschutz").content.decode()
    assert "konnten nicht verwendet werden" not in html
    assert "Thema: Datenschutz" in html and "Zu diesen Filtern passt nichts" in html


def test_the_topic_choices_are_those_in_use(client, posts, make_post):
    make_post("bp", "Entwurf", tags=["Nur im Entwurf"], publish=False)
    html = client.get("/praxis/").content.decode()
    select = html[html.index('name="thema"') : html.index("</select>", html.index('name="thema"'))]
    assert '<option value="berufsorientierung">Berufsorientierung</option>' in select
    assert "Nur im Entwurf" not in select
    # Umlauts sort with their base letter.
    assert select.index("Außerschulische Lernorte") < select.index("Berufsorientierung")
    assert select.index("Ländlicher Raum") < select.index("Steuerungsgruppe")


def test_drafts_and_restricted_posts_are_not_listed(client, posts, make_post):
    from wagtail.models import PageViewRestriction

    make_post("bp", "Entwurf", publish=False)
    restricted = make_post("bp", "Nur mit Passwort")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="geheim")
    names = titles(client.get("/praxis/"))
    assert "Entwurf" not in names and "Nur mit Passwort" not in names
    assert len(names) == 5


def test_cards_show_what_a_reader_needs(client, posts):
    html = client.get("/praxis/?land=NW").content.decode()
    assert '<a href="/regionen/aachener-revier/">MINT-Netzwerk Aachener Revier</a>' in html
    assert '<a class="tag" href="/themen/unternehmenskooperation/">Unternehmenskooperation</a>' in html
    assert '<span class="transfer-badge">übertragbar</span>' in html
    assert "Redaktion" in html  # no byline, not anonymous


def test_query_count_does_not_grow_with_the_posts(client, make_post, aachen, django_assert_max_num_queries):
    def add(count):
        for number in range(count):
            make_post(
                "bp" if number % 2 else "sof",
                region=aachen if number % 3 else None,
                bundesland="HE",
                tags=["Ehrenamt", f"Thema {number % 4}"],
                stages=["sek1"],
            )

    add(3)
    few = count_queries(client, "/praxis/")
    few_filtered = count_queries(client, "/praxis/?thema=ehrenamt&stufe=sek1&uebertragbar=ja")
    add(27)
    assert count_queries(client, "/praxis/") == few
    assert count_queries(client, "/praxis/?thema=ehrenamt&stufe=sek1&uebertragbar=ja") == few_filtered
    # Anonymous visitor, cold cache: Wagtail's routing, the chrome, the posts, their tags, the topics.
    with django_assert_max_num_queries(12):
        client.get("/praxis/?seite=2")


def test_a_logged_in_member_gets_the_listing_in_a_dozen_queries(client, posts, make_user):
    client.force_login(make_user("Mia Mitglied"))
    assert count_queries(client, "/praxis/", cold=False) <= 12
