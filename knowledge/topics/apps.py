from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "knowledge.topics"
    label = "topics"
    verbose_name = _("Topics")
    default_auto_field = "django.db.models.BigAutoField"
