from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "knowledge.guide"
    label = "guide"
    verbose_name = _("Founding guide")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
