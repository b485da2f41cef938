from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "community.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from community.members import privacy

        from . import privacy as notification_privacy

        privacy.register(
            "notifications", export=notification_privacy.export, erase=notification_privacy.erase
        )
        user_logged_out.connect(
            _close_sockets_on_logout, dispatch_uid="notifications-close-sockets-on-logout"
        )


def _close_sockets_on_logout(sender, request=None, **kwargs):
    """Open tabs of a browser session that logs out stop receiving that member's notifications."""
    from .inbox import close_session_sockets

    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        close_session_sockets(session.session_key)
