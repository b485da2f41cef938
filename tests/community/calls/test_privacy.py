"""A member's data export contains their registrations (not the calendar secret); erasing the account frees
their places (the waiting list moves up) and removes registrations, calendar address and host links."""

import json
from datetime import timedelta

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from community.calls import registration as rules
from community.calls.models import CalendarFeedToken, CallHost, CallState, Registration, RegistrationStatus
from community.members.privacy import erase_user, export_user_data

pytestmark = pytest.mark.django_db


def test_export_lists_registrations_without_the_calendar_secret(make_call, make_member):
    member = make_member("Ria Export")
    past = make_call("Vergangener Call", start=timedelta(days=-3))
    upcoming = make_call("Kommender Call", capacity=1, hosts=[])
    Registration.objects.create(call=past, user=member, status=RegistrationStatus.REGISTERED)
    rules.register(make_member("Erste"), upcoming)
    rules.register(member, upcoming)
    token = CalendarFeedToken.objects.create(user=member)
    data = export_user_data(member)["calls"]
    text = json.dumps(data, cls=DjangoJSONEncoder)
    assert [entry["call"] for entry in data["registrations"]] == ["Vergangener Call", "Kommender Call"]
    assert data["registrations"][1]["status"] == "waitlisted"
    assert data["registrations"][1]["status_label"] == "auf der Warteliste"
    assert data["personal_calendar_address"]["created_at"]
    assert token.token not in text


def test_erasing_a_member_frees_the_place_for_the_waiting_list(
    make_call, make_member, django_capture_on_commit_callbacks
):
    leaving, waiting = make_member("Lea Geht"), make_member("Wanda Wartet")
    call = make_call("Voller Call", capacity=1, hosts=[{"user": leaving, "role": "Moderation"}])
    rules.register(leaving, call)
    rules.register(waiting, call)
    CalendarFeedToken.objects.create(user=leaving)
    with django_capture_on_commit_callbacks(execute=True):
        erase_user(leaving, keep_content=False)
    assert Registration.objects.get(call=call, user=waiting).status == RegistrationStatus.REGISTERED
    assert not Registration.objects.filter(user_id=leaving.pk).exists()
    assert not CalendarFeedToken.objects.filter(user_id=leaving.pk).exists()
    state = CallState.objects.get(call=call)
    assert (state.registered_count, state.waitlist_count) == (1, 0)
    host = CallHost.objects.get(page=call)
    assert host.user_id is None and host.role == "Moderation"


def test_erasing_but_keeping_contributions_also_removes_registrations(make_call, make_member):
    member = make_member("Kim Bleibt")
    call = make_call()
    rules.register(member, call)
    erase_user(member, keep_content=True)
    assert not Registration.objects.filter(call=call).exists()
    assert CallState.objects.get(call=call).registered_count == 0
