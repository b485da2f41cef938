"""Flagged posts land in the Wagtail admin's review queue (moderators only) and are decided there, with every
decision in the moderation log; a member's data is exported and erased; the demo content loads once."""

import pytest

from community.members import privacy
from community.threads import moderation, services
from community.threads.models import (
    Flag,
    FlagStatus,
    LastVisit,
    ModerationEntry,
    ModerationKind,
    Post,
    PostReaction,
    PostRevision,
    Thread,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_moderator(roles, make_member):
    from community.members.mfa import ensure_demo_totp
    from community.members.roles import MODERATORS, add_to_role

    user = make_member("moni")
    add_to_role(user, MODERATORS)
    ensure_demo_totp(user)
    return user


def test_flags_are_decided_in_the_admin_review_queue(client, story, alice, bob, admin_moderator, write):
    post = write(bob, story, "Kauft bei mir, 15 % Rabatt!")
    moderation.flag(alice, post.pk, "spam", "Werbung")
    client.force_login(admin_moderator)
    assert (
        "Gemeldete Diskussionsbeiträge, die auf eine Entscheidung warten: 1"
        in client.get("/admin/").content.decode()
    )
    listing = client.get("/admin/diskussionen/meldungen/").content.decode()
    assert (
        "Kauft bei mir, 15 % Rabatt!" in listing
        and "Spam oder Werbung" in listing
        and "Die AG, die nie tagte" in listing
    )
    flag = Flag.objects.get()
    review = client.get(f"/admin/diskussionen/meldungen/pruefen/{flag.pk}/").content.decode()
    assert "Werbung" in review and "Beitrag ausblenden" in review and "Alice Beispiel" in review
    response = client.post(
        f"/admin/diskussionen/meldungen/pruefen/{flag.pk}/", {"decision": "hide", "reason": ""}
    )
    assert response.status_code == 302
    assert Flag.objects.get().is_open  # a reason is needed to hide
    response = client.post(
        f"/admin/diskussionen/meldungen/pruefen/{flag.pk}/",
        {"decision": "hide", "reason": "Werbung mit Provision"},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.RESOLVED and flag.handled_by == admin_moderator
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Werbung mit Provision"
    log = client.get("/admin/diskussionen/protokoll/").content.decode()
    assert "Beitrag ausgeblendet" in log and "Werbung mit Provision" in log and "Moni Beispiel" in log


def test_dismissing_a_flag_keeps_the_post_and_is_logged(client, story, alice, bob, admin_moderator, write):
    post = write(bob, story, "Eine steile These")
    flag = moderation.flag(alice, post.pk, "misinformation")
    client.force_login(admin_moderator)
    client.post(f"/admin/diskussionen/meldungen/pruefen/{flag.pk}/", {"decision": "dismiss"})
    flag.refresh_from_db()
    post.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED and post.is_visible
    entry = ModerationEntry.objects.get()
    assert entry.action == ModerationKind.FLAG_DISMISSED and entry.actor == admin_moderator
    with pytest.raises(Exception) as decided:
        moderation.decide_flag(admin_moderator, flag, hide_post=False)
    assert decided.value.code == "flag_decided"


def test_members_do_not_reach_the_review_queue(client, story, roles, alice, bob, write):
    post = write(bob, story, "Hallo")
    flag = moderation.flag(alice, post.pk, "spam")
    client.force_login(alice)
    for path in ("/admin/diskussionen/meldungen/", f"/admin/diskussionen/meldungen/pruefen/{flag.pk}/",
                 "/admin/diskussionen/protokoll/"):  # fmt: skip
        assert client.get(path).status_code in (302, 403)
    response = client.post(
        f"/admin/diskussionen/meldungen/pruefen/{flag.pk}/", {"decision": "hide", "reason": "x"}
    )
    assert response.status_code in (302, 403)
    assert Flag.objects.get().is_open and not Post.objects.get().is_hidden


def test_the_review_queue_costs_a_fixed_number_of_queries(
    client, story, make_post, alice, make_member, admin_moderator, write, django_assert_max_num_queries
):
    for number in range(6):
        page = story if number % 2 else make_post("bp", f"Beitrag {number}")
        post = write(make_member(f"autor{number}"), page, f"Beitrag {number}")
        moderation.flag(alice, post.pk, "spam")
    client.force_login(admin_moderator)
    client.get("/admin/diskussionen/meldungen/")
    with django_assert_max_num_queries(30):
        assert client.get("/admin/diskussionen/meldungen/").status_code == 200


# --- Privacy ---------------------------------------------------------------------------------------------------------


def test_a_members_posts_reactions_visits_and_flags_are_exported(story, alice, bob, write):
    post = write(alice, story, "Erste Fassung")
    services.edit(alice, post.pk, "Zweite Fassung")
    other = write(bob, story, "Bobs Beitrag")
    services.toggle_reaction(alice, other.pk, "danke")
    moderation.flag(alice, other.pk, "other", "Bitte prüfen")
    services.mark_seen(alice, Thread.objects.get(), 2)
    data = privacy.export_user_data(alice)["threads"]
    (exported,) = data["posts"]
    assert exported["text"] == "Zweite Fassung" and exported["earlier_versions"][0]["text"] == "Erste Fassung"
    assert exported["discussion"] == {
        "title": "Die AG, die nie tagte",
        "url": "/praxis/die-ag-die-nie-tagte/",
    }
    assert data["reactions"][0]["reaction"] == "danke" and data["flags"][0]["note"] == "Bitte prüfen"
    assert data["last_visits"][0]["seen_up_to"] == 2
    assert "Bobs Beitrag" not in str(data)


def test_erasure_keeping_contributions_leaves_posts_to_a_former_member(client, story, alice, bob, write):
    post = write(alice, story, "Das bleibt stehen")
    other = write(bob, story, "Bobs Beitrag")
    services.toggle_reaction(alice, other.pk, "hilfreich")
    privacy.erase_user(alice, keep_content=True)
    post.refresh_from_db()
    other.refresh_from_db()
    assert post.body == "Das bleibt stehen" and other.reaction_counts == {}
    assert not PostReaction.objects.exists() and not LastVisit.objects.filter(user=alice).exists()
    html = client.get("/praxis/die-ag-die-nie-tagte/").content.decode()
    assert "ehemaliges Mitglied" in html and "Alice Beispiel" not in html


def test_erasure_without_contributions_empties_posts_but_keeps_their_place(client, story, alice, bob, write):
    post = write(alice, story, "Bitte alles löschen")
    reply = write(bob, story, "Antwort darauf", reply_to=post.pk)
    services.edit(alice, post.pk, "Bitte wirklich alles löschen")
    flag = moderation.flag(alice, reply.pk, "other", "Notiz")
    privacy.erase_user(alice, keep_content=False)
    post.refresh_from_db()
    assert post.is_deleted and post.body == "" and post.author_id is None
    assert not PostRevision.objects.exists()
    flag.refresh_from_db()
    assert flag.reporter is None and flag.note == ""
    reply.refresh_from_db()
    assert reply.parent_id == post.pk
    html = client.get("/praxis/die-ag-die-nie-tagte/").content.decode()
    assert "Beitrag gelöscht" in html and "Bitte alles löschen" not in html and "Antwort darauf" in html


# --- Demo content ---------------------------------------------------------------------------------------------------


def test_the_demo_discussions_load_once(demo_site, client):
    from community.threads import demo
    from home.demo_support import DemoContext

    threads = Thread.objects.count()
    posts = Post.objects.count()
    assert threads >= 6 and posts >= 40
    assert Post.objects.filter(deleted_at__isnull=False).exists()
    assert Post.objects.filter(hidden_at__isnull=False).exists()
    assert Post.objects.filter(edited_at__isnull=False).exists() and PostRevision.objects.exists()
    assert Post.objects.filter(parent__isnull=False).exists() and PostReaction.objects.exists()
    assert Flag.objects.filter(status=FlagStatus.OPEN).exists()
    # Counters match the posts.
    for thread in Thread.objects.all():
        stored = list(thread.posts.order_by("number").values_list("number", flat=True))
        assert stored == list(range(1, thread.last_number + 1))
        assert thread.top_level_count == thread.posts.filter(parent__isnull=True).count()
    import io

    demo.load(DemoContext(stdout=io.StringIO(), style=None))
    assert (Thread.objects.count(), Post.objects.count()) == (threads, posts)
    html = client.get("/praxis/drei-jahre-projektfoerderung-und-dann/").content.decode()
    assert (
        'id="diskussion-titel"' in html
        and "12 Beiträge" in html
        and "Von der Moderation ausgeblendet" not in html
    )
    from django.apps import apps

    call_page = apps.get_model("calls", "CommunityCallPage")
    past = [call for call in call_page.objects.live() if Thread.objects.filter(object_id=call.pk).exists()]
    assert past, "the community calls have discussions"
    html = client.get(past[0].url).content.decode()
    assert 'id="diskussion-titel"' in html and "thread-post" in html
