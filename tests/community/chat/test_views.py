"""The channel pages over HTTP: without JavaScript everything works (messages render, a plain form posts, links
paginate), every action checks permissions, bad input keeps what was written, and the number of queries does
not grow with the number of channels or messages."""

import os
import re
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.chat import moderation, posting
from community.chat.models import (
    Channel,
    ChannelKind,
    Membership,
    Message,
    ModerationAction,
    ModerationActionKind,
    Report,
    ReportStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    from community.members.roles import sync_roles

    sync_roles()


def fill(channel, author, count, start=1):
    """`count` messages stored directly (fast), numbered from `start`."""
    Message.objects.bulk_create(
        Message(
            channel=channel, seq=n, change=n, author=author, client_id=f"fill-{channel.pk}-{n}",
            body=f"Nachricht Nummer {n}", body_html=f"<p>Nachricht Nummer {n}</p>",
        )
        for n in range(start, start + count)
    )  # fmt: skip
    last = start + count - 1
    Channel.objects.filter(pk=channel.pk).update(last_seq=last, last_change=last)
    channel.refresh_from_db()


def form(body="Hallo aus dem Kraichgau", **extra):
    return {"body": body, "client_id": uuid.uuid4().hex, **extra}


def queries_for(client, path) -> int:
    client.get(path)  # warm the caches a member's second page view finds warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(captured)


# --- The list ---------------------------------------------------------------------------------------------------


def test_the_channel_list_is_for_members(client, open_channel):
    response = client.get("/kanaele/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


def test_the_list_shows_my_channels_with_unread_counts_and_mention_badges(
    client, site_shell, alice, bob, open_channel, make_channel, post
):
    make_channel("finanzierung", name="Finanzierung", description="Geld für die **Koordination**")
    make_channel("geheim", name="Geheimer Kanal", kind=ChannelKind.PRIVATE)
    posting.join(alice, open_channel)
    post(bob, open_channel, "Hallo @Alice Beispiel")
    post(bob, open_channel, "Noch etwas")
    client.force_login(alice)
    html = client.get("/kanaele/").content.decode()
    mine = html.split('id="my-channels"')[1].split('id="more-channels"')[0]
    assert "Allgemein" in mine and ", 2 ungelesene Nachrichten, 1 Erwähnung von dir" in mine
    assert '<span class="chat-badge chat-badge--mention"' in mine and "@1" in mine
    more = html.split('id="more-channels"')[1]
    assert "Finanzierung" in more and "Geld für die Koordination" in more  # Markdown as plain text
    assert 'Beitreten<span class="visually-hidden">: Finanzierung</span>' in more
    assert "Geheimer Kanal" not in html


def test_channel_list_queries_do_not_grow_with_channels_or_messages(
    client, site_shell, alice, bob, make_channel, post
):
    first = make_channel("eins")
    posting.join(alice, first)
    post(bob, first, "Hallo @Alice Beispiel")
    client.force_login(alice)
    few = queries_for(client, "/kanaele/")
    for number in range(12):
        channel = make_channel(f"kanal-{number}")
        channel.tags.set(["Finanzierung", f"Thema {number}"])
        fill(channel, bob, 30)
        posting.join(alice, channel)
    many = queries_for(client, "/kanaele/")
    assert many == few
    assert many <= 12


# --- A channel --------------------------------------------------------------------------------------------------


def test_the_channel_page_renders_history_pinned_and_the_form_without_javascript(
    client, site_shell, alice, bob, moderator, open_channel, post
):
    question = post(bob, open_channel, "Wer kennt eine **Stiftung** für Personalkosten? <script>x</script>")
    post(alice, open_channel, "Ich! Schau auf https://example.org", reply_to_seq=question.seq)
    posting.set_pinned(moderator, open_channel, question.seq, True)
    client.force_login(alice)
    response = client.get("/kanaele/allgemein/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Stiftung</strong>" in html and "<script>x" not in html
    assert 'id="nachricht-1"' in html and 'id="nachricht-2"' in html
    assert "Antwort an Bob Beispiel" in html  # the quote of the replied-to message
    assert 'class="chat-pinned"' in html and "Wer kennt eine Stiftung für Personalkosten?" in html
    assert 'action="/kanaele/allgemein/senden/"' in html and 'name="client_id"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "/static/js/chat/channel.js" in html
    # Alice's own message offers edit and delete, Bob's offers reporting; a member does not pin.
    own = html.split('id="nachricht-2"')[1]
    assert "/kanaele/allgemein/nachrichten/2/bearbeiten/" in own
    assert "/kanaele/allgemein/nachrichten/1/melden/" in html
    assert "/kanaele/allgemein/nachrichten/1/bearbeiten/" not in html
    assert "/anheften/" not in html


def test_private_channels_answer_forbidden_to_outsiders(client, site_shell, alice, make_channel):
    make_channel("geheim", name="Geheim", kind=ChannelKind.PRIVATE)
    client.force_login(alice)
    response = client.get("/kanaele/geheim/")
    assert response.status_code == 403
    assert "Dieser Kanal ist privat" in response.content.decode()
    for path in ("/kanaele/geheim/aeltere/?vor=5", "/kanaele/geheim/aenderungen/?nach=0"):
        assert client.get(path).status_code == 403
    assert client.post("/kanaele/geheim/senden/", form()).status_code == 403
    assert not Message.objects.exists()


def test_history_pages_back_and_forth(client, site_shell, alice, open_channel):
    fill(open_channel, alice, 120)
    client.force_login(alice)
    latest = client.get("/kanaele/allgemein/").content.decode()
    assert (
        'id="nachricht-120"' in latest and 'id="nachricht-71"' in latest and 'id="nachricht-70"' not in latest
    )
    assert 'href="?vor=71"' in latest and 'data-live="1"' in latest
    older = client.get("/kanaele/allgemein/?vor=71").content.decode()
    assert 'id="nachricht-21"' in older and 'id="nachricht-70"' in older and 'id="nachricht-71"' not in older
    assert 'href="?vor=21"' in older and 'href="?ab=71"' in older and 'data-live="0"' in older
    assert "/static/js/chat/channel.js" not in older and "data-chat-composer" not in older
    oldest = client.get("/kanaele/allgemein/?vor=21").content.decode()
    assert 'id="nachricht-1"' in oldest and 'href="?vor=' not in oldest


def test_jump_to_the_first_unread_message(client, site_shell, alice, bob, open_channel):
    fill(open_channel, bob, 100)
    Membership.objects.create(channel=open_channel, user=alice, last_read_seq=20)
    client.force_login(alice)
    html = client.get("/kanaele/allgemein/").content.decode()
    assert "Zur ersten ungelesenen Nachricht (80 neu)" in html
    assert 'href="?ab=21#ungelesen"' in html  # older than the page shows: a link to the stretch from there
    assert Membership.objects.get(user=alice).last_read_seq == 100  # seen now
    Membership.objects.filter(user=alice).update(last_read_seq=90)
    html = client.get("/kanaele/allgemein/").content.decode()
    assert 'href="#ungelesen"' in html and html.index('id="ungelesen"') < html.index('id="nachricht-91"')
    jumped = client.get("/kanaele/allgemein/?ab=21").content.decode()
    assert 'id="nachricht-18"' in jumped and 'id="nachricht-67"' in jumped


def test_channel_page_queries_do_not_grow_with_messages(
    client, site_shell, alice, bob, open_channel, make_channel
):
    fill(open_channel, bob, 5)
    posting.join(alice, open_channel)
    client.force_login(alice)
    few = queries_for(client, "/kanaele/allgemein/")
    big = make_channel("gross")
    fill(big, bob, 400)
    Message.objects.filter(channel=big, seq__gt=300).update(
        reply_to=Message.objects.filter(channel=big, seq=5).first()
    )
    posting.join(alice, big)
    many = queries_for(client, "/kanaele/gross/")
    assert many == few
    assert many <= 12


# --- Writing without JavaScript --------------------------------------------------------------------------------------


def test_posting_with_the_plain_form(client, site_shell, alice, open_channel):
    client.force_login(alice)
    data = form("Hallo aus dem **Kraichgau**")
    response = client.post("/kanaele/allgemein/senden/", data)
    assert response.status_code == 302 and response["Location"] == "/kanaele/allgemein/#nachricht-1"
    # A double submit (the same rendered form) is stored once.
    assert client.post("/kanaele/allgemein/senden/", data).status_code == 302
    assert Message.objects.count() == 1
    html = client.get("/kanaele/allgemein/").content.decode()
    assert "<strong>Kraichgau</strong>" in html


def test_replying_without_javascript(client, site_shell, alice, bob, open_channel, post):
    post(bob, open_channel, "Wer war beim Barcamp?")
    client.force_login(alice)
    html = client.get("/kanaele/allgemein/?antwort=1").content.decode()
    assert 'name="reply_to" value="1"' in html and "Antwort an Bob Beispiel" in html
    client.post("/kanaele/allgemein/senden/", form("Ich!", reply_to="1"))
    assert Message.objects.get(seq=2).reply_to.seq == 1


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ("   ", 400, "Bitte schreib eine Nachricht."),
        ("x" * 4001, 400, "Eine Nachricht darf höchstens 4.000 Zeichen haben; diese hat 4001."),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_kept(
    client, site_shell, alice, open_channel, body, status, text
):
    client.force_login(alice)
    response = client.post("/kanaele/allgemein/senden/", form(body))
    html = response.content.decode()
    assert response.status_code == status
    assert text in html and 'aria-invalid="true"' in html
    if body.strip():
        assert body in html  # nothing written is lost
    assert not Message.objects.exists()


def test_rate_limited_posting_keeps_the_text(client, site_shell, alice, open_channel):
    client.force_login(alice)
    for number in range(posting.SEND_BURST_LIMIT.limit):
        client.post("/kanaele/allgemein/senden/", form(f"Nachricht {number}"))
    response = client.post("/kanaele/allgemein/senden/", form("Diese hier bitte nicht verlieren"))
    assert response.status_code == 429 and response["Retry-After"]
    html = response.content.decode()
    assert "Du schreibst sehr schnell" in html and "Diese hier bitte nicht verlieren" in html


def test_refused_posting_says_why(client, site_shell, alice, make_channel):
    make_channel("ankuendigungen", kind=ChannelKind.ANNOUNCEMENTS)
    client.force_login(alice)
    page = client.get("/kanaele/ankuendigungen/").content.decode()
    assert "In diesem Ankündigungskanal schreibt nur die Moderation." in page
    response = client.post("/kanaele/ankuendigungen/senden/", form("Darf ich?"))
    assert response.status_code == 403
    assert "In diesem Ankündigungskanal schreibt nur die Moderation." in response.content.decode()


def test_join_and_leave(client, site_shell, alice, open_channel):
    client.force_login(alice)
    assert "Kanal beitreten" in client.get("/kanaele/allgemein/").content.decode()
    client.post("/kanaele/allgemein/beitreten/")
    assert Membership.objects.get(user=alice).joined
    assert "Kanal verlassen" in client.get("/kanaele/allgemein/").content.decode()
    client.post("/kanaele/allgemein/verlassen/")
    assert not Membership.objects.get(user=alice).joined


# --- A message's actions ----------------------------------------------------------------------------------------------


def test_react_pin_and_delete_forms_check_permissions(
    client, site_shell, alice, bob, moderator, open_channel, post
):
    post(bob, open_channel, "Bobs Beitrag")
    client.force_login(alice)
    client.post("/kanaele/allgemein/nachrichten/1/reaktion/", {"emoji": "👍"})
    assert Message.objects.get(seq=1).reactions == {"👍": [alice.pk]}
    response = client.post("/kanaele/allgemein/nachrichten/1/anheften/", {"pinned": "1"}, follow=True)
    assert "Das kann nur die Moderation des Kanals." in response.content.decode()
    assert client.get("/kanaele/allgemein/nachrichten/1/loeschen/").status_code == 403
    assert client.post("/kanaele/allgemein/nachrichten/1/loeschen/").status_code == 403

    client.force_login(moderator)
    confirm = client.get("/kanaele/allgemein/nachrichten/1/loeschen/").content.decode()
    assert "Moderationsprotokoll" in confirm and "Bobs Beitrag" in confirm
    client.post("/kanaele/allgemein/nachrichten/1/anheften/", {"pinned": "1"})
    client.post("/kanaele/allgemein/nachrichten/1/loeschen/")
    message = Message.objects.get(seq=1)
    assert message.is_deleted and message.pinned_at is None
    assert "Nachricht gelöscht" in client.get("/kanaele/allgemein/").content.decode()


def test_editing_keeps_history_visible_to_members(client, site_shell, alice, bob, open_channel, post):
    post(alice, open_channel, "Treffen am Dienstag")
    client.force_login(bob)
    assert client.get("/kanaele/allgemein/nachrichten/1/bearbeiten/").status_code == 403
    client.force_login(alice)
    page = client.get("/kanaele/allgemein/nachrichten/1/bearbeiten/").content.decode()
    assert "Treffen am Dienstag" in page
    response = client.post("/kanaele/allgemein/nachrichten/1/bearbeiten/", {"body": "x" * 4001})
    assert response.status_code == 400 and "höchstens 4.000 Zeichen" in response.content.decode()
    response = client.post("/kanaele/allgemein/nachrichten/1/bearbeiten/", {"body": "Treffen am Mittwoch"})
    assert response.status_code == 302
    html = client.get("/kanaele/allgemein/").content.decode()
    assert "Treffen am Mittwoch" in html and "/kanaele/allgemein/nachrichten/1/verlauf/" in html
    client.force_login(bob)
    history = client.get("/kanaele/allgemein/nachrichten/1/verlauf/").content.decode()
    assert "Treffen am Dienstag" in history and "Treffen am Mittwoch" in history


def test_reporting_a_message(client, site_shell, alice, bob, open_channel, post):
    post(bob, open_channel, "Ihr habt doch alle keine Ahnung")
    client.force_login(alice)
    page = client.get("/kanaele/allgemein/nachrichten/1/melden/").content.decode()
    assert "Ihr habt doch alle keine Ahnung" in page
    response = client.post("/kanaele/allgemein/nachrichten/1/melden/", {"reason": "nonsense"})
    assert response.status_code == 400
    response = client.post("/kanaele/allgemein/nachrichten/1/melden/", {"reason": "abuse", "note": "Ton"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.note) == (alice, "abuse", "Ton")
    again = client.post("/kanaele/allgemein/nachrichten/1/melden/", {"reason": "abuse"})
    assert "Du hast diese Nachricht schon gemeldet" in again.content.decode()


# --- JSON for the script ----------------------------------------------------------------------------------------------


def test_older_messages_and_changes_as_json(client, site_shell, alice, open_channel):
    fill(open_channel, alice, 70)
    client.force_login(alice)
    older = client.get("/kanaele/allgemein/aeltere/?vor=21").json()
    assert [m["seq"] for m in older["messages"]] == list(range(1, 21))
    assert older["has_older"] is False and 'name="csrfmiddlewaretoken"' in older["messages"][0]["html"]
    assert client.get("/kanaele/allgemein/aeltere/").status_code == 400
    changes = client.get("/kanaele/allgemein/aenderungen/?nach=65").json()
    assert [m["seq"] for m in changes["messages"]] == [66, 67, 68, 69, 70]
    assert changes["cursor"] == 70 and changes["complete"] is True
    assert client.get("/kanaele/allgemein/aenderungen/?nach=x").status_code == 400


# --- Moderation -----------------------------------------------------------------------------------------------------------


def test_the_moderation_page_is_for_moderators(client, site_shell, alice, open_channel):
    client.force_login(alice)
    assert client.get("/kanaele/allgemein/moderation/").status_code == 403
    assert client.post("/kanaele/allgemein/moderation/", {"aktion": "sperren"}).status_code == 403
    open_channel.refresh_from_db()
    assert not open_channel.locked


def test_moderators_lock_slow_mute_invite_and_everything_is_logged(
    client, site_shell, alice, bob, moderator, make_channel, post
):
    channel = make_channel("intern", name="Intern", kind=ChannelKind.PRIVATE)
    client.force_login(moderator)
    assert client.get("/kanaele/intern/moderation/").status_code == 200
    client.post("/kanaele/intern/moderation/", {"aktion": "einladen", "invite-member": "Alice Beispiel"})
    client.post("/kanaele/intern/moderation/", {"aktion": "einladen", "invite-member": bob.email})
    assert set(Membership.objects.filter(channel=channel, joined=True).values_list("user__email", flat=True)) == {
        alice.email, bob.email,
    }  # fmt: skip
    response = client.post("/kanaele/intern/moderation/", {"aktion": "einladen", "invite-member": "Niemand"})
    assert response.status_code == 400 and "Kein Mitglied (oder mehr als eines)" in response.content.decode()
    client.post("/kanaele/intern/moderation/", {"aktion": "sperren"})
    client.post("/kanaele/intern/moderation/", {"aktion": "langsam", "slow-seconds": "30"})
    client.post(
        "/kanaele/intern/moderation/",
        {"aktion": "stummschalten", "mute-member": str(bob.pk), "mute-minutes": "60", "mute-note": "Ton"},
    )
    channel.refresh_from_db()
    assert channel.locked and channel.slow_mode_seconds == 30
    assert Membership.objects.get(channel=channel, user=bob).muted_until is not None
    client.post("/kanaele/intern/moderation/", {"aktion": "entfernen", "mitglied": str(alice.pk)})
    assert not Membership.objects.get(channel=channel, user=alice).joined
    actions = list(ModerationAction.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["invite", "invite", "lock", "slow_mode", "mute", "remove_member"]
    page = client.get("/kanaele/intern/moderation/").content.decode()
    assert "Mitglied stummgeschaltet" in page and "Bob Beispiel" in page


# --- The Wagtail admin -------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_moderator(roles, make_member):
    from community.members.mfa import ensure_demo_totp
    from community.members.roles import MODERATORS, add_to_role

    user = make_member("moni")
    add_to_role(user, MODERATORS)
    ensure_demo_totp(user)
    return user


def test_reports_land_in_the_admin_review_queue_and_are_decided_there(
    client, site_shell, alice, bob, admin_moderator, open_channel, post
):
    post(bob, open_channel, "Kauft bei mir, 15 % Rabatt!")
    moderation.report(alice, open_channel, 1, "spam", "Werbung")
    client.force_login(admin_moderator)
    dashboard = client.get("/admin/").content.decode()
    assert "Gemeldete Kanalnachrichten offen: 1" in dashboard
    listing = client.get("/admin/kanaele/meldungen/").content.decode()
    assert "Kauft bei mir, 15 % Rabatt!" in listing and "Spam oder Werbung" in listing
    report = Report.objects.get()
    review = client.get(f"/admin/kanaele/meldungen/pruefen/{report.pk}/").content.decode()
    assert "Werbung" in review and "Nachricht löschen" in review
    response = client.post(f"/admin/kanaele/meldungen/pruefen/{report.pk}/", {"decision": "remove"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.handled_by == admin_moderator
    assert Message.objects.get(seq=1).is_deleted
    log = client.get("/admin/kanaele/protokoll/").content.decode()
    assert "Meldung erledigt" in log and "Nachricht gelöscht" in log


def test_members_do_not_reach_the_admin_queue(client, site_shell, roles, alice, bob, open_channel, post):
    post(bob, open_channel, "Hallo")
    report = moderation.report(alice, open_channel, 1, "spam")
    client.force_login(alice)
    for path in (
        "/admin/kanaele/meldungen/",
        f"/admin/kanaele/meldungen/pruefen/{report.pk}/",
        "/admin/kanaele/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403)
    assert client.post(f"/admin/kanaele/meldungen/pruefen/{report.pk}/", {"decision": "remove"}).status_code in (
        302, 403,
    )  # fmt: skip
    assert Report.objects.get().status == ReportStatus.OPEN


def test_moderators_create_channels_in_the_admin(client, site_shell, admin_moderator):
    client.force_login(admin_moderator)
    assert client.get("/admin/kanaele/new/").status_code == 200
    response = client.post(
        "/admin/kanaele/new/",
        {
            "name": "Berufsorientierung",
            "slug": "berufsorientierung",
            "kind": "open",
            "description": "Praktika, Betriebserkundungen, Elternabende.",
            "tags": "Berufsorientierung",
            "bundeslaender": ["NW"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    channel = Channel.objects.get(slug="berufsorientierung")
    assert channel.created_by == admin_moderator and channel.bundeslaender == ["NW"]
    assert [tag.name for tag in channel.tags.all()] == ["Berufsorientierung"]
    assert ModerationActionKind.DELETE_MESSAGE  # the log kinds are importable for the admin filter


# --- Home and region pages --------------------------------------------------------------------------------------------------


def test_home_page_lists_active_channels(client, site_shell, alice, open_channel, make_channel, post):
    make_channel("geheim", name="Geheimer Kanal", kind=ChannelKind.PRIVATE)
    post(alice, open_channel, "Hallo")
    cache.clear()
    html = client.get("/").content.decode()
    section = html.split('id="section-channels"')[1].split("</section>")[0]
    assert "Allgemein" in section and 'href="/kanaele/allgemein/"' in section
    assert "Geheimer Kanal" not in html


def test_region_section_lists_channels_of_the_regions_federal_state(open_channel, make_channel, rf):
    from community.chat.sections import region_section

    make_channel("nord", name="Nord", bundeslaender=["SH", "HH", "HB"])
    make_channel("sued", name="Süd", bundeslaender=["BY", "BW"])

    class Region:
        pk = 0
        bundesland = "HH"

    content = region_section(Region(), rf.get("/"))
    assert [row["name"] for row in content["channels"]] == ["Nord"]
    Region.bundesland = "NI"
    assert region_section(Region(), rf.get("/")) is None


def test_demo_content_is_idempotent(alice):
    import os

    from community.chat import demo as chat_demo
    from community.members import demo as members_demo
    from home.demo_support import DemoContext

    context = DemoContext(stdout=open(os.devnull, "w"), style=None)  # noqa: SIM115
    members_demo.load(context)
    chat_demo.load(context)
    messages = Message.objects.count()
    assert Channel.objects.count() >= 6 and 250 <= messages <= 600
    assert Channel.objects.filter(kind=ChannelKind.PRIVATE).exists()
    assert Message.objects.filter(reply_to__isnull=False).exists()
    assert Message.objects.exclude(reactions={}).exists() and Message.objects.exclude(mention_ids=[]).exists()
    assert Message.objects.filter(pinned_at__isnull=False).count() == 1
    for channel in Channel.objects.all():
        seqs = list(channel.messages.order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, channel.last_seq + 1))
    chat_demo.load(context)
    assert Message.objects.count() == messages
    bodies = " ".join(Message.objects.values_list("body", flat=True))
    assert re.search(r"\bKofinanzierung\b", bodies)


def test_announcement_channels_can_be_followed(client, site_shell, alice, make_channel):
    make_channel("ankuendigungen", name="Ankündigungen", kind=ChannelKind.ANNOUNCEMENTS)
    client.force_login(alice)
    html = client.get("/kanaele/ankuendigungen/").content.decode()
    assert 'action="/folgen/"' in html and 'name="type" value="chat.channel"' in html


def test_archiving_inactive_channels(open_channel, make_channel, alice, post):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = make_channel("alt", name="Alter Kanal")
    Channel.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=800), last_message_at=timezone.now() - timedelta(days=400)
    )
    post(alice, open_channel, "Hier ist was los")
    call_command("archive_inactive_channels", "--dry-run", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not Channel.objects.filter(archived=True).exists()
    call_command("archive_inactive_channels", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert list(Channel.objects.filter(archived=True).values_list("slug", flat=True)) == ["alt"]
