from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "knowledge.practice"
    label = "practice"
    verbose_name = _("Practice and experience")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.sections import home_sections

        from .cache import connect_signals
        from .sections import home_section

        connect_signals()
        home_sections.provide("knowledge", home_section)
