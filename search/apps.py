from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home import health

        from . import signals, sources
        from .engine import check_search_engine

        health.register("search", check_search_engine)
        # Content reaches the index through signals; no content app imports search/ (see sources/__init__.py).
        sources.register_builtin_sources()
        signals.connect()
