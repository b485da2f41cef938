"""Demo content: the search index of everything the other demo loaders created.

"search" comes after every content app in INSTALLED_APPS, so this runs last; the demo channels' messages are
stored with bulk_create (no signals), so the index is rebuilt here as a whole, at once.
"""

APP = "search"


def load(context) -> None:
    from .reindex import rebuild_all

    written = rebuild_all()
    bucket = context.counts.setdefault(APP, {})
    bucket["Dokumente im Suchindex"] = written
