"""The demo calls: at least six, past ones with complete minutes, upcoming ones with registrations (one full with
a waiting list, one after the next change of the clocks), each with its live channel; loading twice adds nothing."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from community.calls.models import CommunityCallIndexPage, CommunityCallPage, Registration, RegistrationStatus
from home.demo_support import DemoContext

pytestmark = pytest.mark.django_db


def load_demo():
    from community.calls import demo as calls_demo
    from community.chat import demo as chat_demo
    from community.members import demo as members_demo
    from home import demo as home_demo

    context = DemoContext(stdout=open(os.devnull, "w"), style=None)  # noqa: SIM115
    for module in (home_demo, members_demo, chat_demo, calls_demo):
        module.load(context)
    return context


def test_demo_calls(client):
    load_demo()
    now = timezone.now()
    index = CommunityCallIndexPage.objects.get()
    assert index.slug == "community-calls" and index.live and index.show_in_menus and index.intro
    calls = list(CommunityCallPage.objects.child_of(index).live().order_by("start_at"))
    assert len(calls) >= 6
    past = [call for call in calls if call.end_at <= now]
    upcoming = [call for call in calls if call.start_at > now]
    assert len(past) >= 3 and len(upcoming) >= 3

    for call in past:
        assert call.has_minutes and call.minute_taker and call.participant_count
        assert (
            len(call.minutes_topics) >= 3 and call.minutes_decisions and len(call.minutes_action_items) >= 2
        )
        assert call.minutes_next_steps and call.minutes_attachments
        assert Registration.objects.filter(call=call, status=RegistrationStatus.REGISTERED).count() >= 5
    for call in upcoming:
        assert Registration.objects.filter(call=call).exists(), call.title
        assert call.agenda_minutes <= call.duration_minutes and call.tags.exists() and call.hosts.exists()
    full = [call for call in upcoming if call.capacity and call.state.registered_count == call.capacity]
    assert full and full[0].state.waitlist_count >= 1
    demo_member = Registration.objects.filter(user__email="mitglied@netzwerkstatt.example")
    assert demo_member.filter(status=RegistrationStatus.WAITLISTED).exists()
    assert demo_member.filter(status=RegistrationStatus.REGISTERED, call__in=upcoming).exists()
    # One call lies on the other side of a change of the clocks than today.
    offsets = {timezone.localtime(call.start_at).utcoffset() for call in upcoming}
    assert len(offsets | {timezone.localtime(now).utcoffset()}) == 2
    assert all(call.state.channel_id for call in calls)
    assert all(".example" in call.video_url for call in calls)

    for call in calls:
        assert client.get(call.url).status_code == 200
    assert client.get("/community-calls/").status_code == 200

    before = (CommunityCallPage.objects.count(), Registration.objects.count())
    load_demo()
    assert (CommunityCallPage.objects.count(), Registration.objects.count()) == before


def test_the_past_demo_call_takes_over_the_chat_demo_channel():
    from community.chat.models import Channel

    load_demo()
    channel = Channel.objects.get(slug="call-wirkung-messen")
    call = CommunityCallPage.objects.get(slug="wirkung-messen-ohne-fragebogen-marathon")
    assert channel.call == call and call.state.channel == channel
    assert channel.opens_at == call.start_at - timedelta(minutes=15)
    assert channel.last_seq > 0  # its history is the call's
