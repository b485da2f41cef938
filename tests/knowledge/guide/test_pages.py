"""Rendering of the guide page, the chapter pages and every block a chapter may contain."""

import re

import pytest
from django.utils import translation

from .conftest import checklist, heading, paragraph

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


# --- The guide page ---------------------------------------------------------------------------------------------


def test_guide_page_lists_live_chapters_numbered_by_position(client, guide, make_chapter):
    first = make_chapter("Bestandsaufnahme", summary="Was es schon gibt.")
    make_chapter("Geheimer Entwurf", publish=False)
    second = make_chapter("Partner gewinnen", summary="Wer mitmacht.")
    html = html_of(client.get("/gruendungsleitfaden/"))

    assert "<h1" in html and "Gründungsleitfaden" in html and "Auf dem Weg zur MINT-Region" in html
    titles = re.findall(
        r'class="guide-toc__title"><a href="([^"]+)"><span class="visually-hidden">Kapitel (\d):', html
    )
    assert titles == [(first.url, "1"), (second.url, "2")]
    assert "Geheimer Entwurf" not in html
    assert "Was es schon gibt." in html and "Wer mitmacht." in html
    assert "2 Kapitel" in html
    assert "1 Min. Lesezeit" in html
    assert "Mit dem Lesen beginnen: Bestandsaufnahme" in html
    assert 'href="/gruendungsleitfaden/gesamt/"' in html
    # Anonymous readers are told what logging in gives them, and see no progress.
    assert "Melde dich an" in html and "guide-progress" not in html


def test_guide_page_without_chapters_shows_an_empty_state(client, guide):
    html = html_of(client.get("/gruendungsleitfaden/"))
    assert "Die Kapitel dieses Leitfadens entstehen gerade" in html
    assert "guide-toc__item" not in html


def test_guide_page_shows_the_pdf_only_when_uploaded(client, guide, make_chapter, pdf_document):
    make_chapter("Kapitel")
    assert "Als PDF herunterladen" not in html_of(client.get("/gruendungsleitfaden/"))
    guide.pdf = pdf_document
    guide.save_revision().publish()
    html = html_of(client.get("/gruendungsleitfaden/"))
    assert f'href="{pdf_document.url}" download' in html
    assert "Als PDF herunterladen" in html and "(PDF," in html


# --- Chapter pages ----------------------------------------------------------------------------------------------


def test_chapter_shows_number_summary_reading_time_and_topics(client, make_chapter):
    make_chapter("Erstes Kapitel")
    chapter = make_chapter(
        "Partner gewinnen", summary="Wie du Partner findest.", tags=["Partnergewinnung", "Mädchen in MINT"]
    )
    make_chapter("Drittes Kapitel")
    html = html_of(client.get(chapter.url))
    assert "Kapitel 2 von 3" in html
    assert '<h1 id="chapter-title">Partner gewinnen</h1>' in html
    assert "Wie du Partner findest." in html
    assert "Etwa 1 Minute Lesezeit" in html
    assert 'href="/themen/mädchen-in-mint/"' in html and 'href="/themen/partnergewinnung/"' in html
    assert '<a href="/gruendungsleitfaden/">Gründungsleitfaden</a>' in html


def test_previous_and_next_chapter_links(client, make_chapter):
    first = make_chapter("Erstes Kapitel")
    make_chapter("Entwurf dazwischen", publish=False)
    second = make_chapter("Zweites Kapitel")
    third = make_chapter("Drittes Kapitel")

    html = html_of(client.get(first.url))
    assert 'rel="prev"' not in html
    assert f'<a rel="next" href="{second.url}">' in html and "2. Zweites Kapitel" in html

    html = html_of(client.get(second.url))
    assert f'<a rel="prev" href="{first.url}">' in html and "1. Erstes Kapitel" in html
    assert f'<a rel="next" href="{third.url}">' in html and "3. Drittes Kapitel" in html
    assert f'<link rel="next" href="{third.url}">' in html
    assert "Entwurf dazwischen" not in html

    html = html_of(client.get(third.url))
    assert 'rel="next"' not in html
    assert "Kapitel 3 von 3" in html


def test_headings_get_anchors_with_an_accessible_link_and_an_outline(client, make_chapter):
    chapter = make_chapter(
        body=[
            heading("Warum Fördermittel?"),
            paragraph("<p>Text.</p>"),
            heading("Quellen im Überblick", "h3"),
            heading("Warum Fördermittel?"),
            checklist("Vor dem Antrag", "Fristen prüfen"),
        ]
    )
    html = html_of(client.get(chapter.url))
    assert '<h2 id="warum-foerdermittel">Warum Fördermittel?</h2>' in html
    assert '<h3 id="quellen-im-ueberblick">Quellen im Überblick</h3>' in html
    assert '<h2 id="warum-foerdermittel-2">Warum Fördermittel?</h2>' in html
    assert (
        '<a class="anchored-heading__link" href="#warum-foerdermittel"><span aria-hidden="true">#</span>'
        '<span class="visually-hidden">Link zum Abschnitt „Warum Fördermittel?“</span></a>'
    ) in html
    outline = html[
        html.index('id="chapter-outline"') : html.index("</nav>", html.index('id="chapter-outline"'))
    ]
    assert "Auf dieser Seite" in outline
    assert outline.index("#warum-foerdermittel") < outline.index("#quellen-im-ueberblick")
    assert outline.index("#quellen-im-ueberblick") < outline.index("#warum-foerdermittel-2")
    assert 'href="#checkliste-vor-dem-antrag"' in outline


def test_chapter_without_headings_has_no_outline(client, make_chapter):
    chapter = make_chapter(body=[paragraph("<p>Nur Text.</p>")])
    assert 'id="chapter-outline"' not in html_of(client.get(chapter.url))


def test_unpublished_chapter_and_unknown_paths_are_not_found(client, make_chapter):
    draft = make_chapter("Entwurf", publish=False)
    assert client.get(f"/gruendungsleitfaden/{draft.slug}/").status_code == 404
    assert client.get("/gruendungsleitfaden/gibt-es-nicht/").status_code == 404
    live = make_chapter("Kapitel")
    assert client.get(f"{live.url}weiter/").status_code == 404


# --- Every block ------------------------------------------------------------------------------------------------


def test_every_block_renders(client, make_chapter, document, image):
    chapter = make_chapter(
        body=[
            heading("Ein Abschnitt"),
            paragraph('<p>Ein <b>fetter</b> Satz mit <a href="https://example.org/">Link</a>.</p>'),
            {"type": "callout", "value": {"kind": "tip", "title": "Tipp", "text": "<p>Klein anfangen.</p>"}},
            {"type": "callout", "value": {"kind": "warning", "title": "", "text": "<p>Vorsicht.</p>"}},
            {
                "type": "quote",
                "value": {"text": "Ohne Kümmerin geht nichts.", "attribution": "Koordinatorin"},
            },
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "Kinder bauen eine Brücke", "decorative": False},
                    "caption": "Forschertag in der Grundschule",
                    "credit": "Netzwerk Beispielstadt",
                },
            },
            {
                "type": "document",
                "value": {
                    "document": document.pk,
                    "title": "Vorlage herunterladen",
                    "description": "Zum Anpassen.",
                },
            },
            checklist("Vor dem Start", "Partner fragen", "Termin finden"),
        ]
    )
    html = html_of(client.get(chapter.url))
    assert "Ein <b>fetter</b> Satz" in html and 'href="https://example.org/"' in html
    assert '<aside class="callout callout--tip" aria-label="Tipp">' in html and "Klein anfangen." in html
    assert 'class="callout callout--warning"' in html and "Vorsicht." in html
    assert "<blockquote><p>Ohne Kümmerin geht nichts.</p></blockquote>" in html
    assert "<figcaption>Koordinatorin</figcaption>" in html
    assert re.search(r'<img [^>]*alt="Kinder bauen eine Brücke"', html)
    assert "Forschertag in der Grundschule" in html
    assert '<span class="figure__credit">Netzwerk Beispielstadt</span>' in html
    assert f'<a class="download__link" href="{document.url}" download>' in html
    assert "Vorlage herunterladen" in html and "TXT" in html and "Zum Anpassen." in html
    assert 'class="checklist"' in html and "Vor dem Start" in html
    assert html.count('type="checkbox"') == 2


def test_checklist_block_preview_value_renders_without_a_page():
    from knowledge.guide.blocks import ChecklistBlock

    block = ChecklistBlock()
    value = block.to_python(block.meta.preview_value)
    html = block.render(value, {})
    assert "Bevor du loslegst" in html
    assert html.count('type="checkbox"') == 3


def test_document_block_preview_shows_the_newest_document(document):
    from knowledge.blocks import DocumentDownloadBlock

    block = DocumentDownloadBlock()
    html = block.render(block.get_preview_value(), {})
    assert f'href="{document.url}" download' in html and "Vorlage Kooperationsvereinbarung" in html


def test_api_exposes_the_guide_fields(client, guide, make_chapter):
    make_chapter("Partner gewinnen", tags=["Partnergewinnung"], body=[checklist("Liste", "Eins")])
    response = client.get(
        "/api/v2/pages/", {"type": "guide.GuideChapterPage", "fields": "summary,tags,reading_minutes,body"}
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["summary"] == "Worum es in diesem Kapitel geht."
    assert item["tags"] == ["Partnergewinnung"]
    assert item["reading_minutes"] == 1
    assert item["body"][0]["type"] == "checklist"
    assert item["body"][0]["value"]["items"] == ["Eins"]

    response = client.get("/api/v2/pages/", {"type": "guide.GuidePage", "fields": "subtitle,intro,pdf_url"})
    item = response.json()["items"][0]
    assert item["subtitle"] == "Auf dem Weg zur MINT-Region"
    assert item["pdf_url"] is None
