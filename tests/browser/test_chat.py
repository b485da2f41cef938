"""Live channels in Chromium: two members chat, one loses the connection while the other writes, and after the
reconnect both see every message exactly once and in order. Replies and reactions arrive live; the channel
list and a channel page pass axe."""

import os
import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from .conftest import assert_accessible, assert_clean

pytestmark = pytest.mark.browser

CHANNEL_URL = "/kanaele/allgemein/"


@pytest.fixture
def chat(live_site):
    """The site shell, a channel with a short history and two members with profiles."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from community.chat import posting
    from community.chat.models import Channel
    from community.members.models import Profile
    from home import demo
    from home.demo_support import DemoContext

    demo.load(DemoContext(stdout=open(os.devnull, "w"), style=None))  # noqa: SIM115
    people = {}
    for first, last in (("Jana", "Vollmering"), ("Mehmet", "Karaoglu")):
        user = get_user_model().objects.create_user(
            username=first.lower(), email=f"{first.lower()}@example.org", password="ein-sicheres-passwort"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        Profile.objects.create(user=user, display_name=f"{first} {last}")
        people[first.lower()] = user
    channel = Channel.objects.create(
        slug="allgemein", name="Allgemein", description="Der Treffpunkt für **alles** Übrige."
    )
    channel.tags.set(["Netzwerkaufbau"])
    posting.post_message(people["mehmet"], channel, "Willkommen im Kanal!", "vorab-0000001")
    posting.join(people["jana"], channel)
    return people


def log_in(context, live_site, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_site.url}])


def second_page(browser, live_site, user):
    context = browser.new_context(base_url=live_site.url, locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(10_000)
    log_in(context, live_site, user)
    return context, context.new_page()


def wait_live(page) -> None:
    expect(page.locator("[data-chat-channel]")).to_have_attribute("data-live-state", "connected")


def write(page, text: str) -> None:
    box = page.get_by_label("Deine Nachricht")
    box.fill(text)
    box.press("Enter")


def shown_messages(page) -> list[tuple[int, str]]:
    """(seq, text) of every stored message on the page, in the order shown."""
    return page.eval_on_selector_all(
        "[data-chat-messages] > li[data-seq]",
        "items => items.map(li => [Number(li.dataset.seq), li.querySelector('.chat-message__body')?.innerText.trim() ?? ''])",
    )


def test_two_members_chat_and_nothing_is_lost_or_doubled_across_a_reconnect(chat, page, browser, live_site):
    jana, mehmet = chat["jana"], chat["mehmet"]
    log_in(page.context, live_site, jana)

    # Mehmet's socket goes through a switch the test can flip: "offline" closes it and refuses reconnects.
    offline = {"on": False}
    open_routes = []

    def route(ws):
        if offline["on"]:
            ws.close(code=1011, reason="offline")
            return
        ws.connect_to_server()
        open_routes.append(ws)

    other_context, other = second_page(browser, live_site, mehmet)
    other.route_web_socket(re.compile(r".*/ws/kanaele/.*"), route)

    page.goto(CHANNEL_URL)
    other.goto(CHANNEL_URL)
    wait_live(page)
    wait_live(other)
    expect(page.locator(".chat-presence__list li")).to_have_count(2)

    write(page, "Hallo Mehmet, wie habt ihr die **Kofinanzierung** geschafft?")
    expect(other.locator(".chat-message__body", has_text="wie habt ihr die Kofinanzierung")).to_be_visible()
    expect(other.locator("strong", has_text="Kofinanzierung")).to_be_visible()
    write(other, "Über den Kreistag, zwei Jahre Vorlauf.")
    expect(page.locator(".chat-message__body", has_text="zwei Jahre Vorlauf")).to_be_visible()
    expect(other.locator(".chat-message--pending")).to_have_count(0)

    # Mehmet loses the connection; the page says so.
    offline["on"] = True
    for ws in open_routes:
        ws.close(code=1011, reason="offline")
    status = other.locator("[data-chat-status]")
    expect(status).to_have_text("Verbindung wird wiederhergestellt …")
    expect(status).to_be_visible()

    # Jana keeps writing; Mehmet writes too, and his message waits for the connection.
    for number in range(1, 4):
        write(page, f"Während der Pause {number}")
    expect(page.locator(".chat-message__body", has_text="Während der Pause 3")).to_be_visible()
    write(other, "Bin kurz offline, schicke das gleich")
    expect(other.locator(".chat-message--pending")).to_contain_text("Wartet auf die Verbindung")

    # Back online: the missed messages arrive, the waiting one is sent, each exactly once and in order.
    offline["on"] = False
    wait_live(other)
    expect(status).to_be_hidden()
    expect(other.locator(".chat-message--pending")).to_have_count(0)
    expect(page.locator(".chat-message__body", has_text="Bin kurz offline")).to_have_count(1)
    expect(other.locator("[data-chat-messages] > li[data-seq]")).to_have_count(7)
    expect(page.locator("[data-chat-messages] > li[data-seq]")).to_have_count(7)

    expected = [
        "Willkommen im Kanal!",
        "Hallo Mehmet, wie habt ihr die Kofinanzierung geschafft?",
        "Über den Kreistag, zwei Jahre Vorlauf.",
        "Während der Pause 1",
        "Während der Pause 2",
        "Während der Pause 3",
        "Bin kurz offline, schicke das gleich",
    ]
    for shown in (shown_messages(page), shown_messages(other)):
        assert [seq for seq, _text in shown] == list(range(1, 8))
        assert [text for _seq, text in shown] == expected

    from community.chat.models import Message

    assert Message.objects.count() == 7  # the waiting message was stored once, not once per attempt
    assert_accessible(page)
    assert_clean(page)
    other_context.close()


def test_reply_react_and_read_position_live(chat, page, browser, live_site):
    jana, mehmet = chat["jana"], chat["mehmet"]
    log_in(page.context, live_site, jana)
    other_context, other = second_page(browser, live_site, mehmet)
    page.goto(CHANNEL_URL)
    other.goto(CHANNEL_URL)
    wait_live(page)
    wait_live(other)

    first = page.locator("#nachricht-1")
    first.get_by_text("…").click()
    first.get_by_role("link", name="Antworten").click()
    expect(page.locator("[data-chat-reply-preview]")).to_contain_text("Antwort an Mehmet Karaoglu")
    write(page, "Danke, schön hier zu sein!")
    reply = other.locator("#nachricht-2")
    expect(reply.locator(".chat-message__quote")).to_contain_text(
        "Antwort an Mehmet Karaoglu: Willkommen im Kanal!"
    )

    reply.get_by_text("…").click()
    reply.get_by_role("button", name="Danke").click()
    reaction = page.locator("#nachricht-2 .chat-reaction")
    expect(reaction).to_contain_text("1")
    expect(other.locator("#nachricht-2 .chat-reaction")).to_have_attribute("aria-pressed", "true")
    expect(reaction).to_have_attribute("aria-pressed", "false")

    # Someone types: the others see it, throttled and short-lived.
    other.get_by_label("Deine Nachricht").press_sequentially("Gern", delay=30)
    expect(page.locator("[data-chat-typing]")).to_have_text("Mehmet Karaoglu schreibt …")

    assert_accessible(page)
    page.goto("/kanaele/")
    expect(page.get_by_role("heading", name="Meine Kanäle")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Allgemein"))).to_be_visible()
    assert_accessible(page)
    assert_clean(page)
    other_context.close()


def test_the_page_works_without_javascript(chat, browser, live_site):
    context = browser.new_context(base_url=live_site.url, locale="de-DE", java_script_enabled=False)
    log_in(context, live_site, chat["jana"])
    page = context.new_page()
    page.goto(CHANNEL_URL)
    expect(page.locator("#nachricht-1")).to_contain_text("Willkommen im Kanal!")
    page.get_by_label("Deine Nachricht").fill("Ohne JavaScript geht es auch.")
    page.get_by_role("button", name="Senden").click()
    expect(page.locator("#nachricht-2")).to_contain_text("Ohne JavaScript geht es auch.")
    assert page.url.endswith("/kanaele/allgemein/#nachricht-2")
    context.close()
