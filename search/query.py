"""From a request to a SearchQuery: who is searching (audiences), what the URL asks for (the form), and the URLs
of every other state of the page (facet links, sort, pagination), so every state has its own address.

URL parameters: q (text), typ (repeatable), tag (repeatable, all must match), land, von, bis (dates, 31.12.2026
or 2026-12-31), sortierung (relevanz | datum), seite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from . import analysis, labels
from .engines.base import ANONYMOUS, MEMBERS, MODERATORS, PUBLIC, SearchQuery, channel_audience

PAGE_SIZE = 20
MAX_PAGE = 50  # deeper pages are not offered: refine the search instead
MAX_TAGS = 5
TAG_SLUG = re.compile(r"^[-\w]{1,100}$")
SORT_RELEVANCE, SORT_DATE = "relevanz", "datum"
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


def audiences_for(user) -> frozenset[str]:
    """Who the searcher is for the index: anonymous visitors, members, moderators, members of private channels."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset({PUBLIC, ANONYMOUS})
    from community.chat.models import ChannelKind, Membership
    from community.members.roles import is_moderator

    audiences = {PUBLIC, MEMBERS}
    if is_moderator(user):
        audiences.add(MODERATORS)
    channel_ids = Membership.objects.filter(
        user=user, joined=True, channel__kind=ChannelKind.PRIVATE
    ).values_list("channel_id", flat=True)
    audiences.update(channel_audience(channel_id) for channel_id in channel_ids)
    return frozenset(audiences)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search term"), required=False, strip=False)
    typ = forms.MultipleChoiceField(label=_("Type"), required=False)
    land = forms.ChoiceField(label=_("Federal state"), required=False)
    von = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Please enter a date such as 31.12.2026.")},
    )
    bis = forms.DateField(
        label=_("Until"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Please enter a date such as 31.12.2026.")},
    )
    sortierung = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(SORT_RELEVANCE, _("Relevance")), (SORT_DATE, _("Newest first"))],
    )
    seite = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typ"].choices = [(entry.key, entry.plural) for entry in labels.doc_types()]
        from home.choices import Bundesland

        self.fields["land"].choices = [("", _("All federal states")), *Bundesland.choices]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("von"), cleaned.get("bis")
        if start and end and start > end:
            self.add_error("bis", _("The end date lies before the start date."))
        return cleaned


@dataclass
class SearchState:
    """What the URL asks for, cleaned; invalid parts are dropped (and reported by the form)."""

    text: str = ""
    was_cut: bool = False
    types: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    land: str = ""
    date_from: object = None
    date_to: object = None
    sort: str = SORT_RELEVANCE
    page: int = 1
    raw_from: str = ""
    raw_to: str = ""

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())

    @property
    def has_filters(self) -> bool:
        return bool(self.types or self.tags or self.land or self.date_from or self.date_to)

    @property
    def is_empty(self) -> bool:
        return not self.has_text and not self.has_filters

    def params(self, **changes) -> list[tuple[str, str]]:
        values = {
            "q": self.text,
            "typ": list(self.types),
            "tag": list(self.tags),
            "land": self.land,
            "von": self.date_from.isoformat() if self.date_from else "",
            "bis": self.date_to.isoformat() if self.date_to else "",
            "sortierung": self.sort if self.sort != SORT_RELEVANCE else "",
            "seite": "",
        }
        values.update(changes)
        pairs = []
        for key in ("q", "typ", "tag", "land", "von", "bis", "sortierung", "seite"):
            value = values[key]
            if isinstance(value, list):
                pairs.extend((key, item) for item in value)
            elif value not in ("", None):
                pairs.append((key, str(value)))
        return pairs

    def url(self, **changes) -> str:
        pairs = self.params(**changes)
        return "?" + urlencode(pairs) if pairs else "?"

    def toggle_type(self, key: str) -> str:
        types = [value for value in self.types if value != key] if key in self.types else [*self.types, key]
        return self.url(typ=types)

    def add_tag(self, slug: str) -> str:
        return self.url(tag=self.tags if slug in self.tags else [*self.tags, slug][-MAX_TAGS:])

    def remove_tag(self, slug: str) -> str:
        return self.url(tag=[value for value in self.tags if value != slug])

    def to_query(self, audiences: frozenset[str]) -> SearchQuery:
        return SearchQuery(
            # Cut and without invisible characters; every engine treats the rest as plain words.
            text=self.text,
            audiences=audiences,
            doc_types=frozenset(self.types),
            tag_slugs=tuple(self.tags),
            bundesland=self.land,
            date_from=self.date_from,
            date_to=self.date_to,
            sort="date" if self.sort == SORT_DATE or not self.has_text else "relevance",
            offset=(self.page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )


def read_state(data) -> tuple[SearchState, SearchForm]:
    """The state the URL asks for, and the bound form (with German errors for what could not be used)."""
    raw_text = str(data.get("q", ""))
    text = analysis.clean_query(raw_text)
    form_data = data.copy()
    form_data["q"] = text
    form = SearchForm(form_data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    state = SearchState(text=text, was_cut=len(" ".join(raw_text.split())) > analysis.MAX_QUERY_LENGTH)
    state.types = [value for value in dict.fromkeys(data.getlist("typ")) if labels.is_doc_type(value)]
    state.tags = [value for value in dict.fromkeys(data.getlist("tag")) if TAG_SLUG.match(value)][:MAX_TAGS]
    land = data.get("land", "")
    state.land = land if labels.is_bundesland(land) else ""
    if "von" not in form.errors:
        state.date_from = cleaned.get("von")
    if "bis" not in form.errors:
        state.date_to = cleaned.get("bis")
    state.raw_from, state.raw_to = str(data.get("von", ""))[:20], str(data.get("bis", ""))[:20]
    state.sort = SORT_DATE if data.get("sortierung") == SORT_DATE else SORT_RELEVANCE
    try:
        state.page = min(MAX_PAGE, max(1, int(data.get("seite", "1"))))
    except (TypeError, ValueError):
        state.page = 1
    return state, form
