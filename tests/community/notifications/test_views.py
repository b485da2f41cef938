"""The list, opening and marking, the header bell and the settings page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.notifications import inbox
from community.notifications.models import DigestFrequency, EmailState, Notification, NotificationPreference

pytestmark = pytest.mark.django_db

LIST = "/benachrichtigungen/"
SETTINGS = "/konto/benachrichtigungen/"


def make_notifications(user, count, *, read=False, **fields):
    now = timezone.now()
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=fields.get("kind", "reply"),
                title=f"{fields.get('title', 'Antwort')} {number:02}",
                body=fields.get("body", ""),
                url=fields.get("url", f"/diskussionen/{number}/"),
                created_at=now - timedelta(minutes=number),
                read_at=now if read else None,
            )
            for number in range(count)
        ]
    )


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


# --- List -------------------------------------------------------------------------------------------------------


def test_list_needs_login(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/?next=")


def test_list_shows_own_notifications_newest_first_unread_highlighted(member_client, member, other_member):
    make_notifications(member, 2, title="Gelesen", read=True)
    newest = Notification.objects.create(recipient=member, kind="mention", title="Ganz neu")
    make_notifications(other_member, 1, title="Fremd")
    response = member_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fremd" not in html
    assert html.index("Ganz neu") < html.index("Gelesen 00") < html.index("Gelesen 01")
    assert html.count("notification-item--unread") == 1
    assert "Du hast eine ungelesene Benachrichtigung." in html
    assert f'href="/benachrichtigungen/{newest.pk}/"' in html
    assert "Erwähnung" in html  # the kind, in German
    assert "Alle als gelesen markieren" in html


def test_unread_filter_and_empty_states(member_client, member):
    html = member_client.get(LIST).content.decode()
    assert "Noch keine Benachrichtigungen" in html
    make_notifications(member, 1, title="Alt", read=True)
    html = member_client.get(LIST + "?ansicht=ungelesen").content.decode()
    assert "Keine ungelesenen Benachrichtigungen" in html and "Alt 00" not in html
    make_notifications(member, 1, title="Frisch")
    html = member_client.get(LIST + "?ansicht=ungelesen").content.decode()
    assert "Frisch 00" in html and "Alt 00" not in html


def test_email_only_notifications_are_not_listed(member_client, member):
    Notification.objects.create(recipient=member, kind="mention", title="Nur per Mail", in_app=False)
    html = member_client.get(LIST).content.decode()
    assert "Nur per Mail" not in html and "Noch keine Benachrichtigungen" in html


def test_list_is_paginated_without_losing_items(member_client, member):
    make_notifications(member, 45)
    first = member_client.get(LIST).content.decode()
    assert "Antwort 00" in first and "Antwort 19" in first and "Antwort 20" not in first
    assert 'rel="next" href="?seite=2"' in first
    third = member_client.get(LIST + "?seite=3").content.decode()
    assert "Antwort 40" in third and "Antwort 44" in third and 'rel="next"' not in third
    unread_page = member_client.get(LIST + "?ansicht=ungelesen").content.decode()
    assert 'href="?ansicht=ungelesen&amp;seite=2"' in unread_page
    assert member_client.get(LIST + "?seite=abc").status_code == 200


def test_list_query_count_does_not_grow(member_client, member, django_assert_max_num_queries):
    from django.core.cache import cache

    make_notifications(member, 3)
    member_client.get(LIST)
    cache.clear()
    with django_assert_max_num_queries(12) as few:
        member_client.get(LIST)
    make_notifications(member, 60, title="Mehr")
    cache.clear()
    with django_assert_max_num_queries(12) as many:
        assert member_client.get(LIST).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Opening and marking ----------------------------------------------------------------------------------------


def test_opening_marks_read_and_redirects_to_the_target(member_client, member):
    (notification,) = make_notifications(member, 1, url="/praxis/ein-beitrag/#kommentar-4")
    response = member_client.get(f"/benachrichtigungen/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == "/praxis/ein-beitrag/#kommentar-4"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert inbox.unread_count(member.pk) == 0


def test_opening_without_link_goes_to_the_list(member_client, member):
    (notification,) = make_notifications(member, 1, url="")
    assert member_client.get(f"/benachrichtigungen/{notification.pk}/")["Location"] == LIST


@pytest.mark.parametrize(
    "stored_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_opening_never_redirects_off_site(member_client, member, stored_url):
    # Written past notify() (e.g. by a faulty import): the view checks again.
    notification = Notification.objects.create(recipient=member, kind="reply", title="Alt", url=stored_url)
    response = member_client.get(f"/benachrichtigungen/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == LIST


def test_other_members_notifications_are_404(member_client, other_member):
    (foreign,) = make_notifications(other_member, 1)
    assert member_client.get(f"/benachrichtigungen/{foreign.pk}/").status_code == 404
    assert (
        member_client.post(f"/benachrichtigungen/{foreign.pk}/status/", {"gelesen": "1"}).status_code == 404
    )
    assert member_client.post("/benachrichtigungen/999999/status/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_anonymous_can_not_open_or_mark(client, member):
    (notification,) = make_notifications(member, 1)
    assert client.get(f"/benachrichtigungen/{notification.pk}/").status_code == 302
    assert client.post(f"/benachrichtigungen/{notification.pk}/status/").status_code == 302
    assert client.post("/benachrichtigungen/alle-gelesen/").status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_and_unread(member_client, member):
    (notification,) = make_notifications(member, 1)
    response = member_client.post(
        f"/benachrichtigungen/{notification.pk}/status/", {"gelesen": "1", "next": LIST + "?seite=2"}
    )
    assert response.status_code == 302 and response["Location"] == LIST + "?seite=2"
    notification.refresh_from_db()
    assert notification.read_at is not None
    member_client.post(
        f"/benachrichtigungen/{notification.pk}/status/", {"gelesen": "0", "next": "https://evil.example/"}
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_needs_post_and_csrf(member, other_member):
    from django.test import Client

    (notification,) = make_notifications(member, 2)[:1]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.get(f"/benachrichtigungen/{notification.pk}/status/").status_code == 405
    assert strict.post(f"/benachrichtigungen/{notification.pk}/status/").status_code == 403
    assert strict.post("/benachrichtigungen/alle-gelesen/").status_code == 403
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 2


def test_mark_all_read_touches_only_own(member_client, member, other_member):
    make_notifications(member, 5)
    make_notifications(other_member, 2)
    response = member_client.post("/benachrichtigungen/alle-gelesen/", follow=True)
    assert "Alle Benachrichtigungen sind als gelesen markiert." in response.content.decode()
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other_member, read_at__isnull=True).count() == 2


def test_marking_is_rate_limited(member_client, member):
    from community.notifications.views import mark_limit

    (notification,) = make_notifications(member, 1)
    for _ in range(mark_limit.limit):
        mark_limit.hit(member.pk)
    response = member_client.post(f"/benachrichtigungen/{notification.pk}/status/", follow=True)
    assert "Zu viele Änderungen in kurzer Zeit" in response.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is None


# --- The bell in the header ---------------------------------------------------------------------------------


def test_bell_shows_the_unread_count_with_a_german_label(member_client, member, home_page):
    make_notifications(member, 3)
    make_notifications(member, 2, read=True)
    html = member_client.get("/").content.decode()
    assert 'class="notification-bell"' in html
    assert (
        '<span class="visually-hidden">Benachrichtigungen<span data-notification-count>, 3 ungelesen</span></span>'
        in html
    )
    assert 'data-notification-badge aria-hidden="true">3</span>' in html
    assert 'data-socket-path="/ws/benachrichtigungen/"' in html
    assert "js/notifications.js" in html


def test_bell_without_unread_hides_the_badge(member_client, home_page):
    html = member_client.get("/").content.decode()
    assert 'data-notification-badge aria-hidden="true" hidden>' in html


def test_bell_caps_at_99(member_client, member, home_page):
    make_notifications(member, 120)
    assert ">99+</span>" in member_client.get("/").content.decode()


def test_bell_is_not_shown_to_visitors(client, home_page):
    assert "notification-bell" not in client.get("/").content.decode()


def test_unread_count_is_cached_and_dropped_on_change(member, django_assert_num_queries):
    make_notifications(member, 2)
    with django_assert_num_queries(1):
        assert inbox.unread_count(member.pk) == 2
    with django_assert_num_queries(0):
        assert inbox.unread_count(member.pk) == 2
    notification = Notification.objects.filter(recipient=member).first()
    inbox.mark_read(member, notification.pk)
    assert inbox.unread_count(member.pk) == 1
    inbox.mark_unread(member, notification.pk)
    assert inbox.unread_count(member.pk) == 2
    inbox.mark_all_read(member)
    assert inbox.unread_count(member.pk) == 0


# --- Settings -----------------------------------------------------------------------------------------------


def settings_data(**overrides):
    data = {"email_enabled": "on", "digest": "none"}
    for kind in [
        "mention",
        "reply",
        "followed_content",
        "call_reminder",
        "submission_decision",
        "region_proposal",
    ]:
        data[f"{kind}_in_app"] = "on"
        data[f"{kind}_email"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_settings_need_login(client):
    assert client.get(SETTINGS).status_code == 302


def test_settings_show_the_defaults(member_client):
    response = member_client.get(SETTINGS)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["mention_email"].value() is True
    assert form["followed_content_email"].value() is False
    assert form["followed_content_in_app"].value() is True
    html = response.content.decode()
    assert "Benachrichtigungseinstellungen" in html and "Erwähnungen" in html
    assert "Einmal am Tag als Zusammenfassung" in html


def test_saving_settings(member_client, member):
    response = member_client.post(
        SETTINGS, settings_data(reply_email=None, mention_in_app=None, digest="weekly"), follow=True
    )
    assert "Deine Benachrichtigungseinstellungen sind gespeichert." in response.content.decode()
    preference = NotificationPreference.objects.get(user=member)
    assert preference.digest == DigestFrequency.WEEKLY
    assert not preference.wants_email("reply") and preference.wants_email("mention")
    assert not preference.wants_in_app("mention") and preference.wants_in_app("reply")
    assert preference.wants_email("followed_content")  # switched on in the form
    # The first summary comes at the next regular slot, not with the next hourly run.
    assert preference.last_digest_at is not None


def test_switching_email_off_settles_waiting_notifications(member_client, member):
    pending = Notification.objects.create(
        recipient=member, kind="reply", title="Wartet", email_state=EmailState.PENDING
    )
    member_client.post(SETTINGS, settings_data(email_enabled=None))
    pending.refresh_from_db()
    assert pending.email_state == EmailState.OFF


def test_bad_settings_are_shown_again_with_everything_entered(member_client, member):
    response = member_client.post(SETTINGS, settings_data(digest="stündlich", reply_email=None))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte wähle eine der angebotenen Möglichkeiten." in html
    assert "Deine Einstellungen sind noch nicht gespeichert." in html
    form = response.context["form"]
    assert form["reply_email"].value() is False and form["mention_email"].value() is True
    assert not NotificationPreference.objects.filter(user=member).exists()


def test_settings_are_rate_limited_without_losing_input(member_client, member):
    from community.notifications.views import preferences_limit

    for _ in range(preferences_limit.limit):
        preferences_limit.hit(member.pk)
    response = member_client.post(SETTINGS, settings_data(reply_email=None))
    assert response.status_code == 429
    assert "Zu viele Änderungen in kurzer Zeit" in response.content.decode()
    assert response.context["form"]["reply_email"].value() is False
    assert not NotificationPreference.objects.filter(user=member).exists()
