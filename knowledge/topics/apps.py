from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "knowledge.topics"
    label = "topics"
    verbose_name = _("Topics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.chrome import add_nav_link

        from . import content

        add_nav_link(_("Topics"), "topics:overview", order=20)

        # Guide chapters and practice posts on the topic pages; regions and members join from
        # community/integrations/topics.py (knowledge never imports community).
        content.register()
