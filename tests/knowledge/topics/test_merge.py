"""Merging and renaming topics: the merge itself (every tagged type, drafts, follows, redirects, log) and the
editors' admin views (permissions, confirmation step, German errors)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag

from knowledge.topics.merge import TopicChangeError, merge_tags, plan_merge, rename_tag, tag_relations

from .conftest import PUBLIC_TOPICS, tag

ADMIN = "/admin/themen/"
MERGE = "/admin/themen/zusammenfuehren/"


@pytest.fixture
def tagged(make_chapter, make_post, make_region, make_member):
    """Two spellings of one topic on every type; some objects carry both, or the target too."""
    chapter = make_chapter("Partner gewinnen", tags=["Mädchen in MINT", "Maedchen"])
    post = make_post("Girls' Day", tags=["Maedchen"])
    both = make_post("Technik für Mädchen", tags=["Maedchen", "Girls in STEM", "Mädchen in MINT"])
    region = make_region("MINT-Netzwerk Musterstadt", tags=["Girls in STEM"])
    person = make_member("Paula Public", visibility=PUBLIC_TOPICS, topics=["Maedchen", "Ehrenamt"])
    return {"chapter": chapter, "post": post, "both": both, "region": region, "person": person}


def names(obj) -> list[str]:
    """The tag names of an object as stored now (a fresh copy: pages keep their tags in memory)."""
    from community.members.models import Profile

    if isinstance(obj, Profile) or hasattr(obj, "profile"):
        profile = Profile.objects.get(user_id=getattr(obj, "user_id", obj.pk))
        return sorted(profile.topics.names(), key=str.casefold)
    return sorted(type(obj).objects.get(pk=obj.pk).tags.names(), key=str.casefold)


def test_relations_are_found_generically():
    from community.members.models import ProfileTag
    from community.regions.models import RegionPageTag
    from knowledge.guide.models import GuideChapterTag
    from knowledge.practice.models import PracticePageTag

    found = {relation.model: relation.object_fields for relation in tag_relations()}
    assert found[PracticePageTag] == ("content_object_id",)
    assert found[GuideChapterTag] == ("content_object_id",)
    assert found[RegionPageTag] == ("content_object_id",)
    assert found[ProfileTag] == ("content_object_id",)
    from taggit.models import TaggedItem

    assert found[TaggedItem] == ("content_type_id", "object_id")  # images and documents


def test_merge_moves_every_tagging_without_duplicates(tagged, editor_user):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import ModelLogEntry

    image = Image.objects.create(title="Werkstatt", file=get_test_image_file())
    image.tags.add("Maedchen", "Mädchen in MINT")
    target = tag("Mädchen in MINT")
    result = merge_tags([tag("Maedchen"), tag("Girls in STEM")], "Mädchen in MINT", user=editor_user)
    assert result.target == target
    assert not Tag.objects.filter(name__in=["Maedchen", "Girls in STEM"]).exists()
    assert names(tagged["chapter"]) == ["Mädchen in MINT"]
    assert names(tagged["post"]) == ["Mädchen in MINT"]
    assert names(tagged["both"]) == ["Mädchen in MINT"]
    assert names(tagged["region"]) == ["Mädchen in MINT"]
    assert names(tagged["person"]) == ["Ehrenamt", "Mädchen in MINT"]
    assert names(image) == ["Mädchen in MINT"]  # taggit's generic TaggedItem, de-duplicated too
    from knowledge.practice.models import PracticePageTag

    assert PracticePageTag.objects.filter(content_object=tagged["both"]).count() == 1

    entry = ModelLogEntry.objects.get(action="topics.merge")
    assert entry.user == editor_user
    assert entry.object_id == str(target.pk)
    assert {source["name"] for source in entry.data["sources"]} == {"Maedchen", "Girls in STEM"}
    assert entry.message == "„Girls in STEM“, „Maedchen“ in „Mädchen in MINT“ zusammengeführt."


def test_merge_keeps_the_tags_of_draft_revisions(tagged, editor_user):
    from knowledge.practice.models import PracticePage

    post = tagged["post"]
    # An editor adds a topic in a draft that is not yet published.
    draft = PracticePage.objects.get(pk=post.pk).specific.get_latest_revision_as_object()
    draft.tags.add("Girls in STEM")
    draft.save_revision()
    merge_tags([tag("Maedchen"), tag("Girls in STEM")], "Mädchen in MINT", user=editor_user)

    latest = PracticePage.objects.get(pk=post.pk).specific.latest_revision
    tag_ids = [item["tag"] for item in latest.content["tagged_items"]]
    assert tag_ids == [tag("Mädchen in MINT").pk]
    # Publishing the draft later keeps the merged topic (and nothing points to a deleted tag).
    latest.publish()
    assert names(post) == ["Mädchen in MINT"]


def test_merge_moves_follows_and_keeps_one_per_member(tagged, editor_user, make_member):
    from community.members.follow import follow, is_following
    from community.members.models import Follow

    reader, fan, other = make_member("Rita Leserin"), make_member("Fritz Fan"), make_member("Olga Other")
    follow(reader, tag("Maedchen"))
    follow(fan, tag("Maedchen"))
    follow(fan, tag("Girls in STEM"))
    follow(fan, tag("Mädchen in MINT"))
    follow(other, tag("Ehrenamt"))

    plan = plan_merge([tag("Maedchen"), tag("Girls in STEM")], "Mädchen in MINT")
    assert [(str(item.label), item.count) for item in plan.contributions] == [
        ("Mitglieder, die ihnen folgen", 2)
    ]

    merge_tags([tag("Maedchen"), tag("Girls in STEM")], "Mädchen in MINT", user=editor_user)
    target = tag("Mädchen in MINT")
    assert is_following(reader, target) and is_following(fan, target)
    tag_type = ContentType.objects.get_for_model(Tag)
    assert Follow.objects.filter(content_type=tag_type, object_id=target.pk).count() == 2
    assert Follow.objects.filter(content_type=tag_type).count() == 3  # Olga's follow of another topic stays


def test_old_topic_addresses_redirect_to_the_target(client, tagged, editor_user):
    merge_tags([tag("Maedchen")], "Mädchen in MINT", user=editor_user)
    response = client.get("/themen/maedchen/")
    assert response.status_code == 301
    assert response["Location"] in ("/themen/mädchen-in-mint/", "/themen/m%C3%A4dchen-in-mint/")
    assert client.get("/themen/maedchen/rss/").status_code == 301
    # A later merge of the target sends the old address straight on.
    merge_tags([tag("Mädchen in MINT")], "Girls in STEM", user=editor_user)
    assert client.get("/themen/maedchen/")["Location"] == "/themen/girls-in-stem/"
    assert client.get("/themen/girls-in-stem/").status_code == 200


def test_merge_into_a_new_name_creates_it(tagged, editor_user):
    result = merge_tags([tag("Maedchen"), tag("Mädchen in MINT")], "Mädchen und MINT", user=editor_user)
    assert result.target.name == "Mädchen und MINT" and result.target.slug == "mädchen-und-mint"
    assert names(tagged["both"]) == ["Girls in STEM", "Mädchen und MINT"]


def test_merge_with_another_case_renames_the_survivor(tagged, editor_user):
    Tag.objects.create(name="mint-bildung", slug="mint-bildung-alt")
    merge_tags([tag("mint-bildung"), tag("Maedchen")], "MINT-Bildung", user=editor_user)
    assert Tag.objects.get(slug="mint-bildung-alt").name == "MINT-Bildung"


def test_merge_refuses_bad_input(tagged):
    with pytest.raises(TopicChangeError, match="nicht in sich selbst"):
        merge_tags([tag("Maedchen")], "maedchen")
    with pytest.raises(TopicChangeError, match="mindestens ein Thema"):
        plan_merge([], "Mädchen in MINT")
    with pytest.raises(TopicChangeError, match="Buchstaben oder eine Ziffer"):
        plan_merge([tag("Maedchen")], "!!!")
    assert Tag.objects.filter(name="Maedchen").exists()


def test_merge_reindexes_the_pages(tagged, editor_user, django_capture_on_commit_callbacks):
    from wagtail.search.backends import get_search_backend

    from knowledge.practice.models import PracticePage

    with django_capture_on_commit_callbacks(execute=True):
        merge_tags([tag("Maedchen")], "Förderung von Schülerinnen", user=editor_user)
    results = get_search_backend().search("Schülerinnen", PracticePage)
    assert tagged["post"].pk in [page.pk for page in results]


def test_rename_keeps_taggings_and_redirects(client, tagged, editor_user):
    from wagtail.models import ModelLogEntry

    target = tag("Maedchen")
    assert rename_tag(target, "Mädchenförderung", user=editor_user)
    target.refresh_from_db()
    assert target.slug == "mädchenförderung"
    assert names(tagged["post"]) == ["Mädchenförderung"]
    assert client.get("/themen/maedchen/").status_code == 301
    assert ModelLogEntry.objects.filter(action="topics.rename", object_id=str(target.pk)).exists()
    # Another topic's name (in any case) is refused; the same name changes nothing.
    with pytest.raises(TopicChangeError, match="gibt es schon"):
        rename_tag(target, "mädchen in mint")
    assert rename_tag(target, "Mädchenförderung") is False
    # Only the case changes: the address stays.
    assert rename_tag(target, "MÄDCHENFÖRDERUNG")
    target.refresh_from_db()
    assert target.slug == "mädchenförderung"


# --- The admin views -------------------------------------------------------------------------------------------


def test_only_editors_may_manage_topics(client, tagged, make_member, moderator_user, editor_user):
    client.force_login(make_member("Mona Mitglied"))
    response = client.get(ADMIN)
    assert response.status_code == 302 and response["Location"] == "/"  # members never reach the admin
    response = client.post(
        MERGE, {"sources": [tag("Maedchen").pk], "target": "Mädchen in MINT", "action": "merge"}
    )
    assert response.status_code == 302
    assert Tag.objects.filter(name="Maedchen").exists()

    # In the admin, but not an editor: Wagtail answers a refused admin view with its "no permission" message
    # on the dashboard, as everywhere in the admin.
    client.force_login(moderator_user)
    for response in (
        client.get(ADMIN),
        client.post(MERGE, {"sources": [tag("Maedchen").pk], "target": "Mädchen in MINT", "action": "merge"}),
        client.post(f"{ADMIN}{tag('Maedchen').pk}/umbenennen/", {"name": "Neu"}),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "keinen Zugang zu diesem Bereich" in client.get("/admin/").content.decode()
    assert Tag.objects.filter(name="Maedchen").exists()

    client.force_login(editor_user)
    response = client.get(ADMIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maedchen" in html and 'href="/themen/maedchen/"' in html


def test_admin_menu_shows_topics_to_editors_only(client, editor_user, moderator_user):
    client.force_login(editor_user)
    assert '"url": "/admin/themen/"' in client.get("/admin/").content.decode()
    client.force_login(moderator_user)
    assert '"url": "/admin/themen/"' not in client.get("/admin/").content.decode()


def test_editor_merges_in_two_steps(client, tagged, editor_user):
    client.force_login(editor_user)
    maedchen, girls, target = tag("Maedchen"), tag("Girls in STEM"), tag("Mädchen in MINT")
    index = client.get(ADMIN + "?sortierung=-uses").content.decode()
    assert index.index("Maedchen") < index.index("Girls in STEM")  # used four times, twice

    form = client.get(MERGE, {"tags": [maedchen.pk, girls.pk, target.pk]})
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="Maedchen"' in html  # the most used one is proposed as the target
    assert '<datalist id="topic-names">' in html

    data = {"sources": [maedchen.pk, girls.pk, target.pk], "target": "Mädchen in MINT"}
    confirm = client.post(MERGE, {**data, "action": "preview"})
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Bitte prüfe vor dem Zusammenführen" in html
    assert "Praxisbeiträge: 2" in html  # post and "both"
    assert "MINT-Regionen: 1" in html
    assert "Profile: 1" in html
    assert Tag.objects.filter(pk=maedchen.pk).exists()  # nothing happened yet

    done = client.post(MERGE, {**data, "action": "merge"})
    assert done.status_code == 302
    assert not Tag.objects.filter(pk__in=[maedchen.pk, girls.pk]).exists()
    page = client.get(done["Location"]).content.decode()
    assert "in „Mädchen in MINT“ zusammengeführt" in page
    assert "Zuletzt zusammengeführt und umbenannt" in page


def test_merge_form_errors_are_german_and_keep_the_input(client, tagged, editor_user):
    client.force_login(editor_user)
    maedchen = tag("Maedchen")

    response = client.post(MERGE, {"target": "Mädchen in MINT", "action": "preview"})
    assert (
        "Bitte wähle mindestens ein Thema aus, das zusammengeführt werden soll." in response.content.decode()
    )

    response = client.post(MERGE, {"sources": [maedchen.pk], "target": "Maedchen", "action": "preview"})
    html = response.content.decode()
    assert "Ein Thema kann nicht in sich selbst zusammengeführt werden." in html
    assert 'value="Maedchen"' in html

    response = client.post(MERGE, {"sources": [maedchen.pk], "target": "  ", "action": "merge"})
    assert "Bitte gib das Thema an, in das zusammengeführt werden soll." in response.content.decode()
    response = client.post(MERGE, {"sources": [999999], "target": "X", "action": "merge"})
    assert response.status_code == 200
    assert Tag.objects.filter(pk=maedchen.pk).exists()

    # Without a selection, the form sends the editor back to the list.
    response = client.get(MERGE)
    assert response.status_code == 302 and response["Location"] == ADMIN


def test_editor_renames_in_the_admin(client, tagged, editor_user):
    client.force_login(editor_user)
    maedchen = tag("Maedchen")
    url = f"{ADMIN}{maedchen.pk}/umbenennen/"
    assert 'value="Maedchen"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Mädchen in MINT"})
    assert "Das Thema „Mädchen in MINT“ gibt es schon." in response.content.decode()
    response = client.post(url, {"name": ""})
    assert "Bitte gib einen Namen für das Thema ein." in response.content.decode()
    response = client.post(url, {"name": "Schülerinnen"})
    assert response.status_code == 302
    maedchen.refresh_from_db()
    assert maedchen.name == "Schülerinnen"
