"""A list of choices stored as JSON: edited with checkboxes, validated against the choices, kept in their order."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """A JSON list whose items must be values of `item_choices`.

    Stored as a plain JSON array (portable between SQLite and PostgreSQL); in forms, including the Wagtail
    admin, it is a group of checkboxes. Saved lists are de-duplicated and sorted in the order of the choices,
    so that equal selections compare equal in revisions and change proposals.
    """

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    @property
    def allowed_values(self) -> list[str]:
        return [value for value, _label in self.item_choices]

    def normalise(self, value) -> list[str]:
        chosen = set(value or [])
        return [allowed for allowed in self.allowed_values if allowed in chosen]

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value in (None, ""):
            return
        if not isinstance(value, list):
            raise ValidationError(_("Choose from the list."), code="invalid_list")
        unknown = [item for item in value if item not in self.allowed_values]
        if unknown:
            raise ValidationError(
                _("Unknown choice: %(values)s."),
                code="invalid_choice",
                params={"values": ", ".join(map(str, unknown))},
            )

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, list):
            value = self.normalise(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        defaults = {
            "form_class": ChoiceListFormField,
            "choices": self.item_choices,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        # JSONField.formfield() would force its own form class; build ours directly.
        for unwanted in ("encoder", "decoder", "max_length"):
            defaults.pop(unwanted, None)
        return form_class(**defaults)


class ChoiceListFormField(forms.MultipleChoiceField):
    def prepare_value(self, value):
        # A value coming from the database is a list already; from a bound form it may be JSON text.
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = [value]
        return value or []

    def clean(self, value):
        chosen = super().clean(value)
        order = [str(choice_value) for choice_value, _label in self.choices]
        return [item for item in order if item in set(chosen)]
