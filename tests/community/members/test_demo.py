"""The members' demo content: invented members across the Länder, roles, visibility, groups, follows."""

import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from community.members import follow
from community.members.demo import DEMO_MEMBERS
from community.members.models import Profile, Visibility

pytestmark = pytest.mark.django_db


def load() -> str:
    output = io.StringIO()
    call_command("load_demo_content", stdout=output)
    return output.getvalue()


def test_demo_members_are_varied_and_realistic():
    load()
    emails = [member[2] for member in DEMO_MEMBERS]
    profiles = list(Profile.objects.filter(user__email__in=emails).prefetch_related("topics"))
    assert len(profiles) == len(emails) >= 30
    assert all(email.endswith(".example") for email in emails)
    assert len({p.bundesland for p in profiles}) >= 10
    roles = Counter(p.role for p in profiles)
    assert roles.most_common(1)[0][0] == "coordinator" and roles["coordinator"] > len(profiles) / 2
    assert {"state_office", "foundation", "partner"} <= set(roles)
    assert all(p.bio and p.organisation and p.topics.all() for p in profiles)
    topics = {t.name for p in profiles for t in p.topics.all()}
    assert {"Mädchen in MINT", "Finanzierung", "Wirkungsmessung", "Partnergewinnung", "Kita"} <= topics
    levels = [{p.visibility_of(field) for field in Profile.VISIBILITY_FIELDS} for p in profiles]
    assert sum(1 for lv in levels if lv == {Visibility.PUBLIC}) >= 3  # some fully public
    assert sum(1 for lv in levels if lv == {Visibility.MEMBERS}) > len(profiles) / 3  # most members-only
    assert sum(1 for lv in levels if Visibility.HIDDEN in lv) >= 3  # some with hidden fields


def test_role_accounts_groups_and_follows():
    output = load()
    users = get_user_model().objects
    editor = users.get(email="redaktion@netzwerkstatt.example")
    moderator = users.get(email="moderation@netzwerkstatt.example")
    member = users.get(email="mitglied@netzwerkstatt.example")
    assert (
        editor.groups.filter(name="Redaktion").exists() and editor.profile.display_name == "Rieke Redaktion"
    )
    assert moderator.groups.filter(name="Moderation").exists() and moderator.profile
    assert moderator.emailaddress_set.get().verified
    assert member.groups.filter(name="Mitglieder").exists() and member.profile.topics.exists()
    assert "moderation@netzwerkstatt.example" in output
    assert len(follow.subscriptions(member)) >= 2  # members and topics, so "Meine Abos" is not empty


def test_demo_is_idempotent_and_keeps_changes(client):
    load()
    jana = Profile.objects.get(user__email=DEMO_MEMBERS[0][2])
    jana.organisation = "Geändert in der Demo"
    jana.save()
    counts = (get_user_model().objects.count(), Profile.objects.count(), follow.Follow.objects.count())
    second = load()
    assert (
        get_user_model().objects.count(),
        Profile.objects.count(),
        follow.Follow.objects.count(),
    ) == counts
    assert "Profile neu" not in second and "Konten neu" not in second
    assert Profile.objects.get(pk=jana.pk).organisation == "Geändert in der Demo"


def test_a_fully_public_demo_profile_is_visible_to_visitors(client):
    load()
    jana = get_user_model().objects.get(email=DEMO_MEMBERS[0][2])
    html = client.get(f"/mitglieder/{jana.pk}/").content.decode()
    assert "Jana Vollmering" in html and "Mentoring-Programme" in html
