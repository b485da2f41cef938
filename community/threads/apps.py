from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadsConfig(AppConfig):
    name = "community.threads"
    label = "threads"
    verbose_name = _("Discussion threads")
    default_auto_field = "django.db.models.BigAutoField"
