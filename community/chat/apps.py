from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "community.chat"
    label = "chat"
    verbose_name = _("Discussion channels")
    default_auto_field = "django.db.models.BigAutoField"
