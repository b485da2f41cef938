"""The read-only Wagtail API v2 at /api/v2/: the pages endpoint, JSON only, for anyone.

- Only live pages outside view restrictions, whoever asks: the API authenticates nobody (no session, no HTTP
  Basic), so a logged-in member's cookie or a password never widens what it returns.
- A page shows exactly its model's `api_fields`. Anonymity: practice posts expose `byline` from `public_byline`
  (see knowledge/practice/models.py); `author` and `owner` are never API fields.
- Filtering and ordering (?field=value, ?order=field) are allowed only on fields whose stored value the API
  shows as it is. A field with its own serializer (e.g. `byline`, which shows `public_byline`) could otherwise be
  probed for what it hides.
- Bounded: at most 20 items per response (Wagtail's WAGTAILAPI_LIMIT_MAX default) and a rate limit per client.
- Images and documents have no endpoint: uploads of member submissions live in the same collections as published
  files, and the API cannot tell them apart.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from taggit.managers import _TaggableManager
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer, TagsField
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import PageViewRestriction

from home.ratelimit import RateLimit, client_identifier

API_LIMIT = RateLimit("api-v2", limit=300, period=60)


class PrefetchedTagsField(TagsField):
    """Tag names, from the tags the listing prefetched (Wagtail's own field queries once per page)."""

    def to_representation(self, value):
        return sorted((tag.name for tag in value.all()), key=str.casefold)


class PublicPageSerializer(PageSerializer):
    def build_property_field(self, field_name, model_class):
        if isinstance(getattr(model_class, field_name, None), _TaggableManager):
            return PrefetchedTagsField, {}
        return super().build_property_field(field_name, model_class)


def _prefetchable(model, field_names) -> list[str]:
    """The requested fields that would cost a query per item: foreign keys and tags."""
    names = []
    for name in field_names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if isinstance(field, models.ForeignKey) or isinstance(getattr(model, name, None), _TaggableManager):
            names.append(name)
    return names


class PublicPagesAPIViewSet(PagesAPIViewSet):
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    base_serializer_class = PublicPageSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        result = API_LIMIT.hit(client_identifier(request._request))
        if not result.allowed:
            raise Throttled(
                wait=result.retry_after,
                detail=gettext("Too many requests. Please try again in %(seconds)s seconds.")
                % {"seconds": result.retry_after},
            )

    def get_base_queryset(self):
        # Wagtail leaves out the restricted pages this request may not see (a password entered in this session
        # would let one through); the API leaves out every restricted page, whoever asks. Path conditions rather
        # than a subquery, so that ?search= (the search backend) can apply them too.
        queryset = super().get_base_queryset()
        for restriction in PageViewRestriction.objects.select_related("page").only(
            "page__path", "page__depth"
        ):
            queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
        return queryset

    def paginate_queryset(self, queryset):
        items = super().paginate_queryset(queryset)
        if items is None:
            return None
        items = list(items)
        model = getattr(queryset, "model", None)
        if items and model is not None:
            fields = getattr(getattr(self.get_serializer_class(), "Meta", None), "fields", ())
            names = _prefetchable(model, fields)
            if names:
                prefetch_related_objects(items, *names)
        return items

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only=db_fields_only)
        if not db_fields_only:
            return fields
        # Database fields are what clients may filter and order by: only those shown as stored.
        reshaped = {
            field.name
            for field in cls.get_body_fields(model) + cls.get_meta_fields(model)
            if field.serializer is not None
        }
        return [name for name in fields if name not in reshaped]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
