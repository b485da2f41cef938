"""The roles of Netzwerkstatt as Django groups, and the questions every app asks about them.

    Redaktion   editors: the Wagtail admin, the whole page tree, images and documents
    Moderation  moderators: the Wagtail admin (moderation queues come with the community features)
    Mitglieder  members: no admin

The groups are created by a migration (members 0003); their permissions are synchronised after every
`migrate` (the post_migrate signal, see apps.py), because Django creates permission rows only after the
migrations have run. The code is the source of truth: a sync sets each group's permissions to exactly what
ROLE_PERMISSIONS says (on the tree root and the root collection), so run `manage.py migrate` after editing it.

Ask `is_editor(user)` / `is_moderator(user)` instead of checking group names or `is_staff` anywhere else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission

logger = logging.getLogger(__name__)

EDITORS = "Redaktion"
MODERATORS = "Moderation"
MEMBERS = "Mitglieder"
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page")
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image", "delete_image")
DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document", "delete_document")


@dataclass(frozen=True)
class Role:
    name: str
    # "app_label.codename" of model-independent permissions held by the group itself
    permissions: tuple[str, ...] = ()
    # codenames of wagtailcore page permissions granted on the tree root
    page_permissions: tuple[str, ...] = ()
    # "app_label.codename" of image/document permissions granted on the root collection
    collection_permissions: tuple[str, ...] = field(default=())


ROLES = (
    Role(
        EDITORS,
        # Topics: rename and merge tags in the admin (knowledge/topics/admin_views.py).
        permissions=("wagtailadmin.access_admin", "taggit.change_tag", "taggit.delete_tag"),
        page_permissions=PAGE_PERMISSIONS,
        collection_permissions=tuple(f"wagtailimages.{c}" for c in IMAGE_PERMISSIONS)
        + tuple(f"wagtaildocs.{c}" for c in DOCUMENT_PERMISSIONS),
    ),
    Role(MODERATORS, permissions=("wagtailadmin.access_admin",)),
    Role(MEMBERS),
)

# Apps whose permission rows the sync needs; on a fresh database their post_migrate may come after ours.
_PERMISSION_APPS = ("wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs", "taggit")


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _ensure_permission_rows(using: str) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for label in _PERMISSION_APPS:
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)


def sync_roles(using: str = "default") -> None:
    """Create the role groups if missing and give each exactly its permissions. Idempotent."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    _ensure_permission_rows(using)
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_collection is None:
        # A flushed database (tests) has none; Wagtail's own migration would have created it.
        root_collection = Collection.add_root(name="Root")

    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.name)
        group.permissions.set([_permission(p) for p in role.permissions])

        if root_page is not None:
            wanted = set(
                Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename__in=role.page_permissions
                )
            )
            existing = GroupPagePermission.objects.filter(group=group, page=root_page)
            existing.exclude(permission__in=wanted).delete()
            have = set(existing.values_list("permission_id", flat=True))
            GroupPagePermission.objects.bulk_create(
                GroupPagePermission(group=group, page=root_page, permission=p)
                for p in wanted
                if p.pk not in have
            )

        wanted = {_permission(p) for p in role.collection_permissions}
        existing = GroupCollectionPermission.objects.filter(group=group, collection=root_collection)
        existing.exclude(permission__in=wanted).delete()
        have = set(existing.values_list("permission_id", flat=True))
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(group=group, collection=root_collection, permission=p)
            for p in wanted
            if p.pk not in have
        )

    # Wagtail's initial migration creates the groups "Editors" and "Moderators"; ours replace them, and two
    # sets of similar groups in the admin invite mistakes. Removed while nobody belongs to them.
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


def sync_roles_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver (connected for the members app only)."""
    sync_roles(using=using)


# --- Questions every app asks -------------------------------------------------------------------------------

_CACHE_ATTRIBUTE = "_netzwerkstatt_role_names"


def role_names(user) -> frozenset[str]:
    """The role groups of a user, read once per user object (one query) and remembered on it."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(
            user.groups.filter(name__in=[role.name for role in ROLES]).values_list("name", flat=True)
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def roles_known(user) -> bool:
    """Whether role_names(user) was read already for this user object (then asking again costs no query)."""
    return getattr(user, _CACHE_ATTRIBUTE, None) is not None


def forget_roles(user) -> None:
    """Call after changing a user's groups if the same user object is asked again."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def is_editor(user) -> bool:
    """Editors: superusers and the group Redaktion."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or EDITORS in role_names(user)


def is_moderator(user) -> bool:
    """Moderators: editors and the group Moderation."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return is_editor(user) or MODERATORS in role_names(user)


def add_to_role(user, role_name: str) -> None:
    group, _created = Group.objects.get_or_create(name=role_name)
    user.groups.add(group)
    forget_roles(user)
