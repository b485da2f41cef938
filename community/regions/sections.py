"""Sections of a region's page that other apps fill: its best practice, Stories of Failure, community calls and
channels.

The knowledge and community apps depend on regions, not the other way round, so they register a provider in
their AppConfig.ready():

    from community.regions.sections import region_sections

    region_sections.provide("best_practice", provider)

`provider(region, request)` returns the section's context as a dict with the key "template" (an include that
receives it as `content`), or None when there is nothing to show. A slot without a provider, or whose provider
returns None, renders its empty state, written to look deliberate.
"""

from django.utils.translation import gettext_lazy as _

from home.sections import SectionRegistry, SectionSlot

region_sections = SectionRegistry()
region_sections.add_slot(
    SectionSlot(
        key="best_practice",
        title=_("Best practice from this region"),
        empty_text=_(
            "No practice report from this region yet. What works well here could help other regions: "
            "the coordinators can send the editors a report."
        ),
        icon="book",
    )
)
region_sections.add_slot(
    SectionSlot(
        key="stories_of_failure",
        title=_("Stories of Failure"),
        empty_text=_(
            "No Story of Failure from this region yet. Honest reports of what did not work are among the most "
            "read contributions; they appear here once published."
        ),
        icon="book",
    )
)
region_sections.add_slot(
    SectionSlot(
        key="calls",
        title=_("Community calls"),
        empty_text=_("No community call with this region is planned at the moment."),
        icon="calendar",
    )
)
region_sections.add_slot(
    SectionSlot(
        key="channels",
        title=_("Discussion channels"),
        empty_text=_("The region has no discussion channel of its own yet."),
        icon="chat",
    )
)
