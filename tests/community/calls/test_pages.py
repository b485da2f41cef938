"""The index of calls (upcoming, past, topic filter, pages), a call's page (hosts, agenda, materials, channel,
minutes), the home page section, topic pages, and what publishing a call does (channel, announcements)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from community.calls import registration as rules
from community.calls.models import CallState, CommunityCallIndexPage

from .conftest import agenda, berlin, count_queries

pytestmark = pytest.mark.django_db


def positions(html: str, *texts) -> list[int]:
    return [html.index(text) for text in texts]


# --- Index ------------------------------------------------------------------------------------------------------


def test_index_lists_upcoming_first_then_past_newest_first(client, make_call):
    make_call("Übermorgen", start=timedelta(days=2), tags=["Fördermittel"])
    make_call("Nächste Woche", start=timedelta(days=7), tags=["Ehrenamt"])
    make_call("Läuft gerade", start=timedelta(minutes=-20), minutes=60)
    make_call("Letzte Woche", start=timedelta(days=-7), tags=["Fördermittel"])
    make_call("Letzter Monat", start=timedelta(days=-30))
    make_call("Entwurf", publish=False)
    html = client.get("/community-calls/").content.decode()
    upcoming, past = html.split('id="past-heading"')
    a, b, c = positions(upcoming, "Läuft gerade", "Übermorgen", "Nächste Woche")
    assert a < b < c and "Läuft gerade</span>" not in upcoming.split("Läuft gerade")[0]
    d, e = positions(past, "Letzte Woche", "Letzter Monat")
    assert d < e and "Entwurf" not in html
    assert 'href="/community-calls/kalender.ics"' in html


def test_filter_by_topic_has_an_address_per_state(client, make_call):
    make_call("Fördercall", tags=["Fördermittel"])
    make_call("Ehrenamtscall", tags=["Ehrenamt"])
    make_call("Alter Fördercall", start=timedelta(days=-10), tags=["Fördermittel"])
    html = client.get("/community-calls/").content.decode()
    assert 'href="/community-calls/?thema=f%C3%B6rdermittel"' in html
    html = client.get("/community-calls/?thema=fördermittel").content.decode()
    assert "Fördercall" in html and "Alter Fördercall" in html and "Ehrenamtscall" not in html
    assert 'aria-current="page">Fördermittel<' in html
    assert (
        "<title>Community Calls: Fördermittel" in html
        and '<meta name="robots" content="noindex, follow">' in html
    )

    html = client.get("/community-calls/?thema=gibt-es-nicht").content.decode()
    assert "Ein Thema „gibt-es-nicht“ gibt es nicht; dieser Filter wurde nicht angewendet." in html
    assert "Fördercall" in html and "Ehrenamtscall" in html


def test_past_calls_are_paginated(client, make_call):
    from community.calls.listing import PAST_PAGE_SIZE

    for number in range(PAST_PAGE_SIZE + 2):
        make_call(f"Vergangen {number:02d}", start=timedelta(days=-(number + 1)))
    make_call("Kommend", start=timedelta(days=3))
    first = client.get("/community-calls/").content.decode()
    assert "Vergangen 00" in first and f"Vergangen {PAST_PAGE_SIZE - 1:02d}" in first
    assert f"Vergangen {PAST_PAGE_SIZE:02d}" not in first and 'href="?seite=2"' in first
    second = client.get("/community-calls/?seite=2").content.decode()
    assert f"Vergangen {PAST_PAGE_SIZE + 1:02d}" in second and "Vergangen 00" not in second
    assert "Kommend" not in second  # upcoming calls are on the first page only
    assert "(Seite 2)" in second
    beyond = client.get("/community-calls/?seite=9").content.decode()
    assert "Es gibt keine weiteren vergangenen Calls." in beyond
    bad = client.get("/community-calls/?seite=abc").content.decode()
    assert "„abc“ ist keine Seitenzahl; du siehst die erste Seite." in bad


def test_index_query_count_does_not_grow(client, make_call, make_member, django_assert_max_num_queries):
    for number in range(12):
        make_call(
            f"Call {number}",
            start=timedelta(days=number - 6),
            tags=["Ehrenamt", f"Thema {number}"],
            capacity=10,
        )
    assert count_queries(client, "/community-calls/") <= 12
    with django_assert_max_num_queries(12):
        assert client.get("/community-calls/?thema=ehrenamt").status_code == 200
    assert count_queries(client, "/community-calls/", cold=True) <= 14
    member = make_member()
    rules.register(member, CommunityCallIndexPage.objects.get().get_children().last().specific)
    client.force_login(member)
    assert count_queries(client, "/community-calls/") <= 14  # + session, user, own registrations


def test_index_marks_my_registrations_and_free_places(client, make_call, make_member):
    full = make_call("Voll", capacity=1)
    open_call = make_call("Offen", capacity=5)
    member = make_member()
    rules.register(make_member("Erste"), full)
    rules.register(member, full)
    rules.register(member, open_call)
    client.force_login(member)
    html = client.get("/community-calls/").content.decode()
    assert "Du stehst auf der Warteliste" in html and "Du bist angemeldet" in html
    assert "Ausgebucht – Warteliste offen" in html and "4 Plätze frei" in html


# --- A call's page ---------------------------------------------------------------------------------------------


def _document(title):
    from wagtail.documents import get_document_model

    document = get_document_model()(title=title)
    document.file.save("folien.pdf", ContentFile(b"%PDF-1.4 demo"), save=False)
    document.save()
    return document


@pytest.fixture
def rich_call(make_call, make_member):
    public_host = make_member("Laura Öffentlich", visibility={"display_name": "public"})
    private_host = make_member("Paul Privat")
    slides = _document("Folien Wirkungstreppe")
    attachment = _document("Methodenliste")
    call = make_call(
        "Wirkung messen",
        start=timedelta(days=-3),
        minutes=60,
        tags=["Wirkungsmessung"],
        hosts=[{"user": public_host, "role": "MINT-Region Kraichgau"}, {"user": private_host}, {"name": "Dr. Konstanze Werle", "role": "Institut"}],
        agenda=agenda(("Begrüßung", 10), ("Impuls", 20)),
        materials=[{"type": "document", "value": {"document": slides.pk, "title": "", "kind": "slides"}}],
        recording_url="https://medien.example/aufzeichnung",
        minute_taker="Rieke Redaktion",
        participant_count=17,
        minutes_topics=[
            {"type": "topic", "value": {"title": "Begrüßung", "notes": "<p>Ziele des Calls.</p>", "results": ""}},
            {"type": "topic", "value": {"title": "Beispiele", "notes": "<p>Zwei Regionen.</p>", "results": "<p>Vorlage folgt.</p>"}},
        ],
        minutes_decisions=[{"type": "decision", "value": {"text": "Wir erstellen eine Vorlage.", "topic_number": 2}}],
        minutes_action_items=[
            {"type": "action_item", "value": {"task": "Vorlage schreiben", "owner": "Redaktion", "due": "2026-12-15", "status": "in_arbeit"}},
            {"type": "action_item", "value": {"task": "Folien teilen", "owner": "Laura", "due": None, "status": "erledigt"}},
        ],
        minutes_next_steps="<p>Folgetermin im Frühjahr.</p>",
        minutes_attachments=[{"type": "document", "value": {"document": attachment.pk, "title": "Methodenliste (PDF)"}}],
    )  # fmt: skip
    return call


def test_call_page_shows_hosts_as_visible_to_the_visitor(client, rich_call, make_member):
    html = client.get(rich_call.url).content.decode()
    assert "Laura Öffentlich" in html and "Paul Privat" not in html  # members-only name stays hidden
    assert "Ein Mitglied der Community" in html and "Dr. Konstanze Werle" in html
    client.force_login(make_member())
    html = client.get(rich_call.url).content.decode()
    assert "Paul Privat" in html


def test_call_page_shows_agenda_materials_and_minutes(client, rich_call):
    html = client.get(rich_call.url).content.decode()
    start = timezone.localtime(rich_call.start_at)
    assert f">{start:%H:%M}</time>" in html and f">{start + timedelta(minutes=10):%H:%M}</time>" in html
    assert "Folien Wirkungstreppe" in html and "Folien, PDF" in html
    assert 'href="https://medien.example/aufzeichnung"' in html
    minutes = html.split('id="protokoll"', 1)[1]
    assert "TOP 1</span> Begrüßung" in minutes and "TOP 2</span> Beispiele" in minutes
    assert "Vorlage folgt." in minutes and "(zu TOP 2)" in minutes and 'href="#top-2"' in minutes
    assert '<th scope="col">Bis wann</th>' in minutes and "15.12.2026" in minutes
    assert 'action-status--in_arbeit">in Arbeit' in minutes and 'action-status--erledigt">erledigt' in minutes
    assert "Rieke Redaktion" in minutes and ">17<" in minutes and "Online (Videokonferenz)" in minutes
    assert "Methodenliste (PDF)" in minutes and "Folgetermin im Frühjahr." in minutes
    assert "data-print-minutes" in html and "js/calls/call.js" in html
    assert "Dieser Call hat am" in html


def test_call_page_query_count(
    client, rich_call, make_call, make_member, django_assert_max_num_queries, monkeypatch
):
    """The call page's own queries (sections other apps attach, e.g. a discussion, count for them)."""
    monkeypatch.setattr("home.page_extras._extras", {})
    assert count_queries(client, rich_call.url) <= 11
    upcoming = make_call("Kommend", tags=["Ehrenamt"], capacity=3)
    member = make_member()
    rules.register(member, upcoming)
    assert count_queries(client, upcoming.url) <= 12
    client.force_login(member)
    client.get(upcoming.url)  # warm: the header's cached parts
    with django_assert_max_num_queries(16):  # + session, user, roles, own registration, follow button
        assert client.get(upcoming.url).status_code == 200


def test_unknown_and_unpublished_calls_are_404(client, make_call):
    draft = make_call("Entwurf", publish=False)
    assert client.get("/community-calls/entwurf/").status_code == 404
    assert client.get(f"/community-calls/{draft.slug}/").status_code == 404
    assert client.get("/community-calls/gibt-es-nicht/kalender/").status_code == 404


# --- Publishing ----------------------------------------------------------------------------------------------------


def test_publishing_creates_and_updates_the_live_channel(client, make_call, make_member):
    from community.chat.access import access_for
    from community.chat.models import Channel, ChannelKind

    call = make_call(
        "Vorbilder gewinnen", start=berlin(2027, 2, 4, 16, 0), minutes=60, tags=["Mädchen in MINT"]
    )
    channel = Channel.objects.get(call_object_id=call.pk)
    assert channel.kind == ChannelKind.CALL and channel.call == call
    assert channel.name == "Community Call: Vorbilder gewinnen"
    assert channel.opens_at == call.start_at - timedelta(minutes=15)
    assert channel.closes_at == call.end_at + timedelta(minutes=30)
    assert list(channel.tags.names()) == ["Mädchen in MINT"]
    assert CallState.objects.get(call=call).channel == channel

    member = make_member()
    assert (
        access_for(member, channel, now=call.start_at - timedelta(minutes=20)).write_refusal
        == "call_not_open"
    )
    assert access_for(member, channel, now=call.start_at).can_post
    after = access_for(member, channel, now=call.end_at + timedelta(minutes=31))
    assert after.can_read and not after.can_post  # readable afterwards

    call.title = "Vorbilder gewinnen und halten"
    call.start_at += timedelta(hours=1)
    call.end_at += timedelta(hours=1)
    call.save_revision().publish()
    channel.refresh_from_db()
    assert Channel.objects.filter(call_object_id=call.pk).count() == 1
    assert channel.name == "Community Call: Vorbilder gewinnen und halten"
    assert channel.opens_at == call.start_at - timedelta(minutes=15)

    html = client.get(call.url).content.decode()
    assert f'href="/kanaele/{channel.slug}/"' not in html  # anonymous visitors get the login link
    assert "Melde dich an, um den Kanal zu lesen" in html
    client.force_login(member)
    assert f'href="/kanaele/{channel.slug}/"' in client.get(call.url).content.decode()

    call.delete()
    channel.refresh_from_db()
    assert channel.archived


def test_first_publication_notifies_topic_followers_once(
    make_call, make_member, django_capture_on_commit_callbacks
):
    from taggit.models import Tag

    from community.members.follow import follow
    from community.notifications.models import Notification

    follower, editor = make_member("Fiona Folgt"), make_member("Eddi Editor")
    follow(follower, Tag.objects.create(name="Ehrenamt"))
    follow(editor, Tag.objects.get(name="Ehrenamt"))
    with django_capture_on_commit_callbacks(execute=True):
        call = make_call("Ehrenamt halten", tags=["Ehrenamt"], start=berlin(2027, 5, 6, 10, 0), user=editor)
    [notification] = Notification.objects.filter(kind="followed_content")
    assert notification.recipient == follower  # not the editor who published it
    assert (
        notification.title
        == "Neuer Community Call: Ehrenamt halten, Donnerstag, 6. Mai 2027, 10:00–11:00 Uhr (MESZ)"
    )
    assert notification.url == call.url
    call.save_revision().publish()
    assert Notification.objects.filter(kind="followed_content").count() == 1

    past = make_call("Schon vorbei", tags=["Ehrenamt"], start=timedelta(days=-5))
    assert not Notification.objects.filter(title__contains=past.title).exists()


def test_minutes_are_announced_to_followers_and_participants_once(make_call, make_member):
    from community.members.follow import follow
    from community.notifications.models import Notification

    call = make_call("Fördermittel", start=timedelta(days=2))
    participant, follower = make_member("Pia Teilnehmerin"), make_member("Felix Folgt")
    rules.register(participant, call)
    follow(follower, call)
    call.minutes_topics = [
        {"type": "topic", "value": {"title": "Begrüßung", "notes": "<p>Hallo.</p>", "results": ""}}
    ]
    call.save_revision().publish()
    titles = {n.recipient: n.title for n in Notification.objects.filter(title__startswith="Das Protokoll")}
    assert titles == {
        participant: "Das Protokoll zu „Fördermittel“ ist online",
        follower: titles.get(follower),
    }
    assert titles[follower] == "Das Protokoll zu „Fördermittel“ ist online"
    call.save_revision().publish()
    assert Notification.objects.filter(title__startswith="Das Protokoll").count() == 2


# --- Elsewhere -----------------------------------------------------------------------------------------------------


def test_home_page_section_shows_the_next_calls(client, make_call):
    from community.calls.sections import HOME_COUNT

    make_call("Vorbei", start=timedelta(days=-2))
    for number in range(HOME_COUNT + 1):
        make_call(f"Bald {number}", start=timedelta(days=number + 1), capacity=10)
    html = client.get("/").content.decode()
    section = html.split('id="section-calls"', 1)[1].split("</section>", 1)[0]
    assert "Bald 0" in section and f"Bald {HOME_COUNT - 1}" in section
    assert f"Bald {HOME_COUNT}" not in section and "Vorbei" not in section
    assert "10 Plätze frei" in section and 'href="/community-calls/"' in section
    assert count_queries(client, "/") <= 6


def test_home_section_is_empty_without_upcoming_calls(client, make_call):
    make_call("Vorbei", start=timedelta(days=-2))
    html = client.get("/").content.decode()
    assert "Gerade ist kein Call geplant" in html


def test_topic_page_lists_calls_upcoming_first(client, make_call):
    make_call("Alter Call", start=timedelta(days=-20), tags=["Ehrenamt"])
    make_call("Neuer Call", start=timedelta(days=-2), tags=["Ehrenamt"])
    make_call("Kommender Call", start=timedelta(days=10), tags=["Ehrenamt"])
    make_call("Nächster Call", start=timedelta(days=2), tags=["Ehrenamt"])
    html = client.get("/themen/ehrenamt/").content.decode()
    assert (
        html.index("Nächster Call")
        < html.index("Kommender Call")
        < html.index("Neuer Call")
        < html.index("Alter Call")
    )
    assert "Kommender Community Call" in html and "Vergangener Community Call" in html
    overview = client.get("/themen/").content.decode()
    assert "Ehrenamt" in overview
