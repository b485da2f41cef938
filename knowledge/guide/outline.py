"""What a chapter's body is made of: sections with stable anchors, checklist item keys and the reading time.

Anchors are derived from the heading text (German umlauts transliterated, so "Fördermittel" becomes
"foerdermittel"), made unique within the chapter, and never collide with ids the page itself uses. A link to
"#foerdermittel" therefore keeps working as long as the heading keeps its wording.
"""

import math
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from wagtail.rich_text import get_text_for_indexing

from .blocks import checklist_items

WORDS_PER_MINUTE = 200  # a calm reading pace for German non-fiction
_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Ids of the site shell and the chapter page itself; a heading must not take one of them.
RESERVED_IDS = frozenset(
    {
        "main",
        "site-nav",
        "language-select",
        "chapter-title",
        "chapter-outline",
        "chapter-progress",
        "chapter-practice",
        "chapter-practice-heading",
        "guide-title",
    }
)


def anchor_for(text: str) -> str:
    slug = slugify(str(text).translate(_TRANSLITERATION))
    return slug or "abschnitt"


@dataclass
class Section:
    title: str
    anchor: str
    level: int  # 2 or 3
    is_checklist: bool = False
    children: list["Section"] = field(default_factory=list)


@dataclass
class BodyPart:
    """One block of the body as the chapter template renders it."""

    block: object  # a StreamChild
    anchor: str = ""
    level: int = 0

    @property
    def block_type(self) -> str:
        return self.block.block_type

    @property
    def block_id(self) -> str:
        return self.block.id or ""


class AnchorAllocator:
    def __init__(self, reserved=RESERVED_IDS):
        self.taken = set(reserved)

    def allocate(self, text: str, prefix: str = "") -> str:
        base = f"{prefix}{anchor_for(text)}"
        anchor, number = base, 2
        while anchor in self.taken:
            anchor = f"{base}-{number}"
            number += 1
        self.taken.add(anchor)
        return anchor


def body_parts(body, allocator: AnchorAllocator | None = None) -> list[BodyPart]:
    """The body's blocks, headings and checklists with their anchors."""
    allocator = allocator or AnchorAllocator()
    parts = []
    for child in body:
        if child.block_type == "heading":
            level = 3 if child.value.get("level") == "h3" else 2
            parts.append(BodyPart(child, allocator.allocate(child.value["text"]), level))
        elif child.block_type == "checklist":
            parts.append(BodyPart(child, allocator.allocate(child.value["title"], prefix="checkliste-"), 2))
        else:
            parts.append(BodyPart(child))
    return parts


def sections_of(parts: list[BodyPart]) -> list[Section]:
    """The "Auf dieser Seite" tree: level-2 sections with their level-3 sub-sections."""
    sections: list[Section] = []
    for part in parts:
        if not part.anchor:
            continue
        is_checklist = part.block_type == "checklist"
        title = part.block.value["title"] if is_checklist else part.block.value["text"]
        section = Section(title=title, anchor=part.anchor, level=part.level, is_checklist=is_checklist)
        if part.level == 3 and sections:
            sections[-1].children.append(section)
        else:
            sections.append(section)
    return sections


def checklist_anchor(body, block_id: str) -> str:
    for part in body_parts(body):
        if part.block_type == "checklist" and part.block_id == block_id:
            return part.anchor
    return ""


def checklist_keys(body) -> list[str]:
    """Keys of every checklist item in the body, in reading order."""
    keys = []
    for child in body:
        if child.block_type == "checklist" and child.id:
            keys.extend(item.key for item in checklist_items(child.id, child.value) if item.key)
    return keys


def checklist_item_texts(body) -> dict[str, str]:
    texts = {}
    for child in body:
        if child.block_type == "checklist" and child.id:
            for item in checklist_items(child.id, child.value):
                if item.key:
                    texts[item.key] = item.text
    return texts


def checklist_blocks(body) -> dict[str, list[str]]:
    """Checklist block id -> the ids of its items."""
    result = {}
    for child in body:
        if child.block_type == "checklist" and child.id:
            result[child.id] = [
                item.item_id for item in checklist_items(child.id, child.value) if item.item_id
            ]
    return result


def word_count(*texts: str) -> int:
    return sum(len(_WORD.findall(text or "")) for text in texts)


def readable_text(body) -> list[str]:
    """The words a reader reads in the body (not the labels of choices such as a heading's level)."""
    texts = []
    for child in body or ():
        value = child.value
        match child.block_type:
            case "heading":
                texts.append(value["text"])
            case "paragraph":
                texts.append(get_text_for_indexing(value.source))
            case "callout":
                texts += [value["title"], get_text_for_indexing(value["text"].source)]
            case "quote":
                texts += [value["text"], value["attribution"]]
            case "image":
                texts += [value["caption"], value["credit"]]
            case "document":
                texts += [value["title"] or getattr(value["document"], "title", ""), value["description"]]
            case "checklist":
                texts += [value["title"], *value["items"]]
            case _:
                texts += [str(text) for text in child.block.get_searchable_content(value)]
    return [text for text in texts if text]


def reading_minutes(title: str, summary: str, body) -> int:
    """Minutes a reader needs for the chapter, at least one."""
    words = word_count(title, summary, *readable_text(body))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
