"""Django's ModelBackend with the permission sets cached between requests.

Every page asks whether the member may use the admin (the Wagtail user bar, the account menu), which costs two
queries per request. The sets are cached per user under a version that any change to group memberships,
direct permissions or group permissions bumps, so a revoked permission takes effect with the next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from home.cache_versions import CacheVersion

PERMISSIONS = CacheVersion("auth-perms")
TIMEOUT = 60 * 10
invalidate_permission_cache = PERMISSIONS.bump


class CachedPermissionsBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        perm_cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, perm_cache_name):
            # The superuser flag is part of the key: toggling it changes the answer without any m2m change.
            key = PERMISSIONS.key(from_name, user_obj.pk, int(user_obj.is_superuser))
            perms = cache.get(key)
            if perms is None:
                perms = super()._get_permissions(user_obj, obj, from_name)
                cache.set(key, perms, TIMEOUT)
            setattr(user_obj, perm_cache_name, perms)
        return getattr(user_obj, perm_cache_name)


def connect_signals() -> None:
    user_model = get_user_model()
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(invalidate_permission_cache, sender=through, dispatch_uid=f"perm-cache-{through}")
    for model in (Group, Permission):
        post_save.connect(invalidate_permission_cache, sender=model, dispatch_uid=f"perm-cache-save-{model}")
        post_delete.connect(invalidate_permission_cache, sender=model, dispatch_uid=f"perm-cache-del-{model}")
