"""Followers of a post's topics and region hear of its first publication; anonymity holds in notifications."""

import pytest
from taggit.models import Tag

from community.members.follow import follow
from community.notifications.models import Notification
from knowledge.practice.models import PracticePage

pytestmark = pytest.mark.django_db


def notifications_of(user):
    return list(Notification.objects.filter(recipient=user, kind="followed_content").order_by("pk"))


@pytest.fixture
def topic_follower(make_user):
    user = make_user("Tina Themenfan")
    follow(user, Tag.objects.get_or_create(name="Ehrenamt")[0])
    return user


@pytest.fixture
def region_follower(make_user, aachen):
    user = make_user("Rolf Regionsfan")
    follow(user, aachen)
    return user


def test_first_publication_notifies_topic_and_region_followers(
    make_post, aachen, topic_follower, region_follower, make_user
):
    bystander = make_user("Bea Unbeteiligt")
    both = make_user("Berta Beides")
    follow(both, aachen)
    follow(both, Tag.objects.get(name="Ehrenamt"))
    author = make_user("Anton Autor")
    post = make_post(
        "bp", "Forscherkisten", slug="forscherkisten", region=aachen, tags=["Ehrenamt"], author=author,
        byline="Anton Autor, MINT-Netzwerk Aachener Revier", summary="Kitas leihen Kisten aus.",
    )  # fmt: skip
    [notification] = notifications_of(topic_follower)
    assert notification.title == "Neues Praxisbeispiel: Forscherkisten"
    assert notification.body == "Kitas leihen Kisten aus."
    assert notification.url == "/praxis/forscherkisten/"
    assert notification.actor == author
    assert len(notifications_of(region_follower)) == 1
    assert len(notifications_of(both)) == 1  # once, though following topic and region
    assert notifications_of(bystander) == []
    assert notifications_of(author) == []
    assert post.live


def test_a_story_is_announced_as_such(make_post, topic_follower):
    make_post("sof", "Der leere Aktionstag", tags=["Ehrenamt"])
    [notification] = notifications_of(topic_follower)
    assert notification.title == "Neue Story of Failure: Der leere Aktionstag"


def test_republishing_notifies_nobody(make_post, topic_follower):
    post = make_post("bp", "Einmal angekündigt", tags=["Ehrenamt"])
    page = PracticePage.objects.get(pk=post.pk).specific
    page.summary = "Korrigiert."
    page.save_revision().publish()
    assert len(notifications_of(topic_follower)) == 1


def test_drafts_and_scheduled_posts_notify_nobody(make_post, topic_follower):
    from datetime import timedelta

    from django.utils import timezone

    make_post("bp", tags=["Ehrenamt"], publish=False)
    scheduled = make_post("bp", tags=["Ehrenamt"], publish=False)
    revision = scheduled.save_revision(approved_go_live_at=timezone.now() + timedelta(days=2))
    revision.publish()
    assert notifications_of(topic_follower) == []


def test_an_anonymous_post_names_its_author_in_no_notification(
    make_post, aachen, topic_follower, region_follower, make_user
):
    author = make_user("Paula Privat", email="paula.privat@example.org")
    follow(author, Tag.objects.get(name="Ehrenamt"))  # the author follows the topic herself
    make_post(
        "sof", "Was schiefging", region=aachen, tags=["Ehrenamt"], author=author, anonymous=True,
        byline="Paula Privat", summary="Ein ehrlicher Bericht.", user=author,
    )  # fmt: skip
    notifications = notifications_of(topic_follower) + notifications_of(region_follower)
    assert len(notifications) == 2
    for notification in notifications:
        assert notification.actor is None
        for trace in ("Paula", "Privat", "paula.privat"):
            assert trace not in notification.title and trace not in notification.body
    # Being left out of one's own announcement cannot give it away: the author is never notified.
    assert notifications_of(author) == []


def test_the_editor_who_writes_and_publishes_is_not_notified(make_post, topic_follower):
    topic_follower.is_superuser = True
    topic_follower.save()
    make_post("bp", tags=["Ehrenamt"], user=topic_follower, publisher=topic_follower)
    assert notifications_of(topic_follower) == []


def test_a_post_without_topics_or_region_notifies_nobody(make_post, topic_follower):
    make_post("bp", "Ohne Themen")
    assert Notification.objects.count() == 0
