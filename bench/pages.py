#!/usr/bin/env python
"""Page benchmark: response time and SQL queries of every page type, at a chosen size of the data set.

    .venv/bin/python bench/pages.py --scale 1000 [--check-scaling] [--show-queries] [--strict]

Builds its own database (var/bench/bench.sqlite3, or BENCH_DATABASE_URL), loads the demo content, adds
`--scale` items per page type and requests one representative URL per page type in-process with Django's
test client: "cold" right after clearing the cache, "warm" as consecutive requests. See bench/README.md.

A new page type is one more PageCase in CASES: a function that creates `scale` items of it and a function
that returns the URL(s) standing for it.
"""

import argparse
import io
import json
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import common
from common import BenchError

BENCHMARK = "pages"

# The goals set for this project: every page answers with at most 12 SQL queries once the cache is warm (14
# right after a cache flush, when the page's cached sections are built again), the
# count does not grow with the amount of content, and the home page renders in under 25 ms at scale 1000.
MAX_QUERIES = {"warm": 12, "cold": 14}
HOME_WARM_MEDIAN_MS = 25.0
HOME_GOAL_SCALE = 1000
DEFAULT_COMPARE_SCALE = 10

PROGRESS_EVERY = 100
ABOUT_SLUG = "ueber-uns"
BENCH_SLUG_PREFIX = "bench-seite-"
NOT_FOUND_PATH = "/bench-diese-seite-gibt-es-nicht/"
TOPICS = [
    "Netzwerkarbeit",
    "Schulkooperationen",
    "Fördermittel",
    "Öffentlichkeitsarbeit",
    "Ehrenamt",
    "Wirkungsmessung",
    "Berufsorientierung",
    "Außerschulische Lernorte",
]


# --- Page type cases ------------------------------------------------------------------------------------


@dataclass
class PageCase:
    """One page type: how to create `scale` items of it, and the URL(s) that stand for it in the report."""

    name: str
    description: str
    urls: Callable[[int], list[str]]
    build: Callable[[int], None] | None = None
    expected_status: int = 200


def _about_page():
    from home.models import SectionIndexPage

    about = SectionIndexPage.objects.filter(slug=ABOUT_SLUG).first()
    if about is None:
        raise BenchError(f"The demo content has no SectionIndexPage with the slug {ABOUT_SLUG!r}.")
    return about


def _standard_page_body(number: int, topic: str) -> list[dict]:
    return [
        {"type": "heading", "value": {"text": f"{topic} in der Praxis", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                f"<p>Diese Seite {number} gehört zum Datenbestand des Lasttests. Sie erzählt, wie eine "
                f"MINT-Region das Thema {topic} angeht: mit wem sie spricht, was sie ausprobiert hat und "
                "was sie beim nächsten Mal anders machen würde.</p>"
            ),
        },
    ]


def build_standard_pages(scale: int) -> None:
    """`scale` live StandardPages under "Über Netzwerkstatt", without revisions (faster, same pages)."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from home.models import StandardPage

    about = _about_page()
    existing = dict(
        StandardPage.objects.child_of(about)
        .filter(slug__startswith=BENCH_SLUG_PREFIX)
        .values_list("slug", "pk")
    )
    wanted = {f"{BENCH_SLUG_PREFIX}{number}" for number in range(1, scale + 1)}
    surplus = [pk for slug, pk in existing.items() if slug not in wanted]
    if surplus:  # only with --reuse of a larger data set
        print(f"    removing {len(surplus)} StandardPages beyond scale {scale}", flush=True)
        Page.objects.filter(pk__in=surplus).delete()
        about.refresh_from_db()
    missing = [number for number in range(1, scale + 1) if f"{BENCH_SLUG_PREFIX}{number}" not in existing]
    progress = Progress("StandardPage", len(missing))
    now = timezone.now()
    with transaction.atomic():
        for number in missing:
            topic = TOPICS[number % len(TOPICS)]
            page = StandardPage(
                title=f"Bench-Seite {number}",
                slug=f"{BENCH_SLUG_PREFIX}{number}",
                intro=f"Testseite {number} zum Thema {topic}: eine kurze Einleitung, wie in Übersichten.",
                body=_standard_page_body(number, topic),
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
            about.add_child(instance=page)
            progress.step()
    progress.done()


def _section_index_urls(scale: int) -> list[str]:
    return [_about_page().get_url()]


def _standard_page_urls(scale: int) -> list[str]:
    from home.models import StandardPage

    slug = f"{BENCH_SLUG_PREFIX}{max(1, (scale + 1) // 2)}"
    page = StandardPage.objects.child_of(_about_page()).filter(slug=slug).first()
    if page is None:
        raise BenchError(f"The data set has no StandardPage {slug!r}; was it built for scale {scale}?")
    return [page.get_url()]


# Germany has about 130 regional networks; the directory shows all of them on one map, so its data set is
# capped at a realistic upper bound instead of growing with every scale.
MAX_REGIONS = 200


def build_regions(scale: int) -> None:
    """min(scale, MAX_REGIONS) live RegionPages spread over the Länder (coordinates inside Germany)."""
    import random
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from community.regions.models import RegionIndexPage, RegionPage
    from home.choices import Bundesland

    index = RegionIndexPage.objects.first()
    if index is None:
        raise BenchError("The demo content has no RegionIndexPage.")
    wanted = min(scale, MAX_REGIONS)
    existing = set(
        RegionPage.objects.child_of(index)
        .filter(slug__startswith=BENCH_SLUG_PREFIX)
        .values_list("slug", flat=True)
    )
    missing = [n for n in range(1, wanted + 1) if f"{BENCH_SLUG_PREFIX}region-{n}" not in existing]
    rng = random.Random(7)
    lands = [code for code, _label in Bundesland.choices]
    progress = Progress("RegionPage", len(missing))
    now = timezone.now()
    with transaction.atomic():
        for number in missing:
            region = RegionPage(
                title=f"Bench-Region {number}",
                slug=f"{BENCH_SLUG_PREFIX}region-{number}",
                bundesland=lands[number % len(lands)],
                latitude=Decimal(f"{rng.uniform(47.6, 54.6):.5f}"),
                longitude=Decimal(f"{rng.uniform(6.2, 14.6):.5f}"),
                founded_year=2008 + number % 15,
                organisational_form="association",
                partner_types=["school", "company", "university"],
                intro=f"Testregion {number} für den Lasttest.",
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
            index.add_child(instance=region)
            progress.step()
    progress.done()


def _region_index_urls(scale: int) -> list[str]:
    from community.regions.models import RegionIndexPage

    return [RegionIndexPage.objects.get().get_url()]


def _region_page_urls(scale: int) -> list[str]:
    from community.regions.models import RegionPage

    page = RegionPage.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).order_by("pk").first()
    if page is None:
        raise BenchError("The data set has no bench RegionPage.")
    return [page.get_url()]


def _state_office_urls(scale: int) -> list[str]:
    from community.regions.models import StateOfficePage

    return [StateOfficePage.objects.order_by("pk").first().get_url()]


# Practice posts grow with the scale (the listing paginates, tag pages show a bounded selection per type).
def build_practice(scale: int) -> None:
    """`scale` live practice posts, alternately best practice and Stories of Failure, two tags each."""
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag

    from knowledge.practice.models import (
        BestPracticePage,
        FailureStoryPage,
        PracticeIndexPage,
        PracticePageTag,
    )

    index = PracticeIndexPage.objects.first()
    if index is None:
        raise BenchError("The demo content has no PracticeIndexPage.")
    existing = set(
        index.get_children().filter(slug__startswith=BENCH_SLUG_PREFIX).values_list("slug", flat=True)
    )
    missing = [n for n in range(1, scale + 1) if f"{BENCH_SLUG_PREFIX}praxis-{n}" not in existing]
    # Tag.save() derives the slug as taggit does everywhere else.
    tags = [Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name) for name in TOPICS]
    progress = Progress("PracticePage", len(missing))
    now = timezone.now()
    created = []
    with transaction.atomic():
        for number in missing:
            common_fields = {
                "title": f"Bench-Praxisbericht {number}",
                "slug": f"{BENCH_SLUG_PREFIX}praxis-{number}",
                "summary": f"Zusammenfassung des Praxisberichts {number} für den Lasttest.",
                "bundesland": "NW" if number % 2 else "BY",
                "stages": ["sek1"],
                "target_groups": ["schueler"],
                "live": True,
                "first_published_at": now,
                "last_published_at": now,
            }
            if number % 2:
                page = BestPracticePage(
                    **common_fields, transferability="ja", partners="Schule\nUnternehmen", effort="mittel"
                )
            else:
                page = FailureStoryPage(
                    **common_fields,
                    goal="Ein neues Format starten.",
                    what_went_wrong="Zu wenige Anmeldungen.",
                    lessons_learned="Früher mit den Schulen sprechen.",
                )
            index.add_child(instance=page)
            created.append(page)
            progress.step()
        PracticePageTag.objects.bulk_create(
            PracticePageTag(content_object_id=page.pk, tag=tag)
            for number, page in enumerate(created)
            for tag in (tags[number % len(tags)], tags[(number + 3) % len(tags)])
        )
    progress.done()


def _bench_practice_page(model):
    page = model.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).order_by("pk").first()
    if page is None:
        raise BenchError(f"The data set has no bench {model.__name__}.")
    return page


DISCUSSION_TOP_LEVEL = 25  # more than one page of the discussion (20 top-level posts per page)
DISCUSSION_REPLIES = 2


def build_discussion(scale: int) -> None:
    """A lively discussion under the measured best-practice post: the thread section renders under the post."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from community.threads import services
    from community.threads.cache import bump_thread
    from community.threads.models import Post
    from home.text import render_markdown
    from knowledge.practice.models import BestPracticePage

    page = _bench_practice_page(BestPracticePage)
    thread = services.thread_for(page, create=True)
    if thread.last_number:
        return
    authors = list(get_user_model().objects.filter(is_active=True, profile__isnull=False).order_by("pk")[:20])
    if not authors:
        raise BenchError("The data set has no members with a profile to write the discussion.")
    now = timezone.now()
    number = 0
    for top in range(DISCUSSION_TOP_LEVEL):
        number += 1
        body = f"Beitrag {top + 1}: Bei uns hat **die Schulkooperation** gut funktioniert, als der Träger früh dabei war."
        parent = Post.objects.create(
            thread=thread,
            number=number,
            change=number,
            author=authors[top % len(authors)],
            client_id=f"bench-{number}",
            body=body,
            body_html=render_markdown(body),
            created_at=now - timedelta(hours=DISCUSSION_TOP_LEVEL - top),
        )
        replies = []
        for reply in range(DISCUSSION_REPLIES):
            number += 1
            body = f"Antwort {reply + 1}: Danke, das probieren wir im Frühjahr aus."
            replies.append(
                Post(
                    thread=thread,
                    number=number,
                    change=number,
                    parent=parent,
                    reply_to=parent,
                    author=authors[(top + reply + 1) % len(authors)],
                    client_id=f"bench-{number}",
                    body=body,
                    body_html=render_markdown(body),
                    created_at=parent.created_at + timedelta(minutes=5),
                )
            )
        Post.objects.bulk_create(replies)
    thread.last_number = thread.last_change = number
    thread.top_level_count = DISCUSSION_TOP_LEVEL
    thread.last_post_at = now
    thread.save(update_fields=["last_number", "last_change", "top_level_count", "last_post_at"])
    bump_thread(thread)


def _practice_index_urls(scale: int) -> list[str]:
    from knowledge.practice.models import PracticeIndexPage

    return [PracticeIndexPage.objects.get().get_url()]


def _best_practice_urls(scale: int) -> list[str]:
    from knowledge.practice.models import BestPracticePage

    return [_bench_practice_page(BestPracticePage).get_url()]


def _failure_story_urls(scale: int) -> list[str]:
    from knowledge.practice.models import FailureStoryPage

    return [_bench_practice_page(FailureStoryPage).get_url()]


# Community calls: about one a month is realistic, so the data set is capped; one in ten lies ahead.
MAX_CALLS = 300


def build_calls(scale: int) -> None:
    """min(scale, MAX_CALLS) live community calls with two topics each, most of them past."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag

    from community.calls.models import CommunityCallIndexPage, CommunityCallPage, CommunityCallPageTag

    index = CommunityCallIndexPage.objects.first()
    if index is None:
        raise BenchError("The demo content has no CommunityCallIndexPage.")
    wanted = min(scale, MAX_CALLS)
    existing = set(
        CommunityCallPage.objects.child_of(index)
        .filter(slug__startswith=BENCH_SLUG_PREFIX)
        .values_list("slug", flat=True)
    )
    missing = [n for n in range(1, wanted + 1) if f"{BENCH_SLUG_PREFIX}call-{n}" not in existing]
    tags = [Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name) for name in TOPICS]
    progress = Progress("CommunityCallPage", len(missing))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = []
    with transaction.atomic():
        for number in missing:
            days = 3 * number if number % 10 == 0 else -7 * number
            start = now + timedelta(days=days)
            page = CommunityCallPage(
                title=f"Bench-Call {number}",
                slug=f"{BENCH_SLUG_PREFIX}call-{number}",
                summary=f"Ein Community Call für den Lasttest, Nummer {number}.",
                start_at=start,
                end_at=start + timedelta(minutes=90),
                capacity=30 if number % 2 else None,
                video_url=f"https://video.example/bench-{number}",
                agenda=[
                    {
                        "type": "item",
                        "value": {"title": "Begrüßung", "minutes": 10, "speaker": "", "description": ""},
                    },
                    {
                        "type": "item",
                        "value": {"title": "Austausch", "minutes": 70, "speaker": "", "description": ""},
                    },
                ],
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
            index.add_child(instance=page)
            created.append(page)
            progress.step()
        CommunityCallPageTag.objects.bulk_create(
            CommunityCallPageTag(content_object_id=page.pk, tag=tag)
            for number, page in enumerate(created)
            for tag in (tags[number % len(tags)], tags[(number + 5) % len(tags)])
        )
    progress.done()


def _call_index_urls(scale: int) -> list[str]:
    from community.calls.models import CommunityCallIndexPage

    return [CommunityCallIndexPage.objects.get().get_url()]


def _call_urls(scale: int) -> list[str]:
    from community.calls.models import CommunityCallPage

    page = CommunityCallPage.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).order_by("pk").first()
    if page is None:
        raise BenchError("The data set has no bench CommunityCallPage.")
    return [page.get_url()]


def _guide_urls(scale: int) -> list[str]:
    from knowledge.guide.models import GuidePage

    return [GuidePage.objects.live().get().get_url()]


def _guide_chapter_urls(scale: int) -> list[str]:
    from knowledge.guide.models import GuideChapterPage

    return [GuideChapterPage.objects.live().order_by("path")[2].get_url()]


def _topic_urls(scale: int) -> list[str]:
    from taggit.models import Tag

    return [f"/themen/{Tag.objects.get(name__iexact=TOPICS[0]).slug}/"]


CASES = [
    PageCase("HomePage", "Startseite mit den Abschnitten der Apps", urls=lambda scale: ["/"]),
    PageCase(
        "SectionIndexPage",
        f"Übersicht /{ABOUT_SLUG}/, listet alle ihre Unterseiten",
        urls=_section_index_urls,
    ),
    PageCase("StandardPage", "eine der `scale` Seiten", urls=_standard_page_urls, build=build_standard_pages),
    PageCase(
        "RegionIndexPage",
        f"Verzeichnis mit Karte und Tabelle aller Regionen (min(scale, {MAX_REGIONS}) Regionen)",
        urls=_region_index_urls,
        build=build_regions,
    ),
    PageCase("RegionPage", "eine MINT-Region mit Koordinator:innen und Abschnitten", urls=_region_page_urls),
    PageCase(
        "StateOfficePage",
        "eine Landeskoordinierungsstelle mit den Regionen ihres Landes",
        urls=_state_office_urls,
    ),
    PageCase("GuidePage", "Gründungsleitfaden mit Inhaltsverzeichnis", urls=_guide_urls),
    PageCase("GuideChapterPage", "ein Kapitel mit Checkliste und „Aus der Praxis“", urls=_guide_chapter_urls),
    PageCase(
        "PracticeIndexPage",
        "Praxis & Erfahrungen: `scale` Beiträge, gefiltert und seitenweise",
        urls=_practice_index_urls,
        build=build_practice,
    ),
    PageCase(
        "BestPracticePage",
        f"ein Best-Practice-Beitrag mit Diskussion ({DISCUSSION_TOP_LEVEL} Beiträge, je {DISCUSSION_REPLIES} Antworten)",
        urls=_best_practice_urls,
        build=build_discussion,
    ),
    PageCase("FailureStoryPage", "eine Story of Failure", urls=_failure_story_urls),
    PageCase(
        "CommunityCallIndexPage",
        f"Community Calls: kommende und vergangene, seitenweise (min(scale, {MAX_CALLS}) Calls)",
        urls=_call_index_urls,
        build=build_calls,
    ),
    PageCase("CommunityCallPage", "ein Community Call mit Ablauf, Anmeldung und Kanal", urls=_call_urls),
    PageCase("Themen", "Themenübersicht /themen/ mit Zählern", urls=lambda scale: ["/themen/"]),
    PageCase("Themenseite", "eine Themenseite mit `scale`/4 Beiträgen des Themas", urls=_topic_urls),
    PageCase("404", "nicht gefundene Seite", urls=lambda scale: [NOT_FOUND_PATH], expected_status=404),
    PageCase("healthz", "Health-Check (Datenbank, Cache, Channel-Layer)", urls=lambda scale: ["/healthz"]),
]


# --- Building the data set ------------------------------------------------------------------------------


class Progress:
    def __init__(self, label: str, total: int):
        self.label = label
        self.total = total
        self.count = 0
        self.started = time.perf_counter()

    def step(self) -> None:
        self.count += 1
        if self.count % PROGRESS_EVERY == 0 and self.count < self.total:
            print(f"    {self.label}: {self.count}/{self.total}", flush=True)

    def done(self) -> None:
        elapsed = time.perf_counter() - self.started
        print(f"    {self.label}: {self.count}/{self.total} new ({elapsed:.1f} s)", flush=True)


def build_dataset(scale: int) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    print("  migrate ...", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    print("  load_demo_content ...", flush=True)
    call_command("load_demo_content", quiet_credentials=True, stdout=io.StringIO())
    for case in CASES:
        if case.build is not None:
            case.build(scale)
    elapsed = time.perf_counter() - started
    print(f"  data set ready in {elapsed:.1f} s", flush=True)
    return elapsed


def dataset_summary() -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from wagtail.models import Page

    per_type = Page.objects.values("content_type").annotate(n=Count("id")).order_by("content_type")
    names = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    return {"pages": {names.get(item["content_type"], "?"): item["n"] for item in per_type}}


# --- Measuring ------------------------------------------------------------------------------------------


@dataclass
class Sample:
    ms: float
    queries: int
    sql: list[str]


@dataclass
class Row:
    case: PageCase
    url: str
    cold: list[Sample] = field(default_factory=list)
    warm: list[Sample] = field(default_factory=list)

    def worst(self) -> tuple[str, Sample]:
        """The request with the most queries (the slowest among equals), and its phase."""
        candidates = [("cold", s) for s in self.cold] + [("warm", s) for s in self.warm]
        return max(candidates, key=lambda item: (item[1].queries, item[1].ms))


def request_once(client, url: str, expected_status: int) -> Sample:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        try:
            response = client.get(url)
        except Exception as error:
            raise BenchError(f"GET {url} raised {type(error).__name__}: {error}") from error
        elapsed_ms = (time.perf_counter() - started) * 1000
    if response.status_code != expected_status:
        location = f" (Location: {response['Location']})" if response.has_header("Location") else ""
        raise BenchError(f"GET {url} answered {response.status_code}{location}, expected {expected_status}.")
    sql = [query["sql"] for query in captured.captured_queries]
    return Sample(ms=elapsed_ms, queries=len(sql), sql=sql)


def clear_caches() -> None:
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


def measure(scale: int, cold_rounds: int, requests: int) -> list[Row]:
    from django.test import Client

    # Django logs every 404 as a warning; the benchmark requests the not-found page on purpose.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    client = Client(SERVER_NAME="localhost", HTTP_HOST="localhost")
    rows = [Row(case=case, url=url) for case in CASES for url in case.urls(scale)]

    # One discarded pass, so that the first row does not pay for importing and compiling templates.
    for row in rows:
        request_once(client, row.url, row.case.expected_status)

    for row in rows:
        for _ in range(cold_rounds):
            clear_caches()
            row.cold.append(request_once(client, row.url, row.case.expected_status))
        for _ in range(requests):
            row.warm.append(request_once(client, row.url, row.case.expected_status))
    return rows


def phase_figures(samples: list[Sample]) -> dict:
    times = [sample.ms for sample in samples]
    queries = [sample.queries for sample in samples]
    return {
        "samples": len(samples),
        **common.summarize_ms(times),
        "queries": max(queries),
        "queries_min": min(queries),
        "times_ms": [round(value, 3) for value in times],
    }


def row_figures(row: Row) -> dict:
    phase, worst = row.worst()
    return {
        "case": row.case.name,
        "description": row.case.description,
        "url": row.url,
        "expected_status": row.case.expected_status,
        "cold": phase_figures(row.cold),
        "warm": phase_figures(row.warm),
        "worst_request": {
            "phase": phase,
            "ms": round(worst.ms, 3),
            "queries": worst.queries,
            "sql": worst.sql,
        },
    }


# --- Goals ----------------------------------------------------------------------------------------------


@dataclass
class Goal:
    status: str  # PASS, FAIL, SKIP, or ERROR when it could not be checked
    goal: str
    detail: str


def _queries_label(figures: dict) -> str:
    if figures["queries_min"] == figures["queries"]:
        return str(figures["queries"])
    return f"{figures['queries_min']}..{figures['queries']}"


def check_max_queries(cases: list[dict]) -> Goal:
    goal = f"at most {MAX_QUERIES['warm']} SQL queries per page warm, {MAX_QUERIES['cold']} cold"
    over = [
        f"{case['case']} {phase} {case[phase]['queries']}"
        for case in cases
        for phase in ("cold", "warm")
        if case[phase]["queries"] > MAX_QUERIES[phase]
    ]
    if over:
        return Goal("FAIL", goal, "over the limit: " + ", ".join(over))
    most = max((case[phase]["queries"], case["case"], phase) for case in cases for phase in ("cold", "warm"))
    return Goal("PASS", goal, f"most: {most[1]} {most[2]} with {most[0]}")


def check_scaling(cases: list[dict], scale: int, comparison: dict | None, error: str | None = None) -> Goal:
    if error is not None:
        return Goal("ERROR", "query count independent of scale", "the comparison run failed, see above")
    if comparison is None:
        return Goal("SKIP", "query count independent of scale", "run with --check-scaling to compare")
    small_scale = comparison["scale"]
    goal = f"query count independent of scale ({small_scale} vs {scale})"
    small = _by_position(comparison["cases"])
    differences = []
    for key, case in _by_position(cases).items():
        other = small.get(key)
        if other is None:
            differences.append(f"{case['case']}: missing at scale {small_scale}")
            continue
        for phase in ("cold", "warm"):
            if case[phase]["queries"] != other[phase]["queries"]:
                differences.append(
                    f"{case['case']} {phase}: {other[phase]['queries']} at scale {small_scale}, "
                    f"{case[phase]['queries']} at scale {scale}"
                )
    if differences:
        return Goal("FAIL", goal, "; ".join(differences))
    return Goal("PASS", goal, f"equal for all {len(cases)} URLs, cold and warm")


def _by_position(cases: list[dict]) -> dict[tuple[str, int], dict]:
    """Rows keyed by page type and position, since a representative URL may differ between scales."""
    keyed, seen = {}, {}
    for case in cases:
        index = seen.get(case["case"], 0)
        seen[case["case"]] = index + 1
        keyed[(case["case"], index)] = case
    return keyed


def check_home_speed(cases: list[dict], scale: int) -> Goal:
    goal = f"home page warm median under {HOME_WARM_MEDIAN_MS:g} ms at scale {HOME_GOAL_SCALE}"
    home = next((case for case in cases if case["case"] == "HomePage"), None)
    if home is None:
        return Goal("SKIP", goal, "no HomePage row")
    median = home["warm"]["median_ms"]
    if scale != HOME_GOAL_SCALE:
        return Goal(
            "SKIP", goal, f"median {median:.1f} ms at scale {scale}, the goal applies at {HOME_GOAL_SCALE}"
        )
    status = "PASS" if median < HOME_WARM_MEDIAN_MS else "FAIL"
    return Goal(status, goal, f"median {median:.1f} ms")


# --- Scaling comparison ---------------------------------------------------------------------------------


def run_comparison(args) -> dict:
    """The same benchmark at --compare-scale, in a second database and a process of its own."""
    suffix = f"-scale{args.compare_scale}"
    database = common.bench_database(suffix)
    print(f"\nComparison run at scale {args.compare_scale} ({database.display}) ...", flush=True)
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "comparison.json"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--scale",
            str(args.compare_scale),
            "--cold-rounds",
            str(args.cold_rounds),
            "--requests",
            str(args.requests),
            f"--db-suffix={suffix}",  # "=": the value starts with a dash
            "--output",
            str(output),
        ]
        if args.reuse:
            command.append("--reuse")
        started = time.perf_counter()
        result = subprocess.run(command, cwd=common.PROJECT_ROOT, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not output.exists():
            raise BenchError(
                f"The comparison run at scale {args.compare_scale} failed (exit {result.returncode}):\n"
                f"{result.stdout}{result.stderr}"
            )
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
        return json.loads(output.read_text(encoding="utf-8"))


def comparison_summary(comparison: dict | None) -> dict | None:
    """What the report keeps of the comparison run: its query counts (and medians, for orientation)."""
    if comparison is None:
        return None
    cases = []
    for case in comparison["cases"]:
        figures = {"case": case["case"], "url": case["url"]}
        for phase in ("cold", "warm"):
            figures[phase] = {"queries": case[phase]["queries"], "median_ms": case[phase]["median_ms"]}
        cases.append(figures)
    return {"scale": comparison["scale"], "database": comparison["database"], "cases": cases}


# --- Output ---------------------------------------------------------------------------------------------


def print_table(cases: list[dict]) -> None:
    headers = ["page type", "URL", "cold median/p95 ms", "cold queries", "warm median/p95 ms", "warm queries"]
    rows = [
        [
            case["case"],
            case["url"],
            f"{case['cold']['median_ms']:.1f} / {case['cold']['p95_ms']:.1f}",
            _queries_label(case["cold"]),
            f"{case['warm']['median_ms']:.1f} / {case['warm']['p95_ms']:.1f}",
            _queries_label(case["warm"]),
        ]
        for case in cases
    ]
    print(common.format_table(headers, rows, align="<<>>>>"))


def print_queries(rows: list[Row]) -> None:
    for row in rows:
        phase, sample = row.worst()
        print(f"\n--- {row.case.name} {row.url}: {sample.queries} queries ({phase}, {sample.ms:.1f} ms) ---")
        for number, sql in enumerate(sample.sql, 1):
            print(f"{number:3}. {sql}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Page benchmark: builds a data set of the chosen size in a database of its own and measures "
            "response time and SQL queries of each page type, cold (cache cleared) and warm."
        ),
    )
    parser.add_argument("--scale", type=int, default=1000, help="items per page type (default: %(default)s)")
    parser.add_argument(
        "--cold-rounds",
        type=int,
        default=5,
        help="cold requests per URL, each after clearing the cache (default: %(default)s)",
    )
    parser.add_argument(
        "--requests", type=int, default=50, help="warm requests per URL in a row (default: %(default)s)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the benchmark database, add only what is missing"
    )
    parser.add_argument(
        "--check-scaling",
        action="store_true",
        help="also build a small data set (--compare-scale) in a second database and compare query counts",
    )
    parser.add_argument(
        "--compare-scale",
        type=int,
        default=DEFAULT_COMPARE_SCALE,
        help="scale of the comparison run of --check-scaling (default: %(default)s)",
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="print the SQL of the request with most queries per URL"
    )
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a goal fails")
    parser.add_argument(
        "--output",
        type=Path,
        help="write the JSON report to this file only, without goals "
        "(default: var/bench/pages-<scale>.json and pages-latest.json, with goals)",
    )
    parser.add_argument("--db-suffix", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale < 1 or args.compare_scale < 1 or args.cold_rounds < 1 or args.requests < 1:
        parser.error("--scale, --compare-scale, --cold-rounds and --requests must be at least 1")
    if args.check_scaling and args.compare_scale == args.scale:
        parser.error(f"--check-scaling needs a --scale other than the comparison scale {args.compare_scale}")
    return args


def run(args: argparse.Namespace) -> int:
    database = common.bench_database(args.db_suffix)
    state = "reused" if args.reuse else "new"
    print(f"Page benchmark, scale {args.scale}: database {database.display} ({state})", flush=True)
    common.reset_database(database, reuse=args.reuse)
    common.setup_django(database)
    build_seconds = build_dataset(args.scale)

    print(f"Measuring: {args.cold_rounds} cold and {args.requests} warm requests per URL ...", flush=True)
    rows = measure(args.scale, args.cold_rounds, args.requests)
    cases = [row_figures(row) for row in rows]
    payload = common.report_header(
        database,
        benchmark=BENCHMARK,
        scale=args.scale,
        parameters={
            "cold_rounds": args.cold_rounds,
            "warm_requests": args.requests,
            "settings": common.SETTINGS_MODULE,
            "client": "django.test.Client, in-process, HTTP_HOST=localhost",
            "cold": "first request after clearing the cache (process already warm)",
        },
        build_seconds=round(build_seconds, 1),
        dataset=dataset_summary(),
        cases=cases,
    )

    print()
    print_table(cases)
    if args.show_queries:
        print_queries(rows)

    if args.output:  # a comparison run, or a report somewhere else: no goals, no default files
        common.write_json(args.output, payload)
        print(f"\nReport: {common.display_path(args.output.resolve())}")
        return 0

    comparison, comparison_error = None, None
    if args.check_scaling:
        try:
            comparison = run_comparison(args)
        except BenchError as error:
            comparison_error = str(error)
            print(f"  {comparison_error}", file=sys.stderr)
    goals = [
        check_max_queries(cases),
        check_scaling(cases, args.scale, comparison, comparison_error),
        check_home_speed(cases, args.scale),
    ]
    payload["comparison"] = comparison_summary(comparison)
    payload["goals"] = [goal.__dict__ for goal in goals]
    paths = common.write_report(BENCHMARK, args.scale, payload)

    print("\nGoals:")
    for goal in goals:
        print(f"  {goal.status}  {goal.goal}: {goal.detail}")
    print("\nReport: " + ", ".join(common.display_path(path) for path in paths))
    failed = [goal for goal in goals if goal.status in {"FAIL", "ERROR"}]
    if failed:
        print(f"\n{len(failed)} goal(s) FAILED or not checked: " + ", ".join(goal.goal for goal in failed))
    return 1 if failed and args.strict else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except BenchError as error:
        print(f"\nBenchmark aborted: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
