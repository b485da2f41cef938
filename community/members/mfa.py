"""Two-factor authentication (allauth.mfa, TOTP with recovery codes) and its enforcement for the admin.

Everyone who can reach an admin (editors, moderators, staff) must have an authenticator app. The middleware
sends them to the activation page until they have one, and keeps the password-only login forms of Wagtail and
the Django admin out of the way, so every admin login passes allauth's two-factor stage.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .roles import EDITORS, MODERATORS

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")
# Leaving must stay possible without a second factor.
ADMIN_EXEMPT_PATHS = ("/admin/logout/", "/django-admin/logout/")

NO_ACCESS_MESSAGE = _(
    "The editorial office is open to the editorial and moderation teams only. If you think you should have "
    "access, please write to the editorial team."
)
SETUP_REQUIRED_MESSAGE = _(
    "The editorial office is protected by two-factor authentication. Please set up an authenticator app "
    "first; it takes about two minutes."
)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def requires_two_factor(user) -> bool:
    """Who must use two-factor authentication: everyone with access to an admin, i.e. staff, superusers, the
    roles Redaktion and Moderation, and anyone else holding wagtailadmin.access_admin (say, through Wagtail's
    own default groups). One query at most."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    admin_access = {"codename": "access_admin", "content_type__app_label": "wagtailadmin"}
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(
            Q(groups__name__in=[EDITORS, MODERATORS])
            | Q(**{f"groups__permissions__{key}": value for key, value in admin_access.items()})
            | Q(**{f"user_permissions__{key}": value for key, value in admin_access.items()})
        )
        .exists()
    )


class RequireTwoFactorForStaffMiddleware:
    """Admin paths need a second factor: no authenticator app, no admin. Members without admin rights get a
    German message instead of the admins' login redirect (which loops with allauth's login).

    The check runs in process_view, after the message middleware has set up request._messages.
    Only requests under ADMIN_PREFIXES pay for it (at most three small queries).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        path = request.path_info
        if not path.startswith(ADMIN_PREFIXES):
            return None
        if path.startswith(ADMIN_LOGIN_PATHS):
            return self._to_site_login(request)
        if path.startswith(ADMIN_EXEMPT_PATHS):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # the admins send anonymous visitors to the login (WAGTAILADMIN_LOGIN_URL)
        if not self._may_enter(user, path):
            # The admins would send a logged-in member to the login page, which sends them straight back.
            messages.error(request, NO_ACCESS_MESSAGE)
            return HttpResponseRedirect("/")
        if requires_two_factor(user) and not has_totp(user):
            messages.warning(request, SETUP_REQUIRED_MESSAGE)
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return None

    @staticmethod
    def _may_enter(user, path: str) -> bool:
        if not user.is_active:
            return False
        if path.startswith("/django-admin/"):
            return user.is_staff
        return user.has_perm("wagtailadmin.access_admin")

    @staticmethod
    def _to_site_login(request):
        target = request.GET.get("next") or "/admin/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/admin/"
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


# --- Demo and development helpers ---------------------------------------------------------------------------


def ensure_demo_totp(user) -> str:
    """Give a demo account an authenticator app with a fresh secret (replacing an old one) and recovery codes;
    return the secret. Developers read the current code with `manage.py totp_code <email>` (DEBUG only)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)  # keeps existing codes
    return secret


def current_totp_code(user) -> str | None:
    """The code the user's authenticator app shows right now, or None without one."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    secret = decrypt(authenticator.data["secret"])
    counters = list(yield_hotp_counters_from_time())
    current = counters[len(counters) // 2]  # the middle one is "now", the others are the tolerance
    return format_hotp_value(hotp_value(secret, current))
