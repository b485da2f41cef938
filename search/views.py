"""The search page (/suche/) and the suggestions for its query box (/suche/vorschlaege/?q=…).

The page never fails: an engine error is logged and answered with a friendly message (with Elasticsearch
configured, search/engines/__init__.py answers from the database first). Anonymous visitors are rate-limited
(a German 429 page), members more generously.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from home.ratelimit import RateLimit, client_identifier

from . import analysis
from .engines import get_engine
from .engines.base import ANONYMOUS, MEMBERS, PUBLIC, SearchQuery
from .presentation import results_context
from .query import audiences_for, read_state

logger = logging.getLogger("search")

ANONYMOUS_LIMIT = RateLimit("search-anonymous", limit=30, period=60)
MEMBER_LIMIT = RateLimit("search-member", limit=120, period=60)
SUGGEST_ANONYMOUS_LIMIT = RateLimit("search-suggest-anonymous", limit=120, period=60)
SUGGEST_MEMBER_LIMIT = RateLimit("search-suggest-member", limit=300, period=60)
POPULAR_TAGS = 16
POPULAR_CACHE_SECONDS = 10 * 60


def _rate_limited(request, anonymous: RateLimit, member: RateLimit):
    limit = member if request.user.is_authenticated else anonymous
    return limit.hit(client_identifier(request))


def _too_many(request, result):
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(result.retry_after)
    return response


def _popular_tags(audiences: frozenset[str]):
    """The most used topics the visitor may see (the landing state and empty results), cached a while."""
    general = frozenset(audiences & {PUBLIC, ANONYMOUS, MEMBERS})
    key = "search:popular:" + ",".join(sorted(general))
    tags = cache.get(key)
    if tags is None:
        results = get_engine().search(SearchQuery(audiences=general, limit=0))
        tags = [
            (facet.value, facet.label, facet.count) for facet in results.facets.get("tags", [])[:POPULAR_TAGS]
        ]
        cache.set(key, tags, POPULAR_CACHE_SECONDS)
    return tags


def _tag_suggestions(state) -> list[dict]:
    """Topics whose names contain a word of a query that found nothing."""
    from home.tag_views import suggest_tags

    seen, found = set(), []
    for word in analysis.words(state.text)[:4]:
        if len(word) < 3:
            continue
        for tag in suggest_tags(word, limit=4):
            if tag["slug"] not in seen:
                seen.add(tag["slug"])
                found.append({"name": tag["name"], "url": state.url(q="", tag=[tag["slug"]])})
    return found[:8]


@require_GET
def search(request):
    limited = _rate_limited(request, ANONYMOUS_LIMIT, MEMBER_LIMIT)
    if not limited.allowed:
        return _too_many(request, limited)
    state, form = read_state(request.GET)
    audiences = audiences_for(request.user)
    context = {"form": form, "state": state, "query_text": state.text, "unavailable": False, "results": None}

    if state.is_empty:
        context["popular_tags"] = _safe_call(lambda: _popular_tags(audiences), default=[])
        return render(request, "search/search.html", context)

    query = state.to_query(audiences)
    try:
        results = get_engine().search(query)
        type_facets = results.facets.get("types", [])
        if state.types:
            # Several types can be chosen together: their counts come from the same search without the type filter.
            type_facets = (
                get_engine().search(replace(query, doc_types=frozenset(), limit=0)).facets.get("types", [])
            )
    except Exception:
        logger.exception("Search failed for %r", query)
        context["unavailable"] = True
        return render(request, "search/search.html", context)

    context.update(results_context(state, results, type_facets))
    if not results.total:
        context["tag_suggestions"] = (
            _safe_call(lambda: _tag_suggestions(state), default=[]) if state.has_text else []
        )
        if not context["tag_suggestions"]:
            context["popular_tags"] = _safe_call(lambda: _popular_tags(audiences), default=[])
    return render(request, "search/search.html", context)


def _safe_call(function, default):
    try:
        return function()
    except Exception:
        logger.exception("Search page part failed")
        return default


@require_GET
def suggestions(request):
    """GET /suche/vorschlaege/?q=… -> {"suggestions": [titles and topics the visitor may see]}."""
    limited = _rate_limited(request, SUGGEST_ANONYMOUS_LIMIT, SUGGEST_MEMBER_LIMIT)
    if not limited.allowed:
        response = JsonResponse(
            {
                "detail": gettext("Too many requests. Please try again in %(seconds)s seconds.")
                % {"seconds": limited.retry_after}
            },
            status=429,
        )
        response["Retry-After"] = str(limited.retry_after)
        return response
    prefix = analysis.clean_query(request.GET.get("q", ""))[:60]
    values = []
    if len(prefix.strip()) >= 2:
        try:
            values = get_engine().autocomplete(prefix, audiences_for(request.user))
        except Exception:
            logger.exception("Search suggestions failed")
    response = JsonResponse({"suggestions": values}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, max-age=60"
    return response
