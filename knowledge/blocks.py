"""StreamField blocks of the knowledge apps: the site's shared blocks plus document downloads."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from home.blocks import BaseStreamBlock


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=160,
        help_text=_("Shown instead of the document's own title, e.g. “Vorlage Kooperationsvereinbarung”."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=400)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_download_block.html"
        label = _("Document download")


class KnowledgeStreamBlock(BaseStreamBlock):
    document = DocumentDownloadBlock()
