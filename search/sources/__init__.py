"""Sources: what the index holds, one module per kind of content.

A source turns objects of one model into IndexDocuments and says which keys an object can have, so the index
can drop documents an object no longer has (a profile hidden from the public, a page unpublished). Sources are
registered in search/apps.py; adding a kind of content (community calls, thread posts) is one module:

    class CallSource(Source):
        name = "calls"                              # --source of search_reindex, key prefix
        model_label = "calls.CommunityCallPage"
        doc_types = {"call": (_("Community call"), _("Community calls"), 40)}   # badge, facet, order

        def queryset(self):                          # every candidate, for search_reindex and updates
            return CommunityCall.objects.select_related(...)

        def documents(self, call):                   # [] when it must not be found (draft, deleted …)
            return [IndexDocument(key=self.key(call.pk), doc_type="call", ...)]

        def connect(self, index):                    # signals -> index.schedule(self.name, pk)
            post_save.connect(lambda sender, instance, **kw: index.schedule(self.name, instance.pk), ...)

    register(CallSource())

Pages: subclass PageSource (pages.py) and set `page_model`; publishing, unpublishing, moving, deleting and view
restrictions are handled for every page source together (search/signals.py).

Rules every source keeps: only what the page itself shows to that audience (live, public pages only; for
members' data what community/members/visibility.py allows); never an author of an anonymous post (only
`public_byline`), never a page owner, never a video-conference link or any URL meant for participants
(search.analysis.strip_urls() also drops any address from indexed text).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db.models import QuerySet

from search import labels
from search.engines.base import IndexDocument


class Source:
    name: str = ""
    model_label: str = ""  # "app_label.ModelName"
    # doc_type -> (badge label, facet label, order)
    doc_types: dict[str, tuple] = {}

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def object_model(self) -> str:
        return self.model._meta.label_lower

    def key(self, pk) -> str:
        return f"{self.name}:{pk}"

    def keys_for(self, pk) -> list[str]:
        """Every key an object of this source can have (its documents for all audiences)."""
        return [self.key(pk)]

    @property
    def key_prefix(self) -> str:
        return f"{self.name}:"

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def load(self, pks: Iterable[int]) -> list:
        return list(self.queryset().filter(pk__in=list(pks)))

    def documents(self, obj) -> list[IndexDocument]:
        raise NotImplementedError

    def ids_with_tags(self, tag_ids: list[int]) -> list[int]:
        """Objects carrying one of these tags (their documents show the tag names)."""
        return []

    def ids_for_pages(self, page_ids) -> list[int]:
        """Objects whose documents depend on these pages (e.g. discussion posts under them): rebuilt whenever
        one of the pages is published, unpublished, moved, restricted or deleted."""
        return []

    def connect(self, index) -> None:
        """Connect the signals that keep this source's documents current (`index` is search.indexing)."""


_sources: dict[str, Source] = {}


def register(source: Source) -> Source:
    _sources[source.name] = source
    for doc_type, (label, plural, order) in source.doc_types.items():
        labels.register_type(doc_type, label, plural, order)
    return source


def unregister(name: str) -> None:
    _sources.pop(name, None)


def all_sources() -> list[Source]:
    return list(_sources.values())


def get(name: str) -> Source:
    return _sources[name]


def names() -> list[str]:
    return list(_sources)


def source_for_key(key: str) -> Source | None:
    return _sources.get(key.split(":", 1)[0])


def register_builtin_sources() -> None:
    from .calls import CallSource
    from .guide import GuideChapterSource, GuideSource
    from .messages import MessageSource
    from .practice import PracticeSource
    from .profiles import ProfileSource
    from .regions import RegionSource, StateOfficeSource
    from .threads import ThreadSource

    for source in (
        GuideSource(),
        GuideChapterSource(),
        PracticeSource(),
        CallSource(),
        RegionSource(),
        StateOfficeSource(),
        ProfileSource(),
        MessageSource(),
        ThreadSource(),
    ):
        register(source)
