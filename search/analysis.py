"""Text analysis shared by the engines: words, German stemming, compounds, query variants, the query's limits.

The database engines analyse text here in Python, so that both answer the same questions the same way:

- `words(text)`: the words of a text (letters and digits; punctuation, quotes, brackets, emoji and search
  syntax are separators, never operators).
- `stem(word)`: the German Snowball stem of a word (lower case, umlauts folded, ß as ss, "ae" as "ä").
- `split_compound(word)`: the parts of a German compound from the shared vocabulary
  (search/data/compound_parts.txt, also Elasticsearch's dictionary_decompounder word list):
  "Netzwerkkoordination" -> ("netzwerk", "koordination"). Engines index the parts as extra tokens, so a search
  for "Koordination" finds "Netzwerkkoordination"; a compound in a query also matches its parts side by side.
- `word_variants(word)`: surface forms a query word stands for beyond its stem: the verb to a noun in -ung and
  back (Förderung / fördern / gefördert), "ae" for "ä" and back (Mädchen / Maedchen). Snowball alone stems
  "Förderung" to "forder" and "fördern" to "ford", so without these they would not find each other.
- `parse_query(text)`: what the engines search for: at most MAX_QUERY_WORDS words, each with its variants and
  compound parts, stop words dropped.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
COMPOUND_PARTS_FILE = DATA_DIR / "compound_parts.txt"
STOP_WORDS_FILE = DATA_DIR / "stopwords_de.txt"

# Bad input: a query is cut to this many characters, words and characters per word; nothing longer ever
# reaches an engine, so no input can make a query slow.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
MAX_WORD_LENGTH = 40
MIN_PART_LENGTH = 3
MIN_COMPOUND_LENGTH = 7
# Endings a compound's last part may carry ("Netzwerkkoordinatorinnen" -> netzwerk + koordinator + innen).
_INFLECTIONS = ("innen", "ern", "en", "er", "es", "in", "e", "n", "s")
# Linking elements between the parts of a compound ("Bildungskette" -> bildung + s + kette).
_LINKS = ("s", "es", "n", "en")

_WORD = re.compile(r"[^\W_]+")
# Control characters (C0, C1), bidi overrides and other invisible format characters: dropped from queries
# and indexed text alike. \x02 and \x03 also mark highlights inside the engines, so text must never hold them.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)


@cache
def compound_parts() -> frozenset[str]:
    """The known word parts, lowercase: the database engines split compounds with them, and the
    Elasticsearch index uses the same list for its dictionary_decompounder."""
    lines = COMPOUND_PARTS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@cache
def stop_words() -> frozenset[str]:
    lines = STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("german")


def clean_text(text: str) -> str:
    """Unicode-normalised text without invisible or control characters (tabs and newlines stay)."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))


def strip_urls(text: str) -> str:
    """Text without web addresses and email addresses: the index never holds a link (video-conference links
    included) or an address, whatever a member typed into a message or profile."""
    return _URL.sub(" ", text or "")


def fold(word: str) -> str:
    """Lower case as German compares words: "Straße" and "STRASSE" both become "strasse"."""
    return unicodedata.normalize("NFC", word.casefold())


def words(text: str) -> list[str]:
    return _WORD.findall(clean_text(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(fold(word))


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a compound from the shared vocabulary, or () if `word` is not one we know.

    Prefers the split with the fewest (so the longest) parts; linking elements and the last part's ending are
    dropped. Only words of at least MIN_COMPOUND_LENGTH letters are split; a word that is in the vocabulary
    itself is split all the same ("berufsorientierung" -> beruf + orientierung).
    """
    word = fold(word)
    if len(word) < MIN_COMPOUND_LENGTH or not word.isalpha():
        return ()
    return _split_after_first_part(word, 0) or ()


@lru_cache(maxsize=100_000)
def _split_from(word: str, start: int) -> tuple[str, ...] | None:
    """The split of word[start:] into known parts (one part is fine here), or None."""
    vocabulary = compound_parts()
    rest = word[start:]
    if rest in vocabulary:
        return (rest,)
    for ending in _INFLECTIONS:
        stem_part = rest[: -len(ending)]
        if rest.endswith(ending) and len(stem_part) >= MIN_PART_LENGTH and stem_part in vocabulary:
            return (stem_part,)
    return _split_after_first_part(word, start)


def _split_after_first_part(word: str, start: int) -> tuple[str, ...] | None:
    """The best split of word[start:] into at least two known parts, or None."""
    vocabulary = compound_parts()
    best = None
    # Longest first part first: "netzwerk" before "netz".
    for end in range(len(word) - MIN_PART_LENGTH, start + MIN_PART_LENGTH - 1, -1):
        piece = word[start:end]
        if piece not in vocabulary:
            continue
        for next_start in [end] + [end + len(link) for link in _LINKS if word.startswith(link, end)]:
            if len(word) - next_start < MIN_PART_LENGTH:
                continue
            tail = _split_from(word, next_start)
            if tail is not None and (best is None or len(tail) + 1 < len(best)):
                best = (piece, *tail)
        if best is not None and len(best) == 2:
            break
    return best


def compound_extra(text: str) -> str:
    """The parts of every compound in `text`, space-separated: indexed as extra tokens next to the text."""
    seen = set()
    extra = []
    for word in words(text):
        folded = fold(word)
        if folded in seen:
            continue
        seen.add(folded)
        extra.extend(split_compound(folded))
    return " ".join(extra)


def index_tokens(text: str) -> list[str]:
    """Stems of the words of `text` followed by the stems of their compound parts (the SQLite engine's
    indexed form of a text)."""
    tokens = []
    parts = []
    for word in words(text):
        folded = fold(word)[:MAX_WORD_LENGTH]
        tokens.append(stem(folded))
        parts.extend(split_compound(folded))
    tokens.extend(stem(part) for part in parts)
    return tokens


_UMLAUT_TO_DIGRAPH = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_DIGRAPHS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))


def word_variants(word: str) -> tuple[str, ...]:
    """The folded word and the surface forms it stands for in a query (see the module docstring).

    A word typed in lower case may be a verb: "schulen" also finds "Schulung"; a capitalised one is taken as
    the noun it looks like ("Schulen" does not).
    """
    typed_lower = word[:1].islower()
    word = fold(word)
    variants = [word]

    def add(form: str) -> None:
        if form and form not in variants and len(variants) < 6:
            variants.append(form)

    if any(char in word for char in "äöü"):
        add(word.translate(_UMLAUT_TO_DIGRAPH))
    elif any(digraph in word for digraph, _umlaut in _DIGRAPHS) and not word.startswith(("que", "qua")):
        form = word
        for digraph, umlaut in _DIGRAPHS:
            form = form.replace(digraph, umlaut)
        add(form)
    if len(word) >= 6 and word.isalpha():
        for form in _derivations(word, typed_lower):
            add(form)
    return tuple(variants)


def _derivations(word: str, typed_lower: bool) -> list[str]:
    """Verb <-> noun in -ung <-> participle, for a folded word."""
    if word.endswith(("ung", "ungen")):
        base = word[: -5 if word.endswith("ungen") else -3]
        if base.endswith("ier"):  # Koordinierung -> koordinieren, koordiniert
            return [base + "en", base + "t"]
        if base.endswith(("er", "el")):  # Förderung -> fördern, gefördert
            return [base + "n", "ge" + base + "t"]
        if base.endswith(("l", "r")) and len(base) > 3 and base[-2] not in "aeiouäöü":
            return [base[:-1] + "e" + base[-1] + "n"]  # Entwicklung -> entwickeln
        return [base + "en"]  # Gestaltung -> gestalten
    if word.endswith("ieren"):  # koordinieren -> Koordinierung, koordiniert
        base = word[:-2]
        return [base + "ung", base + "t"]
    if word.endswith(("ern", "eln")):  # fördern -> Förderung, gefördert; entwickeln -> Entwicklung
        base = word[:-1]
        forms = [base + "ung", "ge" + base + "t"]
        if word.endswith("eln"):
            forms.append(word[:-3] + "lung")
        return forms
    if word.startswith("ge") and word.endswith("t") and len(word) >= 8:  # gefördert -> fördern, Förderung
        base = word[2:-1]
        if base.endswith("ier"):
            return [base + "en", base + "ung"]
        if base.endswith(("er", "el")):
            return [base + "n", base + "ung"]
        return []
    if (
        typed_lower and word.endswith("en") and not word.endswith(("chen", "innen"))
    ):  # gestalten -> Gestaltung
        return [word[:-2] + "ung"]
    return []


@dataclass(frozen=True)
class QueryTerm:
    word: str  # as typed (for "Meinten Sie …?")
    variants: tuple[str, ...]  # folded word first, then its variants
    parts: tuple[str, ...] = ()  # compound parts, all of which must match if the word itself does not


def clean_query(text: str) -> str:
    """What the query box shows again: the input cut to MAX_QUERY_LENGTH, invisible characters dropped,
    whitespace collapsed."""
    return " ".join(clean_text(str(text or ""))[:MAX_QUERY_LENGTH].split())


def parse_query(text: str) -> list[QueryTerm]:
    """The words a query searches for (every one must match), stop words dropped unless nothing else is left."""
    raw = [word[:MAX_WORD_LENGTH] for word in words(clean_query(text))]
    seen = set()
    unique = []
    for word in raw:
        if fold(word) not in seen:
            seen.add(fold(word))
            unique.append(word)
    content = [word for word in unique if fold(word) not in stop_words()] or unique
    terms = []
    for word in content[:MAX_QUERY_WORDS]:
        terms.append(QueryTerm(word=word, variants=word_variants(word), parts=split_compound(word)))
    return terms


def query_text(terms: list[QueryTerm]) -> str:
    """The words of a parsed query as plain text (what Elasticsearch receives: no syntax, only words)."""
    return " ".join(term.word for term in terms)


def vocabulary_words(text: str) -> list[str]:
    """Words worth suggesting in "Meinten Sie …?": letters only, 4 to 30 characters, no stop words."""
    result = []
    for word in words(text):
        if 4 <= len(word) <= 30 and word.isalpha() and fold(word) not in stop_words():
            result.append(word)
    return result


def trigrams(word: str) -> set[str]:
    padded = f"  {fold(word)} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def similarity(first: str, second: str) -> float:
    """Trigram similarity as pg_trgm computes it (shared trigrams / all trigrams), 0..1."""
    a, b = trigrams(first), trigrams(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
