"""The one interface every search engine implements (database engines and Elasticsearch).

Content reaches an engine as `IndexDocument`s built by the sources (search/sources/); a query is a
`SearchQuery` and comes back as `SearchResults`. The search page, the autocomplete endpoint, the signal
handlers and `search_reindex` talk only to this interface, so the engines are interchangeable and one contract
test suite runs against each of them.

Permissions are part of the document: `audiences` lists who may find it, and a query carries the audiences of
the person searching; a document matches only if the two share at least one value:
- "public": everyone, logged in or not;
- "anonymous": only visitors who are not logged in (the public variant of a profile, whose members-only
  variant would otherwise show twice to a member);
- "members": every logged-in member;
- "moderators": editors and site moderators (e.g. private channels, which they moderate);
- "channel:<id>": the members of that private channel.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime


class SearchEngineUnavailable(Exception):
    """The engine cannot be reached or did not answer in time (connection refused, timeout, cluster down).

    Engines raise this (and only this) for outages, so the selection in search/engines/__init__.py can answer
    from the database engine instead; programming errors are not wrapped."""


PUBLIC = "public"
ANONYMOUS = "anonymous"
MEMBERS = "members"
MODERATORS = "moderators"


def channel_audience(channel_id: int) -> str:
    return f"channel:{channel_id}"


@dataclass(frozen=True)
class IndexDocument:
    # Unique per document, e.g. "guide:12", "profile:7:members"; an object may have several documents.
    key: str
    # What it is: "guide", "best_practice", "failure_story", "call", "thread_post", "message", "profile",
    # "region", "state_office" (search/sources/ registers the labels shown as type badges).
    doc_type: str
    # Which object it belongs to ("<app_label>.<model>", pk): lets the index delete every document of an object.
    object_model: str
    object_id: int
    audiences: tuple[str, ...]
    title: str
    url: str
    summary: str = ""
    body: str = ""
    tags: tuple[str, ...] = ()  # tag names as shown
    tag_slugs: tuple[str, ...] = ()  # same order as `tags`
    bundesland: str = ""  # home.choices.Bundesland value, or ""
    date: datetime | None = None  # what the result shows and "sort by date" uses (published, start, sent)


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    audiences: frozenset[str] = frozenset({PUBLIC, ANONYMOUS})
    doc_types: frozenset[str] = frozenset()  # empty: all types
    tag_slugs: tuple[str, ...] = ()  # every one must be on the document
    bundesland: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"  # or "date" (newest first)
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class FacetValue:
    value: str  # tag slug, doc_type or Bundesland value
    label: str  # tag name, type label or Bundesland name
    count: int


@dataclass(frozen=True)
class Hit:
    key: str
    doc_type: str
    title: str
    url: str
    # HTML: the matched text escaped, matches wrapped in <mark>; nothing else is markup.
    snippet_html: str
    title_html: str = ""
    tags: tuple[str, ...] = ()
    tag_slugs: tuple[str, ...] = ()
    bundesland: str = ""
    date: datetime | None = None
    score: float = 0.0


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    # "tags", "types", "bundesland": counts over all matches of the query (before pagination), i.e. over every
    # document the text and all filters of the query select; tags ordered by count (at most 40).
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str = ""  # "Meinten Sie …?" when there are few or no results
    engine: str = ""
    # True when the facet counts were estimated from a sample of the matches (PostgreSQL above FACET_SAMPLE
    # matches).
    facets_approximate: bool = False
    # True when the total is an estimate too, rounded to two significant digits (PostgreSQL: a search whose
    # sample suggests at least EXACT_LIMIT matches); the pages still list every match exactly once.
    total_approximate: bool = False


Progress = Callable[[int], None]


class SearchEngine(ABC):
    name: str = ""

    @abstractmethod
    def index(self, documents: Iterable[IndexDocument]) -> int:
        """Add or replace documents (by key). Returns how many were written."""

    @abstractmethod
    def delete_object(self, object_model: str, object_id: int) -> None:
        """Remove every document of one object."""

    @abstractmethod
    def delete_keys(self, keys: Iterable[str]) -> None: ...

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults: ...

    @abstractmethod
    def autocomplete(self, prefix: str, audiences: frozenset[str], limit: int = 8) -> list[str]:
        """Completions for the query box (titles and tags the searcher may see)."""

    @abstractmethod
    def rebuild(self, documents: Iterable[IndexDocument], progress: Progress | None = None) -> int:
        """Replace the whole index; readers see the old index until the new one is complete where the engine
        allows (Elasticsearch: new index, then an atomic alias swap)."""

    @abstractmethod
    def count(self) -> int: ...

    def healthy(self) -> bool:
        return True

    def generation(self) -> str | None:
        """A value that changes whenever the index changes (None: the engine cannot tell). Optional: with it,
        search/engines/__init__.py caches search results between changes."""
        return None

    def keys(self, prefix: str = "") -> set[str]:
        """Every key in the index that starts with `prefix`. Optional: `search_reindex` uses it (on the
        database engine) to remove documents that no source produces any more."""
        raise NotImplementedError
