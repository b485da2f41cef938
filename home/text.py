"""Text rendering used everywhere: Markdown written by members becomes sanitised HTML.

markdown-it-py parses (raw HTML disabled, so members cannot inject markup), nh3 then sanitises the result
against a short allow-list as a second line of defence. Links get rel="nofollow noopener noreferrer".
"""

import html as html_lib
import re
import unicodedata
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # "js-default" disables raw HTML and keeps links to safe schemes; we add tables and strikethrough.
    md = MarkdownIt("js-default", {"linkify": False, "typographer": False, "breaks": True})
    md.enable(["table", "strikethrough"])
    # Headings written by members are demoted so they never compete with the page's own h1/h2.
    md.disable(["lheading"])
    return md


def sanitise_html(html: str) -> SafeString:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # nosec B308, B703: nh3.clean output with the allow-lists above (or an empty string)


def render_markdown(text: str) -> SafeString:
    """Member-written Markdown to safe HTML. Headings # and ## are shown as h3/h4."""
    if not text:
        return mark_safe("")  # nosec B308: nh3.clean output with the allow-lists above (or an empty string)
    tokens = _markdown().parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 2, 4)
            token.tag = f"h{level}"
    html = _markdown().renderer.render(tokens, _markdown().options, {})
    return sanitise_html(html)


def plain_text(text: str, limit: int | None = None) -> str:
    """Markdown to plain text, for summaries, emails and search documents."""
    html = _markdown().render(text or "")
    stripped = html_lib.unescape(nh3.clean(html, tags=set()))
    stripped = " ".join(stripped.split())
    if limit is not None and len(stripped) > limit:
        stripped = stripped[: limit - 1].rstrip() + "…"
    return stripped


# --- Cleaning what members type, before it is stored ------------------------------------------------------
# Escaping on output makes text harmless; this keeps stored text sane: no control characters, no bidirectional
# overrides that make a name or title read differently from what it is (U+202E before "gpj.exe" shows as
# "exe.jpg"), no stray byte-order marks, Unicode in NFC, one kind of line break. Names, profiles, submissions,
# chat messages and discussion posts all go through it.

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
