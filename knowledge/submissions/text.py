"""Cleaning what members type, before it is stored, and turning their Markdown into the page's rich text.

Escaping on output (Django's autoescape, home.text's Markdown renderer with nh3) is what makes text harmless;
the cleaning here keeps stored text sane: no control characters, no bidirectional overrides that would make
a title read differently from what it is (e.g. U+202E before "gpj.exe", shown as "exe.jpg"), no stray
byte-order marks, Unicode in NFC, one kind of line break.
"""

import re
import unicodedata

import nh3

from home.text import render_markdown

# Control characters except tab and newline; the bidi embeddings, overrides and isolates (U+202A–U+202E,
# U+2066–U+2069); byte-order marks and non-characters; the interlinear annotation characters.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\ud800-\udfff]"
)
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")


def clean_text(value, *, multiline: bool = True) -> str:
    """Member text as it is stored: NFC, no control or bidi-override characters, trimmed. Single-line text
    has its whitespace collapsed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _LINE_BREAKS.sub("\n", text)
    text = _UNWANTED.sub("", text)
    if not multiline:
        return " ".join(text.split())
    # Trailing spaces per line carry no meaning in what members write; more than two empty lines neither.
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{4,}", "\n\n\n", text)
    return text.strip()


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
