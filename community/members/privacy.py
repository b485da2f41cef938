"""Data export and erasure (DSGVO Art. 15, 17, 20) across all apps.

Each app that stores something about a member registers how to export and how to erase it, in its
AppConfig.ready():

    privacy.register("notifications", export=export_notifications, erase=erase_notifications)

`export(user)` returns JSON-serialisable data (dates may be datetime objects); `erase(user, keep_content)`
removes personal data. With keep_content=True the member's public contributions stay, attributed to
"ehemaliges Mitglied" (the user row stays, anonymised: see `anonymise_user`); with keep_content=False they go,
and the user row is deleted afterwards (foreign keys with CASCADE take the rest).

`export_user_data(user)` and `erase_user(user, keep_content=...)` run every registered handler, then the
account itself (email addresses, two-factor authenticators, sessions, admin traces), in one transaction.
The members app registers its own handler ("members": profile, topics, follows) in apps.py.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "netzwerkstatt-datenexport/1"
FORMER_MEMBER_EMAIL_DOMAIN = "ehemalig.invalid"
FORMER_MEMBER_USERNAME_PREFIX = "ehemalig-"


@dataclass(frozen=True)
class PrivacyHandler:
    name: str
    export: Callable
    erase: Callable


_handlers: dict[str, PrivacyHandler] = {}


def register(name: str, *, export: Callable, erase: Callable) -> None:
    _handlers[name] = PrivacyHandler(name=name, export=export, erase=erase)


def handlers() -> list[PrivacyHandler]:
    return list(_handlers.values())


def is_former_member(user) -> bool:
    """An account erased with "keep my contributions": shown as "ehemaliges Mitglied"."""
    return bool(user) and not user.is_active and (user.email or "").endswith(f"@{FORMER_MEMBER_EMAIL_DOMAIN}")


# --- Export -------------------------------------------------------------------------------------------------


def field_value(instance: models.Model, field: models.Field):
    """A JSON-friendly value of one model field: files as their name and URL, relations as id and name."""
    if isinstance(field, models.FileField):
        file = getattr(instance, field.name)
        if not file:
            return None
        try:
            url = file.url
        except ValueError:
            url = None
        return {"name": file.name, "url": url}
    if field.is_relation and field.many_to_one:
        related = getattr(instance, field.name)
        return None if related is None else {"id": related.pk, "name": str(related)}
    return field.value_from_object(instance)


def model_fields(instance: models.Model, exclude: tuple[str, ...] = ()) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.name] = field_value(instance, field)
        if field.choices and data[field.name] not in (None, ""):
            data[f"{field.name}_label"] = str(getattr(instance, f"get_{field.name}_display")())
    return data


def export_account(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    data = {
        # Everything on the user row, except the password hash.
        "user": model_fields(user, exclude=("password",)),
        "has_password": user.has_usable_password(),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list("content_type__app_label", "codename")
        ),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        # Types and dates only: secrets and recovery codes never leave the database.
        "two_factor": [
            {"type": auth.type, "created_at": auth.created_at, "last_used_at": auth.last_used_at}
            for auth in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }
    admin_profile = _wagtail_user_profile(user)
    if admin_profile is not None:
        data["admin_preferences"] = model_fields(admin_profile, exclude=("id", "user"))
    return data


def export_user_data(user) -> dict:
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "account": export_account(user),
    }
    for handler in handlers():
        data[handler.name] = handler.export(user)
    return data


# --- Erasure ------------------------------------------------------------------------------------------------


def erase_user(user, *, keep_content: bool) -> None:
    """Remove everything personal about `user`; see the module docstring."""
    with transaction.atomic():
        for handler in handlers():
            handler.erase(user, keep_content)
        _erase_account_traces(user)
        if keep_content:
            anonymise_user(user)
            return
        try:
            with transaction.atomic():
                user.delete()
        except ProtectedError:
            # Something refuses to lose its author; keep the row, but with nothing personal left in it.
            logger.warning("User %s could not be deleted (protected references); anonymised instead", user.pk)
            anonymise_user(user)


def anonymise_user(user) -> None:
    token = uuid.uuid4().hex[:16]
    user.username = f"{FORMER_MEMBER_USERNAME_PREFIX}{token}"
    user.email = f"{FORMER_MEMBER_USERNAME_PREFIX}{token}@{FORMER_MEMBER_EMAIL_DOMAIN}"
    user.first_name = ""
    user.last_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def _erase_account_traces(user) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    delete_sessions_of(user)

    admin_profile = _wagtail_user_profile(user)
    if admin_profile is not None:
        delete_file_on_commit(admin_profile.avatar)
        admin_profile.delete()
    # Editor-side leftovers: autosaved admin forms, editing sessions, API tokens, page subscriptions.
    for label in ("wagtailadmin.FormState", "wagtailadmin.EditingSession", "wagtailcore.APIToken"):
        model = _model_or_none(label)
        if model is not None:
            model.objects.filter(user=user).delete()
    from wagtail.models import PageSubscription

    PageSubscription.objects.filter(user=user).delete()

    # Admin histories that name this account (e.g. "user … edited") keep the event, not the name.
    user_type = ContentType.objects.get_for_model(user.__class__)
    former = gettext("former member")
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=former, change_message=""
    )
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(label=former, data={})


def delete_sessions_of(user) -> int:
    """End every session of `user`. Database sessions are found by decoding them; with a session engine that
    cannot be listed, the sessions die on their next request anyway (password hash changed, or user gone)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return 0
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    wanted = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).only(
            "session_key", "session_data"
        )
        if str(store_class().decode(session.session_data).get(SESSION_KEY)) == wanted
    ]
    for key in keys:
        store_class(session_key=key).delete()  # the cached_db store clears its cache entry too
    return len(keys)


def delete_file_on_commit(file) -> None:
    """Remove an uploaded file from storage once the deletion of its row is committed."""
    if not file:
        return
    storage, name = file.storage, file.name

    def remove():
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not delete %s from storage", name)

    transaction.on_commit(remove)


def _wagtail_user_profile(user):
    from wagtail.users.models import UserProfile

    return UserProfile.objects.filter(user=user).first()


def _model_or_none(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except LookupError:
        return None


# --- The members app's own data: profile, topics, follows ----------------------------------------------------


def export_members(user) -> dict:
    from .models import Follow, Profile

    profile = Profile.objects.filter(user=user).select_related("region").first()
    profile_data = None
    if profile is not None:
        profile_data = model_fields(profile, exclude=("id", "user"))
        profile_data["visibility"] = {name: profile.visibility_of(name) for name in Profile.VISIBILITY_FIELDS}
        profile_data["topics"] = sorted(profile.topics.values_list("name", flat=True))
    follows = (
        Follow.objects.filter(user=user)
        .select_related("content_type")
        .prefetch_related("target")
        .order_by("created_at")
    )
    return {
        "profile": profile_data,
        "follows": [
            {
                "type": f"{follow.content_type.app_label}.{follow.content_type.model}",
                "id": follow.object_id,
                "name": str(follow.target) if follow.target is not None else None,
                "since": follow.created_at,
            }
            for follow in follows
        ],
    }


def erase_members(user, keep_content: bool) -> None:
    from django.contrib.contenttypes.models import ContentType

    from .models import Follow, Profile

    Follow.objects.filter(user=user).delete()
    # Others following this member (or their profile) would follow nobody now.
    Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(user.__class__), object_id=user.pk
    ).delete()
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        Follow.objects.filter(
            content_type=ContentType.objects.get_for_model(Profile), object_id=profile.pk
        ).delete()
        delete_file_on_commit(profile.avatar)
        profile.delete()
