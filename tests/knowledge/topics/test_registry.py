"""The registry of tagged content types (home/topics.py) and the German alphabetical order of topics."""

import pytest
from django.test import RequestFactory

from home import topics
from home.topics import (
    TopicType,
    count_by_tag,
    register_topic_type,
    section_for,
    topic_counts,
    unregister_topic_type,
)

from .conftest import tag


@pytest.fixture
def request_(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/themen/")
    request.user = AnonymousUser()
    return request


def test_registered_types_in_order():
    keys = [entry.key for entry in topics.topic_types()]
    assert keys == ["leitfaden", "praxis", "regionen", "mitglieder", "kanaele"]
    for entry in topics.topic_types():
        assert entry.label and entry.template.endswith(".html")


@pytest.fixture
def extra_type():
    """A type registered by a later app (e.g. community calls), served from a plain list."""
    items = {"Finanzierung": ["Call am Montag", "Call am Dienstag", "Call am Mittwoch"]}
    entry = register_topic_type(
        TopicType(
            key="calls",
            label="Community Calls",
            items=lambda tag, request: items.get(tag.name, []),
            counts=lambda request: {tag("Finanzierung").pk: 3},
            template="topics/cards/region.html",
            order=50,
        )
    )
    yield entry
    unregister_topic_type("calls")


def test_a_later_app_registers_a_type(request_, make_post, extra_type):
    make_post("Beitrag", tags=["Finanzierung"])
    keys = [entry.key for entry in topics.topic_types()]
    assert (
        keys.index("calls") == keys.index("mitglieder") + 1
    )  # by its order (50), between members and channels
    section = section_for(extra_type, tag("Finanzierung"), request_, limit=2)
    assert section.items == ["Call am Montag", "Call am Dienstag"] and section.count == 3 and section.has_more
    counts = {entry.name: entry for entry in topic_counts(request_)}
    assert counts["Finanzierung"].total == 4
    assert counts["Finanzierung"].by_type == {"praxis": 1, "calls": 3}
    # Registering the same key again replaces the type.
    register_topic_type(TopicType("calls", "Calls", lambda t, r: [], lambda r: {}, "x.html"))
    assert [entry.label for entry in topics.topic_types() if entry.key == "calls"] == ["Calls"]


def test_sections_count_in_the_same_query(request_, make_post, django_assert_num_queries):
    for number in range(9):
        make_post(f"Beitrag {number}", tags=["Finanzierung"])
    practice = topics.topic_type("praxis")
    finanzierung = tag("Finanzierung")
    section_for(practice, finanzierung, request_)  # the site and the listing's address are looked up once
    with django_assert_num_queries(1):
        section = section_for(practice, finanzierung, request_, limit=4)
    assert (len(section.items), section.count, section.has_more) == (4, 9, True)
    last = section_for(practice, finanzierung, request_, limit=4, offset=8)
    assert (len(last.items), last.count, last.has_more) == (1, 9, False)
    beyond = section_for(practice, finanzierung, request_, limit=4, offset=40)
    assert (beyond.items, beyond.count) == ([], 9)


def test_counts_per_tag_in_one_query(make_post, django_assert_num_queries):
    from knowledge.practice.models import PracticePageTag

    make_post("Eins", tags=["Finanzierung", "Ehrenamt"])
    make_post("Zwei", tags=["Finanzierung"])
    with django_assert_num_queries(1):
        counts = count_by_tag(PracticePageTag.objects.all())
    assert counts == {tag("Finanzierung").pk: 2, tag("Ehrenamt").pk: 1}


def test_topic_path_keeps_the_unicode_slug(make_post):
    make_post("Beitrag", tags=["Mädchen in MINT", "Übergang Schule und Beruf"])
    assert topics.topic_path(tag("Mädchen in MINT")) == "/themen/mädchen-in-mint/"
    assert topics.topic_path(tag("Übergang Schule und Beruf")) == "/themen/übergang-schule-und-beruf/"
    assert topics.topic_path("ehrenamt") == "/themen/ehrenamt/"


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Ärzte", "A"),
        ("Öffentlichkeitsarbeit", "O"),
        ("Übergang", "U"),
        ("ßtraße", "S"),
        ("3D-Druck", "#"),
        (" éducation", "E"),
        ("MINT", "M"),
    ],
)
def test_index_letter(name, letter):
    assert topics.index_letter(name) == letter


def test_german_sort_order():
    words = ["Zeit", "Ärzte", "Arbeit", "Öl", "Ober", "über", "Uhu"]
    assert sorted(words, key=topics.sort_key) == ["Arbeit", "Ärzte", "Ober", "Öl", "über", "Uhu", "Zeit"]
