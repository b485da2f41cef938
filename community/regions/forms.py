from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import RegionPage
from .proposals import current_values, serialise

MESSAGE_MAX_LENGTH = 4000


class RegionProposalForm(forms.Form):
    """The editable fields of a region, prefilled with what the page says now, plus a message to the editors.

    The fields come from the model, and every value is validated by the model field too (choices, the
    founding year, URLs), so a proposal the editors accept can always be saved.
    """

    message = forms.CharField(
        label=_("Message to the editors"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Why the change, or anything the form cannot express (e.g. a new coordinator). Markdown is allowed."
        ),
    )

    def __init__(self, *args, region: RegionPage, **kwargs):
        self.region = region
        kwargs.setdefault("initial", current_values(region))
        super().__init__(*args, **kwargs)
        message = self.fields.pop("message")
        for name in RegionPage.PROPOSABLE_FIELDS:
            model_field = RegionPage._meta.get_field(name)
            extra = {"assume_scheme": "https"} if isinstance(model_field, models.URLField) else {}
            form_field = model_field.formfield(**extra)
            form_field.label = capfirst(model_field.verbose_name)
            if isinstance(form_field.widget, forms.Textarea):
                form_field.widget.attrs.setdefault("rows", 3 if name == "intro" else 5)
            self.fields[name] = form_field
        self.fields["message"] = message

    def clean(self):
        cleaned = super().clean()
        for name in RegionPage.PROPOSABLE_FIELDS:
            if name not in cleaned:
                continue
            try:
                value = RegionPage._meta.get_field(name).clean(cleaned[name], self.region)
            except ValidationError as error:
                self.add_error(name, error)
                continue
            cleaned[name] = serialise(name, value)
        if not self.errors and not self.changed_fields() and not (cleaned.get("message") or "").strip():
            raise ValidationError(
                _("Change at least one field, or write the editors a message."), code="nothing_changed"
            )
        return cleaned

    def changed_fields(self) -> list[str]:
        current = current_values(self.region)
        return [
            name
            for name in RegionPage.PROPOSABLE_FIELDS
            if name in self.cleaned_data and self.cleaned_data[name] != current[name]
        ]

    def proposed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in RegionPage.PROPOSABLE_FIELDS}


class DecisionForm(forms.Form):
    ACCEPT = "accept"
    REJECT = "reject"

    decision = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (REJECT, _("Reject"))])
    note = forms.CharField(
        label=_("Note to the coordinator"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting; sent to the coordinator with the decision."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Tell the coordinator why, so they can improve the proposal."))
        return cleaned
