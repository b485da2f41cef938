"""The video-conference link reaches registered participants and editors only.

Every output that shows a call is checked: the call page for each kind of visitor (and its <head>), the index,
the home page, topic pages, feeds, calendar files, the Wagtail API, the search index, notifications and the
call's chat channel. The link's secret part is a token that appears nowhere else.
"""

import re
from datetime import timedelta

import pytest

from community.calls import registration as rules
from community.calls.models import CommunityCallPage

from .conftest import VIDEO_URL

pytestmark = pytest.mark.django_db

SECRET = "raum-geheim-4711"  # the distinctive part of VIDEO_URL


@pytest.fixture
def setting(make_call, make_member, editor_user):
    """A call with one place: Ria is registered, Wim waits, Carla cancelled, Otto is just a member."""
    call = make_call("Wirkung messen", tags=["Wirkungsmessung"], capacity=1, start=timedelta(days=4))
    people = {name: make_member(name) for name in ("Ria", "Wim", "Carla", "Otto")}
    rules.register(people["Ria"], call)
    rules.register(people["Wim"], call)
    rules.register(people["Carla"], call)
    rules.cancel(people["Carla"], call)
    return {"call": call, "editor": editor_user, **people}


def page_as(client, user, path):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def head_of(html: str) -> str:
    return html.split("</head>", 1)[0]


def test_the_call_page_shows_the_link_only_to_participants_and_editors(client, setting):
    call = setting["call"]
    assert SECRET in VIDEO_URL
    for who in (None, "Otto", "Wim", "Carla"):
        user = setting[who] if who else None
        html = page_as(client, user, call.url).content.decode()
        assert SECRET not in html, f"{who or 'anonymous'} must not see the link"
    for who in ("Ria", "editor"):
        response = page_as(client, setting[who], call.url)
        html = response.content.decode()
        assert f'href="{VIDEO_URL}"' in html, who
        assert SECRET not in head_of(html)  # never in the title, meta description or other meta tags
        assert response["Cache-Control"] == "private, no-store"
    assert (
        "Zugangslink (für dich als Redaktion sichtbar)"
        in page_as(client, setting["editor"], call.url).content.decode()
    )


def test_no_listing_shows_the_link_even_to_a_participant(client, setting):
    participant = setting["Ria"]
    for path in ("/", "/community-calls/", "/themen/", "/themen/wirkungsmessung/", "/community-calls/meine/"):
        html = page_as(client, participant, path).content.decode()
        assert SECRET not in html, path
    assert "Wirkung messen" in page_as(client, participant, "/themen/wirkungsmessung/").content.decode()


def test_calendar_files(client, setting):
    call = setting["call"]
    public = client.get("/community-calls/kalender.ics")
    assert public.status_code == 200 and "Wirkung messen" in public.content.decode()
    assert SECRET not in public.content.decode()
    for who in (None, "Otto", "Wim", "Carla"):
        body = page_as(client, setting[who] if who else None, f"{call.url}kalender/").content.decode()
        assert "BEGIN:VEVENT" in body and SECRET not in body.replace("\r\n ", ""), who
    for who in ("Ria", "editor"):
        response = page_as(client, setting[who], f"{call.url}kalender/")
        assert SECRET in response.content.decode().replace("\r\n ", "")  # iCalendar folds long lines
        assert response["Cache-Control"] == "private, no-store"


def test_the_api_never_shows_or_filters_by_the_link(client, setting):
    call = setting["call"]
    listing = client.get("/api/v2/pages/?type=calls.CommunityCallPage&fields=*")
    assert listing.status_code == 200
    [item] = listing.json()["items"]
    assert item["title"] == "Wirkung messen" and item["capacity"] == 1
    assert "video_url" not in item
    detail = client.get(f"/api/v2/pages/{call.pk}/")
    assert detail.status_code == 200 and "video_url" not in detail.json()
    for body in (listing.content.decode(), detail.content.decode()):
        assert SECRET not in body
    probe = client.get("/api/v2/pages/", {"type": "calls.CommunityCallPage", "video_url": VIDEO_URL})
    assert probe.status_code == 400
    search = client.get("/api/v2/pages/", {"type": "calls.CommunityCallPage", "search": SECRET})
    assert search.status_code == 200 and search.json()["items"] == []


def test_the_search_index_does_not_hold_the_link(setting):
    from wagtail.search.models import IndexEntry

    names = {field.field_name for field in CommunityCallPage.get_search_fields()}
    assert "video_url" not in names and "summary" in names
    assert list(CommunityCallPage.objects.live().search(SECRET)) == []
    assert [page.title for page in CommunityCallPage.objects.live().search("Wirkung")] == ["Wirkung messen"]
    for entry in IndexEntry.objects.all():
        assert SECRET not in f"{entry.title} {entry.body} {entry.autocomplete}"


def test_notifications_and_the_channel_do_not_carry_the_link(
    make_call, make_member, django_capture_on_commit_callbacks
):
    from django.core import mail
    from taggit.models import Tag

    from community.calls.chat_channel import linked_channel
    from community.members.follow import follow
    from community.notifications.models import Notification

    follower = make_member("Fiona Folgt")
    tag = Tag.objects.create(name="Mädchen in MINT")
    follow(follower, tag)
    with django_capture_on_commit_callbacks(execute=True):
        call = make_call("Vorbilder gewinnen", tags=["Mädchen in MINT"], start=timedelta(days=9))
    [notification] = Notification.objects.filter(recipient=follower)
    assert SECRET not in f"{notification.title} {notification.body} {notification.url}"
    assert all(SECRET not in message.body for message in mail.outbox)
    channel = linked_channel(call)
    assert SECRET not in f"{channel.name} {channel.description}"


def test_feeds_of_the_knowledge_content_do_not_list_it(client, setting):
    for path in ("/feeds/wissen/rss/", "/feeds/wissen/atom/"):
        response = client.get(path)
        assert response.status_code == 200
        assert SECRET not in response.content.decode()


def test_no_template_outside_the_registration_box_reads_the_link():
    """A guard for later changes: `video_url` is read in the registration box (and in emails and calendars, which
    only participants get), nowhere else."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "templates" / "calls"
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if re.search(r"video_url", path.read_text())
    )
    assert readers == ["email/reminder.html", "includes/registration_box.html"]
