"""The shared text analysis: compounds, query variants, stemming, limits on bad input, and what the index never
holds (addresses, links, invisible characters)."""

import time

import pytest

from search import analysis
from search.engines import common
from search.engines.base import IndexDocument


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Netzwerkkoordination", ("netzwerk", "koordination")),
        ("Netzwerkkoordinatorinnen", ("netzwerk", "koordinator")),
        ("Bildungskette", ("bildungs", "kette")),
        ("Förderprogramm", ("förder", "programm")),
        ("Kooperationsvereinbarung", ("kooperation", "vereinbarung")),
        ("Netzwerk", ()),
        ("Netzwerke", ()),
        ("Schulen", ()),
        ("Koordination", ()),
    ],
)
def test_compounds_split_with_the_shared_vocabulary(word, parts):
    assert analysis.split_compound(word) == parts


def test_every_compound_part_is_lowercase_and_unique():
    lines = [
        line
        for line in analysis.COMPOUND_PARTS_FILE.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert lines == sorted(set(lines)) and all(line == line.lower() for line in lines)


def test_variants_link_verb_noun_and_participle():
    assert {"förderung", "fördern", "gefördert"} <= set(analysis.word_variants("fördern"))
    assert {"fördern", "gefördert"} <= set(analysis.word_variants("Förderung"))
    assert "entwickeln" in analysis.word_variants("Entwicklung")
    assert "koordinierung" in analysis.word_variants("koordinieren")
    assert "mädchen" in analysis.word_variants("Maedchen")
    assert "maedchen" in analysis.word_variants("Mädchen")
    # A capitalised plural noun is not taken for a verb ("Schulen" must not find "Schulung").
    assert "schulung" not in analysis.word_variants("Schulen")
    assert "schulung" in analysis.word_variants("schulen")


def test_stems_fold_case_umlauts_and_sharp_s():
    assert analysis.stem("Straße") == analysis.stem("strasse")
    assert analysis.stem("Netzwerke") == analysis.stem("Netzwerk")
    assert analysis.stem("Mädchen") == analysis.stem("Maedchen")


def test_parse_query_keeps_words_only_and_limits_them():
    terms = analysis.parse_query('"Förderung" (für) title:Mädchen* AND ~2 🙂 \u202e' + " Netz" * 50)
    words = [term.word for term in terms]
    assert words[:4] == ["Förderung", "title", "Mädchen", "AND"]  # "für" is a stop word
    assert len(terms) <= analysis.MAX_QUERY_WORDS
    assert analysis.parse_query("und die der") != []  # only stop words: searched for all the same
    assert analysis.parse_query("🙂 ((( ***") == []
    assert len(analysis.clean_query("x" * 1000)) == analysis.MAX_QUERY_LENGTH


def test_pathological_words_stay_fast():
    started = time.perf_counter()
    analysis.split_compound("netzwerk" * 5)
    analysis.split_compound("a" * 40)
    analysis.parse_query(("schulschulschul" * 3 + " ") * 12)
    assert time.perf_counter() - started < 0.5


def test_the_index_never_holds_links_addresses_or_invisible_characters():
    document = IndexDocument(
        key="message:1",
        doc_type="message",
        object_model="chat.message",
        object_id=1,
        audiences=("members",),
        title="#Call\u0002",
        url="/kanaele/call/",
        summary="Einwahl unter https://meet.example.org/abc-defg-hij",
        body="Oder www.video.example/raum?pin=1234 und Fragen an jana@netzwerkstatt.example \u202eheute",
    )
    prepared = common.prepared_document(document)
    text = prepared.title + prepared.summary + prepared.body
    assert "meet.example" not in text and "video.example" not in text and "@" not in text
    assert "\u0002" not in text and "\u202e" not in text
    assert "Einwahl unter" in prepared.summary and "heute" in prepared.body


def test_marked_html_escapes_everything_but_marks():
    html = common.marked_to_html("<b>Fett</b> & \x02Netz\x03werk \x02offen")
    assert html == "&lt;b&gt;Fett&lt;/b&gt; &amp; <mark>Netz</mark>werk <mark>offen</mark>"
