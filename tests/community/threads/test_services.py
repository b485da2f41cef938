"""The rules of a discussion, as the views and the socket use them: posting creates the thread lazily, replies
nest one level and quote what they answer, edits keep revisions, deletions keep the shape, reactions toggle,
mentions and replies notify the right members, locks and limits refuse, hostile input renders harmlessly."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType

from community.notifications.models import Notification, NotificationKind
from community.threads import moderation, reading, services
from community.threads.errors import ThreadError
from community.threads.models import (
    MAX_POST_LENGTH,
    LastVisit,
    ModerationEntry,
    ModerationKind,
    Post,
    PostReaction,
    PostRevision,
    Thread,
)

pytestmark = pytest.mark.django_db


def parse(html: str) -> tuple[set[str], list[tuple[str, str]]]:
    """The element names and (attribute, value) pairs in an HTML fragment."""
    from html.parser import HTMLParser

    found_tags, found_attributes = set(), []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found_tags.add(tag)
            found_attributes.extend(attrs)

    Collector().feed(html)
    return found_tags, found_attributes


def test_publishing_opens_the_thread_and_reading_creates_nothing(client, story, alice, write):
    # Publishing the page opened its empty thread (so readers are connected before the first post).
    assert Thread.objects.filter(object_id=story.pk, last_number=0).count() == 1
    Thread.objects.all().delete()
    assert client.get(story.url).status_code == 200
    client.force_login(alice)
    assert client.get(story.url).status_code == 200
    assert not Thread.objects.exists()

    # Without a thread (a page published before threads existed) the first post creates it.
    post = write(alice, story, "Bei uns gab es **genau** dieses Problem.")
    thread = Thread.objects.get()
    assert (thread.content_type, thread.object_id) == (
        ContentType.objects.get_for_model(type(story)),
        story.pk,
    )
    assert (post.number, post.change, post.parent_id) == (1, 1, None)
    assert post.body_html.strip() == "<p>Bei uns gab es <strong>genau</strong> dieses Problem.</p>"
    assert (thread.last_number, thread.last_change, thread.top_level_count) == (1, 1, 1)
    write(alice, story, "Noch ein Gedanke.")
    assert Thread.objects.count() == 1


def test_a_reply_to_a_reply_attaches_to_the_top_level_post_but_quotes_the_answered_one(
    story, alice, bob, write
):
    question = write(alice, story, "Wie habt ihr angefangen?")
    answer = write(bob, story, "Mit einem Steuerkreis.", reply_to=question.pk)
    follow_up = write(alice, story, "Wie groß war der?", reply_to=answer.pk)
    assert answer.parent_id == question.pk and answer.reply_to_id == question.pk
    assert follow_up.parent_id == question.pk and follow_up.reply_to_id == answer.pk
    thread = Thread.objects.get()
    assert thread.top_level_count == 1
    (item,) = reading.page_posts(thread, 1)
    assert item.post == question and item.replies == [answer, follow_up]


def test_replies_to_missing_deleted_or_foreign_posts_are_refused(story, make_post, alice, bob, write):
    other_page = make_post("bp", "Anderer Beitrag")
    foreign = write(alice, other_page, "Woanders")
    gone = write(bob, story, "Gleich weg")
    services.delete(bob, gone.pk)
    for reply_to in (foreign.pk, gone.pk, 999_999, "abc", -3):
        with pytest.raises(ThreadError) as refused:
            write(alice, story, "Antwort", reply_to=reply_to)
        assert refused.value.code == "reply_not_found"


@pytest.mark.parametrize(
    ("body", "code"),
    [("", "empty"), ("   \n\t ", "empty"), (None, "empty"), ("x" * (MAX_POST_LENGTH + 1), "too_long")],
)
def test_bad_text_is_refused_with_a_german_message(story, alice, write, body, code):
    with pytest.raises(ThreadError) as refused:
        write(alice, story, body)
    assert refused.value.code == code
    if code == "too_long":
        assert refused.value.message == "Ein Beitrag darf höchstens 10.000 Zeichen haben; dieser hat 10.001."
    else:
        assert refused.value.message == "Bitte schreib einen Beitrag."
    assert not Post.objects.exists()


def test_a_post_of_exactly_the_limit_is_fine(story, alice, write):
    assert len(write(alice, story, "x" * MAX_POST_LENGTH).body) == MAX_POST_LENGTH


def test_hostile_markdown_renders_harmlessly(story, alice, write):
    post = write(
        alice,
        story,
        '<script>alert(1)</script> [klick](javascript:alert(1)) <img src=x onerror="alert(2)"> '
        "<a href='#' onclick='alert(3)'>x</a> [gut](https://example.org)",
    )
    html = post.body_html
    tags, attributes = parse(html)
    assert tags <= {"p", "a"}
    assert not any(name.startswith("on") for name, _value in attributes)
    assert [value for name, value in attributes if name == "href"] == ["https://example.org"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not run


def test_the_same_client_id_stores_one_post(story, alice):
    first = services.post(alice, story, "Einmal bitte", "wiederholung-0001")
    again = services.post(alice, story, "Einmal bitte", "wiederholung-0001")
    assert first.created and not again.created and again.post.pk == first.post.pk
    assert not again.outbox.events
    assert Post.objects.count() == 1


def test_a_client_id_cannot_be_reused_under_another_target(story, make_post, alice):
    services.post(alice, story, "Hier", "wiederholung-0002")
    with pytest.raises(ThreadError) as refused:
        services.post(alice, make_post("bp", "Anderswo"), "Dort", "wiederholung-0002")
    assert refused.value.code == "client_id_reused"


def test_malformed_client_ids_are_refused(story, alice):
    for client_id in ("kurz", "mit leerzeichen drin", None, 12345678, "x" * 65):
        with pytest.raises(ThreadError) as refused:
            services.post(alice, story, "Hallo", client_id)
        assert refused.value.code == "invalid_client_id"


def test_anonymous_and_inactive_accounts_cannot_post(story, make_member):
    from django.contrib.auth.models import AnonymousUser

    inactive = make_member("inaktiv", is_active=False)
    for user in (AnonymousUser(), inactive, None):
        with pytest.raises(ThreadError) as refused:
            services.post(user, story, "Hallo", uuid.uuid4().hex)
        assert refused.value.code == "login_required"


def test_unpublished_pages_cannot_be_discussed(make_post, alice):
    draft = make_post("bp", "Entwurf", publish=False)
    with pytest.raises(ThreadError) as refused:
        services.post(alice, draft, "Hallo", uuid.uuid4().hex)
    assert refused.value.code == "forbidden"


def test_pages_restricted_to_a_group_only_for_that_group(story, alice, bob):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    group = Group.objects.create(name="Steuerkreis")
    restriction = PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    bob.groups.add(group)
    with pytest.raises(ThreadError):
        services.post(alice, story, "Hallo", uuid.uuid4().hex)
    assert services.post(bob, story, "Hallo", uuid.uuid4().hex).created


def test_posting_is_rate_limited_without_losing_anything(story, alice, write):
    for number in range(services.POST_BURST_LIMIT.limit):
        write(alice, story, f"Beitrag {number}")
    with pytest.raises(ThreadError) as refused:
        write(alice, story, "Einer zu viel")
    assert refused.value.code == "rate_limited" and refused.value.retry_after > 0
    assert "Bitte warte" in refused.value.message
    assert Post.objects.count() == services.POST_BURST_LIMIT.limit


def test_edits_keep_the_earlier_wording_with_editor_and_time(story, alice, bob, write):
    post = write(alice, story, "Erste Fassung")
    result = services.edit(alice, post.pk, "Zweite Fassung mit _mehr_ Text")
    post.refresh_from_db()
    assert post.body == "Zweite Fassung mit _mehr_ Text" and "<em>mehr</em>" in post.body_html
    assert post.edited_at is not None and post.change == 2 and result.outbox.events
    revision = PostRevision.objects.get(post=post)
    assert (revision.body, revision.editor) == ("Erste Fassung", alice)
    with pytest.raises(ThreadError) as refused:
        services.edit(bob, post.pk, "Fremd")
    assert refused.value.code == "not_author"
    with pytest.raises(ThreadError) as refused:
        services.edit(alice, post.pk, "Zweite Fassung mit _mehr_ Text")
    assert refused.value.code == "unchanged"


def test_deleting_keeps_the_place_and_removes_text_history_and_reactions(story, alice, bob, write):
    post = write(alice, story, "Das war ein Fehler")
    reply = write(bob, story, "Antwort darauf", reply_to=post.pk)
    services.edit(alice, post.pk, "Das war wirklich ein Fehler")
    services.toggle_reaction(bob, post.pk, "danke")
    with pytest.raises(ThreadError) as refused:
        services.delete(bob, post.pk)
    assert refused.value.code == "not_author"
    services.delete(alice, post.pk)
    post.refresh_from_db()
    assert post.is_deleted and post.body == post.body_html == "" and post.reaction_counts == {}
    assert (
        not PostRevision.objects.filter(post=post).exists()
        and not PostReaction.objects.filter(post=post).exists()
    )
    reply.refresh_from_db()
    assert reply.parent_id == post.pk
    assert not services.delete(alice, post.pk).changed


def test_reactions_toggle_once_per_kind_and_member(story, alice, bob, moderator, write):
    post = write(alice, story, "Hilfreich?")
    assert services.toggle_reaction(bob, post.pk, "hilfreich").active is True
    assert services.toggle_reaction(moderator, post.pk, "hilfreich").active is True
    assert services.toggle_reaction(bob, post.pk, "gute-idee").active is True
    post.refresh_from_db()
    assert post.reaction_counts == {"hilfreich": 2, "gute-idee": 1}
    assert services.toggle_reaction(bob, post.pk, "hilfreich").active is False
    post.refresh_from_db()
    assert post.reaction_counts == {"hilfreich": 1, "gute-idee": 1}
    for kind in ("👍", "", None, "HILFREICH"):
        with pytest.raises(ThreadError) as refused:
            services.toggle_reaction(bob, post.pk, kind)
        assert refused.value.code == "invalid_reaction"


def test_mentions_notify_only_members_who_can_read_the_discussion(
    story, alice, bob, make_member, write, roles
):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    carla = make_member("carla")
    post = write(alice, story, "Was meint ihr, @Bob Beispiel und @Carla Beispiel?")
    assert sorted(post.mention_ids) == sorted([bob.pk, carla.pk])
    assert f'<a href="/mitglieder/{bob.pk}/"' in post.body_html
    mentions = Notification.objects.filter(kind=NotificationKind.MENTION)
    assert {n.recipient_id for n in mentions} == {bob.pk, carla.pk}
    assert (
        mentions.first().title
        == "Alice Beispiel hat dich in der Diskussion zu „Die AG, die nie tagte“ erwähnt"
    )
    assert mentions.first().url == post.get_absolute_url()

    # Once the page is for a group only, members outside it are not mentioned (no link, no notification).
    group = Group.objects.create(name="Arbeitsgruppe")
    restriction = PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    alice.groups.add(group)
    bob.groups.add(group)
    Notification.objects.all().delete()
    later = write(alice, story, "Nochmal @Bob Beispiel und @Carla Beispiel")
    assert later.mention_ids == [bob.pk]
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [bob.pk]


def test_replies_notify_the_answered_author_and_followers_hear_of_new_posts(
    story, alice, bob, make_member, write
):
    from community.members.follow import follow

    carla = make_member("carla")
    question = write(alice, story, "Frage an alle")
    follow(carla, Thread.objects.get())
    follow(alice, Thread.objects.get())
    Notification.objects.all().delete()
    write(bob, story, "Meine Antwort", reply_to=question.pk)
    by_kind = {(n.recipient_id, n.kind) for n in Notification.objects.all()}
    # Alice is told once (as the answered author, not again as a follower); Carla as a follower; Bob not at all.
    assert by_kind == {(alice.pk, NotificationKind.REPLY), (carla.pk, NotificationKind.FOLLOWED_CONTENT)}
    reply_note = Notification.objects.get(kind=NotificationKind.REPLY)
    assert reply_note.title == "Bob Beispiel hat auf deinen Beitrag zu „Die AG, die nie tagte“ geantwortet"


def test_an_edit_notifies_only_newly_mentioned_members(story, alice, bob, make_member, write):
    carla = make_member("carla")
    post = write(alice, story, "Hallo @Bob Beispiel")
    Notification.objects.all().delete()
    services.edit(alice, post.pk, "Hallo @Bob Beispiel und @Carla Beispiel")
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [carla.pk]


def test_a_locked_thread_refuses_posts_edits_and_reactions_for_everyone(story, alice, bob, moderator, write):
    post = write(alice, story, "Vor dem Schließen")
    thread = Thread.objects.get()
    with pytest.raises(ThreadError) as refused:
        moderation.set_locked(alice, thread, True)
    assert refused.value.code == "not_moderator"
    moderation.set_locked(moderator, thread, True, "Die Diskussion ist beendet.")
    thread.refresh_from_db()
    assert (
        thread.locked
        and thread.lock_reason == "Die Diskussion ist beendet."
        and thread.locked_by == moderator
    )
    for user in (bob, moderator):
        with pytest.raises(ThreadError) as refused:
            write(user, story, "Noch was")
        assert refused.value.code == "locked"
    with pytest.raises(ThreadError):
        services.edit(alice, post.pk, "Geändert")
    with pytest.raises(ThreadError):
        services.toggle_reaction(bob, post.pk, "danke")
    services.delete(alice, post.pk)  # taking back one's own words stays possible
    moderation.set_locked(moderator, thread, False)
    write(bob, story, "Wieder offen")
    actions = list(ModerationEntry.objects.order_by("pk").values_list("action", "actor"))
    assert actions == [(ModerationKind.LOCK, moderator.pk), (ModerationKind.UNLOCK, moderator.pk)]


def test_moderators_hide_with_a_reason_and_show_again_and_it_is_logged(story, alice, bob, moderator, write):
    post = write(alice, story, "Kauft bei meinem Händler!")
    services.toggle_reaction(bob, post.pk, "danke")
    moderation.flag(bob, post.pk, "spam", "Werbung")
    with pytest.raises(ThreadError) as refused:
        moderation.hide(bob, post.pk, "Werbung")
    assert refused.value.code == "not_moderator"
    with pytest.raises(ThreadError) as refused:
        moderation.hide(moderator, post.pk, "   ")
    assert refused.value.code == "reason_required"
    moderation.hide(moderator, post.pk, "Werbung mit Provision")
    post.refresh_from_db()
    assert (
        post.is_hidden and post.hidden_reason == "Werbung mit Provision" and post.body
    )  # kept for moderators
    assert post.flags.get().status == "resolved"
    for action in (
        lambda: services.toggle_reaction(bob, post.pk, "danke"),
        lambda: services.edit(alice, post.pk, "x"),
    ):
        with pytest.raises(ThreadError) as refused:
            action()
        assert refused.value.code == "hidden"
    moderation.unhide(moderator, post.pk)
    post.refresh_from_db()
    assert not post.is_hidden
    log = list(ModerationEntry.objects.order_by("pk"))
    assert [entry.action for entry in log] == [ModerationKind.HIDE, ModerationKind.UNHIDE]
    assert (
        log[0].actor == moderator
        and log[0].target_user == alice
        and "Werbung mit Provision" in log[0].details
    )


def test_flags_are_refused_for_own_posts_twice_and_too_many(story, alice, bob, write):
    post = write(alice, story, "Ein Beitrag")
    with pytest.raises(ThreadError) as refused:
        moderation.flag(alice, post.pk, "spam")
    assert refused.value.code == "own_post"
    moderation.flag(bob, post.pk, "abuse", "Ton")
    with pytest.raises(ThreadError) as refused:
        moderation.flag(bob, post.pk, "spam")
    assert refused.value.code == "already_flagged"
    with pytest.raises(ThreadError):
        moderation.flag(bob, post.pk, "nicht-vorhanden")


def test_last_visits_move_forward_only(story, alice, bob, write):
    for number in range(3):
        write(alice, story, f"Beitrag {number}")
    thread = Thread.objects.get()
    services.mark_seen(bob, thread, 2)
    services.mark_seen(bob, thread, 1)
    assert LastVisit.objects.get(user=bob).last_seen_number == 2
    services.mark_seen(bob, thread, 99)
    assert LastVisit.objects.get(user=bob).last_seen_number == 3
    assert services.first_new(bob, thread, 1) == {"number": 2, "count": 2}
    assert services.first_new(alice, thread, 1) is None  # one's own posts are not news


def test_changes_after_returns_the_current_state_of_what_changed(story, alice, bob, write):
    first = write(alice, story, "Eins")
    second = write(bob, story, "Zwei")
    services.edit(alice, first.pk, "Eins, überarbeitet")
    thread = Thread.objects.get()
    batch = reading.changes_after(thread, 1)
    assert [post.pk for post in batch.posts] == [first.pk, second.pk]
    assert batch.cursor == 3 and batch.complete and not batch.locked
    assert reading.changes_after(thread, 3).posts == []


def test_page_of_a_post_follows_its_top_level_post(story, alice, write):
    from .conftest import fill

    thread = fill(story, alice, 45)
    last_top = Post.objects.filter(thread=thread, parent__isnull=True).order_by("number").last()
    first_top = Post.objects.filter(thread=thread, parent__isnull=True).order_by("number").first()
    reply = write(alice, story, "Spät geantwortet", reply_to=first_top.pk)
    assert services.page_of(last_top) == 3
    assert services.page_of(reply) == 1
    assert services.post_url(reply) == f"/praxis/die-ag-die-nie-tagte/#beitrag-{reply.pk}"
    assert services.post_url(last_top) == f"/praxis/die-ag-die-nie-tagte/?diskussion=3#beitrag-{last_top.pk}"


def test_deleting_the_page_deletes_its_discussion_and_its_follows(story, alice, bob, write):
    from community.members.follow import follow
    from community.members.models import Follow

    write(alice, story, "Bald weg")
    follow(bob, Thread.objects.get())
    story.delete()
    assert not Thread.objects.exists() and not Post.objects.exists() and not Follow.objects.exists()
