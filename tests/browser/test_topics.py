"""Browser journeys through topics: a visitor goes from the topic overview to a topic page (and filters the
overview); an editor merges two topics in the admin, behind two-factor login."""

import re
import time

import pytest

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser

PASSWORD = "ein-sicheres-passwort"


@pytest.fixture
def topic_site(live_site):
    """Home, guide with a chapter, practice posts, a region and a member, tagged, in the live server's database."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page, Site

    from community.members.models import Profile
    from community.regions.models import RegionIndexPage, RegionPage
    from home.models import HomePage, SiteSettings
    from knowledge.guide.models import GuideChapterPage, GuidePage
    from knowledge.practice.models import BestPracticePage, FailureStoryPage, PracticeIndexPage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _ = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)

    def publish(parent, page, tags):
        parent.add_child(instance=page)
        page.tags.add(*tags)
        page.save_revision().publish()
        return page

    guide = GuidePage(title="Auf dem Weg zur MINT-Region", slug="gruendungsleitfaden", intro="Der Leitfaden.")
    home.add_child(instance=guide)
    guide.save_revision().publish()
    publish(
        guide,
        GuideChapterPage(
            title="Partner gewinnen", slug="partner", summary="Wen du wann ansprichst.", body=[]
        ),
        ["Partnergewinnung", "Mädchen in MINT"],
    )
    practice = PracticeIndexPage(title="Praxis & Erfahrungen", slug="praxis", intro="Aus den Regionen.")
    home.add_child(instance=practice)
    practice.save_revision().publish()
    publish(
        practice,
        BestPracticePage(
            title="Girls' Day im Revier",
            slug="girls-day",
            summary="Drei Betriebe, ein Tag.",
            bundesland="NW",
            transferability="ja",
            byline="Jana Beispiel",
        ),
        ["Mädchen in MINT", "Berufsorientierung"],
    )
    publish(
        practice,
        FailureStoryPage(
            title="Der Robotik-Kurs, den keiner wollte",
            slug="robotik",
            summary="Zu früh, zu teuer.",
            bundesland="SN",
            goal="Ein Kurs.",
            what_went_wrong="Keine Anmeldungen.",
            lessons_learned="Fragen.",
            anonymous=True,
        ),
        ["Maedchen"],
    )
    regions = RegionIndexPage(title="MINT-Regionen", slug="regionen")
    home.add_child(instance=regions)
    regions.save_revision().publish()
    publish(regions, RegionPage(title="MINT-Netzwerk Musterstadt", slug="musterstadt", bundesland="HE"),
            ["Mädchen in MINT"])  # fmt: skip

    member = get_user_model().objects.create_user(
        username="paula", email="paula@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    profile = Profile.objects.create(
        user=member, display_name="Paula Public", visibility={"display_name": "public", "topics": "public"}
    )
    profile.topics.add("Mädchen in MINT")
    return live_site


@pytest.fixture
def editor(topic_site, django_user_model):
    from allauth.account.models import EmailAddress

    from community.members.mfa import ensure_demo_totp
    from community.members.models import Profile
    from community.members.roles import EDITORS, add_to_role, sync_roles

    sync_roles()
    user = django_user_model.objects.create_user(
        username="rieke", email="rieke@example.org", password=PASSWORD, is_staff=True
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name="Rieke Redaktion")
    add_to_role(user, EDITORS)
    user.totp_secret = ensure_demo_totp(user)
    return user


def current_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_visitor_browses_from_the_overview_to_a_topic(topic_site, page):
    page.goto("/themen/")
    assert page.locator("h1").inner_text() == "Themen"
    most_used = page.get_by_role("region", name="Meistgenutzte Themen")
    assert most_used.get_by_role("link").first.inner_text() == "Mädchen in MINT"
    assert_accessible(page)
    assert_clean(page)

    # The filter (JavaScript) narrows the A–Z list and says how many topics match.
    page.get_by_label("Themen filtern").fill("mäd")
    status = page.locator("[data-topic-filter-status]")
    status.filter(has_text="Ein Thema passt.").wait_for()
    index = page.get_by_role("region", name=re.compile("Themen von A bis Z"))
    assert index.get_by_role("link", name=re.compile("^Mädchen in MINT")).is_visible()
    assert not index.get_by_role("link", name=re.compile("^Berufsorientierung")).is_visible()
    page.get_by_label("Themen filtern").fill("")
    index.get_by_role("link", name=re.compile("^Berufsorientierung")).wait_for()

    with page.expect_navigation():
        index.get_by_role("link", name=re.compile("^Mädchen in MINT")).click()
    assert page.url.endswith("/themen/m%C3%A4dchen-in-mint/")
    assert page.locator("h1").inner_text() == "Mädchen in MINT"
    assert page.get_by_text("4 Einträge zu diesem Thema.").is_visible()
    for heading in ("Gründungsleitfaden", "Praxis & Erfahrungen", "MINT-Regionen", "Menschen"):
        assert page.get_by_role("heading", name=re.compile(f"^{re.escape(heading)}")).is_visible()
    assert page.get_by_role("link", name="Girls' Day im Revier").is_visible()
    assert page.get_by_role("link", name="Paula Public").is_visible()
    assert page.locator('link[rel="alternate"][type="application/rss+xml"]').count() == 1
    assert_accessible(page)
    assert_clean(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Girls' Day im Revier").click()
    assert page.url.endswith("/praxis/girls-day/")


def test_editor_merges_two_topics_in_the_admin(editor, page):
    page.goto("/konto/login/?next=/admin/themen/")
    page.get_by_label("E-Mail").fill("rieke@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/konto/2fa/authenticate/**")
    page.get_by_label("Code").fill(current_code(editor.totp_secret))
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/admin/themen/")
    assert page.get_by_role("heading", level=1).filter(has_text="Themen").count() >= 1

    page.get_by_label("Maedchen", exact=True).check()
    page.get_by_label("Mädchen in MINT", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Gewählte Themen zusammenführen").first.click()
    target = page.get_by_label("Zusammenführen in")
    assert target.input_value() == "Mädchen in MINT"  # the more used one survives by default
    with page.expect_navigation():
        page.get_by_role("button", name="Prüfen, was umzieht").click()
    assert page.get_by_role("heading", name="Bitte prüfe vor dem Zusammenführen").is_visible()
    assert page.get_by_text("Praxisbeiträge: 1").is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Jetzt zusammenführen").click()
    assert page.get_by_text("„Maedchen“ in „Mädchen in MINT“ zusammengeführt.", exact=True).is_visible()
    history = page.get_by_role("heading", name="Zuletzt zusammengeführt und umbenannt")
    assert history.is_visible()
    assert page.get_by_text(re.compile("zusammengeführt. · Rieke Redaktion · ")).is_visible()
    assert page.recorder.foreign_requests() == []
    assert [e for e in page.recorder.console_errors if "Content Security Policy" in e] == []

    # The story now appears on the merged topic's page; the old address leads there.
    page.goto("/themen/maedchen/")
    assert page.url.endswith("/themen/m%C3%A4dchen-in-mint/")
    assert page.get_by_role("link", name="Der Robotik-Kurs, den keiner wollte").is_visible()
