"""The domain rules in access/posting/history/moderation: what the views and the consumer both rely on."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from community.chat import history, moderation, posting
from community.chat.access import access_for
from community.chat.errors import ChatError
from community.chat.models import (
    ChannelKind,
    Membership,
    MembershipRole,
    Mention,
    Message,
    ModerationAction,
    ModerationActionKind,
    Report,
    ReportStatus,
)
from community.notifications.models import Notification

pytestmark = pytest.mark.django_db


def refused(code, function, *args, **kwargs) -> ChatError:
    with pytest.raises(ChatError) as caught:
        function(*args, **kwargs)
    assert caught.value.code == code, caught.value.code
    return caught.value


# --- Sending -------------------------------------------------------------------------------------------------------


def test_messages_are_numbered_without_gaps_and_stored_with_sanitised_html(alice, bob, open_channel, post):
    first = post(alice, open_channel, "Wer hat Erfahrung mit **Kofinanzierung**? <script>alert(1)</script>")
    second = post(bob, open_channel, "Ich! Siehe [Leitfaden](https://example.org/leitfaden)")
    assert (first.seq, second.seq) == (1, 2)
    assert (first.change, second.change) == (1, 2)
    assert (open_channel.last_seq, open_channel.last_change) == (2, 2)
    assert "<strong>Kofinanzierung</strong>" in first.body_html
    assert "<script" not in first.body_html
    assert 'rel="nofollow noopener noreferrer"' in second.body_html
    assert open_channel.last_message_at == second.created_at


def test_writing_in_an_open_channel_joins_it(alice, open_channel, post):
    post(alice, open_channel)
    membership = Membership.objects.get(channel=open_channel, user=alice)
    assert membership.joined and membership.last_read_seq == 1


def test_a_retried_send_is_stored_once(alice, open_channel):
    first = posting.post_message(alice, open_channel, "Einmal bitte", "client-abc-123")
    again = posting.post_message(alice, open_channel, "Einmal bitte", "client-abc-123")
    assert first.created and not again.created
    assert again.message.pk == first.message.pk
    assert again.outbox.events == []
    assert Message.objects.count() == 1
    open_channel.refresh_from_db()
    assert open_channel.last_seq == 1


def test_a_client_id_cannot_be_reused_in_another_channel(alice, open_channel, make_channel):
    posting.post_message(alice, open_channel, "Hier", "client-abc-123")
    refused("client_id_reused", posting.post_message, alice, make_channel("zwei"), "Dort", "client-abc-123")


@pytest.mark.parametrize("client_id", ["", "kurz", "mit leerzeichen drin", "x" * 65, None, 12345678])
def test_invalid_client_ids_are_refused(alice, open_channel, client_id):
    refused("invalid_client_id", posting.post_message, alice, open_channel, "Text", client_id)


def test_size_limit(alice, open_channel):
    assert posting.post_message(alice, open_channel, "a" * 4000, "client-limit-1").created
    error = refused("too_long", posting.post_message, alice, open_channel, "a" * 4001, "client-limit-2")
    assert "4.000" in error.message and "4001" in error.message
    refused("empty", posting.post_message, alice, open_channel, "   \n ", "client-limit-3")
    refused("empty", posting.post_message, alice, open_channel, None, "client-limit-4")


def test_rate_limit_answers_with_the_wait(alice, open_channel, monkeypatch):
    # The limit counts in fixed windows of the wall clock: hold the clock at the start of one, so that a slow
    # machine cannot spread the burst over two windows.
    period = posting.SEND_BURST_LIMIT.period
    frozen = (time.time() // period) * period + 0.5
    monkeypatch.setattr("home.ratelimit.time", SimpleNamespace(time=lambda: frozen))
    for number in range(posting.SEND_BURST_LIMIT.limit):
        posting.post_message(alice, open_channel, f"Nachricht {number}", f"client-burst-{number}")
    error = refused("rate_limited", posting.post_message, alice, open_channel, "Noch eine", "client-burst-x")
    assert 0 < error.retry_after <= posting.SEND_BURST_LIMIT.period + 1
    assert f"{error.retry_after}" in error.message


def test_slow_mode_spaces_a_members_messages_but_not_a_moderators(alice, moderator, open_channel, post):
    open_channel.slow_mode_seconds = 30
    open_channel.save()
    post(alice, open_channel, "Erste")
    error = refused("slow_mode", posting.post_message, alice, open_channel, "Zweite", "client-slow-2")
    assert 0 < error.retry_after <= 30
    later = timezone.now() + timedelta(seconds=31)
    assert posting.post_message(alice, open_channel, "Zweite", "client-slow-3", now=later).created
    post(moderator, open_channel, "Moderation 1")
    post(moderator, open_channel, "Moderation 2")


def test_muted_members_read_but_cannot_write_or_react_until_the_mute_ends(
    alice, bob, moderator, open_channel, post
):
    message = post(bob, open_channel, "Hallo")
    post(alice, open_channel, "Ich bin da")
    moderation.mute(moderator, open_channel, alice, 60, note="Ton")
    access = access_for(alice, open_channel)
    assert access.can_read and not access.can_post and not access.can_react
    refused("muted", posting.post_message, alice, open_channel, "Doch", "client-muted-1")
    refused("muted", posting.toggle_reaction, alice, open_channel, message.seq, "👍")
    entry = ModerationAction.objects.get(action=ModerationActionKind.MUTE)
    assert entry.actor == moderator and entry.target_user == alice and "1 Stunde: Ton" in entry.details
    later = timezone.now() + timedelta(minutes=61)
    assert posting.post_message(alice, open_channel, "Wieder da", "client-muted-2", now=later).created


def test_moderators_cannot_be_muted(moderator, make_moderator, open_channel):
    other = make_moderator("moritz")
    refused("cannot_moderate_moderator", moderation.mute, moderator, open_channel, other, 10)


def test_members_cannot_moderate(alice, bob, open_channel, post):
    message = post(bob, open_channel)
    refused("not_moderator", moderation.mute, alice, open_channel, bob, 10)
    refused("not_moderator", moderation.set_locked, alice, open_channel, True)
    refused("not_moderator", moderation.set_slow_mode, alice, open_channel, 30)
    refused("not_moderator", posting.set_pinned, alice, open_channel, message.seq, True)
    refused("not_moderator", posting.delete_message, alice, open_channel, message.seq)


def test_locked_channels_are_read_only_except_for_moderators(alice, moderator, open_channel, post):
    moderation.set_locked(moderator, open_channel, True)
    refused("locked", posting.post_message, alice, open_channel, "Hallo", "client-locked-1")
    assert post(moderator, open_channel, "Kurze Pause, gleich geht es weiter.").seq == 1
    assert ModerationAction.objects.filter(action=ModerationActionKind.LOCK, actor=moderator).exists()


def test_archived_channels_take_no_messages_at_all(alice, moderator, open_channel):
    open_channel.archived = True
    open_channel.save()
    refused("archived", posting.post_message, alice, open_channel, "Hallo", "client-arch-1")
    refused("archived", posting.post_message, moderator, open_channel, "Hallo", "client-arch-2")
    assert access_for(alice, open_channel).can_read


def test_announcements_only_moderators_write_members_react_and_followers_hear(
    alice, bob, moderator, make_channel, post, django_capture_on_commit_callbacks
):
    from community.members import follow

    channel = make_channel("ankuendigungen", name="Ankündigungen", kind=ChannelKind.ANNOUNCEMENTS)
    follow.follow(bob, channel)
    refused("announcements_only", posting.post_message, alice, channel, "Hallo", "client-ann-1")
    message = post(moderator, channel, "Der nächste Community Call ist am 5. Dezember.")
    assert posting.toggle_reaction(alice, channel, message.seq, "🎉").message.reactions == {"🎉": [alice.pk]}
    notification = Notification.objects.get(recipient=bob)
    assert notification.kind == "followed_content"
    assert notification.title == "Neue Ankündigung in „Ankündigungen“"


def test_call_channels_open_while_the_call_runs_and_stay_readable(alice, make_channel):
    now = timezone.now()
    channel = make_channel(
        "call-wirkung",
        kind=ChannelKind.CALL,
        opens_at=now - timedelta(minutes=30),
        closes_at=now + timedelta(minutes=30),
    )
    assert posting.post_message(alice, channel, "Gute Frage!", "client-call-1").created
    after = now + timedelta(hours=1)
    refused("call_not_open", posting.post_message, alice, channel, "Noch was", "client-call-2", now=after)
    before = now - timedelta(hours=1)
    refused("call_not_open", posting.post_message, alice, channel, "Zu früh", "client-call-3", now=before)
    assert access_for(alice, channel, now=after).can_read


def test_private_channels_are_for_invited_members_and_site_moderators(
    alice, bob, moderator, make_channel, post
):
    channel = make_channel("lks", name="Landeskoordinierungsstellen", kind=ChannelKind.PRIVATE)
    assert not access_for(alice, channel).can_read
    refused("forbidden", posting.post_message, alice, channel, "Hallo?", "client-priv-1")
    refused("forbidden", posting.join, alice, channel)
    assert moderation.invite(moderator, channel, alice)
    assert access_for(alice, channel).can_post
    post(alice, channel, "Danke für die Einladung")
    assert access_for(moderator, channel).can_moderate
    assert not access_for(bob, channel).can_read
    posting.leave(alice, channel)
    assert not access_for(alice, channel).can_read


def test_an_invitation_notifies_the_invited_member_once(alice, moderator, make_channel):
    from community.notifications.models import Notification, NotificationKind

    channel = make_channel("lks-einladung", name="Landeskoordinierungsstellen", kind=ChannelKind.PRIVATE)
    assert moderation.invite(moderator, channel, alice)
    assert not moderation.invite(moderator, channel, alice)  # already a member: no second notification
    notification = Notification.objects.get(recipient=alice)
    assert notification.kind == NotificationKind.INVITATION
    assert "Landeskoordinierungsstellen" in notification.title
    assert notification.url == channel.get_absolute_url()
    assert notification.actor == moderator


def test_channel_moderators_moderate_their_channel_only(
    alice, bob, moderator, open_channel, make_channel, post
):
    other = make_channel("anderer")
    posting.join(alice, open_channel)
    posting.join(alice, other)
    moderation.set_channel_moderator(moderator, open_channel, alice, True)
    assert Membership.objects.get(channel=open_channel, user=alice).role == MembershipRole.MODERATOR
    message = post(bob, open_channel, "Werbung!")
    assert posting.delete_message(alice, open_channel, message.seq).message.is_deleted
    refused("not_moderator", moderation.set_locked, alice, other, True)
    refused("not_moderator", moderation.set_channel_moderator, alice, other, bob, True)


# --- Replies, edits, deletions, reactions, pins -----------------------------------------------------------------------


def test_replies_quote_a_message_of_the_same_channel(alice, bob, open_channel, make_channel, post):
    question = post(alice, open_channel, "Wie finanziert ihr die Koordinierungsstelle?")
    answer = post(bob, open_channel, "Über den Landkreis.", reply_to_seq=question.seq)
    assert answer.reply_to == question
    elsewhere = make_channel("anderswo")
    refused("reply_not_found", posting.post_message, bob, elsewhere, "Hä?", "client-reply-x", reply_to_seq=99)


def test_editing_keeps_the_history_and_only_authors_edit(alice, bob, open_channel, post):
    message = post(alice, open_channel, "Treffen am Dienstag")
    result = posting.edit_message(alice, open_channel, message.seq, "Treffen am Mittwoch")
    message.refresh_from_db()
    assert message.body == "Treffen am Mittwoch" and message.edited_at is not None
    assert message.change == 2 and result.message.seq == 1
    assert list(message.revisions.values_list("body", flat=True)) == ["Treffen am Dienstag"]
    refused("not_author", posting.edit_message, bob, open_channel, message.seq, "Gekapert")
    refused("unchanged", posting.edit_message, alice, open_channel, message.seq, "Treffen am Mittwoch")
    refused("not_found", posting.edit_message, alice, open_channel, 42, "Gibt es nicht")


def test_soft_delete_keeps_the_place_and_removes_text_history_and_reactions(alice, bob, open_channel, post):
    message = post(alice, open_channel, "Ups, falscher Kanal @Bob Beispiel")
    posting.edit_message(alice, open_channel, message.seq, "Ups, falscher Kanal!")
    posting.toggle_reaction(bob, open_channel, message.seq, "👍")
    posting.delete_message(alice, open_channel, message.seq)
    message.refresh_from_db()
    assert message.is_deleted and message.body == "" and message.body_html == ""
    assert message.reactions == {} and not message.revisions.exists()
    assert not ModerationAction.objects.exists()  # deleting one's own message is no moderation
    refused("deleted", posting.edit_message, alice, open_channel, message.seq, "Wieder da")
    assert not posting.delete_message(alice, open_channel, message.seq).changed


def test_moderators_delete_any_message_logged_with_its_text_and_reports_resolved(
    alice, bob, moderator, open_channel, post
):
    message = post(bob, open_channel, "Kauft unsere Produkte!")
    report = moderation.report(alice, open_channel, message.seq, "spam", "Werbung")
    posting.delete_message(moderator, open_channel, message.seq)
    entry = ModerationAction.objects.get(action=ModerationActionKind.DELETE_MESSAGE)
    assert (entry.actor, entry.target_user, entry.details) == (moderator, bob, "Kauft unsere Produkte!")
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.handled_by == moderator


def test_reactions_toggle_and_only_the_offered_ones(alice, bob, open_channel, post):
    message = post(alice, open_channel)
    posting.toggle_reaction(bob, open_channel, message.seq, "👍")
    posting.toggle_reaction(alice, open_channel, message.seq, "❤")  # without the variation selector
    message.refresh_from_db()
    assert message.reactions == {"👍": [bob.pk], "❤️": [alice.pk]}
    posting.toggle_reaction(bob, open_channel, message.seq, "👍")
    message.refresh_from_db()
    assert message.reactions == {"❤️": [alice.pk]}
    refused("invalid_emoji", posting.toggle_reaction, bob, open_channel, message.seq, "💩")


def test_pinning_is_for_moderators_and_logged(moderator, alice, open_channel, post):
    message = post(alice, open_channel, "Hier die Linksammlung zum Gründungsleitfaden")
    posting.set_pinned(moderator, open_channel, message.seq, True)
    assert [m.seq for m in history.pinned(open_channel)] == [message.seq]
    assert not posting.set_pinned(moderator, open_channel, message.seq, True).changed
    posting.set_pinned(moderator, open_channel, message.seq, False)
    assert history.pinned(open_channel) == []
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == ["pin", "unpin"]


# --- Mentions ----------------------------------------------------------------------------------------------------------


def test_mentions_link_the_profile_and_notify(
    alice, bob, open_channel, post, django_capture_on_commit_callbacks
):
    message = post(alice, open_channel, "@Bob Beispiel, magst du erzählen? Mail: bob@example.org")
    assert message.mention_ids == [bob.pk]
    assert f'href="/mitglieder/{bob.pk}/"' in message.body_html and "@Bob Beispiel" in message.body_html
    assert Mention.objects.filter(user=bob, channel=open_channel, seq=1).exists()
    notification = Notification.objects.get(recipient=bob)
    assert notification.kind == "mention"
    assert notification.title == "Alice Beispiel hat dich im Kanal „Allgemein“ erwähnt"
    assert notification.url == "/kanaele/allgemein/?ab=1#nachricht-1"


def test_mentions_in_code_and_of_people_who_cannot_read_are_plain_text(
    alice, bob, moderator, make_channel, post
):
    channel = make_channel("intern", kind=ChannelKind.PRIVATE)
    moderation.invite(moderator, channel, alice)
    message = post(alice, channel, "`@Bob Beispiel` und @Bob Beispiel und @Mona Beispiel")
    assert message.mention_ids == [moderator.pk]  # Bob cannot read the channel; the moderator can
    assert not Notification.objects.filter(recipient=bob).exists()


def test_editing_notifies_only_newly_mentioned(alice, bob, make_member, open_channel, post):
    carla = make_member("carla")
    message = post(alice, open_channel, "Frage an @Bob Beispiel")
    posting.edit_message(alice, open_channel, message.seq, "Frage an @Bob Beispiel und @Carla Beispiel")
    assert Notification.objects.filter(recipient=bob).count() == 1
    assert Notification.objects.filter(recipient=carla).count() == 1
    posting.edit_message(alice, open_channel, message.seq, "Frage an @Carla Beispiel")
    assert not Mention.objects.filter(user=bob).exists()


# --- Reading -------------------------------------------------------------------------------------------------------------


def test_changes_after_returns_the_current_state_of_everything_missed(alice, bob, open_channel, post):
    first = post(alice, open_channel, "Eins")
    post(bob, open_channel, "Zwei")
    cursor = open_channel.last_change
    post(alice, open_channel, "Drei")
    posting.edit_message(alice, open_channel, first.seq, "Eins, korrigiert")
    batch = history.changes_after(open_channel, cursor)
    assert [m.seq for m in batch.messages] == [1, 3]
    assert batch.messages[0].body == "Eins, korrigiert"
    assert batch.complete and batch.cursor == 4 and batch.last_seq == 3


def test_changes_after_comes_in_batches(alice, open_channel, post):
    for number in range(5):
        Message.objects.create(
            channel=open_channel, seq=number + 1, change=number + 1, author=alice, client_id=f"batch-{number:04d}",
            body=str(number),
        )  # fmt: skip
    open_channel.last_seq = open_channel.last_change = 5
    open_channel.save()
    batch = history.changes_after(open_channel, 0, limit=2)
    assert [m.seq for m in batch.messages] == [1, 2] and not batch.complete and batch.cursor == 2
    rest = history.changes_after(open_channel, batch.cursor, limit=10)
    assert [m.seq for m in rest.messages] == [3, 4, 5] and rest.complete and rest.cursor == 5


def test_history_windows(alice, open_channel):
    Message.objects.bulk_create(
        Message(channel=open_channel, seq=n, change=n, author=alice, client_id=f"win-{n:04d}", body=str(n))
        for n in range(1, 121)
    )
    open_channel.last_seq = open_channel.last_change = 120
    open_channel.save()
    latest = history.latest(open_channel)
    assert (latest.first_seq, latest.last_seq, latest.has_older, latest.has_newer) == (71, 120, True, False)
    older = history.before(open_channel, 71)
    assert (older.first_seq, older.last_seq, older.has_older, older.has_newer) == (21, 70, True, True)
    oldest = history.before(open_channel, 21)
    assert (oldest.first_seq, oldest.has_older) == (1, False)
    around = history.starting_at(open_channel, 40)
    assert (around.first_seq, around.last_seq, around.has_older, around.has_newer) == (37, 86, True, True)


def test_read_position_moves_forward_only_and_not_past_the_end(alice, open_channel, post):
    post(alice, open_channel, "Eins")
    post(alice, open_channel, "Zwei")
    Membership.objects.filter(user=alice).update(last_read_seq=0)
    assert posting.mark_read(alice, open_channel, 99) == 2
    assert Membership.objects.get(user=alice).last_read_seq == 2
    posting.mark_read(alice, open_channel, 1)
    assert Membership.objects.get(user=alice).last_read_seq == 2


def test_channel_list_counts_unread_messages_and_mentions(alice, bob, open_channel, make_channel, post):
    other = make_channel("finanzierung", name="Finanzierung")
    private = make_channel("geheim", kind=ChannelKind.PRIVATE)
    posting.join(alice, open_channel)
    post(bob, open_channel, "Hallo @Alice Beispiel")
    post(bob, open_channel, "Noch was")
    post(bob, other, "Hier auch")
    groups = history.grouped_channel_list(alice)
    assert [(row.channel.slug, row.unread, row.mentions) for row in groups["mine"]] == [("allgemein", 2, 1)]
    assert [row.channel.slug for row in groups["more"]] == ["finanzierung"]
    assert private.slug not in {row.channel.slug for group in groups.values() for row in group}
    posting.mark_read(alice, open_channel, 2)
    assert [(row.unread, row.mentions) for row in history.grouped_channel_list(alice)["mine"]] == [(0, 0)]


# --- Reports ---------------------------------------------------------------------------------------------------------------


def test_reports_once_per_member_never_own_and_decided_once(alice, bob, moderator, open_channel, post):
    message = post(bob, open_channel, "Ihr habt alle keine Ahnung")
    report = moderation.report(alice, open_channel, message.seq, "abuse", "Ton")
    assert report.message_text == "Ihr habt alle keine Ahnung"
    refused("already_reported", moderation.report, alice, open_channel, message.seq, "abuse")
    refused("own_message", moderation.report, bob, open_channel, message.seq, "spam")
    refused("not_moderator", moderation.decide_report, alice, report, remove_message=True)
    moderation.decide_report(moderator, report, remove_message=False)
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    refused("report_decided", moderation.decide_report, moderator, report, remove_message=True)
    assert ModerationAction.objects.filter(action=ModerationActionKind.REPORT_DISMISSED).count() == 1
    assert Report.objects.count() == 1


# --- Privacy ------------------------------------------------------------------------------------------------------------


def test_export_and_erase(alice, bob, open_channel, post):
    from community.chat import privacy

    own = post(alice, open_channel, "Meine Nachricht")
    posting.edit_message(alice, open_channel, own.seq, "Meine Nachricht, bearbeitet")
    other = post(bob, open_channel, "Bobs Nachricht")
    posting.toggle_reaction(alice, open_channel, other.seq, "🙏")
    data = privacy.export(alice)
    assert data["messages"][0]["text"] == "Meine Nachricht, bearbeitet"
    assert data["messages"][0]["earlier_versions"][0]["text"] == "Meine Nachricht"
    assert data["reactions"] == [{"channel": "Allgemein", "number": other.seq, "reaction": "🙏"}]
    assert data["memberships"][0]["channel"] == "Allgemein"

    privacy.erase(alice, keep_content=False)
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.is_deleted and own.body == "" and own.author is None and not own.revisions.exists()
    assert other.reactions == {}
    assert not Membership.objects.filter(user=alice).exists()
    open_channel.refresh_from_db()
    assert own.change == open_channel.last_change  # clients that sync learn of the deletion
