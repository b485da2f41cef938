"""The blocks of a guide chapter: the knowledge blocks plus a checklist whose items readers can tick.

Every ticked item is remembered under a stable key made of the checklist block's id and the id Wagtail gives each
ListBlock item. Both ids survive edits (reordering, rewording, adding items), so a member's ticks stay with the
item they ticked; an item the editors delete simply stops counting.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from knowledge.blocks import KnowledgeStreamBlock

ITEM_KEY_SEPARATOR = ":"
# A block id and a ListBlock item id are UUIDs (36 characters each) joined by the separator.
ITEM_KEY_MAX_LENGTH = 80


def item_key(block_id: str, item_id: str) -> str:
    return f"{block_id}{ITEM_KEY_SEPARATOR}{item_id}"


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    item_id: str
    text: str
    ticked: bool = False


def checklist_items(block_id: str, value, ticked_keys=frozenset()) -> list[ChecklistItem]:
    """The items of one checklist value (a StructValue) with their keys and the reader's ticks."""
    items = value["items"]
    children = getattr(items, "bound_blocks", None)
    if children is None:  # a plain list (e.g. a preview value before conversion): no stable ids to offer
        return [ChecklistItem(key="", item_id="", text=text) for text in items]
    result = []
    for child in children:
        key = item_key(block_id, child.id) if block_id and child.id else ""
        result.append(
            ChecklistItem(key=key, item_id=child.id or "", text=child.value, ticked=key in ticked_keys)
        )
    return result


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=120,
        help_text=_("What the list is for, e.g. “Bevor du das erste Partnertreffen einberufst”."),
    )
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Item"), max_length=300),
        label=_("Items"),
        min_num=1,
        max_num=30,
        help_text=_(
            "One concrete step per item. Readers tick them off; rewording an item keeps their ticks."
        ),
    )

    class Meta:
        icon = "tasks"
        template = "blocks/checklist_block.html"
        label = _("Checklist")
        description = _("A list of steps readers can tick off; members keep their ticks across devices.")
        preview_value = {
            "title": "Bevor du loslegst",
            "items": [
                "Bestehende Initiativen in der Region aufgelistet",
                "Drei mögliche Partner angesprochen",
                "Ersten Termin für ein Auftakttreffen vereinbart",
            ],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent = parent_context or {}
        # The chapter template passes block_id explicitly; Wagtail's StreamChild.render provides "id".
        block_id = parent.get("block_id") or parent.get("id") or ""
        ticked = parent.get("checklist_ticked") or frozenset()
        context["block_id"] = block_id
        context["checklist_items"] = checklist_items(block_id, value, ticked)
        context["checklist_ticked_count"] = sum(item.ticked for item in context["checklist_items"])
        context["checklist_errors"] = (parent.get("checklist_errors") or {}).get(block_id, [])
        return context


class GuideChapterStreamBlock(KnowledgeStreamBlock):
    checklist = ChecklistBlock()
