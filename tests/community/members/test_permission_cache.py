"""The cached permission backend: fewer queries per page, and every change to permissions applies at once."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_permissions_are_answered_from_the_cache(member):
    assert not fresh(member).has_perm("wagtailadmin.access_admin")
    with CaptureQueriesContext(connection) as queries:
        assert not fresh(member).has_perm("wagtailadmin.access_admin")
    # Only loading the user itself, no permission queries.
    assert len(queries) == 1


def test_joining_a_group_grants_at_once(member):
    editors = Group.objects.create(name="Testredaktion")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    assert not fresh(member).has_perm("wagtailadmin.access_admin")
    member.groups.add(editors)
    assert fresh(member).has_perm("wagtailadmin.access_admin")
    member.groups.remove(editors)
    assert not fresh(member).has_perm("wagtailadmin.access_admin")


def test_changing_a_groups_permissions_applies_at_once(member):
    group = Group.objects.create(name="Testgruppe")
    member.groups.add(group)
    assert not fresh(member).has_perm("wagtailadmin.access_admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    assert fresh(member).has_perm("wagtailadmin.access_admin")
    group.permissions.clear()
    assert not fresh(member).has_perm("wagtailadmin.access_admin")


def test_direct_permissions_and_superuser_flag(member):
    permission = Permission.objects.get(codename="access_admin")
    member.user_permissions.add(permission)
    assert fresh(member).has_perm("wagtailadmin.access_admin")
    member.user_permissions.remove(permission)
    assert not fresh(member).has_perm("wagtailadmin.access_admin")
    member.is_superuser = True
    member.save()
    assert fresh(member).has_perm("wagtailadmin.access_admin")


def test_inactive_members_have_no_permissions(member):
    member.is_superuser = True
    member.is_active = False
    member.save()
    assert not fresh(member).has_perm("wagtailadmin.access_admin")
