"""The demo guide: eight substantial German chapters with headings, a tip, a quote and a checklist each, tagged from
the shared vocabulary; loading it twice adds nothing."""

import os

import pytest
from django.test import Client

from home.demo_support import DemoContext
from knowledge.guide import demo
from knowledge.guide.models import ChapterProgress, ChecklistTick, GuideChapterPage, GuidePage
from knowledge.guide.outline import readable_text, word_count

pytestmark = pytest.mark.django_db

VOCABULARY = {
    "Partnergewinnung", "Berufsorientierung", "Schülerlabore", "Mädchen in MINT", "Wirkungsmessung", "Finanzierung",
    "Bestandsaufnahme", "Vision und Ziele", "Netzwerkkoordination", "Fördermittel", "Verstetigung",
    "Politische Unterstützung", "Qualitätsentwicklung", "Öffentlichkeitsarbeit", "Ganztag", "Frühe MINT-Bildung",
    "Lehrkräftefortbildung", "Unternehmenskooperation", "Ländlicher Raum", "Digitale Bildung", "Elternarbeit",
    "Kooperationsvereinbarung", "Steuerungsgruppe", "Wettbewerbe", "Außerschulische Lernorte", "Nachhaltigkeit",
    "Ehrenamt", "Veranstaltungsformate", "Übergang Schule und Beruf", "Datenschutz",
}  # fmt: skip
PHASES = [
    "Bestandsaufnahme", "Partner", "Vision und Ziele", "Koordination", "Finanzierung und Verstetigung",
    "Politische Rückendeckung", "Qualität und Wirkung", "Abschluss-Checkliste",
]  # fmt: skip


def load_guide_demo():
    demo.load(DemoContext(stdout=open(os.devnull, "w"), style=None))  # noqa: SIM115


def test_demo_guide_has_eight_substantial_chapters(site_shell):
    load_guide_demo()
    guide = GuidePage.objects.get(slug="gruendungsleitfaden")
    assert guide.live and guide.show_in_menus and guide.get_parent().specific_class.__name__ == "HomePage"
    assert guide.subtitle == "Auf dem Weg zur MINT-Region"
    chapters = list(GuideChapterPage.objects.child_of(guide).live().order_by("path"))
    assert len(chapters) == 8
    for phase, chapter in zip(PHASES, chapters, strict=True):
        assert phase.lower() in chapter.title.lower(), (phase, chapter.title)
        types = [block.block_type for block in chapter.body]
        assert "heading" in types and "quote" in types and "checklist" in types
        assert any(
            block.block_type == "callout" and block.value["kind"] in ("tip", "warning")
            for block in chapter.body
        )
        assert 500 <= word_count(*readable_text(chapter.body)) <= 900, chapter.title
        for block in chapter.body:
            if block.block_type == "checklist":
                assert 4 <= len(block.value["items"]) <= 8
        tags = set(chapter.tags.names())
        assert tags and tags <= VOCABULARY
        assert chapter.reading_minutes >= 3
        assert len(chapter.summary) > 100


def test_demo_is_idempotent_and_keys_are_stable(site_shell):
    load_guide_demo()
    keys = {chapter.slug: chapter.checklist_keys for chapter in GuideChapterPage.objects.all()}
    counts = (GuidePage.objects.count(), GuideChapterPage.objects.count())
    load_guide_demo()
    assert (GuidePage.objects.count(), GuideChapterPage.objects.count()) == counts == (1, 8)
    assert {chapter.slug: chapter.checklist_keys for chapter in GuideChapterPage.objects.all()} == keys
    first = GuideChapterPage.objects.get(slug="bestandsaufnahme")
    block = first.body[-1]
    assert (
        first.checklist_keys[0] == f"{block.id}:{demo.stable_id('bestandsaufnahme', len(first.body) - 1, 0)}"
    )


def test_demo_member_has_progress_to_continue(site_shell, django_user_model):
    member = django_user_model.objects.filter(email=demo.DEMO_MEMBER_EMAIL).first() or (
        django_user_model.objects.create_user(username="mitglied", email=demo.DEMO_MEMBER_EMAIL)
    )
    load_guide_demo()
    load_guide_demo()
    assert ChapterProgress.objects.filter(user=member, read_at__isnull=False).count() == 2
    assert ChecklistTick.objects.filter(user=member).count() == 6
    client = Client()
    client.force_login(member)
    html = client.get("/gruendungsleitfaden/").content.decode()
    assert "Vision und Ziele" in html and "guide-toc__item--current" in html
    for chapter in GuideChapterPage.objects.all():
        assert client.get(chapter.url).status_code == 200
    assert client.get("/gruendungsleitfaden/gesamt/").status_code == 200
