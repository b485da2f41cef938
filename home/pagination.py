"""Pagination without a COUNT query: fetch one item more than a page holds to know whether a next page exists.

Listings stay at a fixed number of queries however long they grow; the page number lives in `?seite=`.
"""

from dataclasses import dataclass


@dataclass
class SlicePage:
    items: list
    number: int
    has_next: bool
    param: str = "seite"

    @classmethod
    def from_request(cls, queryset, request, size: int, param: str = "seite") -> "SlicePage":
        try:
            number = max(1, int(request.GET.get(param, "1")))
        except (TypeError, ValueError):
            number = 1
        start = (number - 1) * size
        rows = list(queryset[start : start + size + 1])
        return cls(items=rows[:size], number=number, has_next=len(rows) > size, param=param)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __bool__(self):
        return bool(self.items) or self.number > 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1
