"""Loads the German demo content. Idempotent: a second run finds what exists and adds only what is missing.

Each app contributes a `demo.py` module with a `load(context)` function; they run in INSTALLED_APPS order, so
the page tree of home/ exists before knowledge/ and community/ hang their pages into it.
"""

from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from home.demo_support import DemoContext

DUMMY_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = "Load the German demo content and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-credentials", action="store_true", help="Do not print demo credentials.")

    def handle(self, *args, **options):
        # Demo text is German whatever the shell's locale, and loading it never sends real email (demo
        # notifications would otherwise reach the console or, with SMTP configured, real inboxes).
        with (
            translation.override(settings.LANGUAGE_CODE),
            override_settings(EMAIL_BACKEND=DUMMY_EMAIL_BACKEND),
        ):
            self._load_all(options)

    def _load_all(self, options):
        context = DemoContext(stdout=self.stdout, style=self.style)
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if util.find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            with transaction.atomic():
                module.load(context)
            self.stdout.write(f"  {app_config.verbose_name}: {context.summary_for(app_config.name)}")
        if not options["quiet_credentials"]:
            context.print_credentials()
