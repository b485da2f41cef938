"""Reminder emails 24 hours and 1 hour before a call: to registered participants only, each exactly once (the run
is repeated), German, with the Berlin time, the video link and the call as a calendar file."""

from datetime import timedelta
from io import StringIO

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command

from community.calls import registration as rules
from community.calls.models import Registration
from community.calls.reminders import DAY, HOUR, claim, send_due_reminders

from .conftest import VIDEO_URL, agenda, berlin

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(make_call, make_member):
    """A call on Thursday 12 March 2026 at 10:00 (CET), registered a week ahead: Ria has a place, Wim waits."""
    call = make_call(
        "Fördermittel finden",
        start=berlin(2026, 3, 12, 10, 0),
        minutes=90,
        capacity=1,
        agenda=agenda(("Begrüßung", 10), ("Input", 40)),
        publish=False,
    )
    call.save_revision().publish()
    ria, wim = make_member("Ria Reminder"), make_member("Wim Wartet")
    week_before = call.start_at - timedelta(days=7)
    rules.register(ria, call, now=week_before)
    rules.register(wim, call, now=week_before)
    return call, ria, wim


def test_each_reminder_is_sent_once(booked):
    call, ria, wim = booked
    too_early = call.start_at - timedelta(hours=25)
    assert send_due_reminders(now=too_early).total_sent == 0

    day_before = call.start_at - timedelta(hours=23, minutes=55)
    run = send_due_reminders(now=day_before)
    assert run.sent == {"day": 1, "hour": 0}
    assert (
        send_due_reminders(now=day_before + timedelta(minutes=5)).total_sent == 0
    )  # the next run: nothing new
    [email] = mail.outbox
    assert email.to == [ria.email]
    assert (
        email.subject
        == "[Netzwerkstatt] Erinnerung: Community Call „Fördermittel finden“ am 12.03.2026, 10:00 Uhr"
    )
    assert "Donnerstag, 12. März 2026, 10:00–11:30 Uhr (MEZ)" in email.body
    assert VIDEO_URL in email.body and "10:10  Input" in email.body
    assert "Hallo Ria Reminder," in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")
    [(filename, content, mimetype)] = email.attachments
    assert filename == f"{call.slug}.ics" and mimetype.startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == call.start_at and str(event["location"]) == VIDEO_URL
    html = email.alternatives[0][0]
    assert f'href="{VIDEO_URL}"' in html

    hour_before = call.start_at - timedelta(minutes=50)
    assert send_due_reminders(now=hour_before).sent == {"day": 0, "hour": 1}
    assert send_due_reminders(now=hour_before).total_sent == 0
    assert len(mail.outbox) == 2
    assert (
        mail.outbox[1].subject
        == "[Netzwerkstatt] In einer Stunde: Community Call „Fördermittel finden“ um 10:00 Uhr"
    )
    assert all(wim.email not in message.to for message in mail.outbox)  # waiting: no reminder


def test_late_registrations_get_the_hour_reminder_only_and_nothing_is_sent_after_the_start(
    booked, make_member
):
    """Who got a place less than a day ahead (moved up, or registered late) has just seen the call: no
    day-before reminder, only the one an hour before."""
    call, ria, wim = booked
    call.capacity = None
    call.save_revision().publish()
    assert rules.fill_free_places(call, now=call.start_at - timedelta(hours=6))[0].user == wim
    late = make_member("Lena Spät")
    rules.register(late, call, now=call.start_at - timedelta(hours=5))
    run = send_due_reminders(now=call.start_at - timedelta(hours=4))
    assert run.sent == {"day": 1, "hour": 0}
    assert [message.to for message in mail.outbox] == [[ria.email]]
    assert send_due_reminders(now=call.start_at + timedelta(minutes=1)).total_sent == 0
    mail.outbox.clear()
    run = send_due_reminders(now=call.start_at - timedelta(minutes=30))
    assert run.sent == {"day": 0, "hour": 3}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([ria.email, wim.email, late.email])


def test_a_claim_is_taken_once(booked):
    call, ria, _wim = booked
    registration = Registration.objects.get(call=call, user=ria)
    now = call.start_at - timedelta(hours=2)
    assert claim(DAY, registration.pk, now) is True
    assert claim(DAY, registration.pk, now) is False  # a second, concurrent run gets nothing
    assert claim(HOUR, registration.pk, now) is True


def test_members_who_switched_reminders_off_get_none(booked):
    from community.notifications.models import NotificationPreference

    call, ria, _wim = booked
    preference = NotificationPreference(user=ria)
    preference.set_choice("call_reminder", email=False)
    preference.save()
    run = send_due_reminders(now=call.start_at - timedelta(hours=2))
    assert run.total_sent == 0 and run.skipped == 1 and mail.outbox == []
    assert Registration.objects.get(user=ria).reminder_day_sent_at is not None  # handled, never retried


def test_a_refusing_mail_server_releases_the_claim(booked, settings):
    call, ria, _wim = booked
    settings.EMAIL_BACKEND = "tests.community.calls.test_reminders.FailingBackend"
    run = send_due_reminders(now=call.start_at - timedelta(hours=2))
    assert run.failed == 1 and run.total_sent == 0
    assert Registration.objects.get(user=ria).reminder_day_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders(now=call.start_at - timedelta(hours=2)).sent["day"] == 1


def test_the_command_and_the_task(booked):
    from community.calls.tasks import send_call_reminders

    call, _ria, _wim = booked
    moment = (call.start_at - timedelta(minutes=45)).isoformat()
    out = StringIO()
    call_command("send_call_reminders", "--now", moment, stdout=out)
    assert "Fördermittel finden: 1 × 1 Stunde vorher" in out.getvalue()
    assert "Erinnerungen verschickt: 0 × 24 Stunden vorher, 1 × 1 Stunde vorher" in out.getvalue()
    out = StringIO()
    call_command("send_call_reminders", "--now", moment, stdout=out)
    assert "0 × 24 Stunden vorher, 0 × 1 Stunde vorher" in out.getvalue()
    result = send_call_reminders.enqueue()
    assert result.return_value == {"sent": {"day": 0, "hour": 0}, "skipped": 0, "failed": 0}
    assert len(mail.outbox) == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
