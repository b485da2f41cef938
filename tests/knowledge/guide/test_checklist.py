"""Ticking checklist items: members store them (form post or fetch), anonymous readers cannot write, and bad
input gets a German error without losing anything."""

import pytest
from django.test import Client
from django.utils import translation

from knowledge.guide.models import ChecklistTick
from knowledge.guide.views import PROGRESS_WRITE_LIMIT

from .conftest import checklist, heading, paragraph

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


@pytest.fixture
def chapter(make_chapter):
    return make_chapter(
        "Partner gewinnen",
        body=[
            heading("Wen du brauchst"),
            paragraph("<p>Text.</p>"),
            checklist("Vor dem ersten Treffen", "Partner auflisten", "Termin finden", "Einladung schreiben"),
            checklist("Danach", "Protokoll verschicken"),
        ],
    )


def ids_of(chapter, block_index=2):
    block = chapter.body[block_index]
    return block.id, [child.id for child in block.value["items"].bound_blocks]


def url_of(chapter):
    return f"/leitfaden/kapitel/{chapter.pk}/checkliste/"


def test_member_ticks_items_without_javascript(client, member, chapter):
    block_id, item_ids = ids_of(chapter)
    client.force_login(member)
    response = client.post(url_of(chapter), {"block": block_id, "item": [item_ids[0], item_ids[2]]})
    assert response.status_code == 302
    assert response["Location"] == f"{chapter.url}#checkliste-vor-dem-ersten-treffen"
    keys = set(ChecklistTick.objects.filter(user=member, chapter=chapter).values_list("item_key", flat=True))
    assert keys == {f"{block_id}:{item_ids[0]}", f"{block_id}:{item_ids[2]}"}

    html = client.get(chapter.url).content.decode()
    assert "Deine Checkliste ist gespeichert." in html
    assert html.count("checked") == 2
    assert f'value="{item_ids[0]}" data-key="{block_id}:{item_ids[0]}" checked' in html
    assert f'value="{item_ids[1]}" data-key="{block_id}:{item_ids[1]}">' in html
    assert "2 von 3 abgehakt" in html
    assert f'action="{url_of(chapter)}"' in html and 'name="csrfmiddlewaretoken"' in html


def test_posting_a_checklist_sets_exactly_its_ticks_and_leaves_other_checklists_alone(
    client, member, chapter
):
    block_id, item_ids = ids_of(chapter)
    other_block, other_items = ids_of(chapter, 3)
    client.force_login(member)
    client.post(url_of(chapter), {"block": other_block, "item": other_items})
    client.post(url_of(chapter), {"block": block_id, "item": item_ids})
    client.post(url_of(chapter), {"block": block_id, "item": [item_ids[1]]})
    keys = set(ChecklistTick.objects.filter(user=member).values_list("item_key", flat=True))
    assert keys == {f"{block_id}:{item_ids[1]}", f"{other_block}:{other_items[0]}"}

    # Unticking everything in a list is a post without items.
    client.post(url_of(chapter), {"block": block_id})
    assert set(ChecklistTick.objects.filter(user=member).values_list("item_key", flat=True)) == {
        f"{other_block}:{other_items[0]}"
    }


def test_member_ticks_with_javascript_get_json(client, member, chapter):
    block_id, item_ids = ids_of(chapter)
    client.force_login(member)
    response = client.post(url_of(chapter), {"block": block_id, "item": [item_ids[1]]}, **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "detail": "Deine Checkliste ist gespeichert.",
        "ticked": [f"{block_id}:{item_ids[1]}"],
        "ticked_count": 1,
    }


def test_ticks_are_per_member(client, member, make_member, chapter):
    block_id, item_ids = ids_of(chapter)
    client.force_login(member)
    client.post(url_of(chapter), {"block": block_id, "item": item_ids})
    other = Client()
    other.force_login(make_member())
    html = other.get(chapter.url).content.decode()
    assert " checked" not in html


def test_anonymous_visitors_cannot_write(client, chapter):
    block_id, item_ids = ids_of(chapter)
    response = client.post(url_of(chapter), {"block": block_id, "item": item_ids})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")
    response = client.post(url_of(chapter), {"block": block_id, "item": item_ids}, **JSON)
    assert response.status_code == 403
    assert (
        response.json()["detail"]
        == "Bitte melde dich an, damit deine Häkchen auf allen Geräten erhalten bleiben."
    )
    assert ChecklistTick.objects.count() == 0


def test_anonymous_readers_get_browser_checklists_and_a_login_hint(client, chapter):
    html = client.get(chapter.url).content.decode()
    assert "data-checklist-local" in html
    assert 'action="/leitfaden/' not in html
    assert "Deine Häkchen werden nur in diesem Browser gespeichert." in html
    assert f'href="/konto/login/?next={chapter.url}"' in html
    assert "static/js/guide/chapter.js" in html or "js/guide/chapter.js" in html


def test_ticking_in_a_chapter_that_does_not_exist_is_refused(client, member, chapter):
    block_id, item_ids = ids_of(chapter)
    client.force_login(member)
    response = client.post(
        "/leitfaden/kapitel/999999/checkliste/", {"block": block_id, "item": item_ids}, **JSON
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Dieses Kapitel gibt es nicht (mehr)."
    assert client.post("/leitfaden/kapitel/999999/checkliste/", {"block": block_id}).status_code == 404
    assert ChecklistTick.objects.count() == 0


def test_ticking_in_an_unpublished_chapter_is_refused(client, member, make_chapter):
    draft = make_chapter(body=[checklist("Liste", "Eins")], publish=False)
    block_id, item_ids = ids_of(draft, 0)
    client.force_login(member)
    response = client.post(url_of(draft), {"block": block_id, "item": item_ids}, **JSON)
    assert response.status_code == 404
    assert ChecklistTick.objects.count() == 0


def test_an_unknown_item_gets_a_german_error_next_to_the_checklist(client, member, chapter):
    block_id, item_ids = ids_of(chapter)
    client.force_login(member)
    client.post(url_of(chapter), {"block": block_id, "item": [item_ids[0]]})
    response = client.post(url_of(chapter), {"block": block_id, "item": [item_ids[1], "erfundene-id"]})
    assert response.status_code == 400
    html = response.content.decode()
    message = "Mindestens ein Punkt gehört nicht mehr zu dieser Checkliste."
    error_list = html[html.index('<ul class="errorlist"') :]
    assert message in error_list[: error_list.index("</ul>")]
    assert 'aria-describedby="checkliste-vor-dem-ersten-treffen-errors"' in html
    # Nothing was saved; the reader's choice is still on the page.
    assert set(ChecklistTick.objects.filter(user=member).values_list("item_key", flat=True)) == {
        f"{block_id}:{item_ids[0]}"
    }
    assert f'value="{item_ids[1]}" data-key="{block_id}:{item_ids[1]}" checked' in html

    response = client.post(url_of(chapter), {"block": block_id, "item": ["erfundene-id"]}, **JSON)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)


def test_an_unknown_checklist_gets_a_german_message(client, member, chapter):
    client.force_login(member)
    response = client.post(url_of(chapter), {"block": "gibt-es-nicht", "item": ["x"]}, follow=True)
    assert response.redirect_chain[-1][0] == chapter.url
    assert "Diese Checkliste gehört nicht mehr zum Kapitel." in response.content.decode()
    response = client.post(url_of(chapter), {"block": "gibt-es-nicht"}, **JSON)
    assert response.status_code == 400
    assert "Diese Checkliste gehört nicht mehr zum Kapitel." in response.json()["detail"]
    assert ChecklistTick.objects.count() == 0


def test_the_endpoint_accepts_only_posts_with_a_csrf_token(member, chapter):
    block_id, item_ids = ids_of(chapter)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(url_of(chapter)).status_code == 405
    assert client.post(url_of(chapter), {"block": block_id, "item": item_ids}).status_code == 403
    assert ChecklistTick.objects.count() == 0


def test_writes_are_rate_limited(client, member, chapter):
    block_id, item_ids = ids_of(chapter)
    client.force_login(member)
    for _ in range(PROGRESS_WRITE_LIMIT.limit):
        assert client.post(url_of(chapter), {"block": block_id, "item": item_ids}, **JSON).status_code == 200
    response = client.post(url_of(chapter), {"block": block_id, "item": [item_ids[0]]}, **JSON)
    assert response.status_code == 429
    assert "Bitte warte" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    # The form post without JavaScript shows the message next to the checklist and keeps the reader's choice.
    response = client.post(url_of(chapter), {"block": block_id, "item": [item_ids[0]]})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Du hast in kurzer Zeit sehr oft gespeichert." in html
    assert f'value="{item_ids[1]}" data-key="{block_id}:{item_ids[1]}">' in html
    assert ChecklistTick.objects.filter(user=member).count() == 3


def test_ticks_of_removed_items_no_longer_count(client, member, chapter):
    block_id, item_ids = ids_of(chapter)
    client.force_login(member)
    client.post(url_of(chapter), {"block": block_id, "item": item_ids})
    # The editor deletes the first item.
    raw = chapter.body.raw_data
    raw[2]["value"]["items"] = raw[2]["value"]["items"][1:]
    chapter.body = list(raw)
    chapter.save_revision().publish()
    html = client.get(chapter.url).content.decode()
    assert "2 von 2 abgehakt" in html
    guide_html = client.get("/gruendungsleitfaden/").content.decode()
    assert "2 von 3 Checklistenpunkten abgehakt" in guide_html
