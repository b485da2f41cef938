from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "community.calls"
    label = "calls"
    verbose_name = _("Community calls")
    default_auto_field = "django.db.models.BigAutoField"
