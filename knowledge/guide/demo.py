"""Demo content of the founding guide: the guide "Auf dem Weg zur MINT-Region" at /gruendungsleitfaden/ with
eight chapters (text in demo_chapters.py), a document template, and some reading progress for the demo member
so that "Weiterlesen" and the progress bar show something.

Idempotent: the guide, each chapter and the document are looked up before they are created; the demo member's
progress is added only when they have none. Block and checklist item ids are fixed (uuid5), so the keys of
ticked items are the same on every installation.
"""

import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from home.models import HomePage

from .demo_chapters import CHAPTERS, COOPERATION_TEMPLATE, GUIDE
from .models import ChapterProgress, ChecklistTick, GuideChapterPage, GuidePage

APP = "knowledge.guide"
ID_NAMESPACE = uuid.UUID("0c6f3f0e-6a55-4d1f-9a3e-6b1f3c2d9e41")
DEMO_MEMBER_EMAIL = "mitglied@netzwerkstatt.example"


def stable_id(*parts) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(str(part) for part in parts)))


def raw_body(slug: str, blocks: list[tuple], documents: dict) -> list[dict]:
    """StreamField data with fixed ids for every block and every checklist item."""
    raw = []
    for index, (block_type, value) in enumerate(blocks):
        value = dict(value) if isinstance(value, dict) else value
        if block_type == "checklist":
            value["items"] = [
                {"type": "item", "value": text, "id": stable_id(slug, index, number)}
                for number, text in enumerate(value["items"])
            ]
        elif block_type == "document":
            document = documents.get(value["document"])
            if document is None:
                continue
            value["document"] = document.pk
        raw.append({"type": block_type, "value": value, "id": stable_id(slug, index)})
    return raw


def _ensure_document(context):
    document_model = get_document_model()
    spec = COOPERATION_TEMPLATE
    document = document_model.objects.filter(title=spec["title"]).first()
    if document is None:
        document = document_model(title=spec["title"])
        document.file.save(spec["filename"], ContentFile(spec["text"].encode("utf-8")), save=False)
        document.save()
        context.count(APP, "Dokumente", created=True)
    else:
        context.count(APP, "Dokumente", created=False)
    return {spec["key"]: document}


def _ensure_guide(context, home) -> GuidePage:
    guide = GuidePage.objects.child_of(home).filter(slug=GUIDE["slug"]).first()
    if guide is not None:
        context.count(APP, "Leitfaden", created=False)
        return guide
    guide = GuidePage(show_in_menus=True, **GUIDE)
    home.add_child(instance=guide)
    guide.save_revision().publish()
    context.count(APP, "Leitfaden", created=True)
    return guide


def _ensure_chapters(context, guide, documents) -> list[GuideChapterPage]:
    existing = {chapter.slug: chapter for chapter in GuideChapterPage.objects.child_of(guide)}
    chapters = []
    for spec in CHAPTERS:
        chapter = existing.get(spec["slug"])
        if chapter is not None:
            context.count(APP, "Kapitel", created=False)
            chapters.append(chapter)
            continue
        chapter = GuideChapterPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            body=raw_body(spec["slug"], spec["body"], documents),
        )
        guide.add_child(instance=chapter)
        chapter.tags.add(*spec["tags"])
        chapter.save_revision().publish()
        chapter.refresh_from_db()
        context.count(APP, "Kapitel", created=True)
        chapters.append(chapter)
    return chapters


def _demo_member_progress(context, chapters) -> None:
    """The demo member has read the first two chapters, ticked some items and stopped in chapter three."""
    member = get_user_model().objects.filter(email=DEMO_MEMBER_EMAIL).first()
    if member is None or len(chapters) < 3:
        return
    if ChapterProgress.objects.filter(user=member).exists():
        context.count(APP, "Lesestände", created=False)
        return
    now = timezone.now()
    for days_ago, chapter, read in ((9, chapters[0], True), (4, chapters[1], True), (1, chapters[2], False)):
        visited = now - timezone.timedelta(days=days_ago)
        ChapterProgress.objects.create(
            user=member, chapter=chapter, last_visited_at=visited, read_at=visited if read else None
        )
    for chapter, count in ((chapters[0], 4), (chapters[1], 2)):
        ChecklistTick.objects.bulk_create(
            [
                ChecklistTick(user=member, chapter=chapter, item_key=key)
                for key in chapter.checklist_keys[:count]
            ]
        )
    context.count(APP, "Lesestände", created=True)


def load(context) -> None:
    home = HomePage.objects.first()
    if home is None:
        context.notes.append("Gründungsleitfaden: keine Startseite gefunden, Leitfaden nicht angelegt.")
        return
    documents = _ensure_document(context)
    guide = _ensure_guide(context, home)
    chapters = _ensure_chapters(context, guide, documents)
    _demo_member_progress(context, chapters)
