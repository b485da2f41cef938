"""Forms of the channel pages. They work without JavaScript; the page's script sends the same actions over the
WebSocket when it is connected. Validation of message text lives in posting.clean_body, shared with the socket."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from home.tag_views import TagsField

from . import moderation
from .errors import ChatError
from .models import MAX_MESSAGE_LENGTH, ReportReason
from .posting import CLIENT_ID, clean_body


def new_client_id() -> str:
    return uuid.uuid4().hex


class MessageBodyField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Your message"))
        kwargs.setdefault(
            "help_text",
            _("Markdown is allowed: **bold**, _italic_, [link](https://…). Mention members with @name."),
        )
        # No maxlength attribute: a longer text gets a clear message instead of being cut off while typing.
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "rows": 3, "data-max-length": str(MAX_MESSAGE_LENGTH)}

    def clean(self, value):
        value = super().clean(value)
        try:
            return clean_body(value)
        except ChatError as error:
            raise forms.ValidationError(error.message, code=error.code) from error


class MessageForm(forms.Form):
    body = MessageBodyField()
    # A fresh id per rendered form: submitting the same form twice (a double click, a reload after a timeout)
    # stores the message once.
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def clean_client_id(self):
        value = self.cleaned_data["client_id"]
        if not CLIENT_ID.match(value):
            raise forms.ValidationError(_("The form has expired. Please copy your text and reload the page."))
        return value


class EditForm(forms.Form):
    body = MessageBodyField(label=_("Text"))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this message?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for the moderators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SlowModeForm(forms.Form):
    seconds = forms.TypedChoiceField(
        label=_("Slow mode"),
        choices=moderation.SLOW_MODE_CHOICES,
        coerce=int,
        help_text=_("How long each member must wait between two messages. Moderators are exempt."),
    )


class MuteForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member"), coerce=int)
    minutes = forms.TypedChoiceField(label=_("For how long"), choices=moderation.MUTE_DURATIONS, coerce=int)
    note = forms.CharField(label=_("Reason (for the moderation log)"), required=False, max_length=300)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Choose a member"))] + list(members)


class InviteForm(forms.Form):
    member = forms.CharField(
        label=_("Member to invite"),
        max_length=254,
        help_text=_("The member's display name or email address, exactly."),
    )

    def clean_member(self):
        user = moderation.find_member(self.cleaned_data["member"])
        if user is None:
            raise forms.ValidationError(
                _("No member (or more than one) has this name or address. Please check the spelling.")
            )
        return user


class ChannelSettingsForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the channel is for, in one or two sentences. Markdown is allowed."),
    )
    tags = TagsField(label=_("Topics"))
