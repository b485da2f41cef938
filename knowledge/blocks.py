"""StreamField blocks of the knowledge apps: the site's shared blocks plus document downloads."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from home.blocks import BaseStreamBlock


def _newest_document_preview() -> dict:
    from wagtail.documents import get_document_model

    return {
        "document": get_document_model().objects.order_by("-created_at").first(),
        "title": "Vorlage Kooperationsvereinbarung",
        "description": "Eine Gliederung mit Formulierungsvorschlägen zum Anpassen an deine Region.",
    }


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
        description = _("A file readers can download, e.g. a template or a handout.")

    def get_preview_value(self):
        # The admin's block preview shows the newest document, if there is one.
        return self.normalize(_newest_document_preview())


class KnowledgeStreamBlock(BaseStreamBlock):
    document = DocumentDownloadBlock()
