"""Which search engine answers: Elasticsearch when ELASTICSEARCH_URL is set and reachable, else the database.

The full search (documents, analyzers, facets) is built in the search issue; this module already decides the
engine and reports it to /healthz, so operators see a misconfigured cluster from the first day.
"""

from django.conf import settings

from home.health import CheckResult


def elasticsearch_client():
    from elasticsearch import Elasticsearch

    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=2, max_retries=0)


def check_search_engine() -> CheckResult:
    if not settings.ELASTICSEARCH_URL:
        return CheckResult(ok=True, backend="database", detail="ELASTICSEARCH_URL not set")
    try:
        reachable = bool(elasticsearch_client().ping())
    except Exception as error:
        reachable = False
        detail = f"{type(error).__name__}"
    else:
        detail = "" if reachable else "ping failed"
    if reachable:
        return CheckResult(ok=True, backend="elasticsearch")
    return CheckResult(ok=False, backend="database (fallback)", detail=f"Elasticsearch unreachable: {detail}")
