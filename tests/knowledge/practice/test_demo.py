"""The demo content of Praxis & Erfahrungen: enough, varied, linked and renderable; loading it twice adds nothing."""

import os
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.regions.models import RegionPage
from home.models import HomePage
from knowledge.practice.models import PracticeIndexPage, PracticeKind, PracticePage

pytestmark = pytest.mark.django_db

SHARED_VOCABULARY = {
    "Partnergewinnung", "Berufsorientierung", "Schülerlabore", "Mädchen in MINT", "Wirkungsmessung",
    "Finanzierung", "Bestandsaufnahme", "Vision und Ziele", "Netzwerkkoordination", "Fördermittel",
    "Verstetigung", "Politische Unterstützung", "Qualitätsentwicklung", "Öffentlichkeitsarbeit", "Ganztag",
    "Frühe MINT-Bildung", "Lehrkräftefortbildung", "Unternehmenskooperation", "Ländlicher Raum",
    "Digitale Bildung", "Elternarbeit", "Kooperationsvereinbarung", "Steuerungsgruppe", "Wettbewerbe",
    "Außerschulische Lernorte", "Nachhaltigkeit", "Ehrenamt", "Veranstaltungsformate",
    "Übergang Schule und Beruf", "Datenschutz",
}  # fmt: skip
TEXT_FIELDS = {
    PracticeKind.BEST_PRACTICE: ("partners", "resources", "transfer_conditions", "contact"),
    PracticeKind.FAILURE: ("goal", "what_went_wrong", "lessons_learned", "do_differently", "who_benefits"),
}


def words(post) -> int:
    text = " ".join(str(getattr(post, name)) for name in ("summary", *TEXT_FIELDS[post.kind]))
    for block in post.body.raw_data:
        value = block["value"]
        text += " " + (
            " ".join(str(part) for part in value.values()) if isinstance(value, dict) else str(value)
        )
    return len(re.sub(r"<[^>]+>", " ", text).split())


def test_demo_practice_content(demo_site, client):
    index = PracticeIndexPage.objects.get()
    assert index.slug == "praxis" and index.live and index.show_in_menus and index.intro
    assert isinstance(index.get_parent().specific, HomePage)

    posts = list(PracticePage.objects.child_of(index).live().specific().prefetch_related("tagged_items__tag"))
    best = [post for post in posts if post.kind == PracticeKind.BEST_PRACTICE]
    stories = [post for post in posts if post.kind == PracticeKind.FAILURE]
    assert len(best) >= 9 and len(stories) >= 6
    assert len({post.bundesland for post in posts}) >= 9

    anonymous = [post for post in stories if post.anonymous]
    assert len(anonymous) >= 2
    assert all(post.byline == "" and post.public_byline == "" for post in anonymous)
    assert any(post.author_id for post in anonymous)  # editors know who wrote them
    named_authors = [post for post in posts if post.author_id and not post.anonymous]
    assert len(named_authors) >= 3 and all(post.byline for post in named_authors)

    linked = [post for post in posts if post.region_id]
    assert len(linked) >= 8
    regions = RegionPage.objects.in_bulk([post.region_id for post in linked])
    assert all(regions[post.region_id].bundesland == post.bundesland for post in linked)

    for post in posts:
        topics = {item.tag.name for item in post.tagged_items.all()}
        assert 2 <= len(topics) <= 5, post.slug
        assert topics <= SHARED_VOCABULARY, topics - SHARED_VOCABULARY
        assert 250 <= words(post) <= 500, (post.slug, words(post))
        assert post.target_groups, post.slug
        assert all(getattr(post, name) for name in TEXT_FIELDS[post.kind]), post.slug
    assert {post.transferability for post in best} == {"ja", "teilweise", "nein"}
    assert all(post.effort for post in best)

    dates = sorted(post.first_published_at for post in posts)
    assert dates[-1] < timezone.now() and dates[-1] - dates[0] > timedelta(days=90)
    block_types = {block.block_type for post in posts for block in post.body}
    assert {"image", "document", "quote", "callout", "heading", "paragraph"} <= block_types

    for post in posts:
        assert client.get(post.url).status_code == 200, post.url
    assert client.get("/praxis/").status_code == 200
    assert client.get("/praxis/uebertragbar/").status_code == 200


def test_loading_the_demo_twice_adds_nothing(demo_site):
    before = PracticePage.objects.count()
    call_command("load_demo_content", quiet_credentials=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert PracticePage.objects.count() == before
    assert PracticeIndexPage.objects.count() == 1
