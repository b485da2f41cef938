"""Page-tree rules and the model's own guarantees: kind, Bundesland from the region, anonymity, validation."""

import pytest
from django.core.exceptions import ValidationError

from home.models import HomePage, StandardPage
from knowledge.practice.models import (
    BestPracticePage,
    FailureStoryPage,
    PracticeIndexPage,
    PracticeKind,
    PracticePage,
)

pytestmark = pytest.mark.django_db


def test_the_index_lives_once_below_the_home_page(home):
    assert PracticeIndexPage.allowed_parent_page_models() == [HomePage]
    assert PracticeIndexPage.can_create_at(home)
    home.add_child(instance=PracticeIndexPage(title="Praxis", slug="praxis"))
    # One listing per site: a second index cannot be created.
    assert not PracticeIndexPage.can_create_at(home)


def test_posts_live_below_the_index(home, practice_index):
    assert set(practice_index.specific_class.allowed_subpage_models()) == {BestPracticePage, FailureStoryPage}
    assert BestPracticePage.can_create_at(practice_index)
    assert FailureStoryPage.can_create_at(practice_index)
    # Posts live only below the index and have no children; the shared base type is never created itself.
    assert not BestPracticePage.can_create_at(home)
    assert not FailureStoryPage.can_create_at(home)
    assert BestPracticePage.allowed_subpage_models() == []
    assert FailureStoryPage.allowed_subpage_models() == []
    assert not PracticePage.is_creatable
    assert not StandardPage.can_create_at(practice_index)


def test_the_kind_follows_the_page_type(make_post):
    assert make_post("bp").kind == PracticeKind.BEST_PRACTICE
    assert make_post("sof").kind == PracticeKind.FAILURE


def test_the_bundesland_is_taken_from_the_region_when_left_empty(make_post, aachen):
    post = make_post("bp", region=aachen)
    assert post.bundesland == "NW"
    explicit = make_post("bp", region=aachen, bundesland="BY")
    assert explicit.bundesland == "BY"


def test_only_a_region_page_can_be_the_region(make_post, practice_index):
    post = make_post("bp", publish=False)
    post.region = practice_index
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "region" in error.value.message_dict


def test_a_post_cannot_take_the_address_of_the_table(make_post):
    post = make_post("bp", publish=False)
    post.slug = "uebertragbar"
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "slug" in error.value.message_dict


def test_partly_transferable_practice_needs_conditions(make_post):
    post = make_post("bp", publish=False)
    post.transferability, post.transfer_conditions = "teilweise", " "
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "transfer_conditions" in error.value.message_dict
    post.transfer_conditions = "Ein Träger mit Fahrzeug."
    post.full_clean()


def test_public_byline_is_empty_for_anonymous_posts(make_post, make_user):
    author = make_user("Anna Autorin")
    named = make_post("sof", author=author, byline="Anna Autorin, MINT-Region Musterland")
    assert named.public_byline == "Anna Autorin, MINT-Region Musterland"
    anonymous = make_post("sof", author=author, byline="Anna Autorin, MINT-Region Musterland", anonymous=True)
    assert anonymous.public_byline == ""


def test_an_anonymous_posts_byline_is_not_stored(make_post, make_user):
    """What readers may never see is not kept on the live page, so it cannot be probed for (API filters)."""
    author = make_user("Anna Autorin")
    post = make_post("sof", author=author, byline="Anna Autorin", anonymous=True)
    assert PracticePage.objects.get(pk=post.pk).byline == ""
    assert PracticePage.objects.filter(byline__icontains="Anna").count() == 0
    assert post.author == author  # editors still see who wrote it


def test_labels_of_stages_and_target_groups_keep_the_vocabulary_order(make_post):
    post = make_post("bp", stages=["sek2", "kita"], target_groups=["eltern", "kinder"])
    assert post.stages == ["kita", "sek2"]
    assert post.stage_labels == ["Kita", "Sekundarstufe II"]
    assert post.target_group_labels == ["Kinder", "Eltern"]


def test_partners_become_a_markdown_list(make_post):
    post = make_post("bp", partners="Kreissparkasse (Finanzierung)\n\n- Handwerkskammer\nGymnasium am See")
    assert post.partners_markdown == "- Kreissparkasse (Finanzierung)\n- Handwerkskammer\n- Gymnasium am See"
