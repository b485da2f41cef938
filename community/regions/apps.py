from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "community.regions"
    label = "regions"
    verbose_name = _("MINT-Regionen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from community.members import privacy
        from home.sections import home_sections

        from . import signals
        from .admin_views import ProposalPermissionPolicy
        from .home_section import regions_section
        from .models import RegionChangeProposal
        from .proposals import erase_proposals, export_proposals

        # Before the admin viewset asks for a policy, or Wagtail would create its model-permission default.
        register_permission_policy(RegionChangeProposal, ProposalPermissionPolicy(RegionChangeProposal))
        signals.connect()
        home_sections.provide("regions", regions_section)
        privacy.register("region_proposals", export=export_proposals, erase=erase_proposals)
