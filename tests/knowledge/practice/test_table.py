"""The table of transferable activities (/praxis/uebertragbar/) and its CSV download."""

import csv
import io
import re

import pytest

from .conftest import count_queries

pytestmark = pytest.mark.django_db


def row_titles(response) -> list[str]:
    return re.findall(r'<th scope="row">\s*<a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def activities(make_post, aachen):
    make_post(
        "bp", "Patenschaften", region=aachen, stages=["sek1", "sek2"], target_groups=["schueler", "unternehmen"],
        tags=["Unternehmenskooperation"], transferability="ja", effort="mittel",
        resources="Zehn Wochenstunden der **Koordination**.", transfer_conditions="Eine Kammer, die mitmacht.",
        partners="IHK\nHandwerkskammer", days_ago=3,
    )  # fmt: skip
    make_post(
        "bp", "Lernmobil", bundesland="MV", stages=["grundschule"], target_groups=["kinder"],
        tags=["Ländlicher Raum"], transferability="teilweise", effort="hoch",
        transfer_conditions="=HYPERLINK(\"https://example.org\")", days_ago=8,
    )  # fmt: skip
    make_post(
        "bp", "Forschungskutter", bundesland="SH", transferability="nein", transfer_conditions="Ein Schiff.",
        days_ago=1,
    )  # fmt: skip
    make_post("sof", "Eine Story of Failure", bundesland="NW", days_ago=2)


def test_the_table_lists_transferable_practice_only(client, activities):
    response = client.get("/praxis/uebertragbar/")
    assert response.status_code == 200
    assert row_titles(response) == ["Patenschaften", "Lernmobil"]
    html = response.content.decode()
    assert "<caption" in html and '<th scope="col">Übertragbarkeit und Bedingungen</th>' in html
    assert '<a href="/regionen/aachener-revier/">MINT-Netzwerk Aachener Revier</a>' in html
    assert "Nordrhein-Westfalen" in html and "Mecklenburg-Vorpommern" in html
    assert "<li>Sekundarstufe I</li>" in html and "<li>Unternehmen und ihre Beschäftigten</li>" in html
    assert "Zehn Wochenstunden der Koordination." in html  # plain text in the table
    assert "Übertragbar" in html and "Teilweise übertragbar" in html
    assert "Eine Kammer, die mitmacht." in html
    assert "<h1>Übertragbare Aktivitäten</h1>" in html
    assert 'href="/praxis/uebertragbar/csv/"' in html
    assert 'href="/praxis/?uebertragbar=ja"' in html  # the same selection as cards
    # Breadcrumbs lead back to the listing.
    assert '<a href="/praxis/">Praxis &amp; Erfahrungen</a>' in html


def test_the_table_has_the_listings_filters(client, activities):
    assert row_titles(client.get("/praxis/uebertragbar/?land=MV")) == ["Lernmobil"]
    assert row_titles(client.get("/praxis/uebertragbar/?stufe=sek2")) == ["Patenschaften"]
    assert row_titles(client.get("/praxis/uebertragbar/?zielgruppe=kinder")) == ["Lernmobil"]
    assert row_titles(client.get("/praxis/uebertragbar/?thema=ländlicher-raum")) == ["Lernmobil"]
    assert row_titles(client.get("/praxis/uebertragbar/?sortierung=aelteste")) == [
        "Lernmobil",
        "Patenschaften",
    ]
    response = client.get("/praxis/uebertragbar/?land=BY")
    assert "Zu diesen Filtern passt nichts" in response.content.decode()
    # Kind and "transferable only" are implied here: the listing's parameters for them are not offered.
    html = client.get("/praxis/uebertragbar/").content.decode()
    assert 'name="art"' not in html and 'name="uebertragbar"' not in html
    response = client.get("/praxis/uebertragbar/?land=&stufe=&sortierung=neueste")
    assert response.status_code == 302 and response["Location"] == "/praxis/uebertragbar/"
    bad = client.get("/praxis/uebertragbar/?land=Bayern&seite=x").content.decode()
    assert "„Bayern“ ist kein gültiger Wert für „Bundesland“" in bad


def test_the_csv_download_holds_the_filtered_table(client, activities):
    response = client.get("/praxis/uebertragbar/csv/?sortierung=titel")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="uebertragbare-aktivitaeten-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets recognise UTF-8 by it
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Titel", "Webadresse", "MINT-Region", "Bundesland"]
    assert [row[0] for row in rows[1:]] == ["Lernmobil", "Patenschaften"]
    patenschaften = dict(zip(rows[0], rows[2], strict=True))
    assert re.fullmatch(r"http://testserver/praxis/beitrag-\d+/", patenschaften["Webadresse"])
    assert patenschaften["MINT-Region"] == "MINT-Netzwerk Aachener Revier"
    assert patenschaften["Aufwand"] == "Mittel"
    assert patenschaften["Aufwand und Ressourcen"] == "Zehn Wochenstunden der Koordination."
    assert patenschaften["Beteiligte Partner"] == "IHK; Handwerkskammer"
    assert "Sekundarstufe I" in patenschaften["Stufen der Bildungskette"]
    # A cell that a spreadsheet would run as a formula is defused.
    lernmobil = dict(zip(rows[0], rows[1], strict=True))
    assert lernmobil["Bedingungen für die Übertragung"].startswith("'=HYPERLINK")
    only_mv = client.get("/praxis/uebertragbar/csv/?land=MV").content.decode("utf-8")
    assert "Lernmobil" in only_mv and "Patenschaften" not in only_mv


def test_table_query_count_does_not_grow_with_the_rows(client, make_post, aachen):
    def add(count):
        for number in range(count):
            make_post("bp", region=aachen if number % 2 else None, tags=["Ehrenamt", f"Thema {number}"])

    add(3)
    few = count_queries(client, "/praxis/uebertragbar/")
    few_csv = count_queries(client, "/praxis/uebertragbar/csv/")
    add(27)
    assert count_queries(client, "/praxis/uebertragbar/") == few
    assert count_queries(client, "/praxis/uebertragbar/csv/") == few_csv
    assert few <= 12
