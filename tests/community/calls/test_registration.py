"""Registering, cancelling and the waiting list: the rules (registration.py) and the forms on the call page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from community.calls import registration as rules
from community.calls.models import CallState, Registration, RegistrationStatus

from .conftest import VIDEO_URL

pytestmark = pytest.mark.django_db

REGISTERED, WAITLISTED, CANCELLED = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)


def state_of(call) -> tuple[int, int]:
    state = CallState.objects.get(call=call)
    return state.registered_count, state.waitlist_count


def status_of(call, user) -> str:
    return Registration.objects.get(call=call, user=user).status


def test_capacity_waiting_list_and_moving_up(make_call, make_member, django_capture_on_commit_callbacks):
    from community.notifications.models import Notification

    call = make_call("Werkstattgespräch", capacity=2)
    anna, ben, cem, dora = (make_member(name) for name in ("Anna", "Ben", "Cem", "Dora"))
    assert rules.register(anna, call).status == REGISTERED
    assert rules.register(ben, call).status == REGISTERED
    assert rules.register(cem, call).status == WAITLISTED
    assert rules.register(dora, call).status == WAITLISTED
    assert state_of(call) == (2, 2)

    with django_capture_on_commit_callbacks(execute=True):
        result = rules.cancel(ben, call)
    assert [r.user for r in result.promoted] == [cem]  # first come, first served
    assert status_of(call, ben) == CANCELLED and status_of(call, cem) == REGISTERED
    assert status_of(call, dora) == WAITLISTED
    assert state_of(call) == (2, 1)
    promoted = Registration.objects.get(call=call, user=cem)
    assert promoted.promoted_at is not None

    # Cem is told in the site and by email, in German, with the time in Berlin.
    notification = Notification.objects.get(recipient=cem)
    assert notification.kind == "call_registration"
    assert notification.title.startswith("Du bist nachgerückt: „Werkstattgespräch“ am ")
    assert notification.url == call.url
    assert VIDEO_URL not in notification.title + notification.body
    [email] = [message for message in mail.outbox if cem.email in message.to]
    assert "Du bist nachgerückt" in email.subject
    assert not Notification.objects.filter(recipient__in=[anna, ben, dora]).exists()

    # A waiting member who cancels frees no place; nobody moves up.
    assert rules.cancel(dora, call).promoted == []
    assert state_of(call) == (2, 0)


def test_registering_again_after_cancelling_goes_to_the_end_of_the_list(make_call, make_member):
    call = make_call(capacity=1)
    anna, ben, cem = make_member("Anna"), make_member("Ben"), make_member("Cem")
    rules.register(anna, call)
    rules.register(ben, call)
    rules.register(cem, call)
    rules.cancel(ben, call)  # Ben was waiting; cancelling keeps his row
    again = rules.register(ben, call)
    assert again.status == WAITLISTED and again.cancelled_at is None
    assert Registration.objects.filter(call=call, user=ben).count() == 1
    rules.cancel(anna, call)
    assert status_of(call, cem) == REGISTERED and status_of(call, ben) == WAITLISTED


def test_more_places_move_the_waiting_list_up_on_publishing(make_call, make_member):
    call = make_call(capacity=1)
    members = [make_member(f"Person {n}") for n in range(4)]
    for member in members:
        rules.register(member, call)
    assert state_of(call) == (1, 3)
    call.capacity = 3
    call.save_revision().publish()
    assert [status_of(call, member) for member in members] == [REGISTERED, REGISTERED, REGISTERED, WAITLISTED]
    assert state_of(call) == (3, 1)
    call.capacity = None  # no limit any more: everybody is in
    call.save_revision().publish()
    assert state_of(call) == (4, 0)


@pytest.mark.parametrize(
    ("start", "code"),
    [(timedelta(minutes=-10), "started"), (timedelta(days=-2), "past")],
)
def test_no_registration_once_the_call_has_started(make_call, make_member, start, code):
    call = make_call(start=start, minutes=60 if code == "started" else 30)
    with pytest.raises(rules.RegistrationError) as error:
        rules.register(make_member(), call)
    assert error.value.code == code
    assert not Registration.objects.exists()


def test_bad_requests_are_refused_with_a_reason(make_call, make_member):
    call = make_call(capacity=1)
    anna, ben = make_member("Anna"), make_member("Ben")
    rules.register(anna, call)
    with pytest.raises(rules.RegistrationError) as error:
        rules.register(anna, call)
    assert error.value.code == "already_registered"
    assert error.value.message == "Du bist für diesen Call schon angemeldet."
    rules.register(ben, call)
    with pytest.raises(rules.RegistrationError) as error:
        rules.register(ben, call)
    assert error.value.code == "already_waitlisted"
    with pytest.raises(rules.RegistrationError) as error:
        rules.cancel(make_member("Cem"), call)
    assert error.value.code == "not_registered"
    unpublished = make_call(publish=False)
    with pytest.raises(rules.RegistrationError) as error:
        rules.register(anna, unpublished)
    assert error.value.code == "not_published"
    anna.is_active = False
    with pytest.raises(rules.RegistrationError) as error:
        rules.register(anna, call)
    assert error.value.code == "login_required"
    assert state_of(call) == (1, 1)


def test_cancelling_after_the_start_is_refused(make_call, make_member):
    call = make_call(start=timedelta(days=1), capacity=1)
    anna, ben = make_member("Anna"), make_member("Ben")
    rules.register(anna, call)
    rules.register(ben, call)
    with pytest.raises(rules.RegistrationError) as error:
        rules.cancel(anna, call, now=call.start_at + timedelta(minutes=1))
    assert error.value.code == "cancel_started"
    assert status_of(call, anna) == REGISTERED and status_of(call, ben) == WAITLISTED


# --- The forms on the call page ----------------------------------------------------------------------------


def test_member_registers_and_cancels_through_the_page(client, make_call, make_member):
    call = make_call("Fördermittel finden", capacity=5)
    member = make_member("Mia Mitglied")
    client.force_login(member)
    response = client.post(f"{call.url}anmelden/", follow=True)
    assert response.redirect_chain[-1] == (f"{call.url}#anmeldung", 302)
    html = response.content.decode()
    assert "Du bist angemeldet. Den Zugangslink" in html
    assert VIDEO_URL in html and "Teilnahme absagen" in html
    assert status_of(call, member) == REGISTERED

    response = client.post(f"{call.url}anmelden/", follow=True)
    assert "Du bist für diesen Call schon angemeldet." in response.content.decode()

    response = client.post(f"{call.url}abmelden/", follow=True)
    html = response.content.decode()
    assert "Du hast deine Teilnahme abgesagt." in html and VIDEO_URL not in html
    assert status_of(call, member) == CANCELLED

    response = client.post(f"{call.url}abmelden/", follow=True)
    assert "Du bist für diesen Call nicht angemeldet." in response.content.decode()


def test_full_call_offers_the_waiting_list(client, make_call, make_member):
    call = make_call(capacity=1)
    rules.register(make_member("Anna"), call)
    member = make_member("Ben")
    client.force_login(member)
    html = client.get(call.url).content.decode()
    assert "Alle 1 Plätze sind vergeben." not in html and "Der einzige Platz ist vergeben." in html
    assert "Auf die Warteliste" in html
    response = client.post(f"{call.url}anmelden/", follow=True)
    html = response.content.decode()
    assert "Alle Plätze sind vergeben, deshalb stehst du auf der Warteliste." in html
    assert "auf Platz 1" in html and VIDEO_URL not in html
    assert "Von der Warteliste abmelden" in html


def test_anonymous_visitors_cannot_register(client, make_call):
    call = make_call()
    html = client.get(call.url).content.decode()
    assert "Anmelden und teilnehmen" in html and f'action="{call.url}anmelden/"' not in html
    response = client.post(f"{call.url}anmelden/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")
    assert not Registration.objects.exists()


def test_registration_needs_post_and_csrf(make_call, make_member):
    call = make_call()
    member = make_member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(f"{call.url}anmelden/").status_code == 405
    assert client.get(f"{call.url}abmelden/").status_code == 405
    assert client.post(f"{call.url}anmelden/").status_code == 403
    assert not Registration.objects.exists()


def test_past_and_running_calls_show_no_form_and_refuse_posts(client, make_call, make_member):
    member = make_member()
    client.force_login(member)
    past = make_call(start=timedelta(days=-3))
    html = client.get(past.url).content.decode()
    assert "Dieser Call hat am" in html and "Jetzt anmelden" not in html
    response = client.post(f"{past.url}anmelden/", follow=True)
    assert "Dieser Call ist vorbei; die Anmeldung ist geschlossen." in response.content.decode()
    running = make_call(start=timedelta(minutes=-5), minutes=60)
    html = client.get(running.url).content.decode()
    assert "Der Call läuft gerade; die Anmeldung ist geschlossen." in html
    assert not Registration.objects.exists()


def test_registration_changes_are_rate_limited(client, make_call, make_member):
    from community.calls.views import REGISTRATION_LIMIT

    call = make_call()
    member = make_member()
    client.force_login(member)
    for _ in range(REGISTRATION_LIMIT.limit):
        client.post(f"{call.url}anmelden/")
    response = client.post(f"{call.url}abmelden/", follow=True)
    assert "sehr oft geändert" in response.content.decode()
    assert status_of(call, member) in (REGISTERED, CANCELLED)
    assert Registration.objects.filter(call=call).count() == 1


def test_deleting_a_member_keeps_the_numbers_right(
    make_call, make_member, django_capture_on_commit_callbacks
):
    call = make_call(capacity=3)
    anna, ben = make_member("Anna"), make_member("Ben")
    rules.register(anna, call)
    rules.register(ben, call)
    with django_capture_on_commit_callbacks(execute=True):
        anna.delete()
    assert state_of(call) == (1, 0)
    assert timezone.now() < call.start_at
