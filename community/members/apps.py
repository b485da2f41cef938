from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "community.members"
    label = "members"
    verbose_name = _("Members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account.signals import user_signed_up
        from django.db.models.signals import post_migrate

        from home.chrome import add_nav_link

        from . import backends, privacy, roles
        from .adapters import on_user_signed_up

        backends.connect_signals()

        # Role permissions exist only after every app has migrated; roles.sync_roles creates what it needs.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self, dispatch_uid="members-sync-roles")
        user_signed_up.connect(on_user_signed_up, dispatch_uid="members-user-signed-up")
        privacy.register("members", export=privacy.export_members, erase=privacy.erase_members)
        add_nav_link(_("Members"), "members:directory", order=40)
