"""Community calls (with agenda and minutes) and discussions in the index: found like the pages they belong to,
never with a video-conference link, and following every change (publish, edit, delete, hide, restrict, erase).
A discussion is one document with the text of its visible posts."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from search.sources.calls import CallSource

from .conftest import search_keys

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://konferenz.example.org/geheimraum-7391"
RECORDING_URL = "https://aufzeichnung.example.org/mitschnitt-5512"


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def call_index(home):
    from community.calls.models import CommunityCallIndexPage

    index = CommunityCallIndexPage(title="Community Calls", slug="community-calls", intro="Austausch.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_call(call_index):
    from community.calls.models import CommunityCallPage

    def make(title, *, days=7, tags=(), **fields):
        start = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
        fields.setdefault("slug", f"call-{uuid.uuid4().hex[:8]}")
        fields.setdefault("summary", "Ein Call für Koordinator:innen.")
        page = CommunityCallPage(
            title=title,
            start_at=start,
            end_at=start + timedelta(hours=1),
            video_url=VIDEO_URL,
            recording_url=RECORDING_URL,
            live=False,
            **fields,
        )
        call_index.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        page.save_revision().publish()
        return CommunityCallPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def write():
    from community.threads import services

    def send(user, target, body, reply_to=None):
        return services.post(user, target, body, uuid.uuid4().hex, reply_to).post

    return send


def test_a_call_is_found_by_its_agenda_and_minutes_but_never_by_its_links(make_call, after_commit):
    with after_commit():
        call = make_call(
            "Fördermittel für Netzwerke",
            days=-3,
            tags=["Finanzierung"],
            agenda=[{"type": "item", "value": {"title": "Stiftungsanträge schreiben", "minutes": 20}}],
            minutes_topics=[
                {
                    "type": "topic",
                    "value": {
                        "title": "Landesprogramme",
                        "notes": "<p>Verwendungsnachweise rechtzeitig planen.</p>",
                    },
                }
            ],
        )
    key = f"call:{call.pk}"
    assert search_keys("Fördermittel") == [key]
    assert search_keys("Stiftungsanträge") == [key]
    assert search_keys("Verwendungsnachweise") == [key]
    assert search_keys(tag_slugs=("finanzierung",)) == [key]
    for token in ("geheimraum", "konferenz", "mitschnitt", "aufzeichnung"):
        assert search_keys(token) == []
    (document,) = CallSource().documents(call)
    text = " ".join([document.title, document.summary, document.body, document.url])
    assert VIDEO_URL not in text and RECORDING_URL not in text and "geheimraum" not in text


def test_an_unpublished_call_leaves_the_index(make_call, after_commit):
    with after_commit():
        call = make_call("Wirkungsmessung ohne Excel-Frust")
    assert search_keys("Wirkungsmessung") == [f"call:{call.pk}"]
    with after_commit():
        call.unpublish()
    assert search_keys("Wirkungsmessung") == []


def test_a_discussion_follows_every_change_of_its_posts(make_post, make_member, write, after_commit):
    from community.threads import moderation, services

    page = make_post(title="Ferienakademie Technik", tags=["Ferienangebote"])
    alice = make_member("Alice Beispiel")
    moderator = make_member("Mo Moderation")
    moderator.groups.add(Group.objects.get_or_create(name="Moderation")[0])
    with after_commit():
        first = write(alice, page, "Wie habt ihr die Busfahrten zur Ferienakademie organisiert?")
        second = write(alice, page, "Die Verpflegung kam bei uns vom Schulförderverein.")
    key = f"thread:{first.thread_id}"
    assert search_keys("Busfahrten") == [key]
    assert search_keys("Schulförderverein") == [key]  # one document for the whole discussion
    # The discussion shows its page's topics, so a tag click finds it too.
    assert key in search_keys(tag_slugs=("ferienangebote",))

    with after_commit():
        services.edit(alice, first.pk, "Wie habt ihr die Sammeltaxis organisiert?")
    assert search_keys("Busfahrten") == []
    assert search_keys("Sammeltaxis") == [key]

    with after_commit():
        moderation.hide(moderator, second.pk, "Werbung")
    assert search_keys("Schulförderverein") == []

    with after_commit():
        services.delete(alice, first.pk)
    assert search_keys("Sammeltaxis") == []


def test_a_discussion_follows_its_page(make_post, make_member, write, after_commit):
    page = make_post(title="Girls' Day im Stahlwerk")
    alice = make_member("Alice Beispiel")
    with after_commit():
        post = write(alice, page, "Die Hallenführung mit Schutzhelmen war der Höhepunkt.")
    key = f"thread:{post.thread_id}"
    assert search_keys("Schutzhelmen") == [key]

    with after_commit():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert search_keys("Schutzhelmen") == []
    with after_commit():
        PageViewRestriction.objects.filter(page=page).delete()
    assert search_keys("Schutzhelmen") == [key]

    with after_commit():
        page.unpublish()
    assert search_keys("Schutzhelmen") == []
    with after_commit():
        page.save_revision().publish()
    assert search_keys("Schutzhelmen") == [key]

    with after_commit():
        page.delete()
    assert search_keys("Schutzhelmen") == []


def test_an_erased_members_posts_leave_the_index(make_post, make_member, write, after_commit):
    from community.members.privacy import erase_user

    page = make_post(title="Lernwerkstatt Energie")
    alice = make_member("Alice Beispiel")
    with after_commit():
        post = write(alice, page, "Unsere Solarkoffer verleihen wir an alle Grundschulen im Kreis.")
    assert search_keys("Solarkoffer") == [f"thread:{post.thread_id}"]
    with after_commit():
        erase_user(alice, keep_content=False)
    assert search_keys("Solarkoffer") == []


def test_the_search_page_shows_calls_and_discussions(
    client, make_call, make_post, make_member, write, after_commit
):
    with after_commit():
        make_call("Mädchen in MINT: Mentoring-Programme")
        write(
            make_member("Alice Beispiel"),
            make_post(title="Technikclub"),
            "Unser Mentoring läuft über die Hochschule.",
        )
    html = client.get("/suche/", {"q": "Mentoring"}).content.decode()
    assert "Mädchen in MINT: <mark>Mentoring</mark>-Programme" in html  # the title, its match marked
    assert "Diskussion: Technikclub" in html
    assert "Community Call" in html and ">Diskussion<" in html
    assert VIDEO_URL not in html
