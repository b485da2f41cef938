"""StreamField blocks of a community call: its agenda, its materials and the parts of its minutes (Protokoll).

The call page renders these itself (start times of agenda items, TOP numbering, the action-item table), so
each block's `template` is what an include_block of a single block shows, e.g. in the admin preview.
"""

import datetime

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Item"),
        max_length=200,
        help_text=_("What happens in this part of the call, e.g. “Welcome and introductions”."),
    )
    minutes = blocks.IntegerBlock(
        label=_("Length (minutes)"),
        min_value=1,
        max_value=480,
        help_text=_("The time box of this item. Start times are computed from the call's start."),
    )
    speaker = blocks.CharBlock(
        label=_("Who"),
        required=False,
        max_length=200,
        help_text=_("Optional: who leads this item, e.g. “Laura Pfisterer (MINT-Region Kraichgau-Neckar)”."),
    )
    description = blocks.TextBlock(
        label=_("Details"), required=False, max_length=1000, help_text=_("Optional: one or two sentences.")
    )

    class Meta:
        icon = "time"
        label = _("Agenda item")
        template = "calls/blocks/agenda_item.html"
        preview_value = {"title": "Begrüßung und Vorstellungsrunde", "minutes": 10, "speaker": "Redaktion"}


class MaterialKind:
    SLIDES = "slides"
    DOCUMENT = "document"
    CHOICES = [(SLIDES, _("Slides")), (DOCUMENT, _("Document"))]


class MaterialBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Shown instead of the document's title, if filled in."),
    )
    kind = blocks.ChoiceBlock(
        label=_("Kind"), choices=MaterialKind.CHOICES, default=MaterialKind.DOCUMENT, required=True
    )

    class Meta:
        icon = "doc-full"
        label = _("Material")
        template = "calls/blocks/material.html"
        preview_value = {"title": "Folien zum Call", "kind": MaterialKind.SLIDES}


class MinutesTopicBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Agenda item"), max_length=200)
    notes = blocks.RichTextBlock(
        label=_("Discussion"),
        required=False,
        features=["bold", "italic", "ul", "ol", "link"],
        help_text=_("What was said, in a few sentences or bullet points."),
    )
    results = blocks.RichTextBlock(
        label=_("Results"),
        required=False,
        features=["bold", "italic", "ul", "ol", "link"],
        help_text=_("What this item produced: findings, agreements, open questions."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Agenda item (TOP)")
        template = "calls/blocks/minutes_topic.html"
        preview_value = {
            "title": "Erfahrungen aus den Regionen",
            "notes": "<p>Drei Regionen berichten von ihren ersten Schritten.</p>",
            "results": "<p>Eine gemeinsame Vorlage wird erstellt.</p>",
        }


class DecisionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Decision"), max_length=1000)
    topic_number = blocks.IntegerBlock(
        label=_("On agenda item (TOP)"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Optional: the number of the agenda item this decision belongs to."),
    )

    class Meta:
        icon = "tick"
        label = _("Decision")
        template = "calls/blocks/decision.html"
        preview_value = {"text": "Der nächste Call findet im Frühjahr statt.", "topic_number": 3}


class ActionStatus:
    OPEN = "offen"
    IN_PROGRESS = "in_arbeit"
    DONE = "erledigt"
    CHOICES = [(OPEN, _("open")), (IN_PROGRESS, _("in progress")), (DONE, _("done"))]


class ActionItemBlock(blocks.StructBlock):
    task = blocks.CharBlock(label=_("What"), max_length=300)
    owner = blocks.CharBlock(label=_("Who"), max_length=200, help_text=_("A person, a region or a group."))
    due = blocks.DateBlock(label=_("By when"), required=False)
    status = blocks.ChoiceBlock(label=_("Status"), choices=ActionStatus.CHOICES, default=ActionStatus.OPEN)

    class Meta:
        icon = "tasks"
        label = _("Action item")
        template = "calls/blocks/action_item.html"
        preview_value = {
            "task": "Vorlage für Kooperationsvereinbarungen teilen",
            "owner": "Redaktion",
            "due": datetime.date(2027, 1, 15),
            "status": ActionStatus.IN_PROGRESS,
        }


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Shown instead of the document's title, if filled in."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Attachment")
        template = "calls/blocks/material.html"
        preview_value = {"title": "Teilnehmendenliste (anonymisiert)"}


AGENDA_BLOCKS = [("item", AgendaItemBlock())]
MATERIAL_BLOCKS = [("document", MaterialBlock())]
TOPIC_BLOCKS = [("topic", MinutesTopicBlock())]
DECISION_BLOCKS = [("decision", DecisionBlock())]
ACTION_ITEM_BLOCKS = [("action_item", ActionItemBlock())]
ATTACHMENT_BLOCKS = [("document", AttachmentBlock())]
