"""The whole guide on one printable page, the print stylesheet and the PDF download."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from .conftest import checklist, heading, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def test_print_page_has_every_live_chapter_in_order(client, guide, make_chapter, document):
    first = make_chapter(
        "Bestandsaufnahme",
        body=[
            heading("Ziele"),
            paragraph(
                '<p>Siehe <a href="/regionen/">das Verzeichnis</a> und <a href="https://example.org/">mehr</a>.</p>'
            ),
            checklist("Vor dem Start", "Partner fragen", "Termin finden"),
            {"type": "document", "value": {"document": document.pk, "title": "", "description": ""}},
        ],
    )
    make_chapter("Entwurf", publish=False)
    second = make_chapter("Partner gewinnen", body=[heading("Ziele"), paragraph("<p>Zweiter Text.</p>")])
    response = client.get("/gruendungsleitfaden/gesamt/")
    assert response.status_code == 200
    html = response.content.decode()

    assert "<title>Gründungsleitfaden (Druckversion) · Netzwerkstatt</title>" in html
    assert '<link rel="canonical" href="http://testserver/gruendungsleitfaden/">' in html
    chapter_titles = re.findall(r'<h2 id="kapitel-\d-title">([^<]+)</h2>', html)
    assert chapter_titles == ["Bestandsaufnahme", "Partner gewinnen"]
    assert "Entwurf" not in html
    assert f"Online: http://testserver{first.url}" in html and f"http://testserver{second.url}" in html
    # Headings sit one level below the chapter titles and stay unique across chapters.
    assert '<h3 id="ziele">Ziele</h3>' in html and '<h3 id="ziele-2">Ziele</h3>' in html
    # Site-relative links become absolute, so the printed addresses can be typed.
    assert 'href="http://testserver/regionen/"' in html and 'href="https://example.org/"' in html
    assert f'href="http://testserver{document.url}"' in html
    assert 'href="#kapitel-1"' in html
    # Checklists are empty boxes on paper, not form fields.
    assert "Vor dem Start" in html and html.count('class="checklist__box"') == 2
    assert 'type="checkbox"' not in html
    assert "css/guide.css" in html and "js/guide/print.js" in html


def test_print_page_offers_the_pdf_when_there_is_one(client, guide, make_chapter, pdf_document):
    make_chapter("Kapitel")
    assert "Als PDF herunterladen" not in client.get("/gruendungsleitfaden/gesamt/").content.decode()
    guide.pdf = pdf_document
    guide.save_revision().publish()
    html = client.get("/gruendungsleitfaden/gesamt/").content.decode()
    assert (
        f'href="http://testserver{pdf_document.url}" download' in html or f'href="{pdf_document.url}"' in html
    )
    assert "Als PDF herunterladen" in html


def test_print_route_of_an_unpublished_guide_is_not_found(client, guide):
    guide.unpublish()
    assert client.get("/gruendungsleitfaden/gesamt/").status_code == 404


def test_print_stylesheet_hides_navigation_breaks_pages_and_prints_link_addresses():
    css = Path(finders.find("css/guide.css")).read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]
    assert ".chapter-pager" in print_rules and ".chapter-outline" in print_rules
    assert ".guide-print__chapter { break-before: page;" in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules
    assert ".checklist__box" in print_rules
