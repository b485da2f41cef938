"""The anonymity guarantee in the search index: the documents built for a post never hold its author.

The site search (search/) will build its documents from the same search fields; these tests check what the
index holds today through Wagtail's database backend, and what the page's search fields could ever extract.
"""

import pytest
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

AUTHOR_NAME = "Henrike Verborgen"


@pytest.fixture
def anonymous_story(make_post, make_user):
    author = make_user(AUTHOR_NAME)
    return make_post(
        "sof",
        title="Der Elternabend, zu dem niemand kam",
        author=author,
        byline=f"{AUTHOR_NAME}, MINT-Region Musterland",
        anonymous=True,
        owner=author,
        tags=["Elternarbeit"],
    )


def _document_text(page) -> str:
    entries = IndexEntry.objects.filter(object_id=str(page.pk))
    # On PostgreSQL the columns hold lower-cased lexemes, on SQLite the text: compare in lower case.
    return " ".join(f"{entry.title} {entry.autocomplete} {entry.body}" for entry in entries).lower()


def test_the_index_entry_of_an_anonymous_post_holds_no_author(anonymous_story):
    text = _document_text(anonymous_story)
    assert "elternabend" in text  # the post is indexed …
    assert "verborgen" not in text and "henrike" not in text  # … without its author


def test_searching_for_the_author_does_not_find_the_anonymous_post(anonymous_story):
    from knowledge.practice.models import PracticePage

    backend = get_search_backend()
    assert list(backend.search("Elternabend", PracticePage)) != []
    assert list(backend.search("Verborgen", PracticePage)) == []


def test_no_search_field_of_a_post_can_extract_the_author(anonymous_story):
    """Whatever engine indexes posts reads these fields; none of them may lead to the author or the owner."""
    from wagtail.search import index

    from knowledge.practice.models import BestPracticePage, FailureStoryPage

    for model in (BestPracticePage, FailureStoryPage):
        searchable = {
            field.field_name
            for field in model.get_search_fields()
            if isinstance(field, index.SearchField | index.AutocompleteField)
        }
        related = {
            field.field_name for field in model.get_search_fields() if isinstance(field, index.RelatedFields)
        }
        assert not searchable & {"author", "byline", "owner"}
        assert not related & {"author", "owner"}
