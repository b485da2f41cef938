"""The site's one tag vocabulary, for every tag input: parsing, the form field and the autocomplete endpoint.

Profiles, regions and knowledge posts all tag with taggit's Tag model, each through its own TaggedItemBase
model. A tag input is a plain comma-separated text field (it works without JavaScript); static/js/tag-input.js
turns every `<input data-tag-autocomplete>` into an accessible combobox that asks GET /api/tags/?q=… .

Tags are always separated by commas, so multi-word German tags ("Mädchen in MINT") stay whole; taggit's own
parser would split a comma-less input at the spaces.
"""

from django import forms
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower
from django.http import JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from taggit.models import ItemBase, Tag

from .ratelimit import RateLimit, client_identifier

MAX_SUGGESTIONS = 10
MAX_QUERY_LENGTH = 100
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length

ANONYMOUS_LIMIT = RateLimit("tag-autocomplete-anonymous", limit=120, period=60)
MEMBER_LIMIT = RateLimit("tag-autocomplete-member", limit=600, period=60)


def parse_tags(text: str) -> list[str]:
    """Comma-separated input to tag names: trimmed, inner whitespace collapsed, duplicates (ignoring case)
    removed, the first spelling kept. Quotes around a name (as taggit writes them) are dropped."""
    names, seen = [], set()
    for raw in (text or "").replace(";", ",").replace("\n", ",").split(","):
        name = " ".join(raw.split()).strip().strip('"').strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def format_tags(tags) -> str:
    """Tag objects or names as the text of a tag input."""
    names = [tag if isinstance(tag, str) else tag.name for tag in tags]
    return ", ".join(sorted(names, key=str.casefold))


class TagInput(forms.TextInput):
    def __init__(self, attrs=None, single: bool = False):
        defaults = {
            "data-tag-autocomplete": "single" if single else "",
            "autocomplete": "off",
            "spellcheck": "false",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, list | tuple | set) or hasattr(value, "all"):
            value = format_tags(value.all() if hasattr(value, "all") else value)
        return super().format_value(value)


class TagsField(forms.CharField):
    """A comma-separated list of tags; cleans to a list of names (existing tags are matched ignoring case
    when saved through a TaggableManager, because TAGGIT_CASE_INSENSITIVE is on)."""

    widget = TagInput
    default_error_messages = {
        "too_many": _("Please choose at most %(limit)s topics."),
        "too_long": _("A topic may have at most %(limit)s characters: “%(name)s”."),
    }

    def __init__(self, *, max_tags: int = 10, **kwargs):
        self.max_tags = max_tags
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separate several topics with commas."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple | set) or hasattr(value, "all"):
            return format_tags(value.all() if hasattr(value, "all") else value)
        return value

    def to_python(self, value):
        return parse_tags(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_tags:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.max_tags}
            )
        for name in value:
            if len(name) > TAG_MAX_LENGTH:
                raise forms.ValidationError(
                    self.error_messages["too_long"],
                    code="too_long",
                    params={"limit": TAG_MAX_LENGTH, "name": name[:40] + "…"},
                )


def _usage_count():
    """How often a tag is used across every tagged model of the site (profiles, regions, posts, images …)."""
    counts = []
    for relation in Tag._meta.related_objects:
        model = relation.related_model
        if isinstance(model, type) and issubclass(model, ItemBase) and relation.field.name == "tag":
            per_tag = (
                model._default_manager.filter(tag=OuterRef("pk"))
                .order_by()
                .values("tag")
                .annotate(uses=Count("pk"))
                .values("uses")
            )
            counts.append(Coalesce(Subquery(per_tag, output_field=IntegerField()), Value(0)))
    if not counts:
        return Value(0, output_field=IntegerField())
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    return total


def suggest_tags(query: str, limit: int = MAX_SUGGESTIONS) -> list[dict]:
    """Tags whose name starts with or contains `query` (ignoring case): those starting with it first, then the
    most used, then by name."""
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    if not query:
        return []
    tags = (
        Tag.objects.filter(Q(name__icontains=query) | Q(slug__icontains=query))
        .annotate(
            starts=Case(
                When(name__istartswith=query, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            uses=_usage_count(),
        )
        .order_by("-starts", "-uses", Lower("name"))
        .values("name", "slug")[:limit]
    )
    return list(tags)


@require_GET
def autocomplete(request):
    """GET /api/tags/?q=… -> [{"name": …, "slug": …}], at most ten. Rate-limited per visitor."""
    limit = MEMBER_LIMIT if request.user.is_authenticated else ANONYMOUS_LIMIT
    result = limit.hit(client_identifier(request))
    if not result.allowed:
        response = JsonResponse(
            {
                "detail": gettext("Too many requests. Please try again in %(seconds)s seconds.")
                % {"seconds": result.retry_after}
            },
            status=429,
        )
        response["Retry-After"] = str(result.retry_after)
        return response
    response = JsonResponse(suggest_tags(request.GET.get("q", "")), safe=False)
    response["Cache-Control"] = "private, max-age=60"
    return response
