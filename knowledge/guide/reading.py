"""Template context of the guide's pages: the table of contents with the member's progress, a chapter with its
outline, checklists and "Aus der Praxis", and the whole guide on one printable page.

Query budget for a logged-in member: the guide page reads the member's progress and ticks (two queries), a chapter
the member's ticks and read state (one) and records the visit (one upsert). The chapter list and a chapter's
topics with its "Aus der Praxis" cards are cached (cache.py); on a cold cache they cost one query, and two.
Nothing grows with the number of chapters, checklist items or posts.
"""

from dataclasses import dataclass

from django.urls import reverse

from home.chrome import exclude_restricted, relative_url, site_for_request

from .blocks import ITEM_KEY_SEPARATOR
from .cache import cached
from .models import GuideChapterPage
from .outline import AnchorAllocator, body_parts, reading_minutes, sections_of
from .practice import related_practice
from .progress import guide_progress, reader_state, record_visit

TOPIC_URL = "/themen/{slug}/"
CHAPTER_LISTING_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "slug",
    "title",
    "summary",
    "reading_minutes",
    "checklist_keys",
    "content_type_id",
)


@dataclass(frozen=True)
class ChapterRow:
    """What the cache keeps of a live chapter: enough for the contents, the navigation and the progress."""

    pk: int
    title: str
    summary: str
    url_path: str
    reading_minutes: int
    checklist_keys: tuple


@dataclass
class ChapterEntry:
    """A chapter as the table of contents and the chapter navigation show it."""

    pk: int
    number: int
    title: str
    summary: str
    url: str
    reading_minutes: int
    checklist_total: int
    checklist_ticked: int = 0
    read: bool = False


def page_url(page, request) -> str:
    site = site_for_request(request)
    return (relative_url(page, site) if site else None) or page.get_url(request) or ""


def chapter_rows(guide_path: str, guide_depth: int) -> list[ChapterRow]:
    """The guide's live, unrestricted chapters in reading order (cached; see cache.py)."""

    def build():
        chapters = exclude_restricted(
            GuideChapterPage.objects.live()
            .filter(path__startswith=guide_path, depth=guide_depth + 1)
            .order_by("path")
            .only(*CHAPTER_LISTING_FIELDS)
        )
        return [
            ChapterRow(
                pk=chapter.pk,
                title=chapter.title,
                summary=chapter.summary,
                url_path=chapter.url_path,
                reading_minutes=chapter.reading_minutes,
                checklist_keys=tuple(chapter.checklist_keys or ()),
            )
            for chapter in chapters
        ]

    return cached(("chapters", guide_path), build)


def chapter_entries(rows: list[ChapterRow], request) -> list[ChapterEntry]:
    site = site_for_request(request)
    urls = {row.pk: relative_url(row, site) if site else None for row in rows}
    missing = [pk for pk, url in urls.items() if not url]
    if missing:  # chapters outside the request's site (multi-site set-ups): Wagtail's own URLs, in one query
        for chapter in GuideChapterPage.objects.filter(pk__in=missing):
            urls[chapter.pk] = chapter.get_url(request) or ""
    return [
        ChapterEntry(
            pk=row.pk,
            number=number,
            title=row.title,
            summary=row.summary,
            url=urls[row.pk] or "",
            reading_minutes=row.reading_minutes,
            checklist_total=len(row.checklist_keys),
        )
        for number, row in enumerate(rows, start=1)
    ]


def _is_member(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _continue_with(entries: list[ChapterEntry], last_visited_id: int | None) -> ChapterEntry | None:
    """Where the member left off: the last chapter opened, or, once that is marked read, the next unread one."""
    if last_visited_id is None:
        return None
    position = next((index for index, entry in enumerate(entries) if entry.pk == last_visited_id), None)
    if position is None:
        return None
    if not entries[position].read:
        return entries[position]
    later = [entry for entry in entries[position + 1 :] if not entry.read]
    earlier = [entry for entry in entries[:position] if not entry.read]
    return (later or earlier or [None])[0]


def guide_context(guide, request) -> dict:
    rows = chapter_rows(guide.path, guide.depth)
    entries = chapter_entries(rows, request)
    guide_url = page_url(guide, request)
    context = {
        "chapters": entries,
        "first_chapter": entries[0] if entries else None,
        "print_url": f"{guide_url}{guide.reverse_subpage('print')}",
        "pdf": guide.pdf if guide.pdf_id else None,
        "total_reading_minutes": sum(entry.reading_minutes for entry in entries),
        "checklist_total": sum(entry.checklist_total for entry in entries),
        "is_member": _is_member(request),
        "progress": None,
    }
    if context["is_member"] and entries:
        progress = guide_progress(request.user, rows)
        for entry in entries:
            entry.read = entry.pk in progress.read_ids
            entry.checklist_ticked = progress.ticked_by_chapter.get(entry.pk, 0)
        read_count = sum(entry.read for entry in entries)
        context["progress"] = {
            "read": read_count,
            "total": len(entries),
            "ticked": sum(entry.checklist_ticked for entry in entries),
            "all_read": read_count == len(entries),
            "started": read_count > 0 or progress.last_visited_id is not None,
        }
        context["continue_with"] = _continue_with(entries, progress.last_visited_id)
    return context


def _topics(chapter) -> list[dict]:
    return [
        {"pk": tag.pk, "name": tag.name, "url": TOPIC_URL.format(slug=tag.slug)}
        for tag in sorted(chapter.tags.all(), key=lambda tag: tag.name.lower())
    ]


def _topics_and_practice(chapter, site, is_preview: bool) -> tuple[list[dict], list]:
    """The chapter's topics and the posts that share them: cached for readers, fresh in an editor's preview
    (whose tags may not be published yet)."""

    def build():
        topics = _topics(chapter)
        return topics, related_practice([topic["pk"] for topic in topics], site)

    if is_preview or not chapter.pk:
        return build()
    return cached(("chapter-extras", chapter.pk, site.pk if site else 0), build)


def chapter_context(chapter, request, *, checklist_errors=None, submitted_ticks=None) -> dict:
    """Everything a chapter page shows. `checklist_errors` ({block id: [message]}) and `submitted_ticks` (the
    keys a rejected form asked for) come from the checklist view when it answers with the page again."""
    site = site_for_request(request)
    entries, guide = [], None
    if chapter.path and chapter.depth:  # a new chapter's preview has no place in the tree yet
        entries = chapter_entries(chapter_rows(chapter.path[: -chapter.steplen], chapter.depth - 1), request)
        guide = chapter.get_parent()  # known without a query when GuidePage.route() fetched the chapter
    position = next((index for index, entry in enumerate(entries) if entry.pk == chapter.pk), None)

    parts = body_parts(chapter.body)
    member = _is_member(request)
    is_preview = getattr(request, "is_preview", False)
    topics, practice_posts = _topics_and_practice(chapter, site, is_preview)

    ticked, read = frozenset(), False
    if member and chapter.pk:
        ticked, read = reader_state(request.user, chapter)
        if submitted_ticks is not None:
            blocks_with_errors = set(checklist_errors or ())
            kept = {key for key in ticked if key.split(ITEM_KEY_SEPARATOR, 1)[0] not in blocks_with_errors}
            ticked = frozenset(kept | set(submitted_ticks))
        if not is_preview and request.method == "GET":
            record_visit(request.user, chapter)

    return {
        "guide": {"title": guide.title, "url": page_url(guide, request)} if guide else None,
        "chapter_number": entries[position].number if position is not None else None,
        "chapter_count": len(entries),
        "previous_chapter": entries[position - 1] if position else None,
        "next_chapter": entries[position + 1]
        if position is not None and position + 1 < len(entries)
        else None,
        "body_parts": parts,
        "sections": sections_of(parts),
        "chapter_reading_minutes": reading_minutes(chapter.title, chapter.summary, chapter.body),
        "topics": topics,
        "practice_posts": practice_posts,
        "is_member": member,
        "checklist_mode": "member" if member else "local",
        "checklist_ticked": ticked,
        "checklist_errors": checklist_errors or {},
        "checklist_post_url": reverse("guide:checklist", args=[chapter.pk]) if chapter.pk else "",
        "read": read,
        "mark_read_url": reverse("guide:mark_read", args=[chapter.pk]) if chapter.pk else "",
    }


@dataclass
class PrintedChapter:
    number: int
    title: str
    summary: str
    anchor: str
    url: str
    reading_minutes: int
    body_parts: list


def print_context(guide, request) -> dict:
    chapters = exclude_restricted(GuideChapterPage.objects.child_of(guide).live().order_by("path"))
    # One allocator for the whole page: anchors stay unique across chapters.
    allocator = AnchorAllocator()
    printed = []
    for number, chapter in enumerate(chapters, start=1):
        anchor = allocator.allocate(f"kapitel-{number}")
        printed.append(
            PrintedChapter(
                number=number,
                title=chapter.title,
                summary=chapter.summary,
                anchor=anchor,
                url=request.build_absolute_uri(page_url(chapter, request)),
                reading_minutes=chapter.reading_minutes,
                body_parts=body_parts(chapter.body, allocator),
            )
        )
    return {
        "printed_chapters": printed,
        "guide_url": page_url(guide, request),
        "guide_absolute_url": request.build_absolute_uri(page_url(guide, request)),
        "pdf": guide.pdf if guide.pdf_id else None,
        "checklist_mode": "print",
        "total_reading_minutes": sum(chapter.reading_minutes for chapter in printed),
    }
