"""django-allauth adapters: internal usernames, the profile on sign-up, German messages addressed with "du"."""

from __future__ import annotations

import logging
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

USERNAME_PREFIX = "m-"


def generate_internal_username() -> str:
    """Usernames are internal (login is by email) and never shown: random, so they reveal nothing."""
    user_model = get_user_model()
    while True:
        candidate = f"{USERNAME_PREFIX}{secrets.token_hex(6)}"
        if not user_model.objects.filter(username=candidate).exists():
            return candidate


def user_display(user) -> str:
    """How allauth names a member (mails, messages): the display name, else the full name, else the address."""
    profile = getattr(user, "profile", None) if user.pk else None
    return (
        (profile.display_name if profile else "") or user.get_full_name() or user.email or _("former member")
    )


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is inactive."),
        "cannot_remove_primary_email": _("You cannot remove your primary email address."),
        "duplicate_email": _("This email address already belongs to your account."),
        "email_password_mismatch": _("The email address or the password is not correct."),
        "email_taken": _(
            "An account with this email address already exists. Log in, or reset your password if you have "
            "forgotten it."
        ),
        "enter_current_password": _("Please enter your current password."),
        "incorrect_code": _("This code is not correct. Please check it and try again."),
        "incorrect_password": _("The password is not correct."),
        "invalid_or_expired_key": _("This link is invalid or has expired."),
        "invalid_login": _("The login did not work. Please check your input."),
        "invalid_password_reset": _("The link to reset your password is invalid or has expired."),
        "max_email_addresses": _("You cannot add more than %d email addresses."),
        "too_many_login_attempts": _(
            "Too many failed login attempts. Please wait a few minutes and try again, or reset your password."
        ),
        "unknown_email": _("No account uses this email address."),
        "unverified_primary_email": _("Please confirm your email address first."),
        "select_only_one": _("Please choose only one."),
        "same_as_current": _("The new value must differ from the current one."),
        "rate_limited": _("Too many requests in a short time. Please wait a moment and try again."),
    }

    def populate_username(self, request, user) -> None:
        if not user.username:
            user.username = generate_internal_username()

    def save_user(self, request, user, form, commit=True):
        """The account, its profile (display name, consent to the terms) and the member role, all or nothing."""
        from community.members.models import Profile

        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            if commit:
                display_name = form.cleaned_data.get("display_name") or ""
                Profile.objects.update_or_create(
                    user=user,
                    defaults={"display_name": display_name, "terms_accepted_at": timezone.now()},
                )
        return user

    REAUTHENTICATION_DESCRIPTIONS = {
        "reauthenticate": _("With your password"),
        "mfa_reauthenticate": _("With a code from your authenticator app or a recovery code"),
    }

    def get_reauthentication_methods(self, user):
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            method["description"] = self.REAUTHENTICATION_DESCRIPTIONS.get(
                method["id"], method["description"]
            )
        return methods

    def send_mail(self, template_prefix, email, context):
        context = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": _(
            "While two-factor authentication is on, you cannot add an email address. Turn it off first, "
            "change the address, then turn it on again."
        ),
        "cannot_delete_authenticator": _("You cannot turn off two-factor authentication."),
        "cannot_generate_recovery_codes": _("Recovery codes need an active authenticator app."),
        "incorrect_code": _("This code is not correct. Please check the time on your phone and try again."),
        "unverified_email": _(
            "Please confirm your email address before you set up two-factor authentication."
        ),
    }

    def get_totp_label(self, user) -> str:
        return user.email

    def get_totp_issuer(self) -> str:
        return settings.MFA_TOTP_ISSUER


def on_user_signed_up(sender, request, user, **kwargs) -> None:
    """Every new account is a member (the role Mitglieder)."""
    from .roles import MEMBERS, add_to_role

    add_to_role(user, MEMBERS)
    logger.info("New account %s signed up", user.pk)
