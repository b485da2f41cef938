"""Hostile strings in every field members write: profiles, submissions, thread posts, channel messages (form
and WebSocket), the search box and sign-up. Each string goes through the real form over HTTP; the page that
shows it afterwards must contain no active content (no inline script, event handler, script URL, frame), and
input that is refused gets a German error with the text kept in the form.

The browser half (marked `browser`) renders the written pages in Chromium with a dialog trap and a tripwire
function every payload calls, and checks that no script ran and that long words do not widen the page.
Curated strings in `make test`; the whole Big List of Naughty Strings with SECURITY_CORPUS=full (make security).
"""

import itertools
import json
import re
import unicodedata

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape

from .corpus import CURATED, LONE_SURROGATE_JSON, LONG_WORD, corpus, full_corpus_enabled
from .world import CHANNEL_URL, STORY_URL, active_content, build_world, make_member

PROFILE_LIMITS = {
    "display_name": 80,
    "organisation": 160,
    "bio": 4000,
    "can_help_with": 1000,
    "looking_for": 1000,
}
_client_ids = itertools.count(1)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def member_client(world):
    client = Client()
    client.force_login(world.member)
    return client


def assert_harmless(response, context: str) -> str:
    assert response.status_code < 500, f"{context}: server error {response.status_code}"
    html = response.content.decode()
    findings = active_content(html)
    assert findings == [], f"{context}: active content in {response.request['PATH_INFO']}: {findings[:5]}"
    return html


def test_the_scanner_sees_what_a_browser_would_run():
    # The checks below are only as good as this scanner: it must flag each kind of active content.
    page = """<script>alert(1)</script><script src="https://evil.example/x.js"></script>
    <img src=x onerror=alert(1)><a href="jav&#x09;ascript:alert(1)">x</a><iframe src="/"></iframe>
    <meta http-equiv="refresh" content="0;url=/"><base href="https://evil.example/">
    <a href="data:text/html;base64,PHNjcmlwdD4=">d</a>"""
    assert len(active_content(page)) == 8
    harmless = (
        '<script type="module" src="/static/js/site.js"></script><script type="application/json">{}</script>'
    )
    assert active_content(harmless + "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1)</p>") == []


def normalised(text: str) -> str:
    """What a field keeps of the text, for comparing: Django strips it and browsers send CRLF as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def shown_somewhere(text: str, html: str) -> bool:
    """Whether (the start of) the text is in the page, escaped, as a form field or as plain text would show it."""
    probe = normalised(text)[:40]
    probe = re.split(r"[\x00\n]", probe)[0].strip()
    if not probe:
        return True
    candidates = {escape(probe), escape(unicodedata.normalize("NFC", probe)), probe.replace("&", "&amp;")}
    return any(candidate in html for candidate in candidates)


def post_without_limits(client, url, data):
    # Every form here is rate-limited (the cache): the corpus is one member writing hundreds of times.
    cache.clear()
    return client.post(url, data)


# --- Profile ------------------------------------------------------------------------------------------------


def profile_data(**fields):
    data = {"display_name": "Erika Mustermann", "role": "", "organisation": "", "region": "", "bundesland": "",
            "bio": "", "topics": "", "can_help_with": "", "looking_for": ""}  # fmt: skip
    data.update(fields)
    return data


def test_profile_fields(world, member_client, record_property):
    profile_url = f"/mitglieder/{world.member.pk}/"
    for text in corpus():
        fitting = [name for name, limit in PROFILE_LIMITS.items() if len(normalised(text)) <= limit]
        fields = fitting or ["bio"]
        response = post_without_limits(
            member_client, "/konto/profil/", profile_data(**dict.fromkeys(fields, text))
        )
        context = f"profile {fields} <- {text[:60]!r}"
        html = assert_harmless(response, context)
        if response.status_code == 302:
            page = assert_harmless(member_client.get(profile_url), context)
            world.member.profile.refresh_from_db()
            for name in fields:
                assert getattr(world.member.profile, name), f"{context}: {name} was emptied"
            if "display_name" in fields:  # plain text, shown as typed (escaped); the bio is Markdown
                assert shown_somewhere(world.member.profile.display_name, page), f"{context}: name not shown"
        else:
            assert response.status_code == 400, context
            assert 'class="form-errors"' in html or "errorlist" in html, f"{context}: no error shown"
            for name in fields:
                assert shown_somewhere(text, html), f"{context}: the input of {name} is lost"
        if not fitting:
            assert "höchstens" in html, f"{context}: no German length message"
    record_property("strings", len(corpus()))
    record_property("fields", len(PROFILE_LIMITS))


# --- Thread posts -------------------------------------------------------------------------------------------


def thread_post(client, world, text):
    return post_without_limits(
        client,
        "/diskussionen/schreiben/",
        {
            "target_type": "practice.failurestorypage",
            "target_id": world.story.pk,
            "body": text,
            "client_id": f"sicherheit-{next(_client_ids):08d}",
        },
    )


def test_thread_posts(world, member_client, record_property):
    from community.threads.models import Post

    for text in corpus():
        response = thread_post(member_client, world, text)
        context = f"thread post <- {text[:60]!r}"
        html = assert_harmless(response, context)
        if response.status_code == 302:
            assert Post.objects.filter(author=world.member).order_by("-pk").first().body
        else:
            assert response.status_code == 400, f"{context}: {response.status_code}"
            assert shown_somewhere(text, html), f"{context}: the text is lost"
            if len(normalised(text)) > 10_000:
                assert "höchstens" in html or "zu lang" in html, f"{context}: no German length message"
    page = assert_harmless(member_client.get(STORY_URL), "story page with all posts")
    assert "__pwned" in page or not any("__pwned" in s for s in corpus())  # the text is shown, escaped
    record_property("strings", len(corpus()))
    record_property("fields", 1)


# --- Channel messages -----------------------------------------------------------------------------------------


def chat_message(client, text):
    return post_without_limits(
        client, f"{CHANNEL_URL}senden/", {"body": text, "client_id": f"sicherheit{next(_client_ids):08d}"}
    )


def test_channel_messages_through_the_form(world, member_client, record_property):
    from community.chat.models import Message

    for text in corpus():
        response = chat_message(member_client, text)
        context = f"channel message <- {text[:60]!r}"
        html = assert_harmless(response, context)
        if response.status_code == 302:
            assert Message.objects.filter(author=world.member).order_by("-pk").first().body
        else:
            assert response.status_code == 400, f"{context}: {response.status_code}"
            assert shown_somewhere(text, html), f"{context}: the text is lost"
            if len(normalised(text)) > 4000:
                assert "höchstens" in html or "zu lang" in html, f"{context}: no German length message"
    assert_harmless(member_client.get(CHANNEL_URL), "channel page with all messages")
    record_property("strings", len(corpus()))
    record_property("fields", 1)


@pytest.mark.django_db(transaction=True)
async def test_channel_messages_through_the_websocket(record_property):
    from channels.db import database_sync_to_async  # closes the thread's database connection after each call
    from channels.testing import WebsocketCommunicator

    from community.chat.models import Message
    from config.asgi import application

    def prepare():
        world = build_world()
        client = Client()
        client.force_login(world.member)
        return world, client.cookies["sessionid"].value

    world, session = await database_sync_to_async(prepare)()
    communicator = WebsocketCommunicator(
        application, CHANNEL_URL.replace("/kanaele/", "/ws/kanaele/"),
        headers=[(b"origin", b"http://localhost"), (b"cookie", f"sessionid={session}".encode())],
    )  # fmt: skip
    connected, _ = await communicator.connect()
    assert connected
    frames = [
        json.dumps({"type": "send", "client_id": f"ws{n:08d}", "body": text})
        for n, text in enumerate(CURATED)
    ]
    frames.append('{"type": "send", "client_id": "ws-surrogate", "body": ' + LONE_SURROGATE_JSON + "}")
    answers = []
    for frame in frames:
        await database_sync_to_async(cache.clear)()
        await communicator.send_to(text_data=frame)
        while True:
            answer = await communicator.receive_json_from(timeout=5)
            if answer["type"] in ("ack", "error"):
                answers.append(answer)
                break
    await communicator.disconnect()
    stored = await database_sync_to_async(lambda: list(Message.objects.filter(channel=world.channel)))()
    assert all(answer["type"] == "ack" or answer.get("message") for answer in answers), answers
    # Every stored message was sanitised when stored: the same check as for the pages.
    for message in stored:
        assert active_content(message.body_html) == [], message.body
    assert len(stored) >= len(CURATED) - 5  # only the too long and the empty ones are refused
    record_property("strings", len(frames))
    record_property("fields", 1)


# --- Search -----------------------------------------------------------------------------------------------------


def test_search_box(world, member_client, record_property):
    anonymous = Client()
    for text in corpus():
        for client in (anonymous, member_client):
            cache.clear()
            response = client.get("/suche/", {"q": text})
            html = assert_harmless(response, f"search <- {text[:60]!r}")
            assert response.status_code in (200, 400), response.status_code
        cache.clear()
        assert_harmless(
            member_client.get("/suche/vorschlaege/", {"q": text}), f"suggestions <- {text[:60]!r}"
        )
    assert html
    record_property("strings", len(corpus()))
    record_property("fields", 2)  # the search box and its suggestions, each as a member and anonymously


# --- Submissions ------------------------------------------------------------------------------------------------


def test_submission_fields(world, member_client, record_property):
    from knowledge.submissions.models import Submission

    from ..knowledge.submissions.conftest import failure_story_data

    limits = {"title": 120, "summary": 600, "goal": 2000, "what_went_wrong": 4000, "byline": 200}
    for text in corpus():
        fitting = {name: text for name, limit in limits.items() if len(normalised(text)) <= limit}
        data = failure_story_data(**(fitting or {"what_went_wrong": text}))
        response = post_without_limits(member_client, "/beitraege/neu/story-of-failure/", data)
        context = f"submission {list(fitting) or ['what_went_wrong']} <- {text[:60]!r}"
        html = assert_harmless(response, context)
        assert shown_somewhere(text, html) or response.status_code == 302, f"{context}: the text is lost"
        submission = Submission.objects.filter(author=world.member).order_by("-pk").first()
        if submission is not None:
            assert_harmless(member_client.get(f"/beitraege/{submission.pk}/vorschau/"), f"preview: {context}")
            submission.delete()  # members may keep only so many drafts
    record_property("strings", len(corpus()))
    record_property("fields", len(limits))


# --- Sign-up ------------------------------------------------------------------------------------------------------


def test_signup_display_name(world, record_property):
    from community.members.models import Profile

    for number, text in enumerate(corpus()):
        client = Client()
        response = post_without_limits(
            client,
            "/konto/signup/",
            {
                "email": f"neu{number}@example.org",
                "display_name": text,
                "password1": "Ein-sehr-sicheres-Passwort-42",
                "password2": "Ein-sehr-sicheres-Passwort-42",
                "accept_terms": "on",
                "website": "",
            },
        )
        context = f"signup display name <- {text[:60]!r}"
        html = assert_harmless(response, context)
        if response.status_code == 200:  # refused: the form again, with an error and the name kept
            assert 'class="form-errors"' in html, context
            kept = shown_somewhere(" ".join(text.split())[:80], html) or shown_somewhere(text[:80], html)
            assert kept, f"{context}: the name is lost"
        else:
            assert response.status_code == 302, context
            profile = Profile.objects.get(user__email=f"neu{number}@example.org")
            assert profile.display_name
    record_property("strings", len(corpus()))
    record_property("fields", 1)


# --- In the browser -------------------------------------------------------------------------------------------

TRIPWIRE = """
window.__pwnedCalls = [];
window.__pwned = (label) => { window.__pwnedCalls.push(String(label)); };
"""


# The innermost elements that reach past the viewport's right edge, to say what breaks the layout.
WIDEST = """
(() => {
  const wide = [...document.body.querySelectorAll('*')].filter(el => !el.closest('.visually-hidden, input, textarea') && (
    el.getBoundingClientRect().right > window.innerWidth + 1 || el.scrollWidth > el.clientWidth + 1));
  const label = el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.trim().slice(0, 40)}"`;
  // The outermost box wider than the viewport inside one that is not: what a long word widened.
  const widened = [...document.body.querySelectorAll('*')].filter(el => el.offsetWidth > window.innerWidth
    && el.parentElement && el.parentElement.offsetWidth <= window.innerWidth).slice(0, 3).map(label);
  const deepest = wide.filter(el => !wide.some(other => other !== el && el.contains(other))).slice(0, 5).map(label);
  return {widened, deepest};
})()
"""


def _open(page, url):
    # "load": every script of the page (ES modules included) has run; live pages keep a socket open, so the
    # network is never idle.
    page.goto(url, wait_until="load")


def assert_nothing_ran(page, dialogs, url):
    calls = page.evaluate("window.__pwnedCalls")
    assert calls == [], f"injected script ran on {url}: {calls}"
    assert dialogs == [], f"a dialog opened on {url}: {dialogs}"
    violations = [e for e in page.recorder.console_errors if "Content Security Policy" in e]
    assert violations == [], f"injected content tried to run on {url}: {violations[:3]}"


# Known finding (reported, not fixed here): one base letter with dozens of combining marks (the Thai line of the
# Big List of Naughty Strings) is a single grapheme cluster; no CSS can wrap inside it, and without a font for the
# script (as on this machine) the marks are drawn side by side, wider than a phone. The fix belongs where member
# text is cleaned (limit stacked marks per letter), see the report. Only this case is set apart, and counted.
STACKED_MARKS = re.compile(r"[\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]{10,}")


def layout_problems(page, url) -> list[str]:
    problems = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            problems.append(f"{url} is {overflow}px wider than a {width}px viewport: {page.evaluate(WIDEST)}")
    return problems


def _log_in(context, live_site, user):
    from django.conf import settings

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_site.url}])


def _write_as_new_authors(world, strings, first_number) -> list[int]:
    """Each string becomes a new member's display name and bio, one post under the story and one channel message;
    every third also mentions Erika, so her notification list shows the hostile names. Returns the authors' ids."""
    authors = []
    for number, text in enumerate(strings, first_number):
        author = make_member(f"autor{number}")
        client = Client()
        client.force_login(author)
        name = " ".join(text.split())[:80] or "Leer"
        response = post_without_limits(client, "/konto/profil/", profile_data(display_name=name, bio=text))
        assert response.status_code in (302, 400)
        mention = "\n\n@Erika Mustermann" if number % 3 == 0 and len(text) < 3900 else ""
        thread_post(client, world, text + mention)
        chat_message(client, text + mention)
        authors.append(author.pk)
    return authors


@pytest.mark.browser
def test_written_pages_run_no_script_and_hold_their_layout(page, live_site, record_property):
    world = build_world()
    member = Client()
    member.force_login(world.member)
    post_without_limits(member, "/konto/profil/", profile_data(bio=f"{LONG_WORD[:3900]}"))
    thread_post(member, world, LONG_WORD)
    chat_message(member, LONG_WORD[:3900])

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.context.add_init_script(TRIPWIRE)
    _log_in(page.context, live_site, world.member)

    def check(url):
        _open(page, url)
        assert_nothing_ran(page, dialogs, url)
        # Layout problems are collected, so that one run lists every page a string widens.
        for problem in layout_problems(page, url):
            (known if STACKED_MARKS.search(problem) else overflowing).append(problem)
        checked.append(url)

    checked, overflowing, known = [], [], []
    strings = [s for s in corpus() if len(s) <= 4000]
    # In batches: the channel page shows the latest 50 messages, the story the last page of its discussion.
    batch = 40
    for start in range(0, len(strings), batch):
        authors = _write_as_new_authors(world, strings[start : start + batch], start)
        for url in (f"{STORY_URL}?diskussion=9999", CHANNEL_URL, "/mitglieder/?seite=9999"):
            check(url)
        for author_id in authors[:: 1 if full_corpus_enabled() else 10]:
            check(f"/mitglieder/{author_id}/")
    for url in (STORY_URL, f"/mitglieder/{world.member.pk}/", "/mitglieder/", "/benachrichtigungen/"):
        check(url)
    # The search results page with a hostile query, and the profile form refilled after a refused save.
    check("/suche/?q=" + "%3Cscript%3Ewindow.__pwned(1)%3C/script%3E%20" + LONG_WORD[:2000])
    _open(page, "/konto/profil/")
    # A client that skips the browser's own limit (maxlength) gets the server's answer: a German error, and
    # everything it sent is still in the form.
    page.evaluate("document.querySelector('#id_bio').removeAttribute('maxlength')")
    page.fill("#id_bio", LONG_WORD)
    with page.expect_navigation(wait_until="load"):
        page.locator("form:has(#id_bio) [type=submit]").last.click()
    assert page.input_value("#id_bio") == LONG_WORD, "the refused text is lost"
    assert "höchstens" in page.content()
    assert_nothing_ran(page, dialogs, "profile form")
    overflowing.extend(layout_problems(page, "profile form"))
    record_property("strings", len(strings))
    record_property("pages_rendered", len(checked) + 1)
    record_property("known_finding_stacked_marks", len(known))
    assert overflowing == [], "\n".join(overflowing)


def _joined(strings, limit: int) -> str:
    """As many strings as fit into `limit` characters, one per line."""
    text = ""
    for item in strings:
        if len(text) + len(item) + 1 <= limit:
            text += item + "\n"
    return text


def test_submission_in_the_editors_review(world, member_client, editor):
    """A submission full of hostile strings, submitted for review: the editor's admin pages (which run with a
    policy of their own that allows inline script) show every string as text."""
    from community.members.mfa import ensure_demo_totp
    from knowledge.submissions.models import Submission

    from ..knowledge.submissions.conftest import failure_story_data

    payloads = [s for s in CURATED if "<" in s and len(s) < 300]
    data = failure_story_data(
        title=" ".join(payloads[0].split())[:120],
        summary=_joined(payloads, 600),
        goal=_joined(payloads, 2000),
        what_went_wrong=_joined(payloads, 4000),
        lessons_learned=_joined(reversed(payloads), 4000),
        byline=" ".join(payloads[1].split())[:200],
        action="submit",
    )
    response = post_without_limits(member_client, "/beitraege/neu/story-of-failure/", data)
    assert response.status_code == 302, response.content.decode()[:1000]
    submission = Submission.objects.get(author=world.member)
    assert submission.page is not None, "submitted for review"
    ensure_demo_totp(editor)
    admin = Client()
    admin.force_login(editor)
    for url in (
        f"/admin/pages/{submission.page_id}/edit/",
        f"/admin/pages/{submission.page.get_parent().pk}/",
        "/admin/",
    ):
        response = admin.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        raw = [payload for payload in payloads if payload in html]
        assert raw == [], f"{url} shows hostile strings unescaped: {raw[:3]}"


def test_display_names_drop_bidi_overrides_and_control_characters(world, member_client):
    response = post_without_limits(
        member_client, "/konto/profil/", profile_data(display_name="Erika \u202eMustermann\x7f\x85")
    )
    assert response.status_code == 302
    world.member.profile.refresh_from_db()
    assert world.member.profile.display_name == "Erika Mustermann"
