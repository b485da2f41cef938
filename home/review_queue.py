"""The admin's review queues (region change proposals, reported chat messages): open items first.

Within each group the newest come first, unless the editor sorts by a column of the listing.
"""

from django.db.models import Case, IntegerField, Value, When
from wagtail.admin.views.generic import IndexView


class OpenFirstIndexView(IndexView):
    open_status = None  # the value of the model's `status` field that means "still to be decided"
    related: tuple[str, ...] = ()  # select_related() paths for the listing's columns

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related(*self.related)
            .annotate(
                open_first=Case(
                    When(status=self.open_status, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
        )

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return super().order_queryset(queryset)
        return queryset.order_by("open_first", "-created_at", "-pk")
