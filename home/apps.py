from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site shell")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import chrome, health

        health.register_builtin_checks()
        chrome.connect_signals()
