from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "community.calls"
    label = "calls"
    verbose_name = _("Community calls")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from community.members import privacy
        from community.members.follow import register_followable
        from home.sections import home_sections

        from . import cache, signals
        from . import privacy as call_privacy
        from .models import CommunityCallPage
        from .sections import home_section, register_topic

        cache.connect_signals()
        signals.connect()
        home_sections.provide("calls", home_section)
        register_topic()
        register_followable(
            CommunityCallPage, _("Community calls"), queryset=lambda model: model.objects.live().public()
        )
        privacy.register("calls", export=call_privacy.export, erase=call_privacy.erase)
