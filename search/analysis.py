"""Text analysis shared by the engines: the compound-part vocabulary (search/data/compound_parts.txt)."""

from functools import cache
from pathlib import Path

COMPOUND_PARTS_FILE = Path(__file__).resolve().parent / "data" / "compound_parts.txt"


@cache
def compound_parts() -> frozenset[str]:
    """The known word parts, lowercase: the database engines split compounds with them, and the
    Elasticsearch index uses the same list for its dictionary_decompounder."""
    lines = COMPOUND_PARTS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))
