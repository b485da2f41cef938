"""notify() and notify_followers(): what is stored, for whom, and what happens after the commit."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from taggit.models import Tag
from wagtail.models import Page

from community.members.models import Follow
from community.notifications import inbox
from community.notifications.api import NotificationKind, notify, notify_followers, safe_site_path
from community.notifications.models import EmailState, Notification, NotificationPreference
from community.regions.models import RegionPage

pytestmark = pytest.mark.django_db


def follow(user, target):
    content_type = (
        ContentType.objects.get_for_id(target.content_type_id)
        if isinstance(target, Page)
        else ContentType.objects.get_for_model(target)
    )
    return Follow.objects.create(user=user, content_type=content_type, object_id=target.pk)


@pytest.fixture
def region(db):
    root = Page.get_first_root_node()
    page = RegionPage(title="MINT-Region Saale-Holzland", slug="saale-holzland", bundesland="TH")
    root.add_child(instance=page)
    return page


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="Mädchen in MINT", slug="maedchen-in-mint")


# --- notify() -------------------------------------------------------------------------------------------------


def test_notify_stores_pushes_and_emails_after_commit(
    member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notify(
            member,
            NotificationKind.REPLY,
            "Otto hat auf deine Frage geantwortet",
            body="Bei uns hat **das Landratsamt** mitfinanziert.",
            url="/diskussionen/finanzierung/#antwort-3",
            actor=other_member,
            target=other_member,
        )
        # Stored before anything leaves the process.
        assert Notification.objects.filter(pk=notification.pk).exists()
        assert mail.outbox == []
    assert len(callbacks) == 1
    notification.refresh_from_db()
    assert notification.recipient == member and notification.actor == other_member
    assert notification.target == other_member
    assert notification.url == "/diskussionen/finanzierung/#antwort-3"
    assert notification.in_app and notification.read_at is None
    assert notification.email_state == EmailState.SENT and notification.emailed_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    assert inbox.unread_count(member.pk) == 1


def test_nothing_is_sent_before_the_transaction_commits(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(member, NotificationKind.MENTION, "Du wurdest erwähnt")
    assert len(callbacks) == 1
    assert mail.outbox == []
    assert Notification.objects.get().email_state == EmailState.PENDING


def test_kind_switched_off_in_app_is_emailed_only(member, django_capture_on_commit_callbacks):
    preference = NotificationPreference(user=member)
    preference.set_choice(NotificationKind.MENTION, in_app=False)
    preference.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(member, NotificationKind.MENTION, "Du wurdest erwähnt")
    assert notification is not None and notification.in_app is False
    assert len(mail.outbox) == 1
    assert inbox.unread_count(member.pk) == 0


def test_kind_switched_off_by_email_is_shown_in_app_only(member, django_capture_on_commit_callbacks):
    preference = NotificationPreference(user=member)
    preference.set_choice(NotificationKind.REPLY, email=False)
    preference.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(member, NotificationKind.REPLY, "Neue Antwort")
    assert notification.in_app and notification.email_state == EmailState.OFF
    assert mail.outbox == []
    assert inbox.unread_count(member.pk) == 1


def test_kind_switched_off_everywhere_stores_nothing(member):
    preference = NotificationPreference(user=member)
    preference.set_choice(NotificationKind.REPLY, in_app=False, email=False)
    preference.save()
    assert notify(member, NotificationKind.REPLY, "Neue Antwort") is None
    assert not Notification.objects.exists()


def test_master_switch_stops_all_email(member, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=member, email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(member, NotificationKind.MENTION, "Du wurdest erwähnt")
    assert notification.email_state == EmailState.OFF and mail.outbox == []


def test_defaults_email_personal_kinds_but_not_followed_content(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for kind in NotificationKind.values:
            notify(member, kind, f"Etwas zu {kind}")
    emailed = set(Notification.objects.filter(email_state=EmailState.SENT).values_list("kind", flat=True))
    assert emailed == set(NotificationKind.values) - {NotificationKind.FOLLOWED_CONTENT}
    assert len(mail.outbox) == len(NotificationKind.values) - 1


def test_digest_members_are_not_emailed_right_away(member, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=member, digest="daily")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(member, NotificationKind.MENTION, "Du wurdest erwähnt")
    assert notification.email_state == EmailState.PENDING and mail.outbox == []


def test_nobody_is_notified_about_their_own_action_or_while_inactive(member, make_member):
    assert notify(member, NotificationKind.REPLY, "Eigene Antwort", actor=member) is None
    inactive = make_member("ina", is_active=False)
    assert notify(inactive, NotificationKind.REPLY, "Antwort") is None
    assert notify(None, NotificationKind.REPLY, "Antwort") is None
    assert not Notification.objects.exists()


def test_bad_calls_fail_loudly(member):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(member, "gibt_es_nicht", "Titel")
    with pytest.raises(ValueError, match="title"):
        notify(member, NotificationKind.REPLY, "   ")


def test_long_titles_are_shortened_and_whitespace_collapsed(member):
    notification = notify(member, NotificationKind.REPLY, "Sehr   lange\nÜberschrift " * 40)
    assert len(notification.title) == 255 and notification.title.endswith("…")
    assert "\n" not in notification.title and "  " not in notification.title


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/pfad",
        "/\\evil.example",
        "javascript:alert(1)",
        "relativ/ohne/schraegstrich",
        "/zeile\numbruch",
        "http://127.0.0.1:8000.evil.example/",
    ],
)
def test_links_that_leave_the_site_are_dropped(member, url):
    notification = notify(member, NotificationKind.REPLY, "Antwort", url=url)
    assert notification.url == ""


def test_absolute_links_to_this_site_become_paths(settings):
    settings.SITE_URL = "https://netzwerkstatt.example.org"
    assert safe_site_path("https://netzwerkstatt.example.org/praxis/?seite=2") == "/praxis/?seite=2"
    assert safe_site_path("/praxis/#kommentare") == "/praxis/#kommentare"
    assert safe_site_path("https://netzwerkstatt.example.org.evil.example/") == ""


def test_each_new_notification_is_pushed_with_its_stored_id(member, django_capture_on_commit_callbacks):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(inbox.group_name(member.pk), channel)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(member, NotificationKind.MENTION, "Du wurdest erwähnt", url="/kanaele/1/")
    message = async_to_sync(layer.receive)(channel)
    assert message["type"] == "notification.push"
    frame = message["frame"]
    assert frame["type"] == "notification" and frame["id"] == notification.pk
    assert frame["title"] == "Du wurdest erwähnt" and frame["url"] == "/kanaele/1/"
    assert frame["open_url"] == f"/benachrichtigungen/{notification.pk}/"
    assert frame["unread"] == 1
    async_to_sync(layer.group_discard)(inbox.group_name(member.pk), channel)


# --- notify_followers() -----------------------------------------------------------------------------------------


def test_followers_of_several_targets_are_notified_once(
    member, make_member, tag, region, django_capture_on_commit_callbacks
):
    author = make_member("autorin")
    both = make_member("beide")
    tag_only = make_member("thema")
    region_only = make_member("region")
    of_author = make_member("fan")
    excluded = make_member("ausgenommen")
    inactive = make_member("inaktiv", is_active=False)
    make_member("unbeteiligt")
    for user, targets in [
        (both, [tag, region]),
        (tag_only, [tag]),
        (region_only, [region]),
        (of_author, [author]),
        (excluded, [tag]),
        (inactive, [tag]),
        (author, [tag]),
    ]:
        for target in targets:
            follow(user, target)

    with django_capture_on_commit_callbacks(execute=True):
        count = notify_followers(
            [tag, region, author],
            NotificationKind.FOLLOWED_CONTENT,
            "Neuer Praxisbeitrag: Mädchen-MINT-Tage mit Ausbildungsbetrieben",
            url="/praxis/maedchen-mint-tage/",
            actor=author,
            exclude=[excluded.pk],
        )
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {both.pk, tag_only.pk, region_only.pk, of_author.pk}
    assert count == 4 and Notification.objects.count() == 4
    assert set(Notification.objects.values_list("actor_id", flat=True)) == {author.pk}
    assert mail.outbox == []  # followed content is not emailed by default


def test_followers_of_a_page_are_found_however_it_was_loaded(member, region):
    follow(member, region)
    generic_page = Page.objects.get(pk=region.pk)
    assert type(generic_page) is Page
    assert notify_followers(generic_page, NotificationKind.FOLLOWED_CONTENT, "Neu in der Region") == 1


def test_followers_of_a_member_via_their_profile(member, other_member):
    from community.members.models import Profile

    profile = Profile.objects.create(user=other_member, display_name="Otto Beispiel")
    follow(member, other_member)
    assert (
        notify_followers([profile], NotificationKind.FOLLOWED_CONTENT, "Otto hat etwas veröffentlicht") == 1
    )


def test_no_targets_or_no_followers(member, tag):
    assert notify_followers([], NotificationKind.FOLLOWED_CONTENT, "Nichts") == 0
    assert notify_followers([tag], NotificationKind.FOLLOWED_CONTENT, "Niemand folgt") == 0
    assert not Notification.objects.exists()


def test_notify_followers_costs_the_same_few_queries_for_many_followers(
    make_member, tag, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    followers = [make_member() for _ in range(40)]
    for user in followers:
        follow(user, tag)
    ContentType.objects.get_for_model(tag)  # content types are cached process-wide in production
    # followers, preferences, insert, and after the commit one grouped unread count for the push.
    with django_assert_max_num_queries(5), django_capture_on_commit_callbacks(execute=True):
        assert notify_followers([tag], NotificationKind.FOLLOWED_CONTENT, "Neu im Thema") == 40


def test_lazy_titles_are_stored_in_german_whatever_the_actor_browses_in(member):
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    with translation.override("en"):
        notification = notify(member, NotificationKind.MENTION, gettext_lazy("Mention"))
    assert notification.title == "Erwähnung"
