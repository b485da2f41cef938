"""Emails: immediate ones, daily and weekly digests (idempotent), and the signed one-click unsubscribe."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from community.notifications import emails
from community.notifications.api import NotificationKind, notify
from community.notifications.digests import due_since, send_due_digests
from community.notifications.models import DigestFrequency, EmailState, Notification, NotificationPreference
from community.notifications.preferences import (
    UNSUBSCRIBE_SALT,
    make_unsubscribe_token,
    read_unsubscribe_token,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
# A Wednesday; the weekly slot is Monday 07:00.
WEDNESDAY_9 = datetime(2025, 3, 5, 9, 0, tzinfo=BERLIN)


def pending(user, count=1, *, kind="reply", created_at=None, **fields):
    created_at = created_at or WEDNESDAY_9 - timedelta(hours=3)
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                title=f"Neue Antwort {number}",
                body="Wir haben **gute Erfahrungen** gemacht.",
                url=f"/diskussionen/{number}/",
                created_at=created_at,
                email_state=EmailState.PENDING,
                **fields,
            )
            for number in range(count)
        ]
    )


def digest_member(make_member, frequency, **fields):
    user = make_member("digest")
    NotificationPreference.objects.create(user=user, digest=frequency, **fields)
    return user


# --- Immediate emails -------------------------------------------------------------------------------------------


def test_immediate_email_content_and_headers(member, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://netzwerkstatt.example.org"
    from community.members.models import Profile

    Profile.objects.create(user=member, display_name="Erika Beispiel")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            member,
            NotificationKind.MENTION,
            "Jorinde hat dich im Kanal „Finanzierung“ erwähnt",
            body="@Erika, wie habt ihr **den Kreistag** überzeugt?",
            url="/kanaele/finanzierung/",
        )
    (message,) = mail.outbox
    assert message.subject == "[Netzwerkstatt] Jorinde hat dich im Kanal „Finanzierung“ erwähnt"
    assert message.to == [member.email]
    assert "Hallo Erika Beispiel," in message.body
    assert "wie habt ihr den Kreistag überzeugt?" in message.body  # Markdown shown as plain text
    open_link = f"https://netzwerkstatt.example.org/benachrichtigungen/{notification.pk}/"
    assert open_link in message.body
    assert "https://netzwerkstatt.example.org/konto/benachrichtigungen/" in message.body
    assert "E-Mails zu „Erwähnungen“ eingeschaltet" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{open_link}"' in html and 'lang="de"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://netzwerkstatt.example.org/abmelden/") and unsubscribe.endswith(
        "/>"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert unsubscribe[1:-1] in message.body and unsubscribe[1:-1] in html
    token = unsubscribe[1:-1].rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token).kind == NotificationKind.MENTION


def test_unverified_addresses_get_no_email(django_user_model, django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user(username="neu", email="neu@example.org", password="x" * 12)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user, NotificationKind.MENTION, "Erwähnt")
    notification.refresh_from_db()
    assert mail.outbox == [] and notification.email_state == EmailState.OFF


def test_an_immediate_email_is_sent_at_most_once(member):
    (notification,) = pending(member)
    assert emails.send_immediate([notification.pk]) == 1
    assert emails.send_immediate([notification.pk]) == 0
    assert len(mail.outbox) == 1


def test_a_failed_immediate_email_is_retried_by_the_hourly_command(member, settings):
    settings.EMAIL_BACKEND = "tests.community.notifications.failing_backend.FailingBackend"
    (notification,) = pending(member, created_at=timezone.now() - timedelta(minutes=30))
    assert emails.send_immediate([notification.pk]) == 0
    notification.refresh_from_db()
    assert notification.email_state == EmailState.PENDING and notification.emailed_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = send_due_digests()
    assert report.retried_sent == 1
    (message,) = mail.outbox
    assert message.subject == "[Netzwerkstatt] Neue Antwort 0"
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert send_due_digests().retried_sent == 0 and len(mail.outbox) == 1


def test_fresh_pending_immediate_emails_are_left_to_their_task(member):
    pending(member, created_at=timezone.now() - timedelta(minutes=1))
    assert send_due_digests().retried_sent == 0 and mail.outbox == []


# --- Digests ---------------------------------------------------------------------------------------------------


def test_due_slots():
    assert due_since(DigestFrequency.DAILY, WEDNESDAY_9) == datetime(2025, 3, 5, 7, 0, tzinfo=BERLIN)
    early = datetime(2025, 3, 5, 6, 59, tzinfo=BERLIN)
    assert due_since(DigestFrequency.DAILY, early) == datetime(2025, 3, 4, 7, 0, tzinfo=BERLIN)
    assert due_since(DigestFrequency.WEEKLY, WEDNESDAY_9) == datetime(2025, 3, 3, 7, 0, tzinfo=BERLIN)
    monday_early = datetime(2025, 3, 3, 6, 0, tzinfo=BERLIN)
    assert due_since(DigestFrequency.WEEKLY, monday_early) == datetime(2025, 2, 24, 7, 0, tzinfo=BERLIN)
    # Across the change to summer time the slot stays at 07:00 local time.
    after_dst = datetime(2025, 3, 31, 8, 0, tzinfo=BERLIN)
    assert due_since(DigestFrequency.DAILY, after_dst).hour == 7


def test_daily_digest_collects_pending_notifications_once(make_member):
    user = digest_member(make_member, DigestFrequency.DAILY, last_digest_at=WEDNESDAY_9 - timedelta(days=1))
    pending(user, 3)
    report = send_due_digests(now=WEDNESDAY_9)
    assert report.summaries_sent == 1
    (message,) = mail.outbox
    assert message.subject == "[Netzwerkstatt] Deine tägliche Zusammenfassung: 3 neue Benachrichtigungen"
    assert "seit gestern" in message.body
    for number in range(3):
        assert f"Neue Antwort {number}" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        read_unsubscribe_token(
            message.extra_headers["List-Unsubscribe"][1:-1].rstrip("/").rsplit("/", 1)[1]
        ).kind
        == ""
    )
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}

    # Running again in the same hour, later that day, or after something new: nothing twice.
    assert send_due_digests(now=WEDNESDAY_9).summaries_sent == 0
    pending(user, 1, created_at=WEDNESDAY_9 + timedelta(hours=2))
    assert send_due_digests(now=WEDNESDAY_9 + timedelta(hours=5)).summaries_sent == 0
    assert len(mail.outbox) == 1
    # The next morning the new one comes, alone.
    assert send_due_digests(now=WEDNESDAY_9 + timedelta(days=1)).summaries_sent == 1
    assert len(mail.outbox) == 2
    assert "eine neue Benachrichtigung" in mail.outbox[1].subject


def test_weekly_digest_waits_for_its_weekday(make_member):
    user = digest_member(make_member, DigestFrequency.WEEKLY, last_digest_at=WEDNESDAY_9)
    pending(user, 2, created_at=WEDNESDAY_9 + timedelta(hours=1))
    for days in range(1, 5):  # Thursday .. Sunday
        assert send_due_digests(now=WEDNESDAY_9 + timedelta(days=days)).summaries_sent == 0
    monday_6 = datetime(2025, 3, 10, 6, 0, tzinfo=BERLIN)
    assert send_due_digests(now=monday_6).summaries_sent == 0
    monday_8 = datetime(2025, 3, 10, 8, 0, tzinfo=BERLIN)
    assert send_due_digests(now=monday_8).summaries_sent == 1
    assert send_due_digests(now=monday_8 + timedelta(hours=1)).summaries_sent == 0
    (message,) = mail.outbox
    assert message.subject == "[Netzwerkstatt] Deine wöchentliche Zusammenfassung: 2 neue Benachrichtigungen"
    assert "diese Woche" in message.body


def test_digest_skips_what_was_read_or_is_no_longer_wanted(make_member):
    user = digest_member(make_member, DigestFrequency.DAILY)
    preference = NotificationPreference.objects.get(user=user)
    preference.set_choice("mention", email=False)
    preference.save()
    (read,) = pending(user, 1, read_at=WEDNESDAY_9 - timedelta(hours=1))
    (declined,) = pending(user, 1, kind="mention")
    (wanted,) = pending(user, 1, kind="call_reminder")
    send_due_digests(now=WEDNESDAY_9)
    (message,) = mail.outbox
    assert "eine neue Benachrichtigung" in message.subject
    read.refresh_from_db()
    declined.refresh_from_db()
    wanted.refresh_from_db()
    assert (read.email_state, declined.email_state, wanted.email_state) == (
        EmailState.OFF,
        EmailState.OFF,
        EmailState.SENT,
    )


def test_members_with_nothing_pending_get_no_digest_and_their_slot_moves_on(make_member):
    user = digest_member(make_member, DigestFrequency.DAILY)
    report = send_due_digests(now=WEDNESDAY_9)
    assert report.members_due == 1 and report.summaries_sent == 0 and mail.outbox == []
    # Something arriving later that day waits for tomorrow's digest instead of going out at once.
    pending(user, 1, created_at=WEDNESDAY_9 + timedelta(hours=3))
    assert send_due_digests(now=WEDNESDAY_9 + timedelta(hours=4)).summaries_sent == 0


def test_long_digests_are_cut_with_a_link_to_the_rest(make_member, settings):
    settings.NOTIFICATION_DIGEST_MAX_ITEMS = 5
    user = digest_member(make_member, DigestFrequency.DAILY)
    pending(user, 8)
    send_due_digests(now=WEDNESDAY_9)
    (message,) = mail.outbox
    assert "… und 3 weitere." in message.body
    assert "/benachrichtigungen/" in message.body
    assert Notification.objects.filter(email_state=EmailState.SENT).count() == 8


def test_a_failed_digest_is_retried_by_the_next_run(make_member, settings):
    user = digest_member(make_member, DigestFrequency.DAILY)
    pending(user, 2)
    settings.EMAIL_BACKEND = "tests.community.notifications.failing_backend.FailingBackend"
    report = send_due_digests(now=WEDNESDAY_9)
    assert report.summaries_sent == 0 and report.failed_members == {user.pk}
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.PENDING}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_digests(now=WEDNESDAY_9 + timedelta(hours=1)).summaries_sent == 1
    assert len(mail.outbox) == 1


def test_immediate_members_are_not_in_digests(member, make_member):
    pending(member, 1, created_at=timezone.now())
    assert send_due_digests(now=timezone.now()).summaries_sent == 0
    assert mail.outbox == []


def test_the_management_command(make_member):
    user = digest_member(make_member, DigestFrequency.DAILY)
    pending(user, 2)
    out = __import__("io").StringIO()
    call_command("send_notification_digests", now="2025-03-05T09:00:00+01:00", stdout=out)
    assert "Zusammenfassungen: 1 gesendet" in out.getvalue()
    call_command("send_notification_digests", now="2025-03-05T09:00:00+01:00", stdout=out)
    assert len(mail.outbox) == 1


def test_the_management_command_rejects_a_bad_time():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("send_notification_digests", now="gestern früh")


# --- Unsubscribe -------------------------------------------------------------------------------------------------


def unsubscribe_path(user, kind=""):
    return f"/abmelden/{make_unsubscribe_token(user.pk, kind)}/"


def test_unsubscribe_page_asks_before_changing_anything(client, member):
    response = client.get(unsubscribe_path(member, "reply"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "E-Mails abbestellen" in html and "e…@example.org" in html
    assert "Nur E-Mails zu „Antworten“ abbestellen" in html
    assert "Alle Benachrichtigungs-E-Mails abbestellen" in html
    assert '<meta name="robots" content="noindex">' in html
    assert not NotificationPreference.objects.exists()


def test_unsubscribe_from_one_kind_with_the_button(member):
    (waiting,) = pending(member, kind="reply")
    client = Client(enforce_csrf_checks=True)  # no login, no CSRF token: the signed token authenticates
    response = client.post(unsubscribe_path(member, "reply"), {"action": "unsubscribe", "scope": "reply"})
    assert response.status_code == 200
    assert "Du bekommst keine E-Mails zu „Antworten“ mehr" in response.content.decode()
    preference = NotificationPreference.objects.get(user=member)
    assert not preference.wants_email("reply") and preference.wants_email("mention")
    waiting.refresh_from_db()
    assert waiting.email_state == EmailState.OFF

    response = client.post(unsubscribe_path(member, "reply"), {"action": "undo", "scope": "reply"})
    assert "wieder eingeschaltet" in response.content.decode()
    preference.refresh_from_db()
    assert preference.wants_email("reply")


def test_unsubscribe_from_all_email(client, member):
    client.post(unsubscribe_path(member, "reply"), {"action": "unsubscribe", "scope": ""})
    preference = NotificationPreference.objects.get(user=member)
    assert preference.email_enabled is False
    assert preference.wants_in_app("reply")  # the site keeps notifying


def test_a_token_for_one_kind_can_not_change_another(client, member):
    response = client.post(unsubscribe_path(member, "reply"), {"action": "unsubscribe", "scope": "mention"})
    assert response.status_code == 400
    assert "Bitte wähle eine der Schaltflächen." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_one_click_unsubscribe_rfc_8058(member):
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_path(member, "mention"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preference = NotificationPreference.objects.get(user=member)
    assert not preference.wants_email("mention") and preference.email_enabled

    digest_token_path = unsubscribe_path(member)
    client.post(
        digest_token_path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    preference.refresh_from_db()
    assert preference.email_enabled is False


def test_tampered_token_gets_a_clear_german_page(client, member):
    token = make_unsubscribe_token(member.pk, "reply")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for path in [f"/abmelden/{tampered}/", "/abmelden/unsinn/"]:
        response = client.get(path)
        assert response.status_code == 400
        assert "Dieser Abmeldelink ist ungültig." in response.content.decode()
        assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 400
    assert not NotificationPreference.objects.exists()


def test_token_signed_for_another_purpose_is_refused(client, member):
    other_purpose = signing.dumps({"u": member.pk, "k": ""}, salt="community.members.something-else")
    assert client.get(f"/abmelden/{other_purpose}/").status_code == 400
    same_purpose = signing.dumps({"u": member.pk, "k": ""}, salt=UNSUBSCRIBE_SALT, compress=True)
    assert client.get(f"/abmelden/{same_purpose}/").status_code == 200


def test_expired_token(client, member, settings):
    token = make_unsubscribe_token(member.pk, "reply")
    settings.NOTIFICATION_UNSUBSCRIBE_MAX_AGE = -1
    response = client.get(f"/abmelden/{token}/")
    assert response.status_code == 400
    assert "Dieser Abmeldelink ist abgelaufen." in response.content.decode()


def test_token_of_a_deactivated_account(client, make_member):
    user = make_member("weg", is_active=False)
    assert client.get(unsubscribe_path(user)).status_code == 400


def test_unsubscribe_is_rate_limited(client, member):
    from community.notifications.views import unsubscribe_limit

    for _ in range(unsubscribe_limit.limit):
        unsubscribe_limit.hit("ip:127.0.0.1")
    response = client.post(unsubscribe_path(member), {"action": "unsubscribe", "scope": ""})
    assert response.status_code == 429
    assert "Zu viele Änderungen in kurzer Zeit" in response.content.decode()
    assert not NotificationPreference.objects.exists()
