"""The account forms (django-allauth subclasses, ACCOUNT_FORMS / MFA_FORMS in settings) and the privacy forms.

Every field has a visible German label (no placeholders standing in for labels), help text where it helps,
and the right autocomplete hints for password managers.
"""

from __future__ import annotations

import logging

from allauth.account import forms as account_forms
from allauth.account.internal.flows.manage_email import email_already_exists
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.ratelimit import client_identifier
from home.text import clean_text

logger = logging.getLogger("community.members.signup")

TERMS_URL = "/ueber-uns/netiquette/"
PRIVACY_URL = "/datenschutz/"
HONEYPOT_FIELD = "website"


class AccountFormMixin:
    """Labels instead of placeholders; optional per-field label and help text overrides."""

    labels: dict = {}
    help_texts: dict = {}
    autocomplete: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.help_texts:
                field.help_text = self.help_texts[name]
            if name in self.autocomplete:
                field.widget.attrs["autocomplete"] = self.autocomplete[name]


EMAIL_LABEL = _("Email address")
CODE_WIDGET_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}


def _password_reset_link() -> SafeString:
    from django.urls import reverse

    return format_html(
        '<a href="{}">{}</a>', reverse("account_reset_password"), gettext("Forgotten your password?")
    )


password_reset_link = lazy(_password_reset_link, SafeString)


class LoginForm(AccountFormMixin, account_forms.LoginForm):
    labels = {"login": EMAIL_LABEL, "password": _("Password"), "remember": _("Stay logged in")}
    help_texts = {
        "remember": _("For two weeks on this device. Leave it off on shared computers."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_reset_link()


class SignupForm(AccountFormMixin, account_forms.SignupForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other members see you, usually your first and last name. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    accept_terms = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please accept the terms of use and the privacy notice to join.")},
    )
    labels = {"email": EMAIL_LABEL, "password1": _("Password"), "password2": _("Repeat password")}
    help_texts = {"email": _("We send you a link to confirm it. Other members do not see it.")}

    field_order = ["email", "display_name", "password1", "password2", "accept_terms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].label = terms_label()
        # The honeypot: a plausible field people never see or reach (see templates/allauth/elements/fields.html).
        honeypot = forms.CharField(
            required=False,
            label=_("Website"),
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        honeypot.honeypot = True
        self.fields[HONEYPOT_FIELD] = honeypot
        self.order_fields([*self.field_order, HONEYPOT_FIELD])

    def clean_display_name(self) -> str:
        name = clean_text(self.cleaned_data["display_name"], multiline=False)
        if len(name) < 2:
            raise ValidationError(_("Please enter at least two characters."), code="too_short")
        return name

    def validate_unique_email(self, value) -> str:
        # Unlike password reset (which never reveals whether an address has an account), sign-up says so:
        # a person who already has an account needs to know, and sign-up is rate-limited per address range.
        email, self.account_already_exists = email_already_exists(value, always_raise=True)
        return email

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("password1")
        display_name = cleaned_data.get("display_name")
        if password and display_name and "password1" not in self.errors:
            from community.members.models import User

            try:
                UserAttributeSimilarityValidator(user_attributes=("first_name",)).validate(
                    password, User(first_name=display_name)
                )
            except ValidationError:
                self.add_error("password1", _("The password is too similar to your display name."))
        return cleaned_data

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD), "").strip())

    def try_save(self, request):
        if self.honeypot_filled:
            # Bots learn nothing: they see the same "check your mail" page as people, no account is created.
            logger.warning("Sign-up rejected: honeypot field filled (client %s)", client_identifier(request))
            from allauth.account.adapter import get_adapter

            return None, get_adapter(request).respond_email_verification_sent(request, None)
        return super().try_save(request)

    def signup(self, request, user):
        """The profile is created by the adapter (adapters.AccountAdapter.save_user)."""


def _terms_label() -> SafeString:
    return format_html(
        gettext(
            'I accept the <a href="{terms}">terms of use (Netiquette)</a> and have read the '
            '<a href="{privacy}">privacy notice</a>.'
        ),
        terms=TERMS_URL,
        privacy=PRIVACY_URL,
    )


terms_label = lazy(_terms_label, SafeString)


class ResetPasswordForm(AccountFormMixin, account_forms.ResetPasswordForm):
    labels = {"email": EMAIL_LABEL}

    def clean_email(self) -> str:
        email = super().clean_email()
        # allauth counts requests per address only after validation and then answers with a bare 429 page;
        # asking first (without counting) lets us explain it on the form, with the address kept.
        request = allauth_context.request
        if request is not None and not ratelimit.consume(
            request, action="reset_password", key=email.lower(), dry_run=True
        ):
            raise ValidationError(
                _(
                    "We have just sent several links to this address. Please look in your inbox and spam "
                    "folder, or try again in 15 minutes."
                ),
                code="rate_limited",
            )
        return email


class ResetPasswordKeyForm(AccountFormMixin, account_forms.ResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("Repeat new password")}


class ChangePasswordForm(AccountFormMixin, account_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("Repeat new password"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].help_text = password_reset_link()


class SetPasswordForm(AccountFormMixin, account_forms.SetPasswordForm):
    labels = {"password1": _("Password"), "password2": _("Repeat password")}


class AddEmailForm(AccountFormMixin, account_forms.AddEmailForm):
    labels = {"email": _("New email address")}
    help_texts = {
        "email": _("We send a confirmation link there. Until you confirm it, your current address stays.")
    }


class RequestLoginCodeForm(AccountFormMixin, account_forms.RequestLoginCodeForm):
    labels = {"email": EMAIL_LABEL}


class ConfirmLoginCodeForm(AccountFormMixin, account_forms.ConfirmLoginCodeForm):
    labels = {"code": _("Login code")}
    autocomplete = {"code": "one-time-code"}


class ReauthenticateForm(AccountFormMixin, account_forms.ReauthenticateForm):
    labels = {"password": _("Password")}


class _CodeFieldMixin(AccountFormMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(CODE_WIDGET_ATTRS)


class AuthenticateForm(_CodeFieldMixin, mfa_base_forms.AuthenticateForm):
    labels = {"code": _("Code")}
    help_texts = {
        "code": _("The six-digit code from your authenticator app, or one of your recovery codes."),
    }


class MFAReauthenticateForm(_CodeFieldMixin, mfa_base_forms.ReauthenticateForm):
    labels = {"code": _("Code")}
    help_texts = {"code": _("The six-digit code from your authenticator app.")}


class ActivateTOTPForm(_CodeFieldMixin, totp_forms.ActivateTOTPForm):
    labels = {"code": _("Code from the app")}
    help_texts = {"code": _("Enter the six-digit code your app shows now, to check that everything works.")}


# --- Privacy ------------------------------------------------------------------------------------------------


class DeleteAccountForm(forms.Form):
    KEEP = "keep"
    DELETE = "delete"

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is really you."),
    )
    contributions = forms.ChoiceField(
        label=_("What should happen to your contributions?"),
        choices=[
            (
                KEEP,
                _(
                    "Keep them: what you wrote stays readable for others, shown as “former member” "
                    "instead of your name."
                ),
            ),
            (DELETE, _("Delete them: everything you wrote is removed. Replies by others stay.")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what should happen to your contributions.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account cannot be restored."),
        error_messages={"required": _("Please confirm that you want to delete your account.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.has_usable_password():
            raise ValidationError(
                _("Your account has no password yet. Please set one first (Account › Password)."),
                code="no_password",
            )
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."), code="incorrect_password")
        return password

    @property
    def keep_content(self) -> bool:
        return self.cleaned_data["contributions"] == self.KEEP
