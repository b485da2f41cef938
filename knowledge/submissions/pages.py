"""From a member's submission to a practice page: the unsaved page of the preview, the draft page the editors
review, and its update when the member resubmits.

The page gets the member's text as it is: the free-text fields (summary, partners, what went wrong, …) hold
Markdown, which the page templates render through home.text (raw HTML off, sanitised). The "further details"
text becomes the first block of the page's body, a rich text paragraph holding the Markdown rendered and
reduced to what the admin's rich text editor supports (text.markdown_to_rich_text); the images and documents
follow as image and document blocks.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.coreutils import find_available_slug

from knowledge.practice.models import (
    BestPracticePage,
    FailureStoryPage,
    PracticeIndexPage,
    PracticeKind,
    PracticePageTag,
    Transferability,
    region_bundesland,
)

from .forms import DATA_FIELDS
from .text import markdown_to_rich_text

PAGE_CLASSES = {PracticeKind.BEST_PRACTICE: BestPracticePage, PracticeKind.FAILURE: FailureStoryPage}

# Copied to the page as they are (title, region, tags, body, byline, anonymous: see apply_fields).
SHARED_FIELDS = ("summary", "bundesland", "stages", "target_groups")
KIND_FIELDS = {
    PracticeKind.BEST_PRACTICE: (
        "partners",
        "effort",
        "resources",
        "transferability",
        "transfer_conditions",
        "contact",
    ),
    PracticeKind.FAILURE: ("goal", "what_went_wrong", "lessons_learned", "do_differently", "who_benefits"),
}
PAGE_SLUG_MAX_LENGTH = 80


def practice_index() -> PracticeIndexPage | None:
    return PracticeIndexPage.objects.order_by("path").first()


def page_slug(title: str) -> str:
    """A readable ASCII slug for a German title: umlauts spelled out ("Mädchen" -> "maedchen")."""
    text = title or ""
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        text = text.replace(umlaut, spelled)
    text = text.replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = slugify(text)[:PAGE_SLUG_MAX_LENGTH].strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug or "beitrag"


def _available_slug(index: PracticeIndexPage, title: str, ignore_page_id=None) -> str:
    slug = page_slug(title)
    if slug in getattr(PracticeIndexPage, "RESERVED_SLUGS", ()):
        slug = f"{slug}-beitrag"
    return find_available_slug(index, slug, ignore_page_id=ignore_page_id)


def body_blocks(submission) -> list[dict]:
    """The page body: the member's details as rich text, then their images, then their documents."""
    data = submission.data or {}
    blocks = []
    html = markdown_to_rich_text(data.get("body", ""))
    if html:
        blocks.append({"type": "paragraph", "value": html})
    for attachment in submission.images.all():
        blocks.append(
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": attachment.image_id,
                        "alt_text": attachment.alt_text,
                        "decorative": False,
                    },
                    "caption": attachment.caption,
                    "credit": attachment.credit,
                },
            }
        )
    for attachment in submission.documents.all():
        blocks.append(
            {
                "type": "document",
                "value": {
                    "document": attachment.document_id,
                    "title": attachment.title,
                    "description": attachment.description,
                },
            }
        )
    return blocks


def attachments_snapshot(submission) -> list:
    """What the body's images and documents are made of, to tell whether they changed since submitting."""
    return [["image", a.image_id, a.alt_text, a.caption, a.credit] for a in submission.images.all()] + [
        ["document", a.document_id, a.title, a.description] for a in submission.documents.all()
    ]


def _valid_region_id(region_id):
    """A region page id only if it (still) is a live region page."""
    if not region_id:
        return None
    from django.apps import apps

    try:
        region_model = apps.get_model("regions", "RegionPage")
    except LookupError:
        return None
    return region_id if region_model.objects.live().filter(pk=region_id).exists() else None


def apply_fields(page, submission, fields=None) -> None:
    """Copy the member's values onto `page` (only `fields`, when given: the ones changed since submitting)."""
    data = submission.data or {}
    kind = submission.kind

    def wanted(name: str) -> bool:
        return fields is None or name in fields

    if wanted("title"):
        page.title = data.get("title") or page.title or str(submission.display_title)
        page.draft_title = page.title
    for name in (*SHARED_FIELDS, *KIND_FIELDS[kind]):
        if wanted(name) and name in data:
            value = data.get(name)
            if name == "transferability" and not value:
                continue
            setattr(page, name, value if value is not None else "")
    if wanted("region"):
        page.region_id = _valid_region_id(data.get("region"))
    if wanted("byline") or wanted("anonymous"):
        # Together: turning anonymity off again must bring the byline back. The practice page empties the
        # byline of anonymous posts when saved; the preview page is never saved, so do the same here.
        page.anonymous = bool(data.get("anonymous"))
        page.byline = "" if page.anonymous else data.get("byline", "")
    page.author_id = submission.author_id


def build_preview_page(submission):
    """An unsaved page of the right type, as the post will look: for the preview only, nothing is stored.

    Tags that do not exist yet are shown as unsaved Tag objects, so a preview never adds to the site's tag
    vocabulary. The tree position is set the way Wagtail's own preview of a new page does it.
    """
    page_class = PAGE_CLASSES[submission.kind]
    page = page_class(title=submission.data.get("title") or str(submission.display_title), live=False)
    apply_fields(page, submission)
    if hasattr(page, "transferability") and not page.transferability:
        page.transferability = Transferability.PARTLY
    page.kind = page_class.KIND
    if not page.bundesland and page.region_id:
        page.bundesland = region_bundesland(page.region) or ""
    page.body = body_blocks(submission)
    page.slug = page_slug(page.title)
    index = practice_index()
    if index is not None:
        page.depth = index.depth + 1
        if index.is_leaf():
            page.path = page._get_path(index.path, page.depth, 1)
        else:
            page.path = index.get_last_child()._inc_path()
        page.set_url_path(index)
    names = submission.data.get("tags") or []
    existing = {}
    if names:
        matches = Q()
        for name in names:
            matches |= Q(name__iexact=name)
        existing = {tag.name.casefold(): tag for tag in Tag.objects.filter(matches)}
    tags = [
        existing.get(name.casefold()) or Tag(name=name, slug=slugify(name, allow_unicode=True))
        for name in names
    ]
    page.tagged_items = [PracticePageTag(tag=tag) for tag in tags]
    return page


@transaction.atomic
def create_draft_page(submission, user):
    """The draft page of a newly submitted post, under the practice index, with its first revision."""
    index = practice_index()
    if index is None:
        raise PracticeIndexMissing
    page_class = PAGE_CLASSES[submission.kind]
    data = submission.data
    page = page_class(live=False, owner=user)
    apply_fields(page, submission)
    page.slug = _available_slug(index, page.title)
    page.body = body_blocks(submission)
    index.add_child(instance=page)
    page.tags.set(data.get("tags") or [])
    page.save()
    page.save_revision(user=user, log_action=True)
    return page


@transaction.atomic
def update_draft_page(submission, user):
    """On resubmission: bring the member's changes since the last submission into the editors' draft.

    Only fields the member changed replace the draft's values, so corrections the editors made meanwhile in
    the admin (a typo, a better summary) survive unless the member rewrote that very field.
    """
    page = submission.page.specific
    draft = page.get_latest_revision_as_object()
    before = submission.submitted_data or {}
    data = submission.data or {}
    changed = {name for name in DATA_FIELDS[submission.kind] if data.get(name) != before.get(name)}
    apply_fields(draft, submission, fields=changed)
    if "title" in changed and not page.live and not page.first_published_at:
        index = practice_index()
        if index is not None:
            draft.slug = _available_slug(index, draft.title, ignore_page_id=page.pk)
    if "body" in changed or attachments_snapshot(submission) != before.get("_attachments"):
        draft.body = body_blocks(submission)
    if "tags" in changed:
        draft.tags.set(data.get("tags") or [])
    if not page.live:
        draft.save()
    draft.save_revision(user=user, log_action=True)
    return draft


def submitted_snapshot(submission) -> dict:
    return {**(submission.data or {}), "_attachments": attachments_snapshot(submission)}


class PracticeIndexMissing(Exception):
    """There is no practice index page to put submissions under (an editor has to create it first)."""
