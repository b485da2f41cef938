from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "knowledge.submissions"
    label = "submissions"
    verbose_name = _("Member submissions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import workflow

        workflow.connect()
        # After every migrate (and every flush in the test suite): the review workflow and the collections.
        post_migrate.connect(
            workflow.ensure_after_migrate, sender=self, dispatch_uid="submissions-ensure-workflow"
        )
