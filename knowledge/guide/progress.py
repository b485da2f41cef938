"""What the guide keeps per member: ticked checklist items and reading progress, plus their export and erasure.

Every function takes the member explicitly; the views decide who may call them (logged-in members only).
Anonymous readers keep their ticks in their own browser (static/js/guide/checklist.js); nothing about them is
stored here.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import CharField, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .blocks import item_key
from .models import ChapterProgress, ChecklistTick, GuideChapterPage
from .outline import checklist_blocks, checklist_item_texts


class ChecklistInputError(ValueError):
    """The submitted ticks do not belong to the chapter (stale page, tampered form); the message is for readers."""


# In reader_state()'s single query, a row with this value stands for "the chapter is marked as read";
# checklist item keys are never empty.
READ_MARKER = ""


def reader_state(user, chapter: GuideChapterPage) -> tuple[frozenset, bool]:
    """The member's ticked item keys in the chapter and whether they marked it as read, in one query."""
    ticks = ChecklistTick.objects.filter(user=user, chapter=chapter).values_list("item_key", flat=True)
    read = (
        ChapterProgress.objects.filter(user=user, chapter=chapter, read_at__isnull=False)
        .annotate(marker=Value(READ_MARKER, output_field=CharField()))
        .values_list("marker", flat=True)
    )
    rows = set(ticks.union(read, all=True))
    return frozenset(rows - {READ_MARKER}), READ_MARKER in rows


def record_visit(user, chapter: GuideChapterPage) -> None:
    """Remember that the member opened the chapter now (for "Weiterlesen"), in one upsert."""
    ChapterProgress.objects.bulk_create(
        [ChapterProgress(user=user, chapter=chapter, last_visited_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "chapter"],
        update_fields=["last_visited_at"],
    )


def validate_ticks(chapter: GuideChapterPage, block_id: str, item_ids: list[str]) -> list[str]:
    """The keys the submitted item ids stand for; raises ChecklistInputError for anything unknown."""
    blocks = checklist_blocks(chapter.body)
    if block_id not in blocks:
        raise ChecklistInputError(
            _("This checklist is no longer part of the chapter. Please reload the page and try again.")
        )
    known = set(blocks[block_id])
    unknown = [item_id for item_id in item_ids if item_id not in known]
    if unknown:
        raise ChecklistInputError(
            _("At least one item is no longer part of this checklist. Please reload the page and try again.")
        )
    return [item_key(block_id, item_id) for item_id in dict.fromkeys(item_ids)]


def set_ticks(user, chapter: GuideChapterPage, block_id: str, item_ids: list[str]) -> frozenset:
    """Make the member's ticks in one checklist exactly `item_ids`; returns all their keys in the chapter."""
    wanted = set(validate_ticks(chapter, block_id, item_ids))
    prefix = item_key(block_id, "")
    with transaction.atomic():
        existing = set(
            ChecklistTick.objects.filter(user=user, chapter=chapter).values_list("item_key", flat=True)
        )
        in_block = {key for key in existing if key.startswith(prefix)}
        removed = in_block - wanted
        if removed:
            ChecklistTick.objects.filter(user=user, chapter=chapter, item_key__in=removed).delete()
        added = wanted - existing
        if added:
            ChecklistTick.objects.bulk_create(
                [ChecklistTick(user=user, chapter=chapter, item_key=key) for key in sorted(added)],
                ignore_conflicts=True,  # a second tab ticked the same item a moment ago
            )
    return frozenset((existing - removed) | added)


def set_read(user, chapter: GuideChapterPage, read: bool) -> bool:
    now = timezone.now()
    with transaction.atomic():
        progress, created = ChapterProgress.objects.select_for_update().get_or_create(
            user=user, chapter=chapter, defaults={"last_visited_at": now, "read_at": now if read else None}
        )
        if not created and (progress.read_at is not None) != read:
            progress.read_at = now if read else None
            progress.save(update_fields=["read_at"])
    return read


@dataclass
class GuideProgress:
    read_ids: set
    ticked_by_chapter: dict  # chapter id -> number of ticked items that still exist
    last_visited_id: int | None


def guide_progress(user, chapters) -> GuideProgress:
    """`chapters`: objects with `pk` and `checklist_keys` (pages or the cached rows of reading.py)."""
    # Read chapters, ticked items per chapter and the last chapter visited, in two queries.
    ids = [chapter.pk for chapter in chapters]
    rows = ChapterProgress.objects.filter(user=user, chapter_id__in=ids).values_list(
        "chapter_id", "read_at", "last_visited_at"
    )
    read_ids, last_visited_id, last_visited_at = set(), None, None
    for chapter_id, read_at, visited_at in rows:
        if read_at is not None:
            read_ids.add(chapter_id)
        if visited_at is not None and (last_visited_at is None or visited_at > last_visited_at):
            last_visited_id, last_visited_at = chapter_id, visited_at
    valid_keys = {chapter.pk: set(chapter.checklist_keys or ()) for chapter in chapters}
    ticked_by_chapter = dict.fromkeys(ids, 0)
    for chapter_id, key in ChecklistTick.objects.filter(user=user, chapter_id__in=ids).values_list(
        "chapter_id", "item_key"
    ):
        if key in valid_keys[chapter_id]:  # an item the editors removed no longer counts
            ticked_by_chapter[chapter_id] += 1
    return GuideProgress(
        read_ids=read_ids, ticked_by_chapter=ticked_by_chapter, last_visited_id=last_visited_id
    )


# --- Privacy: export and erasure (registered in community/integrations/guide.py) ---------------------------


def export_reader_data(user) -> dict:
    """Everything the guide keeps about the member, with chapter titles and item texts to make sense of it."""
    progress = list(
        ChapterProgress.objects.filter(user=user).select_related("chapter").order_by("chapter__path")
    )
    ticks = list(
        ChecklistTick.objects.filter(user=user).select_related("chapter").order_by("chapter__path", "id")
    )
    texts_by_chapter = {}
    for tick in ticks:
        if tick.chapter_id not in texts_by_chapter:
            texts_by_chapter[tick.chapter_id] = checklist_item_texts(tick.chapter.body)
    return {
        "chapters": [
            {
                "chapter": entry.chapter.title,
                "chapter_id": entry.chapter_id,
                "last_visited_at": entry.last_visited_at,
                "marked_read_at": entry.read_at,
            }
            for entry in progress
        ],
        "checklist_ticks": [
            {
                "chapter": tick.chapter.title,
                "chapter_id": tick.chapter_id,
                "item": texts_by_chapter[tick.chapter_id].get(tick.item_key),
                "item_key": tick.item_key,
                "ticked_at": tick.ticked_at,
            }
            for tick in ticks
        ],
    }


def erase_reader_data(user, keep_content: bool) -> None:
    # Ticks and progress are private reading notes, never public contributions: they go either way.
    ChecklistTick.objects.filter(user=user).delete()
    ChapterProgress.objects.filter(user=user).delete()
