"""The index follows the content: real pages, profiles, channels and tags, changed through the real code paths,
with the real signals; the index work runs after the commit (captured here, the test's transaction never
commits)."""

import pytest
from django.contrib.auth.models import Group
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from search import indexing

from .conftest import search_keys

MEMBER = ("public", "members")
pytestmark = pytest.mark.django_db


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- Pages --------------------------------------------------------------------------------------------------


def test_publishing_indexes_and_unpublishing_removes(make_post, after_commit):
    with after_commit():
        post = make_post(title="Roboterwerkstatt im Jugendhaus", tags=["Robotik"])
    assert search_keys("Roboterwerkstatt") == [f"practice:{post.pk}"]
    with after_commit():
        post.unpublish()
    assert search_keys("Roboterwerkstatt") == []


def test_drafts_are_never_indexed(make_post, after_commit):
    with after_commit():
        draft = make_post(title="Entwurf über Wasserraketen", publish=False)
        live = make_post(title="Solarboote auf dem Baggersee")
        live.title = "Geheimer Entwurfstitel"
        live.save_revision()  # a draft of a live page: the live version stays what is found
    assert search_keys("Wasserraketen") == []
    assert search_keys("Entwurfstitel") == []
    assert search_keys("Solarboote") == [f"practice:{live.pk}"]
    assert draft.pk


def test_publishing_a_change_replaces_the_document(make_post, after_commit):
    with after_commit():
        post = make_post(title="Forscherkiste für Grundschulen")
        post.title = "Experimentierkiste für Grundschulen"
        post.save_revision().publish()
    assert search_keys("Forscherkiste") == []
    assert search_keys("Experimentierkiste") == [f"practice:{post.pk}"]


def test_deleting_a_page_removes_it(make_post, after_commit):
    with after_commit():
        post = make_post(title="Mathe-Olympiade im Rathaus")
    key = f"practice:{post.pk}"
    assert search_keys("Olympiade") == [key]
    with after_commit():
        post.delete()
    assert search_keys("Olympiade") == []


def test_moving_a_page_updates_its_address(make_chapter, guide, home, after_commit):
    from knowledge.guide.models import GuidePage

    with after_commit():
        other_guide = GuidePage(title="Zweiter Leitfaden", slug="zweiter-leitfaden", intro="Noch einer.")
        home.add_child(instance=other_guide)
        other_guide.save_revision().publish()
        chapter = make_chapter("Kassenbuch und Verwendungsnachweis")
    from search.engines import get_engine
    from search.engines.base import SearchQuery

    def url():
        hits = (
            get_engine().search(SearchQuery(text="Verwendungsnachweis", audiences=frozenset({"public"}))).hits
        )
        return hits[0].url

    assert url().startswith("/gruendungsleitfaden/")
    with after_commit():
        chapter.move(other_guide, pos="last-child")
    assert url().startswith("/zweiter-leitfaden/")


def test_view_restrictions_hide_the_page_and_everything_below(make_chapter, guide, after_commit):
    with after_commit():
        chapter = make_chapter("Kooperationsvertrag mit dem Landkreis")
    assert search_keys("Kooperationsvertrag") == [f"guide-chapter:{chapter.pk}"]
    with after_commit():
        restriction = PageViewRestriction.objects.create(page=guide, restriction_type="login")
    assert search_keys("Kooperationsvertrag") == []
    assert search_keys("Kooperationsvertrag", audiences=MEMBER) == []  # restricted pages are never indexed
    with after_commit():
        restriction.delete()
    assert search_keys("Kooperationsvertrag") == [f"guide-chapter:{chapter.pk}"]


def test_anonymous_post_never_carries_its_author(make_post, make_member, after_commit):
    author = make_member("Henrike Verborgen")
    with after_commit():
        make_post(
            "sof",
            title="Der Elternabend, zu dem niemand kam",
            author=author,
            owner=author,
            byline="Henrike Verborgen, MINT-Region Musterland",
            anonymous=True,
        )
        named = make_post(title="Sternwarte für alle", byline="Ole Sichtbar")
    assert search_keys("Elternabend")
    for audiences in (("public", "anonymous"), MEMBER, ("public", "members", "moderators")):
        for name in ("Verborgen", "Henrike", "Henrike Verborgen"):
            found = search_keys(name, audiences=audiences)
            assert not [key for key in found if key.startswith("practice:")], (name, audiences, found)
    # A named post is found by its byline.
    assert search_keys("Sichtbar") == [f"practice:{named.pk}"]


def test_region_and_state_office_changes(make_region, directory, after_commit):
    from community.regions.models import StateOfficePage

    with after_commit():
        region = make_region("MINT-Netz Seenplatte", bundesland="MV", goals="Mehr Segelflug-AGs")
        office = StateOfficePage(
            title="MINTforum Nord",
            slug="mintforum-nord",
            bundesland="SH",
            description="Berät Küstenregionen.",
        )
        directory.add_child(instance=office)
        office.save_revision().publish()
    assert search_keys("Segelflug") == [f"region:{region.pk}"]
    assert search_keys("Küstenregionen") == [f"state-office:{office.pk}"]
    with after_commit():
        region.goals = "Mehr Modellbau-AGs"
        region.save_revision().publish()
    assert search_keys("Segelflug") == []
    assert search_keys("Modellbau") == [f"region:{region.pk}"]


# --- Profiles -----------------------------------------------------------------------------------------------


def test_profile_edits_and_visibility_changes(make_member, after_commit):
    from community.members.models import Profile

    with after_commit():
        user = make_member(
            "Jana Beispiel",
            bio="Ich baue Wetterstationen mit Schulklassen.",
            visibility={"display_name": "public", "bio": "public"},
        )
    profile = Profile.objects.get(user=user)
    public_key, members_key = f"profile:{profile.pk}:public", f"profile:{profile.pk}:members"
    assert search_keys("Wetterstationen") == [public_key]
    assert search_keys("Wetterstationen", audiences=MEMBER) == [members_key]

    with after_commit():  # the bio becomes members-only
        profile.visibility = {"display_name": "public", "bio": "members"}
        profile.save()
    assert search_keys("Wetterstationen") == []
    assert search_keys("Jana") == [public_key]
    assert search_keys("Wetterstationen", audiences=MEMBER) == [members_key]

    with after_commit():  # hidden: "only me"
        profile.visibility = {"display_name": "public", "bio": "hidden"}
        profile.save()
    assert search_keys("Wetterstationen", audiences=MEMBER) == []

    with after_commit():  # the name becomes members-only: no public document at all
        profile.visibility = {"display_name": "members"}
        profile.save()
    assert search_keys("Jana") == []
    assert search_keys("Jana", audiences=MEMBER) == [members_key]

    with after_commit():
        user.is_active = False
        user.save()
    assert search_keys("Jana", audiences=MEMBER) == []


def test_profile_topics_follow_the_tagging(make_member, after_commit):
    from community.members.models import Profile

    with after_commit():
        user = make_member("Kai Beispiel", visibility={"display_name": "public", "topics": "public"})
    profile = Profile.objects.get(user=user)
    with after_commit():
        profile.topics.set(["Robotik"])
    slug = Tag.objects.get(name="Robotik").slug
    assert search_keys(tag_slugs=(slug,)) == [f"profile:{profile.pk}:public"]
    with after_commit():
        profile.topics.clear()
    assert search_keys(tag_slugs=(slug,)) == []


def test_deleting_a_profile_removes_it(make_member, after_commit):
    from community.members.models import Profile

    with after_commit():
        user = make_member("Lena Beispiel", visibility={"display_name": "public"})
    assert search_keys("Lena")
    with after_commit():
        Profile.objects.filter(user=user).delete()
    assert search_keys("Lena") == []
    assert search_keys("Lena", audiences=MEMBER) == []


# --- Channels -----------------------------------------------------------------------------------------------


def test_messages_created_edited_and_deleted(make_member, make_channel, send, after_commit):
    from community.chat import posting

    author = make_member("Mia Beispiel")
    channel = make_channel("allgemein")
    with after_commit():
        message = send(author, channel, "Wer kennt eine gute Kletterhalle für den Ausflug?")
    key = f"message:{message.pk}"
    assert search_keys("Kletterhalle", audiences=MEMBER) == [key]
    assert search_keys("Kletterhalle") == []  # visitors never see channels

    with after_commit():
        posting.edit_message(author, channel, message.seq, "Wer kennt ein gutes Planetarium für den Ausflug?")
    assert search_keys("Kletterhalle", audiences=MEMBER) == []
    assert search_keys("Planetarium", audiences=MEMBER) == [key]

    with after_commit():
        posting.toggle_reaction(author, channel, message.seq, "👍")  # a reaction changes nothing indexed
    assert search_keys("Planetarium", audiences=MEMBER) == [key]

    with after_commit():
        posting.delete_message(author, channel, message.seq)
    assert search_keys("Planetarium", audiences=MEMBER) == []


def test_channel_kind_change_reindexes_its_messages(make_member, make_channel, send, after_commit):
    author = make_member("Noah Beispiel")
    channel = make_channel("projektgruppe")
    with after_commit():
        message = send(author, channel, "Unser Zeitplan für den Hackathon steht.")
    assert search_keys("Hackathon", audiences=MEMBER) == [f"message:{message.pk}"]
    with after_commit():
        channel.kind = "private"
        channel.save()
    assert search_keys("Hackathon", audiences=MEMBER) == []
    assert search_keys("Hackathon", audiences=(*MEMBER, f"channel:{channel.pk}")) == [f"message:{message.pk}"]
    assert search_keys("Hackathon", audiences=(*MEMBER, "moderators")) == [f"message:{message.pk}"]


def test_archived_channels_stay_searchable(make_member, make_channel, send, after_commit):
    author = make_member("Ole Beispiel")
    channel = make_channel("rueckblick")
    with after_commit():
        message = send(author, channel, "Danke für das Barcamp in Hamburg!")
        channel.archived = True
        channel.save()
    assert search_keys("Barcamp", audiences=MEMBER) == [f"message:{message.pk}"]


# --- Tags ---------------------------------------------------------------------------------------------------


def test_tag_rename_and_merge_reach_the_index(make_post, make_region, after_commit):
    from knowledge.topics.merge import merge_tags, rename_tag

    with after_commit():
        post = make_post(title="Lötkurs für Einsteigerinnen", tags=["Löten"])
        region = make_region("MINT-Region Elbtal", tags=["Elektronik"])
    from search.engines import get_engine
    from search.engines.base import SearchQuery

    def tags_of(text):
        return get_engine().search(SearchQuery(text=text, audiences=frozenset({"public"}))).hits[0].tags

    with after_commit():
        rename_tag(Tag.objects.get(name="Löten"), "Lötpraxis")
    assert tags_of("Lötkurs") == ("Lötpraxis",)

    with after_commit():
        merge_tags([Tag.objects.get(name="Lötpraxis")], "Elektronik")
    target = Tag.objects.get(name="Elektronik")
    assert set(search_keys(tag_slugs=(target.slug,))) == {f"practice:{post.pk}", f"region:{region.pk}"}
    assert tags_of("Lötkurs") == ("Elektronik",)


def test_deleting_a_tag_removes_it_from_documents(make_post, after_commit):
    with after_commit():
        post = make_post(title="Kinderuni im Sommer", tags=["Kinderuni"])
    with after_commit():
        Tag.objects.filter(name="Kinderuni").delete()
    from search.engines import get_engine
    from search.engines.base import SearchQuery

    hits = get_engine().search(SearchQuery(text="Kinderuni", audiences=frozenset({"public"}))).hits
    assert [hit.key for hit in hits] == [f"practice:{post.pk}"]
    assert hits[0].tags == ()


# --- Robustness ---------------------------------------------------------------------------------------------


def test_a_rolled_back_change_never_reaches_the_index(make_post, after_commit):
    from django.db import transaction

    with after_commit():
        try:
            with transaction.atomic():
                make_post(title="Zurückgenommener Beitrag über Vulkane")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert search_keys("Vulkane") == []


def test_suspended_indexing_writes_nothing(make_post, after_commit):
    with after_commit(), indexing.suspended():
        make_post(title="Stiller Import über Gletscher")
    assert search_keys("Gletscher") == []


def test_group_changes_do_not_break_indexing(make_member, after_commit):
    with after_commit():
        user = make_member("Pia Beispiel", visibility={"display_name": "public"})
        user.groups.add(Group.objects.get_or_create(name="Moderation")[0])
    assert search_keys("Pia")
