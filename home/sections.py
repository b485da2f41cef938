"""Page sections filled by the apps that own the content: the home page's, and any other page's that wants
slots (the region pages use the same registry class).

home/ must not import the content apps (dependencies point towards home), so each app registers a provider
for a section slot in its AppConfig.ready(). A slot without a provider, or whose provider returns no items,
renders its empty state, written to look deliberate.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Provider = Callable[..., dict | None]


@dataclass
class SectionSlot:
    key: str
    title: str | Promise
    empty_text: str | Promise
    icon: str
    empty_title: str | Promise = ""
    provider: Provider | None = None


@dataclass
class SectionRegistry:
    slots: dict[str, SectionSlot] = field(default_factory=dict)

    def add_slot(self, slot: SectionSlot) -> None:
        self.slots[slot.key] = slot

    def provide(self, key: str, provider: Provider) -> None:
        """Called by a content app: `provider(*args)` returns the section's context (a dict with the key
        "template"), or None when empty. The home page calls providers with (request,)."""
        if key not in self.slots:
            raise KeyError(f"Unknown section {key!r}; known: {', '.join(self.slots)}")
        self.slots[key].provider = provider

    def render(self, *args) -> list[dict]:
        sections = []
        for slot in self.slots.values():
            content = slot.provider(*args) if slot.provider else None
            sections.append({"slot": slot, "content": content or None})
        return sections


home_sections = SectionRegistry()
home_sections.add_slot(
    SectionSlot(
        key="knowledge",
        title=_("New in practice and experience"),
        empty_title=_("The first practice reports are being written"),
        empty_text=_(
            "Here you will find the newest best-practice posts and Stories of Failure from the MINT-Regionen "
            "as soon as the editors publish them."
        ),
        icon="book",
    )
)
home_sections.add_slot(
    SectionSlot(
        key="calls",
        title=_("Next community calls"),
        empty_title=_("No call scheduled at the moment"),
        empty_text=_("The next community calls are announced here, with registration and calendar entry."),
        icon="calendar",
    )
)
home_sections.add_slot(
    SectionSlot(
        key="channels",
        title=_("Active discussion channels"),
        empty_title=_("The channels open soon"),
        empty_text=_("Live discussion channels for quick questions between coordinators will appear here."),
        icon="chat",
    )
)
home_sections.add_slot(
    SectionSlot(
        key="regions",
        title=_("MINT-Regionen in Germany"),
        empty_title=_("The regional directory is being set up"),
        empty_text=_(
            "Soon you will find the MINT-Regionen and state coordination offices here, on a map and as a list."
        ),
        icon="map",
    )
)
