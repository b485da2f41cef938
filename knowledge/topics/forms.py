"""The editors' forms for merging and renaming topics (admin_views.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .merge import NAME_MAX_LENGTH, TopicChangeError, clean_topic_name, plan_merge


class MergeForm(forms.Form):
    """Which topics to merge, into which one. The target may be one of them, another topic or a new name."""

    sources = forms.ModelMultipleChoiceField(
        label=_("Topics to merge"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("One of the chosen topics no longer exists. Please reload the list.")
        },
    )
    target = forms.CharField(
        label=_("Merge into"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_(
            "One of the chosen topics, another existing topic or a new name. Everything tagged with the chosen "
            "topics will carry this one afterwards."
        ),
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, offered=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.plan = None
        # Only the topics the editor picked are offered as checkboxes (the full list has its own page).
        if offered is not None:
            self.fields["sources"].choices = [(tag.pk, tag.name) for tag in offered]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        sources = list(cleaned.get("sources") or [])
        if not sources:
            self.add_error("sources", _("Please choose at least one topic to merge."))
            return cleaned
        if not (cleaned.get("target") or "").strip():
            self.add_error("target", _("Please enter the topic to merge into."))
            return cleaned
        try:
            self.plan = plan_merge(sources, cleaned["target"], user=self.user)
        except TopicChangeError as error:
            self.add_error("target", str(error))
        return cleaned


class RenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=NAME_MAX_LENGTH, required=False)

    def clean_name(self):
        try:
            return clean_topic_name(self.cleaned_data.get("name", ""))
        except TopicChangeError as error:
            raise forms.ValidationError(str(error)) from error
