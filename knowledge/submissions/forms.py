"""The submission forms: one per kind, sharing the classification, the body and the author fields.

A form validates in one of two modes. Saving a draft or looking at its preview needs only a title and text
within the limits; submitting (`complete=True`) needs everything the page needs. Whatever the mode, the view
first keeps what the member typed (`draft_values()`), so an error never costs them their text.

Member text is cleaned as it comes in (knowledge.submissions.text.clean_text: no control characters or bidi
overrides, NFC) and every length is checked after cleaning.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from home.choices import Bundesland, EducationStage, TargetGroup
from home.tag_views import TagsField, format_tags, parse_tags
from knowledge.practice.models import Effort, PracticeKind, Transferability, region_bundesland

from .text import clean_text
from .uploads import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS

MAX_TAGS = 8
# What a draft keeps of a field that is far too long: enough to rescue the text, not enough to fill the disk.
DRAFT_HARD_LIMIT_FACTOR = 3

TEXT_ERRORS = {
    "required": _("Please fill in this field."),
    "max_length": _("Please shorten this to at most %(limit_value)d characters (it has %(show_value)d)."),
}


class MemberTextField(forms.CharField):
    """Text typed by a member: cleaned (see text.clean_text) before its length is checked."""

    def __init__(self, *, multiline: bool = True, **kwargs):
        self.multiline = multiline
        kwargs.setdefault("error_messages", TEXT_ERRORS)
        kwargs.setdefault("required", False)
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(strip=True, **kwargs)

    def to_python(self, value):
        return clean_text(super().to_python(value), multiline=self.multiline)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each file is checked by the form (see views._store_uploads)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [file for file in data if file]
        return [data] if data else []


def region_choices() -> list:
    """The live region pages, grouped by Bundesland, for a select; chosen by page id. The regions app is asked
    through the app registry only (knowledge/ never imports community/): without it there are no choices."""
    try:
        region_model = apps.get_model("regions", "RegionPage")
    except LookupError:
        return []
    from home.chrome import exclude_restricted

    rows = exclude_restricted(region_model.objects.live()).order_by("bundesland", "title")
    names = dict(Bundesland.choices)
    groups: dict[str, list] = {}
    for page_id, title, land in rows.values_list("id", "title", "bundesland"):
        groups.setdefault(names.get(land, land or "–"), []).append((page_id, title))
    return sorted(groups.items(), key=lambda item: item[0])


class SubmissionForm(forms.Form):
    """The fields both kinds share. Subclasses add their own and set KIND."""

    KIND = ""
    # Fields required only when submitting (a draft may leave them empty).
    REQUIRED_TO_SUBMIT = ("summary", "byline")
    SECTIONS: list = []
    # A draft may be incomplete, so the browser must not refuse to send it; the labels say what is needed.
    use_required_attribute = False

    title = MemberTextField(
        label=_("Title"),
        multiline=False,
        max_length=120,
        required=True,
        help_text=_("Short and concrete, e.g. “Ferienakademie mit drei Schülerlaboren”."),
    )
    summary = MemberTextField(
        label=_("Summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what this is about and why it is worth reading."),
    )
    region = forms.TypedChoiceField(
        label=_("MINT-Region"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("If your region has a page in the directory."),
        error_messages={"invalid_choice": _("Please choose a region from the list.")},
    )
    bundesland = forms.ChoiceField(
        label=_("Federal state"),
        required=False,
        choices=[("", _("– from the region, or none –")), *Bundesland.choices],
        error_messages={"invalid_choice": _("Please choose a federal state from the list.")},
    )
    stages = forms.MultipleChoiceField(
        label=_("Stages of the Bildungskette"),
        required=False,
        choices=EducationStage.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose only from the stages listed.")},
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose only from the target groups listed.")},
    )
    tags = TagsField(
        label=_("Topics"),
        max_tags=MAX_TAGS,
        help_text=_("Up to eight topics, separated by commas, e.g. “Partnergewinnung, Ländlicher Raum”."),
    )
    body = MemberTextField(
        label=_("Further details"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Optional. Markdown works: **bold**, *italic*, [link text](https://…), lists with “-”, "
            "sub-headings with “###”."
        ),
    )
    byline = MemberTextField(
        label=_("Author as shown"),
        multiline=False,
        max_length=120,
        help_text=_("Your name as readers see it, e.g. with your region or organisation."),
    )
    anonymous = forms.BooleanField(
        label=_("Publish anonymously"),
        required=False,
        help_text=_(
            "Your name then appears nowhere on the site, in feeds or in search. Only the editors know who "
            "wrote it."
        ),
    )
    new_images = MultipleFileField(
        label=_("Add images"),
        help_text=_("JPEG, PNG or WebP, at most 8 MB each, up to six images."),
    )
    new_documents = MultipleFileField(
        label=_("Add documents"),
        help_text=_(
            "PDF, Word (DOCX), LibreOffice (ODT, ODS), Excel (XLSX) or PowerPoint (PPTX), at most 10 MB each."
        ),
    )

    def __init__(self, *args, submission=None, complete: bool = False, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.complete = complete
        self.fields["region"].choices = [
            ("", _("– none –")),
            *(region_choices() if regions is None else regions),
        ]
        self.fields["new_images"].widget.attrs["accept"] = ",".join(
            ["image/jpeg", "image/png", "image/webp", *(f".{ext}" for ext in IMAGE_EXTENSIONS)]
        )
        self.fields["new_documents"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in DOCUMENT_EXTENSIONS
        )
        for name in self.REQUIRED_TO_SUBMIT:
            self.fields[name].required = complete
        self.image_rows = []
        self.document_rows = []
        if submission is not None and submission.pk:
            self._add_attachment_fields(submission)
        for name, field in self.fields.items():
            field.needed_to_submit = (
                name == "title" or name in self.REQUIRED_TO_SUBMIT or name.endswith("-alt")
            )

    # --- Attachments already uploaded ----------------------------------------------------------------------

    def _add_attachment_fields(self, submission) -> None:
        for attachment in submission.images.all():
            prefix = f"image-{attachment.pk}"
            self.fields[f"{prefix}-alt"] = MemberTextField(
                label=_("Image description"),
                multiline=False,
                max_length=250,
                required=self.complete,
                initial=attachment.alt_text,
                help_text=_("What the image shows, for people who cannot see it."),
            )
            self.fields[f"{prefix}-caption"] = MemberTextField(
                label=_("Caption"), multiline=False, max_length=250, initial=attachment.caption
            )
            self.fields[f"{prefix}-credit"] = MemberTextField(
                label=_("Photo credit"), multiline=False, max_length=120, initial=attachment.credit
            )
            self.fields[f"{prefix}-remove"] = forms.BooleanField(label=_("Remove this image"), required=False)
            self.image_rows.append(
                {
                    "attachment": attachment,
                    "alt": self[f"{prefix}-alt"],
                    "caption": self[f"{prefix}-caption"],
                    "credit": self[f"{prefix}-credit"],
                    "remove": self[f"{prefix}-remove"],
                }
            )
        for attachment in submission.documents.all():
            prefix = f"document-{attachment.pk}"
            self.fields[f"{prefix}-title"] = MemberTextField(
                label=_("Link text"),
                multiline=False,
                max_length=160,
                initial=attachment.title,
                help_text=_("Shown instead of the file name, e.g. “Vorlage Kooperationsvereinbarung”."),
            )
            self.fields[f"{prefix}-description"] = MemberTextField(
                label=_("Description"), multiline=False, max_length=400, initial=attachment.description
            )
            self.fields[f"{prefix}-remove"] = forms.BooleanField(
                label=_("Remove this document"), required=False
            )
            self.document_rows.append(
                {
                    "attachment": attachment,
                    "title": self[f"{prefix}-title"],
                    "description": self[f"{prefix}-description"],
                    "remove": self[f"{prefix}-remove"],
                }
            )

    def attachment_values(self) -> dict:
        """What the member entered for the attachments, also when invalid (cut to the column lengths):
        {"images": {id: {...}}, "documents": {id: {...}}}."""
        images, documents = {}, {}
        for row in self.image_rows:
            attachment = row["attachment"]
            images[attachment.pk] = {
                "alt_text": self._lenient(row["alt"].name, 250, multiline=False),
                "caption": self._lenient(row["caption"].name, 250, multiline=False),
                "credit": self._lenient(row["credit"].name, 120, multiline=False),
                "remove": self._checked(row["remove"].name),
            }
        for row in self.document_rows:
            attachment = row["attachment"]
            documents[attachment.pk] = {
                "title": self._lenient(row["title"].name, 160, multiline=False),
                "description": self._lenient(row["description"].name, 400, multiline=False),
                "remove": self._checked(row["remove"].name),
            }
        return {"images": images, "documents": documents}

    # --- Draft values: everything typed, valid or not -----------------------------------------------------

    def _raw(self, name):
        return self.fields[name].widget.value_from_datadict(self.data, self.files, self.add_prefix(name))

    def _lenient(self, name: str, limit: int, *, multiline: bool = True) -> str:
        return clean_text(self._raw(name), multiline=multiline)[:limit]

    def _checked(self, name: str) -> bool:
        return bool(
            self.fields[name].widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        )

    def draft_values(self) -> dict:
        """The member's input as stored in the draft, whether or not it is valid yet: text cleaned and cut at
        three times its limit, choices filtered to known values."""
        if not self.is_bound:
            raise ValueError("draft_values() needs a bound form")
        values = {}
        for name, field in self.fields.items():
            if name.startswith(("image-", "document-")) or name in ("new_images", "new_documents"):
                continue
            if isinstance(field, MemberTextField):
                values[name] = self._lenient(
                    name, (field.max_length or 1000) * DRAFT_HARD_LIMIT_FACTOR, multiline=field.multiline
                )
            elif isinstance(field, TagsField):
                values[name] = [
                    tag[:100] for tag in parse_tags(clean_text(self._raw(name), multiline=False))
                ][: MAX_TAGS * 2]
            elif isinstance(field, forms.MultipleChoiceField):
                chosen = set(self._raw(name) or [])
                values[name] = [value for value in allowed_order(field) if value in chosen]
            elif isinstance(field, forms.BooleanField):
                values[name] = self._checked(name)
            elif name == "region":
                values[name] = self._region_value(self._raw(name))
            elif isinstance(field, forms.ChoiceField):
                raw = self._raw(name) or ""
                values[name] = raw if raw in {str(value) for value, _label in field.choices} else ""
        return values

    def _region_value(self, raw) -> int | None:
        try:
            page_id = int(raw)
        except (TypeError, ValueError):
            return None
        return page_id if page_id in self._region_ids() else None

    def _region_ids(self) -> set[int]:
        ids = set()
        for value, label in self.fields["region"].choices:
            if isinstance(label, list | tuple):
                ids.update(page_id for page_id, _title in label)
            elif value != "":
                ids.add(int(value))
        return ids

    # --- Validation --------------------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        region_id = cleaned.get("region")
        bundesland = cleaned.get("bundesland")
        if region_id and bundesland:
            from wagtail.models import Page

            region = Page.objects.filter(pk=region_id).first()
            region_land = region_bundesland(region)
            if region_land and region_land != bundesland:
                self.add_error(
                    "bundesland",
                    _(
                        "%(region)s is in %(land)s. Please choose that federal state, or leave the field empty."
                    )
                    % {
                        "region": region.title,
                        "land": dict(Bundesland.choices).get(region_land, region_land),
                    },
                )
        return cleaned


def allowed_order(field) -> list[str]:
    return [str(value) for value, _label in field.choices]


class BestPracticeSubmissionForm(SubmissionForm):
    KIND = PracticeKind.BEST_PRACTICE
    REQUIRED_TO_SUBMIT = (*SubmissionForm.REQUIRED_TO_SUBMIT, "partners", "transferability", "body")

    partners = MemberTextField(
        label=_("Partners involved"),
        max_length=2000,
        help_text=_("One partner per line, e.g. “Kreissparkasse (Finanzierung)”."),
    )
    effort = forms.ChoiceField(
        label=_("Effort"),
        required=False,
        choices=[("", _("– not stated –")), *Effort.choices],
        error_messages={"invalid_choice": _("Please choose the effort from the list.")},
    )
    resources = MemberTextField(
        label=_("Effort and resources"),
        max_length=4000,
        help_text=_("Staff time, budget, rooms, material: what it took."),
    )
    transferability = forms.ChoiceField(
        label=_("Transferable to other regions"),
        choices=Transferability.choices,
        initial=Transferability.PARTLY,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please say whether other regions can do the same."),
            "invalid_choice": _("Please choose one of the options."),
        },
    )
    transfer_conditions = MemberTextField(
        label=_("Conditions for transfer"),
        max_length=2000,
        help_text=_("What another region needs to do the same (partners, money, people)."),
    )
    contact = MemberTextField(
        label=_("Contact"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who to ask: role and organisation, optionally an office email address. Optional."),
    )

    SECTIONS = [
        (_("What it is about"), ("title", "summary")),
        (_("How it works"), ("body", "partners", "effort", "resources")),
        (_("Transfer to other regions"), ("transferability", "transfer_conditions", "contact")),
        (_("Where and for whom"), ("region", "bundesland", "stages", "target_groups", "tags")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("How it works")
        self.fields["body"].help_text = _(
            "What you do, step by step, and what came of it. Markdown works: **bold**, *italic*, "
            "[link text](https://…), lists with “-”, sub-headings with “###”."
        )

    def clean(self):
        cleaned = super().clean()
        transferability = cleaned.get("transferability")
        if (
            self.complete
            and transferability in (Transferability.PARTLY, Transferability.NO)
            and not cleaned.get("transfer_conditions")
            and "transfer_conditions" not in self.errors
        ):
            self.add_error(
                "transfer_conditions",
                _("Please say under which conditions this can (or cannot) be transferred."),
            )
        return cleaned


class FailureStorySubmissionForm(SubmissionForm):
    KIND = PracticeKind.FAILURE
    REQUIRED_TO_SUBMIT = (*SubmissionForm.REQUIRED_TO_SUBMIT, "goal", "what_went_wrong", "lessons_learned")

    goal = MemberTextField(
        label=_("What we set out to do"),
        max_length=4000,
        help_text=_("The plan, the goal, who was involved."),
    )
    what_went_wrong = MemberTextField(
        label=_("What went wrong"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Honestly and concretely: where it got stuck, and why."),
    )
    lessons_learned = MemberTextField(
        label=_("What we learned"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    do_differently = MemberTextField(
        label=_("What we would do differently today"),
        max_length=4000,
        help_text=_("Optional."),
    )
    who_benefits = MemberTextField(
        label=_("Who could benefit"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: which regions or roles can learn most from this story."),
    )

    SECTIONS = [
        (_("What it is about"), ("title", "summary")),
        (
            _("The story"),
            ("goal", "what_went_wrong", "lessons_learned", "do_differently", "who_benefits", "body"),
        ),
        (_("Where and for whom"), ("region", "bundesland", "stages", "target_groups", "tags")),
    ]


FORMS = {
    PracticeKind.BEST_PRACTICE: BestPracticeSubmissionForm,
    PracticeKind.FAILURE: FailureStorySubmissionForm,
}

# The fields that are stored in a submission's data, per kind (attachments are stored as rows).
DATA_FIELDS = {
    kind: [name for name in form_class.base_fields if name not in ("new_images", "new_documents")]
    for kind, form_class in FORMS.items()
}


def form_class_for(kind: str) -> type[SubmissionForm]:
    return FORMS[kind]


def form_data(submission) -> dict:
    """A submission's stored values as form data (for the initial form and for validating a stored draft)."""
    data = {}
    for name in DATA_FIELDS[submission.kind]:
        value = (submission.data or {}).get(name)
        if value is None:
            continue
        if name == "tags":
            value = format_tags(value) if isinstance(value, list) else str(value)
        elif name == "region":
            value = str(value)
        elif isinstance(value, bool):
            value = "on" if value else ""
        data[name] = value
    for attachment in submission.images.all():
        prefix = f"image-{attachment.pk}"
        data[f"{prefix}-alt"] = attachment.alt_text
        data[f"{prefix}-caption"] = attachment.caption
        data[f"{prefix}-credit"] = attachment.credit
    for attachment in submission.documents.all():
        prefix = f"document-{attachment.pk}"
        data[f"{prefix}-title"] = attachment.title
        data[f"{prefix}-description"] = attachment.description
    return data


def initial_values(kind: str, byline: str) -> dict:
    initial = {"byline": byline[:120]}
    if kind == PracticeKind.BEST_PRACTICE:
        initial["transferability"] = Transferability.PARTLY
    return initial
