"""Query counts of the guide's pages stay flat: they do not grow with chapters, checklist items or posts."""

import pytest

from knowledge.guide.models import ChapterProgress, ChecklistTick

from .conftest import checklist, count_queries, heading, paragraph

pytestmark = pytest.mark.django_db
MEMBER_PAGE_BUDGET = 12


def chapter_body(items: int):
    return [
        heading("Abschnitt"),
        paragraph("<p>Text.</p>"),
        checklist("Liste", *[f"Punkt {number}" for number in range(items)]),
    ]


def build(make_chapter, make_post, member, *, chapters: int, items: int, posts: int):
    pages = [
        make_chapter(f"Kapitel {n}", body=chapter_body(items), tags=["Finanzierung"]) for n in range(chapters)
    ]
    for number in range(posts):
        make_post(f"Beitrag {number}", tags=["Finanzierung"], failure=number % 2 == 1)
    for page in pages:
        ChapterProgress.objects.create(user=member, chapter=page, read_at=page.first_published_at)
        ChecklistTick.objects.bulk_create(
            [ChecklistTick(user=member, chapter=page, item_key=key) for key in page.checklist_keys]
        )
    return pages


@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_guide_page_queries_do_not_grow(client, member, make_chapter, make_post, guide, cold):
    client.force_login(member)
    build(make_chapter, make_post, member, chapters=2, items=2, posts=1)
    few, _ = count_queries(client, "/gruendungsleitfaden/", cold=cold)
    build(make_chapter, make_post, member, chapters=8, items=12, posts=8)
    many, _ = count_queries(client, "/gruendungsleitfaden/", cold=cold)
    assert many == few
    if not cold:
        assert many <= MEMBER_PAGE_BUDGET


@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_chapter_page_queries_do_not_grow(client, member, make_chapter, make_post, guide, cold):
    client.force_login(member)
    small = build(make_chapter, make_post, member, chapters=2, items=2, posts=1)[0]
    few, _ = count_queries(client, small.url, cold=cold)
    large = build(make_chapter, make_post, member, chapters=8, items=20, posts=9)[3]
    many, _ = count_queries(client, large.url, cold=cold)
    assert many == few
    if not cold:
        assert many <= MEMBER_PAGE_BUDGET


def test_anonymous_chapter_and_print_pages_stay_flat(client, make_chapter, make_post, member, guide):
    small = build(make_chapter, make_post, member, chapters=1, items=1, posts=1)[0]
    few_chapter, _ = count_queries(client, small.url)
    few_print, _ = count_queries(client, "/gruendungsleitfaden/gesamt/")
    large = build(make_chapter, make_post, member, chapters=8, items=15, posts=7)[4]
    assert count_queries(client, large.url)[0] == few_chapter <= 10
    assert count_queries(client, "/gruendungsleitfaden/gesamt/")[0] == few_print <= 10
