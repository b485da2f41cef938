"""A member's ticks and reading progress are part of the data export and go when the account is deleted."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from community.members import privacy
from knowledge.guide.models import ChapterProgress, ChecklistTick

from .conftest import checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading(client, member, make_member, make_chapter):
    chapter = make_chapter(
        "Partner gewinnen", body=[checklist("Vor dem Treffen", "Partner auflisten", "Termin")]
    )
    other_chapter = make_chapter("Vision und Ziele")
    block = chapter.body[0]
    item_ids = [child.id for child in block.value["items"].bound_blocks]
    client.force_login(member)
    client.get(chapter.url)
    client.get(other_chapter.url)
    client.post(f"/leitfaden/kapitel/{chapter.pk}/checkliste/", {"block": block.id, "item": [item_ids[0]]})
    client.post(f"/leitfaden/kapitel/{other_chapter.pk}/gelesen/", {"read": "1"})
    someone_else = make_member()
    ChecklistTick.objects.create(user=someone_else, chapter=chapter, item_key=f"{block.id}:{item_ids[1]}")
    ChapterProgress.objects.create(user=someone_else, chapter=chapter)
    return {
        "chapter": chapter,
        "other": other_chapter,
        "key": f"{block.id}:{item_ids[0]}",
        "someone": someone_else,
    }


def test_export_contains_ticks_and_progress(member, reading):
    data = privacy.export_user_data(member)["guide"]
    json.dumps(data, cls=DjangoJSONEncoder)  # the export is JSON
    chapters = {entry["chapter"]: entry for entry in data["chapters"]}
    assert set(chapters) == {"Partner gewinnen", "Vision und Ziele"}
    assert chapters["Vision und Ziele"]["marked_read_at"] is not None
    assert chapters["Partner gewinnen"]["marked_read_at"] is None
    assert chapters["Partner gewinnen"]["last_visited_at"] is not None
    assert data["checklist_ticks"] == [
        {
            "chapter": "Partner gewinnen",
            "chapter_id": reading["chapter"].pk,
            "item": "Partner auflisten",
            "item_key": reading["key"],
            "ticked_at": data["checklist_ticks"][0]["ticked_at"],
        }
    ]


@pytest.mark.parametrize("keep_content", [True, False])
def test_erasure_removes_ticks_and_progress_of_this_member_only(member, reading, keep_content):
    privacy.erase_user(member, keep_content=keep_content)
    assert not ChecklistTick.objects.filter(user_id=member.pk).exists()
    assert not ChapterProgress.objects.filter(user_id=member.pk).exists()
    assert ChecklistTick.objects.filter(user=reading["someone"]).count() == 1
    assert ChapterProgress.objects.filter(user=reading["someone"]).count() == 1


def test_the_guide_is_registered_with_the_privacy_registry():
    assert "guide" in {handler.name for handler in privacy.handlers()}
