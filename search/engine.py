"""The search engine's entry in /healthz: Elasticsearch when ELASTICSEARCH_URL is set and reachable, else the
database engine (and when Elasticsearch is configured but unreachable, "database (fallback)": the site still
searches, from the database, and operators see that the cluster is missing).

Which engine answers is decided in search/engines/__init__.py.
"""

from django.conf import settings
from django.db import connections

from home.health import CheckResult


def elasticsearch_client():
    from elasticsearch import Elasticsearch

    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=2, max_retries=0)


def database_engine_name() -> str:
    return "PostgreSQL" if connections["default"].vendor == "postgresql" else "SQLite FTS5"


def check_search_engine() -> CheckResult:
    database = database_engine_name()
    if not settings.ELASTICSEARCH_URL:
        return CheckResult(ok=True, backend="database", detail=f"ELASTICSEARCH_URL not set; {database}")
    try:
        reachable = bool(elasticsearch_client().ping())
    except Exception as error:
        reachable = False
        detail = f"{type(error).__name__}"
    else:
        detail = "" if reachable else "ping failed"
    if reachable:
        return CheckResult(
            ok=True, backend="elasticsearch", detail=f"database engine kept in step: {database}"
        )
    return CheckResult(
        ok=False,
        backend="database (fallback)",
        detail=f"Elasticsearch unreachable: {detail}; searching {database}",
    )
