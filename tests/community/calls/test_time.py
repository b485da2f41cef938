"""Times of calls: stored as instants, shown in Europe/Berlin, right on the days the clocks change, and read in
German time from the admin form whatever time zone an editor chose."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation

from community.calls.timefmt import when_text, zone_label

from .conftest import agenda, berlin

pytestmark = pytest.mark.django_db


def test_call_on_the_day_summer_time_ends(client, make_call):
    """25 October 2026: clocks go back at 03:00 CEST. A call from 01:30 to 04:00 wall time lasts 3.5 hours, and
    its agenda crosses the change: the third item starts at 02:30 *CET*, an hour after 02:30 CEST."""
    start = berlin(2026, 10, 25, 1, 30)
    call = make_call(
        "Nachteulen-Call",
        start=start,
        minutes=210,
        agenda=agenda(("Begrüßung", 30), ("Erste Runde", 60), ("Zweite Runde", 60), ("Schluss", 60)),
    )
    assert call.start_at == datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    assert call.end_at == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    schedule = call.agenda_schedule
    starts = [(item["start"].strftime("%H:%M"), item["start"].utcoffset()) for item in schedule]
    assert starts == [
        ("01:30", timedelta(hours=2)),
        ("02:00", timedelta(hours=2)),
        ("02:00", timedelta(hours=1)),  # the same wall time again, one hour later
        ("03:00", timedelta(hours=1)),
    ]
    assert schedule[-1]["end"].strftime("%H:%M") == "04:00"

    html = client.get(call.url).content.decode()
    assert "Sonntag, 25. Oktober 2026, 01:30–04:00 Uhr" in html
    assert 'datetime="2026-10-25T01:30:00+02:00"' in html
    assert 'datetime="2026-10-25T02:00:00+01:00"' in html  # the third item, after the change
    assert ">MESZ</abbr>" in html


def test_call_after_the_clocks_go_forward_is_shown_in_summer_time(client, make_call):
    """A call planned in winter for a day after the change in March keeps its wall time (10:00 CEST = 08:00 UTC)."""
    call = make_call("Frühjahrs-Call", start=berlin(2027, 3, 30, 10, 0), minutes=60)
    assert call.start_at == datetime(2027, 3, 30, 8, 0, tzinfo=UTC)
    html = client.get(call.url).content.decode()
    assert "Dienstag, 30. März 2027, 10:00–11:00 Uhr" in html
    assert ">MESZ</abbr>" in html
    winter = make_call("Winter-Call", start=berlin(2027, 3, 23, 10, 0), minutes=60)
    assert winter.start_at == datetime(2027, 3, 23, 9, 0, tzinfo=UTC)
    assert ">MEZ</abbr>" in client.get(winter.url).content.decode()


def test_time_texts_in_german_and_english():
    start = berlin(2026, 3, 12, 10, 0)
    with translation.override("de"):
        assert (
            when_text(start, start + timedelta(minutes=90))
            == "Donnerstag, 12. März 2026, 10:00–11:30 Uhr (MEZ)"
        )
        overnight = when_text(start, start + timedelta(hours=15), with_zone=False)
        assert overnight == "Donnerstag, 12. März 2026, 10:00 Uhr bis Freitag, 13. März 2026, 01:00 Uhr"
    with translation.override("en"):
        assert zone_label(berlin(2026, 7, 1, 10, 0)) == "CEST"
    # A UTC instant is shown on the Berlin wall clock.
    with translation.override("de"):
        assert when_text(
            datetime(2026, 7, 1, 8, 0, tzinfo=UTC), datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
        ).startswith("Mittwoch, 1. Juli 2026, 10:00–11:00 Uhr")


def test_model_rules(make_call):
    from django.core.exceptions import ValidationError

    call = make_call(start=timedelta(days=3), minutes=60)
    call.end_at = call.start_at - timedelta(minutes=5)
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert error.value.message_dict["end_at"] == ["Das Ende muss nach dem Beginn liegen."]

    call.refresh_from_db()
    call.agenda = agenda(("Input", 50), ("Diskussion", 20))
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "70 Minuten" in error.value.message_dict["agenda"][0]

    call.refresh_from_db()
    call.slug = "kalender"
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "slug" in error.value.message_dict

    call.refresh_from_db()
    call.summary = f"Einwahl unter {call.video_url}"
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "öffentlichen Feld" in error.value.message_dict["video_url"][0]


def test_admin_form_reads_times_in_german_time_and_refuses_a_time_that_does_not_exist(home):
    """The form field takes what an editor types as Berlin wall time, even with another time zone active, and
    02:30 on the last Sunday of March (which does not exist) is refused with a German message."""
    from community.calls.forms import BerlinDateTimeField

    field = BerlinDateTimeField()
    with timezone.override("America/New_York"), translation.override("de"):
        assert field.clean("2026-11-26 10:00") == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
        assert field.prepare_value(datetime(2026, 11, 26, 9, 0, tzinfo=UTC)) == datetime(2026, 11, 26, 10, 0)
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as error:
            field.clean("2026-03-29 02:30")
    assert "Europe/Berlin" in error.value.messages[0]
