import pytest
from bs4 import BeautifulSoup

from home.text import plain_text, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    "<svg onload=alert(1)>",
    "![bild](https://tracker.example/pixel.png)",
    '<div style="position:fixed;inset:0">overlay</div>',
    "\u202eevil\u202c and \x00 null",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_harmlessly(text):
    soup = BeautifulSoup(str(render_markdown(text)), "html.parser")
    tags = {tag.name for tag in soup.find_all(True)}
    assert tags <= {"p", "a", "br", "strong", "em"}, tags
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on")
            assert attribute != "style"
            if attribute == "href":
                assert value.startswith(("https://", "http://", "mailto:")), value


def test_markdown_basics_and_link_rel():
    html = str(render_markdown("**fett** und _kursiv_\n\n- eins\n- zwei\n\n[MINT](https://mint.example/)"))
    assert "<strong>fett</strong>" in html and "<em>kursiv</em>" in html
    assert "<li>eins</li>" in html
    assert 'href="https://mint.example/"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_member_headings_are_demoted():
    html = str(render_markdown("# Titel\n\n## Unterpunkt"))
    assert "<h3>Titel</h3>" in html and "<h4>Unterpunkt</h4>" in html
    assert "<h1" not in html and "<h2" not in html


def test_plain_text_strips_markup_and_truncates():
    assert plain_text("**Förderung** & <b>Netzwerk</b>") == "Förderung & <b>Netzwerk</b>"
    assert plain_text("eins zwei drei vier", limit=10) == "eins zwei…"


def test_empty_input():
    assert str(render_markdown("")) == ""
    assert plain_text("") == ""
