from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# One module per knowledge area; each has a connect() function.
MODULES = ("guide", "practice", "topics", "submissions")


class IntegrationsConfig(AppConfig):
    name = "community.integrations"
    label = "integrations"
    verbose_name = _("Community and knowledge")

    def ready(self):
        for name in MODULES:
            import_module(f"{self.name}.{name}").connect()
