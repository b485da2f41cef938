"""Calls in the Wagtail admin: the edit form in tabs with its rules (German errors, nothing lost), and the
participant list with CSV export, for editors only."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from community.calls import registration as rules
from community.calls.models import CommunityCallPage

pytestmark = pytest.mark.django_db


def edit_data(call, **changes) -> dict:
    """The admin form's data for `call` (start and end as typed in Berlin time), with `changes`."""
    start = timezone.localtime(call.start_at).strftime("%Y-%m-%d %H:%M")
    end = timezone.localtime(call.end_at).strftime("%Y-%m-%d %H:%M")
    data = {
        "title": call.title,
        "slug": call.slug,
        "summary": call.summary,
        "description": rich_text(""),
        "tags": "",
        "hosts": inline_formset([]),
        "materials": streamfield([]),
        "recording_url": "",
        "start_at": start,
        "end_at": end,
        "agenda": streamfield([]),
        "capacity": "" if call.capacity is None else str(call.capacity),
        "video_url": call.video_url,
        "minutes_date": "",
        "minutes_start_time": "",
        "minutes_end_time": "",
        "minutes_place": "",
        "minute_taker": "",
        "participant_count": "",
        "minutes_topics": streamfield([]),
        "minutes_decisions": streamfield([]),
        "minutes_action_items": streamfield([]),
        "minutes_next_steps": rich_text(""),
        "minutes_attachments": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


def test_the_edit_form_has_the_five_tabs(editor_client, make_call):
    call = make_call()
    html = editor_client.get(f"/admin/pages/{call.pk}/edit/").content.decode()
    for tab in ("Inhalt", "Ablauf", "Teilnahme", "Protokoll", "Veröffentlichung"):
        assert f">{tab}<" in html or f"{tab}\n" in html, tab
    assert "Nur angemeldete Teilnehmende und die Redaktion sehen ihn" in html  # German help text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_at": "2020-01-01 09:00"}, "end_at", "Das Ende muss nach dem Beginn liegen."),
        ({"capacity": "0"}, "capacity", "größer oder gleich 1"),
        ({"capacity": "-3"}, "capacity", ""),
        ({"capacity": "viele"}, "capacity", "Zahl"),
        ({"start_at": "2027-03-28 02:30"}, "start_at", "Europe/Berlin"),
    ],
)
def test_bad_input_in_the_admin_form(editor_client, make_call, changes, field, message):
    call = make_call("Der Call", summary="Eine Zusammenfassung, die erhalten bleibt.")
    data = edit_data(call, title="Neuer Titel, noch nicht gespeichert", **changes)
    response = editor_client.post(f"/admin/pages/{call.pk}/edit/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "Neuer Titel, noch nicht gespeichert" in html  # nothing the editor typed is lost
    assert CommunityCallPage.objects.get(pk=call.pk).title == "Der Call"


def test_places_cannot_drop_below_the_registrations(editor_client, make_call, make_member):
    call = make_call(capacity=3)
    for name in ("Anna", "Ben", "Cem"):
        rules.register(make_member(name), call)
    response = editor_client.post(f"/admin/pages/{call.pk}/edit/", edit_data(call, capacity="2"))
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "Es sind schon 3 Mitglieder angemeldet; weniger Plätze sind nicht möglich."
    ]


def test_agenda_longer_than_the_call_is_refused(editor_client, make_call):
    call = make_call(minutes=60)
    agenda = streamfield(
        [("item", {"title": "Input", "minutes": "45", "speaker": "", "description": ""}),
         ("item", {"title": "Diskussion", "minutes": "30", "speaker": "", "description": ""})]
    )  # fmt: skip
    response = editor_client.post(f"/admin/pages/{call.pk}/edit/", edit_data(call, agenda=agenda))
    assert response.status_code == 200
    assert "75 Minuten" in response.context["form"].errors["agenda"][0]


def test_a_valid_edit_is_saved_in_german_time(editor_client, make_call):
    call = make_call()
    response = editor_client.post(
        f"/admin/pages/{call.pk}/edit/",
        edit_data(
            call,
            start_at="2027-04-01 10:00",
            end_at="2027-04-01 11:30",
            capacity="12",
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    call.refresh_from_db()
    assert call.start_at.isoformat() == "2027-04-01T08:00:00+00:00"  # 10:00 CEST
    assert call.capacity == 12 and call.live


# --- Participants ------------------------------------------------------------------------------------------


@pytest.fixture
def full_call(make_call, make_member):
    call = make_call("Vorbilder", capacity=1)
    people = [
        make_member("Anna Angemeldet", email="anna@example.org"),
        make_member('=HYPERLINK("http://böse.example")', email="formel@example.org"),
        make_member("Carla Absage", email="carla@example.org"),
    ]
    for person in people:
        rules.register(person, call)
    rules.cancel(people[2], call)
    return call


def test_editors_see_the_participants_and_export_them_safely(editor_client, full_call):
    html = editor_client.get(f"/admin/community-calls/{full_call.pk}/teilnehmende/").content.decode()
    assert "Anna Angemeldet" in html and "anna@example.org" in html
    assert "1 angemeldet, 1 auf der Warteliste, 1 abgemeldet." in html
    assert "(Platz 1)" in html

    response = editor_client.get(f"/admin/community-calls/{full_call.pk}/teilnehmende/csv/")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="teilnehmende-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Name",
        "E-Mail",
        "Status",
        "Platz auf der Warteliste",
        "Angemeldet am",
        "Nachgerückt am",
        "Abgemeldet am",
    ]
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["anna@example.org"][:3] == ["Anna Angemeldet", "anna@example.org", "angemeldet"]
    formula = by_email["formel@example.org"]
    assert formula[0] == '\'=HYPERLINK("http://böse.example")'  # defused: a spreadsheet shows it as text
    assert formula[2:4] == ["auf der Warteliste", "1"]
    assert by_email["carla@example.org"][2] == "abgemeldet" and by_email["carla@example.org"][6]

    index = editor_client.get("/admin/community-calls/").content.decode()
    assert "Vorbilder" in index and f"/admin/community-calls/{full_call.pk}/teilnehmende/" in index
    edit = editor_client.get(f"/admin/pages/{full_call.pk}/edit/").content.decode()
    assert f"/admin/community-calls/{full_call.pk}/teilnehmende/" in edit  # the "Participants" button


def test_nobody_else_sees_the_participants(client, full_call, moderator_user, make_member):
    paths = [
        f"/admin/community-calls/{full_call.pk}/teilnehmende/",
        f"/admin/community-calls/{full_call.pk}/teilnehmende/csv/",
        "/admin/community-calls/",
    ]
    for path in paths:
        assert client.get(path).status_code == 302  # anonymous: to the login
    client.force_login(moderator_user)
    for path in paths:
        response = client.get(path)
        assert response.status_code in (302, 403), path
        assert b"anna@example.org" not in response.content
    client.force_login(make_member("Mia Mitglied"))
    for path in paths:
        response = client.get(path)
        assert response.status_code in (302, 403) and b"anna@example.org" not in response.content


def test_the_page_shows_editors_the_numbers_and_the_list(client, full_call, editor_user, make_member):
    client.force_login(editor_user)
    html = client.get(full_call.url).content.decode()
    assert "Redaktion: 1 angemeldet, 1 auf der Warteliste." in html
    assert f"/admin/community-calls/{full_call.pk}/teilnehmende/" in html
    client.force_login(make_member())
    html = client.get(full_call.url).content.decode()
    assert "teilnehmende/" not in html and "Redaktion:" not in html


def test_an_unknown_call_is_a_404_for_editors_only(client, editor_user, moderator_user):
    client.force_login(moderator_user)
    assert client.get("/admin/community-calls/999999/teilnehmende/").status_code in (302, 403)
    client.force_login(editor_user)
    assert client.get("/admin/community-calls/999999/teilnehmende/").status_code == 404
    assert timezone.now()  # the editor reaches the admin
    assert client.get("/admin/").status_code == 200


def test_moving_an_agenda_item_keeps_the_times_computed(make_call):
    call = make_call(minutes=90)
    assert call.duration_minutes == 90
    call.end_at += timedelta(minutes=30)
    assert call.duration_minutes == 120


def test_editors_preview_a_changed_call(editor_client, make_call):
    call = make_call("Vorschau-Call")
    data = edit_data(call, title="Vorschau mit neuem Titel", agenda=streamfield(
        [("item", {"title": "Begrüßung", "minutes": "15", "speaker": "", "description": ""})]
    ))  # fmt: skip
    url = f"/admin/pages/{call.pk}/edit/preview/"
    response = editor_client.post(url, data)
    assert response.status_code == 200 and response.json()["is_valid"]
    html = editor_client.get(url).content.decode()
    assert "Vorschau mit neuem Titel" in html and "Begrüßung" in html
    assert "Zugangslink (für dich als Redaktion sichtbar)" in html  # editors see the link in the preview
    assert "Teilnehmende melden sich" not in html


def test_editors_preview_a_new_call_before_saving(editor_client, make_call, call_index):
    template = make_call("Vorlage", publish=False)
    data = edit_data(
        template,
        title="Ganz neuer Call",
        slug="ganz-neu",
        hosts=inline_formset([{"user": "", "name": "Gast Gabi", "role": "Hochschule"}]),
    )
    url = f"/admin/pages/add/calls/communitycallpage/{call_index.pk}/preview/"
    response = editor_client.post(url, data)
    assert response.status_code == 200 and response.json()["is_valid"], response.content
    html = editor_client.get(url).content.decode()
    assert "Ganz neuer Call" in html and "Gast Gabi" in html
