"""Cleaning what members type, before it is stored, and turning their Markdown into the page's rich text.

Escaping on output (Django's autoescape, home.text's Markdown renderer with nh3) is what makes text harmless;
the cleaning here keeps stored text sane: no control characters, no bidirectional overrides that would make
a title read differently from what it is (e.g. U+202E before "gpj.exe", shown as "exe.jpg"), no stray
byte-order marks, Unicode in NFC, one kind of line break.
"""

import nh3

from home.text import clean_text, render_markdown

__all__ = ["clean_text", "markdown_to_rich_text"]


# The page body is a StreamField whose "paragraph" block is Wagtail rich text with these features:
# h3, bold, italic, link, document-link, ol, ul. The member's Markdown is rendered (raw HTML off, sanitised by
# nh3 in home.text) and then reduced to exactly what that rich text editor can hold, so that an editor who
# opens the page in the admin sees and keeps everything readers see.
RICH_TEXT_TAGS = {"p", "br", "h3", "strong", "em", "a", "ul", "ol", "li"}
RICH_TEXT_ATTRIBUTES = {"a": {"href"}}
RICH_TEXT_SCHEMES = {"http", "https", "mailto"}


def markdown_to_rich_text(text: str) -> str:
    """Member Markdown as the HTML of a rich text paragraph (empty string for empty text)."""
    html = str(render_markdown(text or ""))
    if not html.strip():
        return ""
    # Member headings arrive as h3/h4 (home.text demotes them); the editor knows only h3.
    html = html.replace("<h4>", "<h3>").replace("</h4>", "</h3>")
    # Block quotes, code and tables are not part of the editor's rich text: their text stays, the markup goes.
    html = nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=RICH_TEXT_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return html.strip()
