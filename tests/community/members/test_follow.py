"""Following members, topics and regions: the POST endpoint, the button, "Meine Abos", followers_of()."""

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.test import Client, RequestFactory
from taggit.models import Tag

from community.members import follow
from community.members.models import Follow

pytestmark = pytest.mark.django_db


def post_follow(client, target_type, target_id, operation="follow", **extra):
    data = {"type": target_type, "id": str(target_id), "operation": operation, "next": "/mitglieder/"}
    return client.post("/folgen/", data, **extra)


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="Mädchen in MINT", slug="maedchen-in-mint")


def test_member_follows_and_unfollows_a_member_a_topic_and_a_region(
    client, member_with_profile, other_member, tag, site_tree
):
    client.force_login(member_with_profile)
    region = site_tree["talsperrenland"]
    for target_type, target, title in [
        ("members.user", other_member, "Otto Andersmann"),
        ("taggit.tag", tag, "Mädchen in MINT"),
        ("regions.regionpage", region, "MINT-Region Talsperrenland"),
    ]:
        response = post_follow(client, target_type, target.pk)
        assert response.status_code == 302 and response["Location"] == "/mitglieder/"
        assert follow.is_following(member_with_profile, target)
        assert f"Du folgst jetzt „{title}“." in client.get("/konto/abos/").content.decode()
        response = post_follow(client, target_type, target.pk, "unfollow")
        assert not follow.is_following(member_with_profile, target)
        assert f"Du folgst „{title}“ nicht mehr." in client.get("/konto/abos/").content.decode()


def test_following_twice_is_harmless_and_toggle_without_operation(client, member_with_profile, other_member):
    client.force_login(member_with_profile)
    post_follow(client, "members.user", other_member.pk)
    post_follow(client, "members.user", other_member.pk)
    assert Follow.objects.filter(user=member_with_profile).count() == 1
    client.post("/folgen/", {"type": "members.user", "id": other_member.pk})
    assert not Follow.objects.exists()
    client.post("/folgen/", {"type": "members.user", "id": other_member.pk})
    assert Follow.objects.count() == 1


def test_json_answer_for_fetch(client, member_with_profile, other_member):
    client.force_login(member_with_profile)
    response = post_follow(client, "members.user", other_member.pk, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"detail": "Du folgst jetzt „Otto Andersmann“.", "following": True}
    response = post_follow(
        client, "members.user", other_member.pk, "unfollow", HTTP_ACCEPT="application/json"
    )
    assert response.json()["following"] is False


def test_anonymous_visitors_must_log_in(client, other_member):
    response = post_follow(client, "members.user", other_member.pk)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/?next=")
    response = post_follow(client, "members.user", other_member.pk, HTTP_ACCEPT="application/json")
    assert response.status_code == 401 and "melde dich an" in response.json()["detail"]
    assert client.get("/folgen/").status_code == 405
    assert not Follow.objects.exists()


def test_csrf_is_required(member_with_profile, other_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_with_profile)
    assert post_follow(client, "members.user", other_member.pk).status_code == 403
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("target_type", "target_id"),
    [
        ("auth.group", "group"),  # a model nobody registered
        ("members.follow", 1),
        ("members.user", 999999),
        ("members.user", "inactive"),
        ("regions.regionpage", "entwurf"),  # unpublished
        ("taggit.tag", "abc"),
        ("", ""),
    ],
)
def test_only_registered_visible_targets_can_be_followed(
    client, member_with_profile, make_member, site_tree, target_type, target_id
):
    ids = {
        "group": Group.objects.create(name="Geheim").pk,
        "inactive": make_member("Weg", is_active=False).pk,
        "entwurf": site_tree["entwurf"].pk,
    }
    client.force_login(member_with_profile)
    response = post_follow(client, target_type, ids.get(target_id, target_id), HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response.json()["detail"] == "Dem kann man (nicht mehr) folgen."
    assert not Follow.objects.exists()


def test_nobody_follows_themself(client, member_with_profile):
    client.force_login(member_with_profile)
    response = post_follow(client, "members.user", member_with_profile.pk)
    assert response.status_code == 302
    assert "Du kannst dir nicht selbst folgen." in client.get("/konto/abos/").content.decode()
    assert not Follow.objects.exists()


def test_following_is_rate_limited(client, member_with_profile, make_member):
    from community.members.views import FOLLOW_LIMIT

    targets = [make_member(f"Ziel {n}") for n in range(FOLLOW_LIMIT.limit + 1)]
    client.force_login(member_with_profile)
    for target in targets[:-1]:
        assert (
            post_follow(client, "members.user", target.pk, HTTP_ACCEPT="application/json").status_code == 200
        )
    response = post_follow(client, "members.user", targets[-1].pk, HTTP_ACCEPT="application/json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Bitte versuche es in" in response.json()["detail"]
    assert not follow.is_following(member_with_profile, targets[-1])


def test_redirect_goes_back_only_to_this_site(client, member_with_profile, other_member):
    client.force_login(member_with_profile)
    data = {"type": "members.user", "id": other_member.pk, "next": "https://boese.example/"}
    assert client.post("/folgen/", data)["Location"] == "/konto/abos/"
    data["next"] = f"/mitglieder/{other_member.pk}/"
    assert client.post("/folgen/", data)["Location"] == f"/mitglieder/{other_member.pk}/"


def test_followers_of(member_with_profile, other_member, make_member, tag, site_tree):
    region = site_tree["talsperrenland"]
    third = make_member("Dritte")
    gone = make_member("Deaktiviert")
    follow.follow(member_with_profile, tag)
    follow.follow(member_with_profile, region)  # follows both: listed once
    follow.follow(other_member, region)
    follow.follow(third, other_member)
    follow.follow(gone, tag)
    gone.is_active = False
    gone.save()
    assert set(follow.followers_of([tag, region])) == {member_with_profile, other_member}
    assert list(follow.followers_of(tag)) == [member_with_profile]
    assert list(follow.followers_of(other_member.profile)) == [third]  # a profile stands for its member
    assert list(follow.followers_of([Group.objects.create(name="x")])) == []
    assert list(follow.followers_of([])) == []
    # A Wagtail page loaded as a plain Page counts as its specific type.
    from wagtail.models import Page

    assert set(follow.followers_of(Page.objects.get(pk=region.pk))) == {member_with_profile, other_member}


def test_deleted_targets_take_their_follows_with_them(member_with_profile, other_member, tag, site_tree):
    follow.follow(member_with_profile, other_member)
    follow.follow(member_with_profile, tag)
    follow.follow(member_with_profile, site_tree["boerde"])
    follow.follow(other_member, tag)
    other_member.delete()
    tag.delete()
    site_tree["boerde"].delete()
    assert not Follow.objects.exists()


def test_other_apps_register_their_followables(member_with_profile):
    group = Group.objects.create(name="Arbeitsgruppe Wirkung")
    assert not follow.is_followable(group)
    try:
        follow.register_followable(
            Group,
            "Arbeitsgruppen",
            title=lambda g: f"AG {g.name}",
            can_follow=lambda user, g: not g.name.startswith("Geheim"),
        )
        with pytest.raises(follow.CannotFollow):
            follow.follow(member_with_profile, Group.objects.create(name="Geheimrat"))
        assert follow.follow(member_with_profile, group)
        groups = follow.subscriptions(member_with_profile)
        assert [(g.label, [i.title for i in g.items]) for g in groups] == [
            ("Arbeitsgruppen", ["AG Arbeitsgruppe Wirkung"])
        ]
        assert list(follow.followers_of(group)) == [member_with_profile]
    finally:
        follow._registry.pop("auth.group", None)
    assert not follow.is_followable(group)


def render_button(user, target):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/regionen/talsperrenland/")
    request.user = user or AnonymousUser()
    template = Template('{% include "members/includes/follow_button.html" with target=obj %}')
    return template.render(
        Context({"request": request, "user": request.user, "obj": target, "csrf_token": "tok"})
    )


def test_follow_button_for_anonymous_members_and_owners(member_with_profile, other_member, site_tree, tag):
    region = site_tree["talsperrenland"]
    html = render_button(None, region)
    assert 'href="/konto/login/?next=/regionen/talsperrenland/"' in html and "Zum Folgen anmelden" in html
    assert "<form" not in html
    assert "Otto" not in render_button(None, other_member)  # a members-only name never reaches anonymous HTML
    html = render_button(member_with_profile, region)
    assert 'action="/folgen/"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="type" value="regions.regionpage"' in html and f'name="id" value="{region.pk}"' in html
    assert 'value="follow"' in html and ">Folgen<" in html and "MINT-Region Talsperrenland" in html
    follow.follow(member_with_profile, region)
    html = render_button(member_with_profile, region)
    assert 'value="unfollow"' in html and "Nicht mehr folgen" in html
    assert render_button(member_with_profile, member_with_profile).strip() == ""  # not oneself
    assert render_button(member_with_profile, Group.objects.create(name="g")).strip() == ""  # not followable


def test_subscriptions_page(
    client, member_with_profile, make_member, tag, site_tree, django_assert_max_num_queries
):
    from django.core.cache import cache

    from .conftest import warm_process_caches

    assert client.get("/konto/abos/").status_code == 302
    client.force_login(member_with_profile)
    html = client.get("/konto/abos/").content.decode()
    assert "Du folgst noch nichts und niemandem." in html
    for number in range(30):
        follow.follow(member_with_profile, make_member(f"Mitglied {number:02d}"))
    for number in range(10):
        follow.follow(member_with_profile, Tag.objects.create(name=f"Thema {number}", slug=f"thema-{number}"))
    follow.follow(member_with_profile, site_tree["talsperrenland"])
    follow.follow(member_with_profile, site_tree["entwurf"])  # unpublished since: not listed
    cache.clear()
    warm_process_caches()
    with django_assert_max_num_queries(12):
        response = client.get("/konto/abos/")
    html = response.content.decode()
    assert html.index(">Mitglieder</h2>") < html.index(">Themen</h2>") < html.index(">MINT-Regionen</h2>")
    assert html.count('value="unfollow"') == 41
    assert '<a href="/mitglieder/' in html and 'href="/regionen/talsperrenland/"' in html
    assert "MINT-Region im Entwurf" not in html
