"""Calendar files (iCalendar, RFC 5545): one call to download, the feed of all calls, and a member's personal
feed of the calls they are registered for.

Times are written in Europe/Berlin with a VTIMEZONE that describes the German rules (last Sunday of March and of
October), so calendar programs show the right local time also for calls after the next change of the clocks.
An event's UID stays the same for the life of the call, so a subscribed calendar updates the entry instead of
adding a second one when editors move a call.

The video link goes into an event only when the caller says the recipient may see it (access.py): the download
for a registered participant or an editor, the personal feed, the reminder emails. The public feed never has it.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from home.text import plain_text

from .models import BERLIN
from .timefmt import time_text

PRODUCT_ID = "-//Netzwerkstatt//Community Calls//DE"
REFRESH = datetime.timedelta(hours=6)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "netzwerkstatt"


def event_uid(call) -> str:
    return f"community-call-{call.pk}@{_uid_domain()}"


def _berlin_timezone() -> Timezone:
    zone = Timezone()
    zone.add("tzid", "Europe/Berlin")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    summer.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    winter.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _description(call, page_url: str, video_url: str) -> str:
    parts = [plain_text(call.summary)]
    schedule = call.agenda_schedule
    if schedule:
        lines = [_("Agenda:")]
        for item in schedule:
            lines.append(
                _("%(time)s %(title)s (%(minutes)s min.)")
                % {"time": time_text(item["start"]), "title": item["title"], "minutes": item["minutes"]}
            )
        parts.append("\n".join(lines))
    if video_url:
        parts.append(_("Video conference: %(url)s") % {"url": video_url})
    parts.append(_("Call page: %(url)s") % {"url": page_url})
    return "\n\n".join(part for part in parts if part)


def call_event(call, *, page_url: str, include_video_link: bool, alarm: bool = False) -> Event:
    video_url = call.video_url if include_video_link else ""
    event = Event()
    event.add("uid", event_uid(call))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    event.add("dtstart", timezone.localtime(call.start_at, BERLIN).replace(microsecond=0))
    event.add("dtend", timezone.localtime(call.end_at, BERLIN).replace(microsecond=0))
    event.add("summary", _("Community call: %(title)s") % {"title": call.title})
    event.add("description", _description(call, page_url, video_url))
    event.add("location", video_url or _("Online"))
    event.add("url", page_url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    if call.last_published_at:
        event.add("last-modified", call.last_published_at.astimezone(datetime.UTC).replace(microsecond=0))
    tags = [tag.name for tag in getattr(call, "tag_list", None) or []]
    if tags:
        event.add("categories", tags)
    if alarm:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", _("Community call: %(title)s") % {"title": call.title})
        reminder.add("trigger", datetime.timedelta(minutes=-15))
        event.add_component(reminder)
    return event


def build_calendar(events: list[Event], *, name: str, method: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    calendar.add_component(_berlin_timezone())
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(content: bytes, *, filename: str, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    return response


def with_tags(calls) -> list:
    """Give each call `tag_list` from a prefetch of `tagged_items__tag` (no query per call)."""
    for call in calls:
        call.tag_list = sorted(
            (item.tag for item in call.tagged_items.all()), key=lambda tag: tag.name.casefold()
        )
    return calls


def single_call_calendar(call, *, page_url: str, include_video_link: bool) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        call.tag_list = list(call.tags.all())
        event = call_event(call, page_url=page_url, include_video_link=include_video_link, alarm=True)
        return build_calendar([event], name=call.title, method="PUBLISH")


def feed_calendar(calls, *, absolute, name: str, include_video_link: bool) -> bytes:
    """`calls` with tags prefetched (with_tags); `absolute(call)` gives the page's absolute URL."""
    with translation.override(settings.LANGUAGE_CODE):
        events = [
            call_event(call, page_url=absolute(call), include_video_link=include_video_link) for call in calls
        ]
        return build_calendar(events, name=name)
