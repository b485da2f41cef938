from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    KIND_DESCRIPTIONS,
    KIND_PREFERENCE_LABELS,
    DigestFrequency,
    NotificationKind,
    NotificationPreference,
)


class NotificationPreferencesForm(forms.Form):
    """One switch per kind and channel, the master switch for emails, and how often emails come."""

    email_enabled = forms.BooleanField(
        label=_("Send me notification emails"),
        required=False,
        help_text=_("Off: you get no notification emails at all, whatever you choose below."),
    )
    digest = forms.ChoiceField(
        label=_("How often?"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how often you want to receive emails."),
            "invalid_choice": _("Please choose one of the offered options."),
        },
    )

    def __init__(self, *args, preference: NotificationPreference, **kwargs):
        initial = {"email_enabled": preference.email_enabled, "digest": preference.digest}
        for kind in NotificationKind.values:
            initial[f"{kind}_in_app"] = preference.wants_in_app(kind)
            initial[f"{kind}_email"] = preference.wants_email_for(kind)
        super().__init__(*args, initial=initial, **kwargs)
        for kind in NotificationKind.values:
            self.fields[f"{kind}_in_app"] = forms.BooleanField(label=_("In Netzwerkstatt"), required=False)
            self.fields[f"{kind}_email"] = forms.BooleanField(label=_("By email"), required=False)

    def kinds(self):
        """Rows for the template: each kind with its two switches."""
        for kind in NotificationKind:
            yield {
                "kind": kind.value,
                "label": KIND_PREFERENCE_LABELS.get(kind, kind.label),
                "description": KIND_DESCRIPTIONS.get(kind, ""),
                "in_app": self[f"{kind.value}_in_app"],
                "email": self[f"{kind.value}_email"],
            }

    def apply_to(self, preference: NotificationPreference) -> None:
        data = self.cleaned_data
        preference.email_enabled = data["email_enabled"]
        preference.digest = data["digest"]
        for kind in NotificationKind.values:
            preference.set_choice(kind, in_app=data[f"{kind}_in_app"], email=data[f"{kind}_email"])
