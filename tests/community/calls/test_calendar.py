"""Calendar files: parsed back with icalendar, the instants match the stored ones (also on the day the clocks
change); the public feed, one call's file, and a member's personal feed behind a secret, renewable address."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from community.calls import registration as rules
from community.calls.models import CalendarFeedToken

from .conftest import VIDEO_URL, agenda, berlin

pytestmark = pytest.mark.django_db


def events_of(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_one_call_as_a_calendar_file_keeps_its_instants_across_the_clock_change(client, make_call):
    """A call from 01:30 CEST to 04:00 CET on 25 October 2026 (the night the clocks go back)."""
    call = make_call(
        "Nachteulen-Call",
        start=berlin(2026, 10, 25, 1, 30),
        minutes=210,
        tags=["Ehrenamt"],
        agenda=agenda(("Begrüßung", 30), ("Runde", 180)),
    )
    response = client.get(f"{call.url}kalender/")
    assert response["Content-Disposition"] == f'attachment; filename="{call.slug}.ics"'
    [event] = events_of(response)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == call.start_at == datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    assert end == call.end_at == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    # Python subtracts wall times of datetimes in the same zone; the real length needs UTC.
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=3, minutes=30)
    assert str(event["dtstart"].params["TZID"]) == "Europe/Berlin"
    raw = response.content.decode()
    assert "DTSTART;TZID=Europe/Berlin:20261025T013000" in raw
    assert "DTEND;TZID=Europe/Berlin:20261025T040000" in raw
    # The time zone is described in the file, with the German rules.
    assert (
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in raw and "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in raw
    )
    assert str(event["summary"]) == "Community Call: Nachteulen-Call"
    assert str(event["uid"]) == f"community-call-{call.pk}@127.0.0.1"
    assert str(event["url"]).endswith(call.url)
    assert [str(category) for category in event["categories"].cats] == ["Ehrenamt"]
    description = str(event["description"])
    assert (
        "Ablauf:" in description
        and "01:30 Begrüßung (30 Min.)" in description
        and "02:00 Runde" in description
    )
    assert str(event["location"]) == "Online"
    assert event.walk("VALARM")  # a reminder 15 minutes before


def test_the_public_feed_lists_every_call_with_stable_ids(client, make_call):
    summer = make_call("Sommer-Call", start=berlin(2027, 6, 3, 10, 0))
    winter = make_call("Winter-Call", start=berlin(2027, 1, 14, 10, 0))
    make_call("Entwurf", publish=False)
    response = client.get("/community-calls/kalender.ics")
    assert response["Cache-Control"] == "public, max-age=900"
    events = {str(event["summary"]): event for event in events_of(response)}
    assert set(events) == {"Community Call: Sommer-Call", "Community Call: Winter-Call"}
    assert events["Community Call: Sommer-Call"].decoded("dtstart") == summer.start_at
    assert events["Community Call: Sommer-Call"].decoded("dtstart").utcoffset() == timedelta(hours=2)
    assert events["Community Call: Winter-Call"].decoded("dtstart").utcoffset() == timedelta(hours=1)
    assert events["Community Call: Winter-Call"].decoded("dtstart") == winter.start_at
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Netzwerkstatt: Community Calls"
    # Moving a call keeps its UID, so subscribed calendars update the entry.
    uid = str(events["Community Call: Winter-Call"]["uid"])
    winter.start_at += timedelta(days=1)
    winter.end_at += timedelta(days=1)
    winter.save_revision().publish()
    moved = {str(e["summary"]): e for e in events_of(client.get("/community-calls/kalender.ics"))}
    assert str(moved["Community Call: Winter-Call"]["uid"]) == uid


def test_personal_feed_with_the_video_links_behind_a_renewable_address(client, make_call, make_member):
    member = make_member("Ria")
    mine = make_call("Mein Call", capacity=1)
    waiting = make_call("Voller Call", capacity=1)
    make_call("Anderer Call")
    rules.register(member, mine)
    rules.register(make_member("Erste"), waiting)
    rules.register(member, waiting)  # waiting list: not in the personal feed

    client.force_login(member)
    html = client.get("/community-calls/meine/").content.decode()
    assert "Meine Kalenderadresse erstellen" in html and "Mein Call" in html and "Voller Call" in html
    response = client.post("/community-calls/meine/kalender-adresse/", follow=True)
    assert "Deine persönliche Kalenderadresse ist bereit." in response.content.decode()
    token = CalendarFeedToken.objects.get(user=member).token
    assert len(token) >= 40
    address = f"/community-calls/kalender/{token}.ics"
    assert f"http://testserver{address}" in response.content.decode()

    client.logout()  # calendar apps have no session: the address is the key
    feed = client.get(address)
    assert feed["Cache-Control"] == "private, no-store"
    [event] = events_of(feed)
    assert str(event["summary"]) == "Community Call: Mein Call"
    assert str(event["location"]) == VIDEO_URL
    assert CalendarFeedToken.objects.get(user=member).last_used_at is not None

    client.force_login(member)
    response = client.post("/community-calls/meine/kalender-adresse/", follow=True)
    assert "Die alte funktioniert nicht mehr" in response.content.decode()
    client.logout()
    assert client.get(address).status_code == 404
    new_token = CalendarFeedToken.objects.get(user=member).token
    assert new_token != token and client.get(f"/community-calls/kalender/{new_token}.ics").status_code == 200


def test_personal_feed_refuses_wrong_or_deactivated_addresses(client, make_call, make_member):
    member = make_member("Ria")
    token = CalendarFeedToken.objects.create(user=member).token
    assert client.get("/community-calls/kalender/falsch.ics").status_code == 404
    assert client.get(f"/community-calls/kalender/{token[:-1]}x.ics").status_code == 404
    member.is_active = False
    member.save()
    assert client.get(f"/community-calls/kalender/{token}.ics").status_code == 404


def test_calendar_address_needs_login_and_post(client, make_member):
    response = client.get("/community-calls/meine/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    assert client.post("/community-calls/meine/kalender-adresse/").status_code == 302
    assert not CalendarFeedToken.objects.exists()
    client.force_login(make_member())
    assert client.get("/community-calls/meine/kalender-adresse/").status_code == 405
