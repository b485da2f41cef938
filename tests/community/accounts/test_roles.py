"""Roles: the groups' permissions (synchronised after migrate, idempotent) and is_editor / is_moderator."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from community.members import roles
from community.members.roles import EDITORS, MEMBERS, MODERATORS, is_editor, is_moderator, sync_roles

pytestmark = pytest.mark.django_db


def page_permissions(group):
    return set(GroupPagePermission.objects.filter(group=group).values_list("permission__codename", flat=True))


def collection_permissions(group):
    return set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "permission__content_type__app_label", "permission__codename"
        )
    )


def test_groups_and_permissions_exist_after_migrate():
    # The test database was built by `migrate`, whose post_migrate signal ran the sync.
    editors = Group.objects.get(name=EDITORS)
    assert set(editors.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "change_tag",
        "delete_tag",
    }
    assert page_permissions(editors) == set(roles.PAGE_PERMISSIONS)
    root = Page.get_first_root_node()
    assert set(GroupPagePermission.objects.filter(group=editors).values_list("page_id", flat=True)) == {
        root.pk
    }
    assert collection_permissions(editors) == {("wagtailimages", c) for c in roles.IMAGE_PERMISSIONS} | {
        ("wagtaildocs", c) for c in roles.DOCUMENT_PERMISSIONS
    }
    assert set(
        GroupCollectionPermission.objects.filter(group=editors).values_list("collection_id", flat=True)
    ) == {Collection.get_first_root_node().pk}

    moderators = Group.objects.get(name=MODERATORS)
    assert set(moderators.permissions.values_list("codename", flat=True)) == {"access_admin"}
    assert page_permissions(moderators) == set()

    members = Group.objects.get(name=MEMBERS)
    assert not members.permissions.exists()
    assert page_permissions(members) == set()
    assert collection_permissions(members) == set()


def test_sync_is_idempotent_and_repairs_drift():
    editors = Group.objects.get(name=EDITORS)
    counts = (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())
    sync_roles()
    sync_roles()
    assert (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count()) == counts

    # Someone removed a permission and added a foreign one: the next sync restores the defined state.
    GroupPagePermission.objects.filter(group=editors, permission__codename="publish_page").delete()
    members = Group.objects.get(name=MEMBERS)
    members.permissions.add(editors.permissions.get(codename="access_admin"))
    sync_roles()
    assert page_permissions(editors) == set(roles.PAGE_PERMISSIONS)
    assert not members.permissions.exists()


def test_sync_recreates_missing_groups():
    Group.objects.filter(name=MODERATORS).delete()
    sync_roles()
    assert Group.objects.filter(name=MODERATORS).exists()


def test_role_helpers(plain_member, redaktion_user, moderation_user, editor):
    assert not is_editor(AnonymousUser()) and not is_moderator(AnonymousUser())
    assert not is_editor(plain_member) and not is_moderator(plain_member)
    assert is_editor(redaktion_user) and is_moderator(redaktion_user)
    assert not is_editor(moderation_user) and is_moderator(moderation_user)
    assert is_editor(editor) and is_moderator(editor)  # superuser

    redaktion_user.is_active = False
    assert not is_editor(redaktion_user)


def test_role_lookup_costs_one_query_per_user_object(redaktion_user, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=redaktion_user.pk)
    with django_assert_num_queries(1):
        assert is_editor(user)
        assert is_moderator(user)
        assert is_editor(user)


def test_editor_permissions_in_wagtail(redaktion_user, plain_member, moderation_user):
    assert redaktion_user.has_perm("wagtailadmin.access_admin")
    assert moderation_user.has_perm("wagtailadmin.access_admin")
    assert not plain_member.has_perm("wagtailadmin.access_admin")
    page = Page.objects.filter(depth=2).first()  # permissions on the root reach every page below it
    perms = page.permissions_for_user(redaktion_user)
    assert perms.can_add_subpage() and perms.can_edit() and perms.can_publish() and perms.can_lock()
    assert not page.permissions_for_user(moderation_user).can_edit()
    assert not page.permissions_for_user(plain_member).can_edit()


def test_wagtails_default_groups_go_unless_someone_belongs_to_them(django_user_model):
    assert not Group.objects.filter(name__in=roles.WAGTAIL_DEFAULT_GROUPS).exists()  # gone after migrate
    kept = Group.objects.create(name="Moderators")
    used = django_user_model.objects.create_user(username="alt", email="alt@example.org", password="x")
    used.groups.add(kept)
    Group.objects.create(name="Editors")
    sync_roles()
    assert list(
        Group.objects.filter(name__in=roles.WAGTAIL_DEFAULT_GROUPS).values_list("name", flat=True)
    ) == ["Moderators"]
