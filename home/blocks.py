"""StreamField blocks shared by every content app."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Level 2")), ("h3", _("Level 3"))],
        default="h2",
        help_text=_("Level 2 for sections, level 3 for sub-sections."),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        preview_value = {"text": "Erste Schritte", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("tip", _("Tip")), ("note", _("Note")), ("warning", _("Caution"))],
        default="tip",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"
        label = _("Tip or note")
        preview_value = {
            "kind": "tip",
            "title": "Tipp aus der Praxis",
            "text": "<p>Sprich zuerst mit den Akteur:innen, die schon da sind.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"), required=False, max_length=160, help_text=_("Who said it, and in which role.")
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        preview_value = {
            "text": "Ohne eine Person, die sich kümmert, schläft jedes Netzwerk wieder ein.",
            "attribution": "Koordinatorin einer MINT-Region",
        }


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    credit = blocks.CharBlock(
        label=_("Credit"), required=False, max_length=120, help_text=_("Photographer or source, as required.")
    )

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        label = _("Image")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=["h3", "bold", "italic", "link", "document-link", "ol", "ul"],
        template="blocks/paragraph_block.html",
    )
    callout = CalloutBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
