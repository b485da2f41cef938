from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "community.chat"
    label = "chat"
    verbose_name = _("Discussion channels")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out
        from wagtail.permissions import register_permission_policy

        from community.members import privacy
        from community.members.follow import register_followable
        from community.regions.sections import region_sections
        from home.chrome import add_nav_link
        from home.sections import home_sections

        from . import privacy as chat_privacy
        from . import topics
        from .access import can_follow_channel
        from .admin_views import ModeratorsOnlyPolicy
        from .models import Channel, ModerationAction, Report
        from .sections import home_section, region_section

        for model in (Channel, Report, ModerationAction):
            # Before the admin viewsets ask, or Wagtail would create its model-permission default.
            register_permission_policy(model, ModeratorsOnlyPolicy(model))
        privacy.register("chat", export=chat_privacy.export, erase=chat_privacy.erase)
        register_followable(
            Channel,
            _("Channels"),
            title=lambda channel: channel.name,
            url=lambda channel, request=None: channel.get_absolute_url(),
            queryset=lambda model: model.objects.filter(archived=False),
            can_follow=can_follow_channel,
        )
        home_sections.provide("channels", home_section)
        region_sections.provide("channels", region_section)
        topics.register()
        add_nav_link(_("Channels"), "chat:list", order=30)
        user_logged_out.connect(_close_sockets_on_logout, dispatch_uid="chat-close-sockets-on-logout")


def _close_sockets_on_logout(sender, request=None, **kwargs):
    """Open channel pages of a browser session that logs out stop receiving (and sending) at once."""
    from .broadcast import Outbox, publish_sync, session_group

    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        outbox = Outbox()
        outbox.events.append((session_group(session.session_key), {"type": "chat.logout"}))
        publish_sync(outbox)
