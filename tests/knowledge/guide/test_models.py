"""The guide's page-tree rules, derived fields (reading time, checklist keys), anchors and validation."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from knowledge.guide.models import GuideChapterPage, GuidePage
from knowledge.guide.outline import AnchorAllocator, anchor_for, body_parts, reading_minutes, sections_of

from .conftest import checklist, heading, paragraph

pytestmark = pytest.mark.django_db


def words(count: int) -> str:
    return " ".join(["Netzwerk"] * count)


# --- Where guide pages may live ---------------------------------------------------------------------------------


def test_guide_lives_under_the_home_page_only(home, guide):
    from home.models import StandardPage

    assert GuidePage.can_exist_under(home)
    assert not GuidePage.can_exist_under(guide)
    standard = StandardPage(title="Impressum", slug="impressum")
    home.add_child(instance=standard)
    assert not GuidePage.can_exist_under(standard)
    assert GuidePage in home.specific_class.allowed_subpage_models()


def test_chapters_live_under_a_guide_only_and_have_no_children(home, guide, make_chapter):
    chapter = make_chapter("Partner gewinnen")
    assert GuideChapterPage.can_exist_under(guide)
    assert not GuideChapterPage.can_exist_under(home)
    assert not GuideChapterPage.can_exist_under(chapter)
    assert GuidePage.allowed_subpage_models() == [GuideChapterPage]
    assert GuideChapterPage.allowed_subpage_models() == []


def test_a_chapter_may_not_take_the_print_versions_address(guide):
    chapter = GuideChapterPage(title="Gesamt", slug="gesamt", summary="Zusammenfassung.", body=[])
    chapter.depth, chapter.path = guide.depth + 1, guide.path + "0099"
    with translation.override("de"), pytest.raises(ValidationError) as error:
        chapter.clean()
    assert "Druckversion" in str(error.value.message_dict["slug"])


def test_the_guide_pdf_must_be_a_pdf(guide, document, pdf_document):
    guide.pdf = document
    with translation.override("de"), pytest.raises(ValidationError) as error:
        guide.clean()
    assert error.value.message_dict["pdf"] == ["Bitte wähle eine PDF-Datei."]
    guide.pdf = pdf_document
    guide.clean()
    assert guide.pdf_url == pdf_document.url


# --- Derived fields ---------------------------------------------------------------------------------------------


def test_reading_time_is_computed_from_the_text_at_200_words_a_minute(make_chapter):
    short = make_chapter("Kurz", summary="Kurz.", body=[paragraph("<p>Nur ein Satz.</p>")])
    assert short.reading_minutes == 1
    # 4 words of title and summary, 598 in heading and text, 3 in the checklist: 605 words, over three minutes.
    long = make_chapter(
        "Ein Titel",
        summary="Zwei Wörter",
        body=[heading("Ein Abschnitt"), paragraph(f"<p>{words(596)}</p>"), checklist("Liste", "Ein Punkt")],
    )
    assert long.reading_minutes == 4
    assert reading_minutes("Ein Titel", "Zwei Wörter", long.body) == 4


def test_reading_time_follows_the_published_text(make_chapter):
    chapter = make_chapter("Wachsendes Kapitel", body=[paragraph("<p>Kurz.</p>")])
    assert chapter.reading_minutes == 1
    chapter.body = [paragraph(f"<p>{words(1000)}</p>")]
    chapter.save_revision()  # a draft changes nothing for readers
    chapter.refresh_from_db()
    assert chapter.reading_minutes == 1
    chapter.body = [paragraph(f"<p>{words(1000)}</p>")]
    chapter.save_revision().publish()
    chapter.refresh_from_db()
    assert chapter.reading_minutes == 6


def test_checklist_keys_are_block_id_and_item_id_and_survive_rewording(make_chapter):
    chapter = make_chapter(body=[checklist("Vor dem Start", "Partner fragen", "Termin finden")])
    block = chapter.body[0]
    item_ids = [child.id for child in block.value["items"].bound_blocks]
    assert chapter.checklist_keys == [f"{block.id}:{item_id}" for item_id in item_ids]

    # The editor rewords the first item and moves it to the end: the keys stay with their items.
    raw = chapter.body.raw_data
    items = raw[0]["value"]["items"]
    items[0]["value"] = "Partner persönlich ansprechen"
    raw[0]["value"]["items"] = [items[1], items[0]]
    chapter.body = list(raw)
    chapter.save_revision().publish()
    chapter.refresh_from_db()
    assert set(chapter.checklist_keys) == {f"{block.id}:{item_id}" for item_id in item_ids}


# --- Anchors ----------------------------------------------------------------------------------------------------


def test_anchor_ids_come_from_the_heading_text_with_umlauts_transliterated():
    assert anchor_for("Fördermittel & Verstetigung") == "foerdermittel-verstetigung"
    assert anchor_for("Übergang Schule und Beruf") == "uebergang-schule-und-beruf"
    assert anchor_for("Große Ziele") == "grosse-ziele"
    assert anchor_for("!!!") == "abschnitt"


def test_anchors_are_unique_and_avoid_the_pages_own_ids(make_chapter):
    chapter = make_chapter(
        body=[
            heading("Ziele"),
            heading("Ziele"),
            heading("main"),
            heading("Unterpunkt", "h3"),
            checklist("Ziele", "Eins"),
        ]
    )
    parts = body_parts(chapter.body)
    assert [part.anchor for part in parts] == ["ziele", "ziele-2", "main-2", "unterpunkt", "checkliste-ziele"]
    sections = sections_of(parts)
    assert [section.anchor for section in sections] == ["ziele", "ziele-2", "main-2", "checkliste-ziele"]
    assert [child.anchor for child in sections[2].children] == ["unterpunkt"]
    assert sections[3].is_checklist


def test_anchor_allocator_shares_ids_across_chapters():
    allocator = AnchorAllocator()
    assert allocator.allocate("Finanzierung") == "finanzierung"
    assert allocator.allocate("Finanzierung") == "finanzierung-2"
    assert allocator.allocate("Finanzierung") == "finanzierung-3"
