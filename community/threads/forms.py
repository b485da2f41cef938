"""Forms of the discussions. They work without JavaScript; the page's script sends posts and reactions over
the WebSocket when it is connected. Text validation lives in services.clean_body, shared with the socket."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .errors import MESSAGES, ThreadError
from .models import MAX_POST_LENGTH, FlagReason
from .moderation import REASON_MAX
from .services import CLIENT_ID, clean_body


def new_client_id() -> str:
    return uuid.uuid4().hex


class PostBodyField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Your post"))
        kwargs.setdefault(
            "help_text",
            _(
                "Markdown is allowed: **bold**, _italic_, [link](https://…), lists. Mention members with @name."
            ),
        )
        # No maxlength attribute: a longer text gets a clear message instead of being cut off while typing.
        kwargs.setdefault("strip", False)
        kwargs.setdefault("error_messages", {"required": MESSAGES["empty"]})
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "rows": 5, "data-max-length": str(MAX_POST_LENGTH)}

    def clean(self, value):
        value = super().clean(value)
        try:
            return clean_body(value)
        except ThreadError as error:
            raise forms.ValidationError(error.message, code=error.code) from error


class TargetForm(forms.Form):
    """Names the object the discussion belongs to (a registered thread target)."""

    target_type = forms.CharField(widget=forms.HiddenInput, max_length=100)
    target_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PostForm(TargetForm):
    body = PostBodyField()
    # A fresh id per rendered form: submitting the same form twice (a double click, a reload after a timeout)
    # stores the post once.
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def clean_client_id(self):
        value = self.cleaned_data["client_id"]
        if not CLIENT_ID.match(value):
            raise forms.ValidationError(_("The form has expired. Please copy your text and reload the page."))
        return value


class EditForm(forms.Form):
    body = PostBodyField(label=_("Text"))


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for the moderators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        help_text=_(
            "The author and the other moderators see it; everyone else sees “Hidden by the moderators”."
        ),
        error_messages={"required": _("Please give a reason; the author and the other moderators see it.")},
    )


class LockForm(TargetForm):
    operation = forms.ChoiceField(choices=[("lock", "lock"), ("unlock", "unlock")], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (shown above the discussion)"),
        required=False,
        max_length=REASON_MAX,
    )


class FollowForm(TargetForm):
    operation = forms.ChoiceField(
        choices=[("follow", "follow"), ("unfollow", "unfollow")], widget=forms.HiddenInput
    )
