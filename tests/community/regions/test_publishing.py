"""Publishing a region notifies its followers and those of its topics; the home page's regions section."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from taggit.models import Tag

from community.members.follow import follow
from community.notifications.models import Notification
from community.regions.models import RegionPage
from community.regions.signals import UPDATE_QUIET_PERIOD

from .conftest import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic_follower(make_member):
    user = make_member("Tina Themenfan")
    tag, _created = Tag.objects.get_or_create(name="Mädchen in MINT")
    follow(user, tag)
    return user


def notifications_of(user):
    return list(Notification.objects.filter(recipient=user, kind="followed_content").order_by("pk"))


def test_first_publication_notifies_the_followers_of_its_topics(make_region, topic_follower, make_member):
    bystander = make_member("Bea Unbeteiligt")
    region = make_region(
        "Technikland Allgäu", "BY", slug="allgaeu", intro="Tüfteln im Allgäu.", tags=["Mädchen in MINT"]
    )
    [notification] = notifications_of(topic_follower)
    assert notification.title == "Neue MINT-Region: Technikland Allgäu"
    assert notification.body == "Tüfteln im Allgäu."
    assert notification.url == "/regionen/allgaeu/"
    assert notifications_of(bystander) == []
    assert region.live


def test_an_update_notifies_the_regions_followers_once_per_quiet_period(
    make_region, topic_follower, make_member
):
    from wagtail.models import PageLogEntry

    region = make_region("Technikland Allgäu", "BY", slug="allgaeu", tags=["Mädchen in MINT"])
    region_follower = make_member("Rolf Regionsfan")
    follow(region_follower, region)
    # The first publication was just now: a quick correction stays quiet.
    page = RegionPage.objects.get(pk=region.pk)
    page.intro = "Tippfehler korrigiert."
    page.save_revision(log_action=True).publish()
    assert notifications_of(region_follower) == []
    # Later, a change is news for the followers of the region (not for those of its topics).
    PageLogEntry.objects.filter(page=region).update(
        timestamp=timezone.now() - UPDATE_QUIET_PERIOD - timedelta(minutes=1)
    )
    page = RegionPage.objects.get(pk=region.pk)
    page.intro = "Neue Ziele für 2026."
    page.save_revision(log_action=True).publish()
    [notification] = notifications_of(region_follower)
    assert notification.title == "MINT-Region aktualisiert: Technikland Allgäu"
    assert notification.body == "Neue Ziele für 2026."
    assert len(notifications_of(topic_follower)) == 1  # only the "new region" one


def test_the_publishing_editor_is_not_notified(make_region, topic_follower, directory):
    topic_follower.is_superuser = True  # an editor who follows the topic herself
    topic_follower.save()
    region = RegionPage(title="Eigene Region", slug="eigene", bundesland="HE", live=False)
    directory.add_child(instance=region)
    region.tags.add("Mädchen in MINT")
    region.save_revision(user=topic_follower).publish(user=topic_follower)
    assert notifications_of(topic_follower) == []


def test_scheduled_publishing_notifies_only_when_the_region_goes_live(directory, topic_follower):
    region = RegionPage(
        title="Zukünftige Region",
        slug="zukunft",
        bundesland="SN",
        live=False,
        go_live_at=timezone.now() + timedelta(days=3),
    )
    directory.add_child(instance=region)
    region.tags.add("Mädchen in MINT")
    region.save_revision().publish()
    assert notifications_of(topic_follower) == []


# --- Home page section --------------------------------------------------------------------------------------


def test_home_page_shows_the_regions_section(client, make_region, make_office):
    make_region("Technikland Allgäu", "BY", latitude=Decimal("47.7267"), longitude=Decimal("10.3139"))
    make_region("MINT.Bergisch", "NW", latitude=Decimal("51.2562"), longitude=Decimal("7.1508"))
    make_office("zdi-Landesstelle", "NW")
    html = client.get("/").content.decode()
    section = html.split('id="section-regions"')[1].split("</section>")[0]
    assert "<strong>2</strong> MINT-Regionen und <strong>1</strong> Landeskoordinierungsstellen" in section
    assert "Noch keine MINT-Region in: Baden-Württemberg, Berlin," in section
    assert "MINT.Bergisch" in section and "Technikland Allgäu" in section
    assert 'href="/regionen/"' in section
    assert 'aria-label="Deutschlandkarte: 2 MINT-Regionen in 2 von 16 Bundesländern"' in section
    assert section.count("<circle") == 2
    assert "Kartengrundlage" in section
    assert "empty-state" not in section


def test_home_section_is_empty_without_a_directory(client, home):
    html = client.get("/").content.decode()
    section = html.split('id="section-regions"')[1].split("</section>")[0]
    assert "Das Regionenverzeichnis wird gerade aufgebaut" in section or "empty-state" in section


def test_home_section_follows_publishing_at_once(client, make_region):
    make_region("Erste Region", "BY")
    assert "<strong>1</strong> MINT-Regionen" in client.get("/").content.decode()
    second = make_region("Zweite Region", "HE")
    assert "<strong>2</strong> MINT-Regionen" in client.get("/").content.decode()
    second.unpublish()
    assert "<strong>1</strong> MINT-Regionen" in client.get("/").content.decode()
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=RegionPage.objects.get(title="Erste Region"), restriction_type="login"
    )
    section = client.get("/").content.decode().split('id="section-regions"')[1].split("</section>")[0]
    assert "Erste Region" not in section


@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_home_page_stays_within_its_query_budget(client, make_region, make_office, cold):
    for number in range(30):
        make_region(
            f"Region {number}",
            "BY" if number % 2 else "NW",
            latitude=Decimal("50.1"),
            longitude=Decimal("9.1"),
        )
    make_office("Stelle", "BY")
    queries = count_queries(client, "/", cold=cold)
    assert queries <= (6 if not cold else 12)
