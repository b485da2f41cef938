from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "community.regions"
    label = "regions"
    verbose_name = _("MINT-Regionen")
    default_auto_field = "django.db.models.BigAutoField"
