"""Discussions under a Story of Failure in Chromium: two members read the same discussion, one writes and the
other sees it appear without a reload, replies nest under the post they answer, reactions count up live; an
anonymous reader follows along; without JavaScript the plain form posts and comes back to the post. Every page
passes axe."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from .conftest import PageRecorder, assert_accessible, assert_clean

pytestmark = pytest.mark.browser

STORY_URL = "/praxis/die-steuerungsgruppe/"


@pytest.fixture
def discussion(live_site):
    """Home, the practice index, one Story of Failure with a short discussion, and two members."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page, Site

    from community.members.models import Profile
    from community.threads import services
    from home.models import HomePage, SiteSettings
    from knowledge.practice.models import FailureStoryPage, PracticeIndexPage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    # Transactional tests flush the database, Wagtail's tree root included.
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _ = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)
    index = PracticeIndexPage(title="Praxis & Erfahrungen", slug="praxis", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    story = FailureStoryPage(
        title="Die Steuerungsgruppe, die nie tagte",
        slug="die-steuerungsgruppe",
        summary="Zwölf Spitzenvertreter:innen, eine einzige Sitzung.",
        goal="Politisches Gewicht von Anfang an.",
        what_went_wrong="Es fand sich kein zweiter Termin.",
        lessons_learned="Wer entscheiden darf, gehört in die Runde.",
        byline="Koordination MINT-Region Beispieltal",
    )
    index.add_child(instance=story)
    story.save_revision().publish()

    people = {}
    for first, last in (("Jana", "Vollmering"), ("Mehmet", "Karaoglu")):
        user = get_user_model().objects.create_user(
            username=first.lower(), email=f"{first.lower()}@example.org", password="ein-sicheres-passwort"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        Profile.objects.create(
            user=user, display_name=f"{first} {last}", visibility={"display_name": "public"}
        )
        people[first.lower()] = user
    story = FailureStoryPage.objects.get(pk=story.pk)
    services.post(
        people["mehmet"], story, "Bei uns war es genauso. **Wer** lädt bei euch ein?", "vorab-000000001"
    )
    return people


def log_in(context, live_site, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_site.url}])


def second_page(browser, live_site, user=None, **options):
    context = browser.new_context(
        base_url=live_site.url, locale="de-DE", timezone_id="Europe/Berlin", **options
    )
    context.set_default_timeout(10_000)
    if user is not None:
        log_in(context, live_site, user)
    tab = context.new_page()
    recorder = PageRecorder(live_site.url)
    tab.on("console", lambda msg: recorder.console_errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda error: recorder.console_errors.append(str(error)))
    tab.on("request", lambda request: recorder.requests.append(request.url))
    tab.recorder = recorder
    return context, tab


def wait_live(page) -> None:
    expect(page.locator("[data-thread]")).to_have_attribute("data-live-state", "connected")


def test_two_members_discuss_live_and_an_anonymous_reader_follows(discussion, page, browser, live_site):
    jana, mehmet = discussion["jana"], discussion["mehmet"]
    log_in(page.context, live_site, jana)
    other_context, other = second_page(browser, live_site, mehmet)
    reader_context, reader = second_page(browser, live_site)

    for tab in (page, other, reader):
        tab.goto(STORY_URL)
        wait_live(tab)
    expect(page.get_by_role("heading", name="Diskussion")).to_be_visible()
    assert_accessible(page)

    # Jana writes a new top-level post; Mehmet and the anonymous reader see it without reloading.
    page.get_by_label("Dein Beitrag").fill("Bei uns lädt das **Bildungsbüro** ein – das hat alles geändert.")
    page.get_by_role("button", name="Beitrag veröffentlichen").click()
    expect(other.locator(".thread-post__body strong", has_text="Bildungsbüro")).to_be_visible()
    expect(reader.locator(".thread-post__body", has_text="das hat alles geändert")).to_be_visible()
    expect(page.get_by_label("Dein Beitrag")).to_have_value("")
    # Controls the live frame carries are trimmed to what each viewer may do.
    janas_post = other.locator("li.thread-item", has_text="das hat alles geändert")
    expect(janas_post.get_by_role("link", name="Bearbeiten")).to_be_hidden()
    expect(janas_post.get_by_role("link", name="Antworten")).to_be_visible()
    expect(
        reader.locator("li.thread-item", has_text="das hat alles geändert").get_by_role(
            "link", name="Antworten"
        )
    ).to_be_hidden()

    # Mehmet replies to Jana's post; the reply appears nested under it on Jana's page, quoting her.
    janas_post.get_by_role("link", name="Antworten").click()
    expect(other.locator("[data-thread-reply-preview]")).to_contain_text("Antwort an Jana Vollmering")
    other.get_by_label("Dein Beitrag").fill("Spannend! Seit wann macht das Bildungsbüro das?")
    other.get_by_role("button", name="Beitrag veröffentlichen").click()
    reply = page.locator("li.thread-item", has_text="das hat alles geändert").locator(
        "li.thread-item--reply", has_text="Seit wann macht das Bildungsbüro das?"
    )
    expect(reply).to_be_visible()
    expect(reply.locator(".thread-post__quote")).to_contain_text("Antwort an Jana Vollmering")

    # Jana finds the reply helpful; Mehmet sees the count go up.
    reply.get_by_role("button", name="Hilfreich").click()
    expect(reply.get_by_role("button", name="Hilfreich")).to_have_attribute("aria-pressed", "true")
    mehmets_reply = other.locator("li.thread-item--reply", has_text="Seit wann macht das Bildungsbüro das?")
    expect(mehmets_reply.locator("[data-reaction='hilfreich'] [data-reaction-count]")).to_have_text("1")
    expect(reader.locator("li.thread-item--reply", has_text="Seit wann")).to_contain_text("Hilfreich: 1")

    # Everything in order, nothing twice.
    numbers = page.eval_on_selector_all(
        "li.thread-item[data-number]", "items => items.map(li => Number(li.dataset.number))"
    )
    assert sorted(numbers) == [1, 2, 3] and len(set(numbers)) == 3
    assert_accessible(other)
    assert_accessible(reader)
    for tab in (page, other, reader):
        assert_clean(tab)
    other_context.close()
    reader_context.close()


def test_without_javascript_the_plain_form_posts_and_comes_back(discussion, browser, live_site):
    context, tab = second_page(browser, live_site, discussion["jana"], java_script_enabled=False)
    tab.goto(STORY_URL)
    tab.get_by_role("link", name="Antworten").first.click()
    expect(tab.locator("[data-thread-reply-preview]")).to_contain_text("Antwort an Mehmet Karaoglu")
    tab.get_by_label("Dein Beitrag").fill("Bei uns die Landrätin selbst, aber nur einmal im Jahr.")
    tab.get_by_role("button", name="Beitrag veröffentlichen").click()
    assert "#beitrag-" in tab.url
    reply = tab.locator("li.thread-item--reply", has_text="die Landrätin selbst")
    expect(reply).to_be_visible()
    expect(reply.locator(".thread-post__quote")).to_contain_text("Antwort an Mehmet Karaoglu")
    # An empty post comes back with a German error, on the same page.
    tab.get_by_role("button", name="Beitrag veröffentlichen").click()
    expect(tab.locator(".errorlist")).to_contain_text("Bitte schreib einen Beitrag.")
    context.close()
