"""Per-member reading progress: marking chapters as read, the last chapter visited, and what the guide page shows."""

import pytest
from django.utils import timezone, translation

from knowledge.guide.models import ChapterProgress, ChecklistTick

from .conftest import checklist

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


@pytest.fixture
def chapters(make_chapter):
    return [
        make_chapter("Bestandsaufnahme", body=[checklist("Liste", "Eins", "Zwei")]),
        make_chapter("Partner gewinnen", body=[checklist("Liste", "Drei", "Vier", "Fünf")]),
        make_chapter("Vision und Ziele"),
    ]


def read_url(chapter):
    return f"/leitfaden/kapitel/{chapter.pk}/gelesen/"


def test_member_marks_a_chapter_as_read_and_unread(client, member, chapters):
    chapter = chapters[0]
    client.force_login(member)
    html = client.get(chapter.url).content.decode()
    assert 'aria-pressed="false"' in html and "Kapitel als gelesen markieren" in html
    assert '<input type="hidden" name="read" value="1" data-read-value>' in html

    response = client.post(read_url(chapter), {"read": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{chapter.url}#chapter-progress"
    assert ChapterProgress.objects.get(user=member, chapter=chapter).read_at is not None
    html = client.get(chapter.url).content.decode()
    assert 'aria-pressed="true"' in html and "Du hast dieses Kapitel als gelesen markiert." in html
    assert "Das Kapitel „Bestandsaufnahme“ ist als gelesen markiert." in html
    assert '<input type="hidden" name="read" value="0" data-read-value>' in html

    response = client.post(read_url(chapter), {"read": "0"}, **JSON)
    assert response.json() == {
        "detail": "Das Kapitel „Bestandsaufnahme“ ist als ungelesen markiert.",
        "read": False,
    }
    assert ChapterProgress.objects.get(user=member, chapter=chapter).read_at is None


def test_marking_as_read_needs_a_valid_value_and_a_login(client, member, chapters):
    chapter = chapters[0]
    response = client.post(read_url(chapter), {"read": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    assert client.post(read_url(chapter), {"read": "1"}, **JSON).status_code == 403
    assert ChapterProgress.objects.count() == 0

    client.force_login(member)
    response = client.post(read_url(chapter), {"read": "vielleicht"}, follow=True)
    assert "Bitte nutze die Schaltfläche" in response.content.decode()
    assert client.post(read_url(chapter), {"read": "vielleicht"}, **JSON).status_code == 400
    assert client.post("/leitfaden/kapitel/999999/gelesen/", {"read": "1"}, **JSON).status_code == 404
    assert not ChapterProgress.objects.filter(read_at__isnull=False).exists()


def test_opening_a_chapter_remembers_it_for_continue_reading(client, member, chapters):
    client.force_login(member)
    html = client.get("/gruendungsleitfaden/").content.decode()
    assert "0 von 3 Kapiteln gelesen" in html
    assert "Mit dem Lesen beginnen: Bestandsaufnahme" in html
    assert "Weiterlesen" not in html

    client.get(chapters[1].url)
    html = client.get("/gruendungsleitfaden/").content.decode()
    assert f'<a class="button" href="{chapters[1].url}">Weiterlesen: Kapitel 2 · Partner gewinnen</a>' in html
    assert "Mit dem Lesen beginnen" not in html
    assert "guide-toc__item--current" in html


def test_continue_reading_moves_on_once_the_chapter_is_read(client, member, chapters):
    client.force_login(member)
    client.get(chapters[1].url)
    client.post(read_url(chapters[1]), {"read": "1"})
    html = client.get("/gruendungsleitfaden/").content.decode()
    assert "Weiterlesen: Kapitel 3 · Vision und Ziele" in html

    # Chapter 3 read as well: the first unread chapter before it is next.
    client.get(chapters[2].url)
    client.post(read_url(chapters[2]), {"read": "1"})
    html = client.get("/gruendungsleitfaden/").content.decode()
    assert "Weiterlesen: Kapitel 1 · Bestandsaufnahme" in html

    client.post(read_url(chapters[0]), {"read": "1"})
    html = client.get("/gruendungsleitfaden/").content.decode()
    assert "Weiterlesen" not in html
    assert "Du hast alle Kapitel gelesen." in html


def test_guide_page_shows_chapters_read_and_items_ticked(client, member, chapters):
    client.force_login(member)
    client.post(read_url(chapters[0]), {"read": "1"})
    block = chapters[1].body[0]
    item_ids = [child.id for child in block.value["items"].bound_blocks]
    client.post(f"/leitfaden/kapitel/{chapters[1].pk}/checkliste/", {"block": block.id, "item": item_ids[:2]})

    html = client.get("/gruendungsleitfaden/").content.decode()
    assert "1 von 3 Kapiteln gelesen" in html
    assert (
        '<progress class="guide-progress__bar" max="3" value="1" aria-labelledby="guide-progress-summary">'
        in html
    )
    assert "2 von 5 Checklistenpunkten abgehakt" in html
    assert "Checkliste: 2 von 3 Punkten abgehakt" in html
    assert "Checkliste: 0 von 2 Punkten abgehakt" in html
    assert html.count('<span class="badge badge--success">Gelesen</span>') == 1
    assert html.count('<span class="badge">Noch nicht gelesen</span>') == 2


def test_the_last_chapter_visited_wins(member, chapters):
    from knowledge.guide.progress import guide_progress

    now = timezone.now()
    ChapterProgress.objects.create(
        user=member, chapter=chapters[2], last_visited_at=now - timezone.timedelta(days=2)
    )
    ChapterProgress.objects.create(user=member, chapter=chapters[0], last_visited_at=now)
    assert guide_progress(member, chapters).last_visited_id == chapters[0].pk


def test_a_preview_or_a_post_does_not_count_as_a_visit(rf, member, chapters):
    from knowledge.guide.reading import chapter_context

    request = rf.get(chapters[0].url)
    request.user = member
    request.is_preview = True
    chapter_context(chapters[0], request)
    assert not ChapterProgress.objects.exists()

    request = rf.get(chapters[0].url)
    request.user = member
    chapter_context(chapters[0], request)
    assert ChapterProgress.objects.get().last_visited_at is not None


def test_anonymous_readers_see_no_progress_and_no_read_button(client, chapters):
    html = client.get(chapters[0].url).content.decode()
    assert "data-read-form" not in html
    assert "um Kapitel als gelesen zu markieren" in html
    client.get(chapters[0].url)
    assert ChapterProgress.objects.count() == 0 and ChecklistTick.objects.count() == 0
