"""Labels of what the index holds: document types (the type badges and the type facet) and Bundesländer.

Sources register their types (search/sources/); engines and the search page read the labels from here, so a new
type (community calls, thread posts) appears in badges and facets by registering itself.
"""

from dataclasses import dataclass

from django.utils.functional import Promise

from home.choices import Bundesland


@dataclass(frozen=True)
class DocType:
    key: str
    label: str | Promise  # singular, for the badge on a result
    plural: str | Promise  # for the type facet
    order: int = 100


_types: dict[str, DocType] = {}


def register_type(key: str, label, plural=None, order: int = 100) -> DocType:
    doc_type = DocType(key=key, label=label, plural=plural or label, order=order)
    _types[key] = doc_type
    return doc_type


def doc_types() -> list[DocType]:
    return sorted(_types.values(), key=lambda entry: (entry.order, entry.key))


def is_doc_type(key: str) -> bool:
    return key in _types


def type_label(key: str) -> str:
    entry = _types.get(key)
    return str(entry.label) if entry else key


def type_plural(key: str) -> str:
    entry = _types.get(key)
    return str(entry.plural) if entry else key


def type_order(key: str) -> int:
    entry = _types.get(key)
    return entry.order if entry else 1000


_BUNDESLAND_LABELS = dict(Bundesland.choices)


def bundesland_label(code: str) -> str:
    return str(_BUNDESLAND_LABELS.get(code, code))


def is_bundesland(code: str) -> bool:
    return code in _BUNDESLAND_LABELS
