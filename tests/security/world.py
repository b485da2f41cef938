"""The small site the attack-surface tests write into, and the check for active content in rendered HTML.

`build_world()` works inside a normal test transaction and in a flushed transactional database (browser tests):
the site shell, a practice index with one Story of Failure (a page with a discussion), one open channel and a
member with a profile.
"""

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser

PASSWORD = "ein-sicheres-passwort"
STORY_URL = "/praxis/die-steuerungsgruppe/"
CHANNEL_URL = "/kanaele/allgemein/"


@dataclass
class World:
    home: object
    story: object
    channel: object
    member: object
    call: object = None


def make_member(username: str, display_name: str = ""):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from community.members.models import Profile

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.create(
        user=user,
        display_name=display_name or username.capitalize(),
        visibility={"display_name": "public", "bio": "public"},
    )
    return user


def build_world() -> World:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Site

    # Content types cached by an earlier test whose transaction was rolled back (or a flushed database) would
    # point Wagtail's `.specific` at the wrong model here.
    ContentType.objects.clear_cache()

    from community.chat.models import Channel
    from home import demo
    from home.demo_support import DemoContext
    from knowledge.practice.models import FailureStoryPage, PracticeIndexPage

    demo.load(DemoContext(stdout=open(os.devnull, "w"), style=None))  # noqa: SIM115
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = PracticeIndexPage(title="Praxis & Erfahrungen", slug="praxis", intro="Aus den Regionen.")
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
    channel = Channel.objects.create(slug="allgemein", name="Allgemein", description="Für alles Übrige.")
    member = make_member("erika", "Erika Mustermann")
    return World(home=home, story=FailureStoryPage.objects.get(pk=story.pk), channel=channel, member=member)


def add_call(world: World):
    """A community call a week ahead, with its index page: the page with routes that take form posts."""
    from datetime import timedelta

    from django.utils import timezone

    from community.calls.models import CommunityCallIndexPage, CommunityCallPage

    index = CommunityCallIndexPage(title="Community Calls", slug="community-calls", intro="Austausch.")
    world.home.add_child(instance=index)
    index.save_revision().publish()
    start = (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    call = CommunityCallPage(
        title="Call zur Finanzierung",
        slug="finanzierung",
        summary="Worum es geht.",
        video_url="https://video.example/raum",
        start_at=start,
        end_at=start + timedelta(hours=1),
        live=False,
    )
    index.add_child(instance=call)
    call.save_revision().publish()
    world.call = CommunityCallPage.objects.get(pk=call.pk)
    return world.call


# --- Active content -------------------------------------------------------------------------------------------

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "data",
    "background",
}
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html|data:image/svg)", re.IGNORECASE)
# Elements member text must never produce: they run script, load other documents or change where links go.
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
JSON_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def _scheme_of(value: str) -> str:
    # Browsers drop ASCII whitespace and control characters inside a scheme ("jav\tascript:").
    return "".join(ch for ch in value if ord(ch) > 0x20).lower()


class ActiveContentScanner(HTMLParser):
    """Collects what a browser would run or follow from a page: inline scripts other than JSON data, scripts
    from elsewhere than /static/, event-handler attributes, script URLs, frames and <base>/<meta refresh>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            src = attributes.get("src")
            kind = (attributes.get("type") or "").lower()
            if src is None and kind not in JSON_SCRIPT_TYPES:
                self.findings.append(f"inline <script {attrs}>")
            elif src is not None and not src.startswith("/static/"):
                self.findings.append(f"script from {src!r}")
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"<{tag} {attrs}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.findings.append(f"<meta refresh {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"event handler {name}={value!r} on <{tag}>")
            elif name in URL_ATTRIBUTES and value and DANGEROUS_SCHEME.match(_scheme_of(value)):
                self.findings.append(f"{name}={value!r} on <{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def active_content(html: str) -> list[str]:
    scanner = ActiveContentScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.findings
