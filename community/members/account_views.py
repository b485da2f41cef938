"""The member's account pages under /konto/: the overview, and their data (export and deletion)."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from home.ratelimit import RateLimit

from . import privacy
from .account_forms import DeleteAccountForm
from .adapters import user_display
from .mfa import has_totp, requires_two_factor

logger = logging.getLogger(__name__)

EXPORT_LIMIT = RateLimit("privacy-export", limit=5, period=60 * 60)
DELETE_LIMIT = RateLimit("account-delete", limit=5, period=15 * 60)
DELETED_SESSION_KEY = "netzwerkstatt_account_deleted"


def _retry_message(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return _("Please try again in %(minutes)s minutes.") % {"minutes": minutes}


@never_cache
@login_required
@require_GET
def overview(request):
    from allauth.account.models import EmailAddress

    user = request.user
    profile = getattr(user, "profile", None)
    email_address = EmailAddress.objects.filter(user=user, primary=True).only("email", "verified").first()
    context = {
        "profile": profile,
        "greeting_name": user_display(user),
        "email_address": email_address,
        "has_totp": has_totp(user),
        "needs_totp": requires_two_factor(user),
        "has_password": user.has_usable_password(),
    }
    return render(request, "members/account/overview.html", context)


@never_cache
@login_required
@require_GET
def privacy_overview(request):
    return render(request, "members/account/privacy.html", {"apps": [h.name for h in privacy.handlers()]})


@never_cache
@login_required
@require_GET
def privacy_export(request):
    result = EXPORT_LIMIT.hit(request.user.pk)
    if not result.allowed:
        messages.error(
            request,
            _("You have downloaded your data several times within an hour.")
            + " "
            + _retry_message(result.retry_after),
        )
        return redirect("accounts:privacy")
    data = privacy.export_user_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=False)
    filename = f"netzwerkstatt-meine-daten-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    logger.info("Data export for user %s", request.user.pk)
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    status = 200
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=user)
        limit = DELETE_LIMIT.hit(user.pk)
        if not limit.allowed:
            form.is_valid()  # keeps the choices the member made for the re-rendered form
            form.errors.clear()
            form.add_error(None, _("Too many attempts.") + " " + _retry_message(limit.retry_after))
            status = 429
        elif form.is_valid():
            keep_content = form.keep_content
            user_id = user.pk
            privacy.erase_user(user, keep_content=keep_content)
            logout(request)
            request.session[DELETED_SESSION_KEY] = "keep" if keep_content else "delete"
            logger.info("Account %s erased (keep_content=%s)", user_id, keep_content)
            return HttpResponseRedirect(reverse("accounts:deleted"))
        else:
            status = 400
    else:
        form = DeleteAccountForm(user=user)
    return render(request, "members/account/delete.html", {"form": form}, status=status)


@never_cache
@require_GET
def account_deleted(request):
    mode = request.session.pop(DELETED_SESSION_KEY, None)
    if mode is None:
        return redirect("/")
    return render(request, "members/account/deleted.html", {"kept_contributions": mode == "keep"})
