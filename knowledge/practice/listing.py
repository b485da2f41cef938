"""Filtering, sorting and paginating practice posts: the listing (/praxis/) and the table of transferable
activities (/praxis/uebertragbar/, also as CSV).

Every filter state has exactly one address: German parameter names in a fixed order, defaults and empty values
left out (a submitted form is redirected to that short address). Values that are unknown or malformed never
fail a request: they are dropped with a German notice, and the rest of the filters still apply.

Costs: the posts of a page in one query (region title and transferability joined in) and their tags in a
second, whatever the page size; the topics offered in the filter come from a cache refreshed on publishing.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.choices import Bundesland, EducationStage, TargetGroup
from home.chrome import exclude_restricted, relative_url, site_for_request
from home.pagination import SlicePage
from home.text import plain_text

from .cache import topics_in_use
from .models import BestPracticePage, PracticeKind, PracticePage, PracticePageTag, Transferability

TOPIC_URL = "/themen/{slug}/"
PAGE_PARAM = "seite"
# Far beyond any real listing; larger numbers would overflow the database's OFFSET.
MAX_PAGE_NUMBER = 10_000
LISTING_PAGE_SIZE = 12
SUMMARY_LENGTH = 280
TABLE_RESOURCES_LENGTH = 160
TABLE_PAGE_SIZE = 50
# The CSV export holds every matching row, up to this many.
CSV_MAX_ROWS = 2_000

KIND_VALUES = {"praxisbeispiel": PracticeKind.BEST_PRACTICE, "story-of-failure": PracticeKind.FAILURE}
KIND_PARAM_FOR = {kind: value for value, kind in KIND_VALUES.items()}
TRANSFERABLE = (Transferability.YES, Transferability.PARTLY)
SORT_ORDERS = {
    "neueste": ("-first_published_at", "-pk"),
    "aelteste": ("first_published_at", "pk"),
    "titel": (Lower("title"), "pk"),
}
DEFAULT_SORT = "neueste"

CARD_FIELDS = (
    "id", "path", "depth", "url_path", "title", "slug", "content_type_id", "live", "first_published_at",
    "kind", "summary", "bundesland", "stages", "target_groups", "byline", "anonymous",
)  # fmt: skip
TABLE_FIELDS = CARD_FIELDS + ("effort", "resources", "transferability", "transfer_conditions", "partners")


@dataclass(frozen=True)
class FilterSpec:
    param: str
    label: object
    all_label: object = ""
    # "select" (one of `choices`) or "checkbox" (the single value "ja")
    widget: str = "select"


FILTERS = {
    "art": FilterSpec("art", _("Kind"), _("All kinds")),
    "thema": FilterSpec("thema", _("Topic"), _("All topics")),
    "land": FilterSpec("land", _("Federal state"), _("All federal states")),
    "stufe": FilterSpec("stufe", _("Stage of the Bildungskette"), _("All stages")),
    "zielgruppe": FilterSpec("zielgruppe", _("Target group"), _("All target groups")),
    "uebertragbar": FilterSpec("uebertragbar", _("Only transferable practice"), widget="checkbox"),
    "sortierung": FilterSpec("sortierung", _("Sort by")),
}
LISTING_PARAMS = ("art", "thema", "land", "stufe", "zielgruppe", "uebertragbar", "sortierung")
TABLE_PARAMS = ("thema", "land", "stufe", "zielgruppe", "sortierung")
DEFAULTS = {"sortierung": DEFAULT_SORT, PAGE_PARAM: "1"}


def static_choices() -> dict[str, dict[str, str]]:
    """value -> label for every filter but the topics (which depend on the posts)."""
    return {
        "art": {"praxisbeispiel": _("Best-practice posts"), "story-of-failure": _("Stories of Failure")},
        "land": dict(Bundesland.choices),
        "stufe": dict(EducationStage.choices),
        "zielgruppe": dict(TargetGroup.choices),
        "uebertragbar": {"ja": _("only transferable")},
        "sortierung": {"neueste": _("newest first"), "aelteste": _("oldest first"), "titel": _("title A–Z")},
    }


@dataclass
class FilterState:
    """The valid filters of a request, the page number and what was ignored (as German sentences)."""

    params: tuple[str, ...]
    values: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    page_number: int = 1
    notices: list[str] = field(default_factory=list)

    @property
    def sort(self) -> str:
        return self.values.get("sortierung", DEFAULT_SORT)

    @property
    def filters(self) -> dict[str, str]:
        """The set filters without the sort order."""
        return {name: value for name, value in self.values.items() if name != "sortierung"}

    @property
    def is_filtered(self) -> bool:
        return bool(self.filters)


def _shorten(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _first_value(query, name: str) -> str:
    for value in query.getlist(name):
        if value.strip():
            return value.strip()
    return ""


def parse_filters(query, params: tuple[str, ...]) -> FilterState:
    """Read the filters from a QueryDict. Nothing here raises: bad values become notices."""
    state = FilterState(params=params)
    choices = static_choices()
    topics = None
    for name in params:
        raw = _first_value(query, name)
        if not raw:
            continue
        spec = FILTERS[name]
        if name == "thema":
            topics = topics if topics is not None else topics_in_use()
            label = topics.get(raw) or _existing_topic_name(raw)
            if label is None:
                state.notices.append(
                    gettext("There is no topic “%(value)s”; this filter was ignored.")
                    % {"value": _shorten(raw)}
                )
                continue
        else:
            label = choices[name].get(raw)
            if label is None:
                state.notices.append(
                    gettext("“%(value)s” is not a valid choice for “%(filter)s”; this filter was ignored.")
                    % {"value": _shorten(raw), "filter": spec.label}
                )
                continue
        if DEFAULTS.get(name) == raw:
            continue
        state.values[name] = raw
        state.labels[name] = str(label)
    raw_page = _first_value(query, PAGE_PARAM)
    if raw_page:
        if raw_page.isdigit() and 1 <= int(raw_page) <= MAX_PAGE_NUMBER:
            state.page_number = int(raw_page)
        else:
            state.notices.append(
                gettext("“%(value)s” is not a page number; the first page is shown.")
                % {"value": _shorten(raw_page)}
            )
    return state


def _existing_topic_name(slug: str) -> str | None:
    """A topic of the shared vocabulary that no post carries (yet): filtering by it is valid, just empty."""
    from taggit.models import Tag

    if len(slug) > 100 or any(ord(char) < 32 for char in slug):  # PostgreSQL refuses NUL in a query
        return None
    return Tag.objects.filter(slug=slug).values_list("name", flat=True).first()


def query_url(path: str, values: dict[str, str], params: tuple[str, ...], **changes) -> str:
    """The address of a filter state: set parameters only, in a fixed order, defaults left out."""
    merged = {**values, **changes}
    pairs = [
        (name, merged[name])
        for name in (*params, PAGE_PARAM)
        if merged.get(name) and str(merged[name]) != DEFAULTS.get(name)
    ]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def canonical_redirect(request, params: tuple[str, ...]):
    """A submitted form also sends its empty fields: redirect to the short address of the same state, so each
    state has exactly one URL. Values are not validated here; a bad one stays visible, with its notice."""
    if request.method != "GET" or not request.GET:
        return None
    known = (*params, PAGE_PARAM)

    def is_short(name: str, values: list[str]) -> bool:
        value = values[0]
        return len(values) == 1 and bool(value) and value == value.strip() and value != DEFAULTS.get(name)

    if all(is_short(name, values) for name, values in request.GET.lists() if name in known):
        return None
    values = {name: _first_value(request.GET, name) for name in known}
    target = query_url(request.path, values, params)
    others = [(name, value) for name, value in request.GET.items() if name not in known]
    if others:
        target += ("&" if "?" in target else "?") + urlencode(others)
    return redirect(target)


# --- Queries ------------------------------------------------------------------------------------------------


def json_list_contains(field_name: str, value: str) -> Q:
    """Rows whose JSON list `field_name` holds `value` (a vocabulary value, validated before).

    PostgreSQL answers with its containment operator; SQLite has none, so its JSON text is searched for the
    quoted value, which is exact for these identifiers (no value is part of another one in quotes)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field_name}__contains": [value]})
    return Q(**{f"{field_name}__icontains": f'"{value}"'})


def _region_annotations() -> dict:
    return {
        "region_title": F("region__title"),
        "region_url_path": F("region__url_path"),
        "region_live": F("region__live"),
    }


def tags_prefetch() -> Prefetch:
    return Prefetch(
        "tagged_items",
        queryset=PracticePageTag.objects.select_related("tag").order_by("tag__name"),
        to_attr="tag_items",
    )


def filter_posts(queryset: QuerySet, state: FilterState) -> QuerySet:
    values = state.values
    if values.get("art"):
        queryset = queryset.filter(kind=KIND_VALUES[values["art"]])
    if values.get("land"):
        queryset = queryset.filter(bundesland=values["land"])
    if values.get("stufe"):
        queryset = queryset.filter(json_list_contains("stages", values["stufe"]))
    if values.get("zielgruppe"):
        queryset = queryset.filter(json_list_contains("target_groups", values["zielgruppe"]))
    if values.get("thema"):
        # (post, tag) pairs are unique, so this join never duplicates a post.
        queryset = queryset.filter(tagged_items__tag__slug=values["thema"])
    if values.get("uebertragbar"):
        queryset = queryset.filter(bestpracticepage__transferability__in=TRANSFERABLE)
    return queryset.order_by(*SORT_ORDERS[state.sort])


def listing_queryset(index, state: FilterState) -> QuerySet:
    queryset = (
        exclude_restricted(PracticePage.objects.child_of(index).live())
        .only(*CARD_FIELDS)
        .annotate(transferability=F("bestpracticepage__transferability"), **_region_annotations())
        .prefetch_related(tags_prefetch())
    )
    return filter_posts(queryset, state)


def table_queryset(index, state: FilterState) -> QuerySet:
    queryset = (
        exclude_restricted(BestPracticePage.objects.child_of(index).live())
        .filter(transferability__in=TRANSFERABLE)
        .only(*TABLE_FIELDS)
        .annotate(**_region_annotations())
        .prefetch_related(tags_prefetch())
    )
    return filter_posts(queryset, state)


def paginate(queryset: QuerySet, state: FilterState, size: int) -> SlicePage:
    start = (state.page_number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return SlicePage(items=rows[:size], number=state.page_number, has_next=len(rows) > size, param=PAGE_PARAM)


# --- Presentation -------------------------------------------------------------------------------------------


def site_path(url_path: str | None, site) -> str:
    if not url_path or site is None:
        return ""
    root_path = site.root_page.url_path
    return "/" + url_path[len(root_path) :] if url_path.startswith(root_path) else ""


def decorate(posts, request) -> None:
    """Give each loaded post what its card or table row shows, without further queries."""
    site = site_for_request(request)
    for post in posts:
        post.listing_url = (relative_url(post, site) if site else None) or post.get_url(request) or ""
        post.region_url = site_path(post.region_url_path, site) if post.region_live else ""
        post.summary_text = plain_text(post.summary, SUMMARY_LENGTH)
        post.topics = [
            {"name": item.tag.name, "slug": item.tag.slug, "url": TOPIC_URL.format(slug=item.tag.slug)}
            for item in getattr(post, "tag_items", [])
        ]


def filter_fields(state: FilterState) -> list[dict]:
    """The form's fields with their options and the selected value, in the order of the form."""
    choices = static_choices()
    fields = []
    for name in state.params:
        spec = FILTERS[name]
        options = topics_in_use() if name == "thema" else choices[name]
        selected = state.values.get(name, DEFAULTS.get(name, ""))
        if name == "thema" and selected and selected not in options:
            options = {**options, selected: state.labels[name]}  # a topic no post carries yet
        fields.append(
            {
                "name": name,
                "id": f"filter-{name}",
                "label": spec.label,
                "widget": spec.widget,
                "all_label": spec.all_label,
                "selected": selected,
                "options": [{"value": value, "label": label} for value, label in options.items()],
            }
        )
    return fields


def active_filters(path: str, state: FilterState) -> list[dict]:
    chips = []
    for name in state.params:
        if name not in state.filters:
            continue
        spec = FILTERS[name]
        # A checkbox's label says it all ("Nur übertragbare Praxisbeispiele"); a choice needs its value too.
        text = str(spec.label) if spec.widget == "checkbox" else f"{spec.label}: {state.labels[name]}"
        chips.append(
            {
                "param": name,
                "text": text,
                "remove_url": query_url(path, state.values, state.params, **{name: ""}),
            }
        )
    return chips


def base_context(path: str, state: FilterState) -> dict:
    query = urlencode([(name, state.values[name]) for name in state.params if state.values.get(name)])
    return {
        "filter_state": state,
        "filter_fields": filter_fields(state),
        "filter_notices": state.notices,
        "active_filters": active_filters(path, state),
        "is_filtered": state.is_filtered,
        "reset_url": query_url(path, {}, state.params, sortierung=state.sort),
        "pagination_query": query,
        "title_suffix": ", ".join(state.labels[name] for name in state.params if name in state.filters),
    }


def listing_context(index, request) -> dict:
    state = parse_filters(request.GET, LISTING_PARAMS)
    posts = paginate(listing_queryset(index, state), state, LISTING_PAGE_SIZE)
    decorate(posts, request)
    context = base_context(request.path, state)
    context.update(
        {
            "posts": posts,
            "first_position": (posts.number - 1) * LISTING_PAGE_SIZE + 1,
            "last_position": (posts.number - 1) * LISTING_PAGE_SIZE + len(posts),
            "table_url": query_url(
                f"{request.path}uebertragbar/",
                {k: v for k, v in state.values.items() if k in TABLE_PARAMS},
                TABLE_PARAMS,
            ),
            "first_page_url": query_url(request.path, state.values, state.params),
        }
    )
    return context


def table_context(index, request, index_path: str) -> dict:
    state = parse_filters(request.GET, TABLE_PARAMS)
    rows = paginate(table_queryset(index, state), state, TABLE_PAGE_SIZE)
    decorate(rows, request)
    for row in rows:
        # The table stays scannable; the full text is on the post's page and in the CSV download.
        row.resources_text = plain_text(row.resources, TABLE_RESOURCES_LENGTH)
    context = base_context(request.path, state)
    context.update(
        {
            "rows": rows,
            "first_position": (rows.number - 1) * TABLE_PAGE_SIZE + 1,
            "last_position": (rows.number - 1) * TABLE_PAGE_SIZE + len(rows),
            "csv_url": query_url(f"{request.path}csv/", state.values, state.params),
            "listing_url": query_url(index_path, {**state.values, "uebertragbar": "ja"}, LISTING_PARAMS),
            "first_page_url": query_url(request.path, state.values, state.params),
        }
    )
    return context


def table_rows_for_export(index, request) -> list:
    state = parse_filters(request.GET, TABLE_PARAMS)
    rows = list(table_queryset(index, state)[:CSV_MAX_ROWS])
    decorate(rows, request)
    return rows
