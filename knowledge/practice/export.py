"""The table of transferable activities as a CSV file, for coordinators who plan with spreadsheets.

German spreadsheet conventions: semicolons between fields, UTF-8 with a byte order mark (so Excel reads the
umlauts), one row per post. Cells that a spreadsheet would take for a formula are prefixed with an apostrophe
(CSV injection): the texts come from members' submissions.
"""

import csv
from io import StringIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from home.text import plain_text

from .listing import table_rows_for_export

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def transferable_csv_response(index, request) -> HttpResponse:
    rows = table_rows_for_export(index, request)
    base_url = request.build_absolute_uri("/").rstrip("/")
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(
        [
            gettext("Title"),
            gettext("Web address"),
            gettext("MINT-Region"),
            gettext("Federal state"),
            gettext("Stages of the Bildungskette"),
            gettext("Target groups"),
            gettext("Effort"),
            gettext("Effort and resources"),
            gettext("Transferable"),
            gettext("Conditions for transfer"),
            gettext("Partners involved"),
            gettext("Topics"),
            gettext("Published"),
        ]
    )
    for post in rows:
        published = (
            timezone.localtime(post.first_published_at).date().isoformat() if post.first_published_at else ""
        )
        writer.writerow(
            spreadsheet_safe(value)
            for value in [
                post.title,
                base_url + post.listing_url if post.listing_url else "",
                post.region_title if post.region_url else "",
                post.get_bundesland_display(),
                ", ".join(post.stage_labels),
                ", ".join(post.target_group_labels),
                post.get_effort_display(),
                plain_text(post.resources),
                post.get_transferability_display(),
                plain_text(post.transfer_conditions),
                "; ".join(line.strip(" -*•") for line in post.partners.splitlines() if line.strip()),
                ", ".join(topic["name"] for topic in post.topics),
                published,
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"uebertragbare-aktivitaeten-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
