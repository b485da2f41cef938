"""Call times as German readers expect them: in Europe/Berlin, with the weekday, and MEZ or MESZ.

Used by templates (through the template tags), emails, notifications and calendar descriptions, so that a call
reads the same everywhere. The conversion happens on the instant, so a call on the day the clocks change shows
the time the clock on the wall shows at its start.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import BERLIN


def local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, BERLIN)


def zone_label(value: datetime.datetime) -> str:
    """MESZ in summer time, MEZ otherwise (in German; CEST/CET in English)."""
    return _("CEST") if local(value).dst() else _("CET")


def date_text(value: datetime.datetime) -> str:
    return formats.date_format(local(value), "l, j. F Y")


def time_text(value: datetime.datetime) -> str:
    return formats.date_format(local(value), "H:i")


def when_text(start: datetime.datetime, end: datetime.datetime, *, with_zone: bool = True) -> str:
    """E.g. "Donnerstag, 12. März 2026, 10:00–11:30 Uhr (MEZ)"."""
    start_local, end_local = local(start), local(end)
    if start_local.date() == end_local.date():
        text = _("%(date)s, %(start)s–%(end)s") % {
            "date": date_text(start),
            "start": time_text(start),
            "end": time_text(end),
        }
    else:
        text = _("%(date)s, %(start)s until %(end_date)s, %(end)s") % {
            "date": date_text(start),
            "start": time_text(start),
            "end_date": date_text(end),
            "end": time_text(end),
        }
    if with_zone:
        text = _("%(when)s (%(zone)s)") % {"when": text, "zone": zone_label(start)}
    return text


def short_when_text(start: datetime.datetime) -> str:
    """E.g. "12.03.2026, 10:00 Uhr"."""
    return _("%(date)s, %(time)s") % {
        "date": formats.date_format(local(start), "d.m.Y"),
        "time": time_text(start),
    }
