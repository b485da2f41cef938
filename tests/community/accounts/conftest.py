"""Helpers for the account tests: mails, codes, and members in each role."""

import re

import pytest
from django.core import mail

PASSWORD = "ein-sicheres-passwort"
STRONG_PASSWORD = "Kooperation-mit-Schulen-2031"


def last_mail_to(address: str):
    matching = [message for message in mail.outbox if address in message.to]
    assert matching, f"no mail to {address} in {[m.to for m in mail.outbox]}"
    return matching[-1]


def link_in(message, path_fragment: str) -> str:
    """The path of the first link in a mail body that contains path_fragment."""
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(path_fragment) + r"\S*)", message.body)
    assert match, f"no link with {path_fragment!r} in:\n{message.body}"
    return match.group(1)


def totp_code_for(user) -> str:
    """What the member's authenticator app shows now, computed with allauth's own TOTP helpers."""
    from community.members.mfa import current_totp_code

    return current_totp_code(user)


def make_user(django_user_model, email, *, verified=True, password=PASSWORD, display_name=None, **flags):
    from allauth.account.models import EmailAddress

    from community.members.adapters import generate_internal_username
    from community.members.models import Profile

    user = django_user_model.objects.create_user(
        username=generate_internal_username(), email=email, password=password, **flags
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if display_name:
        Profile.objects.create(user=user, display_name=display_name)
    return user


@pytest.fixture
def roles(db):
    from community.members.roles import sync_roles

    sync_roles()


@pytest.fixture
def plain_member(db, django_user_model, roles):
    from community.members.roles import MEMBERS, add_to_role

    user = make_user(django_user_model, "jana.beispiel@example.org", display_name="Jana Beispiel")
    add_to_role(user, MEMBERS)
    return user


@pytest.fixture
def redaktion_user(db, django_user_model, roles):
    """An editor through the group Redaktion (not a superuser)."""
    from community.members.roles import EDITORS, add_to_role

    user = make_user(django_user_model, "redakteur@example.org", display_name="Tom Redakteur")
    add_to_role(user, EDITORS)
    return user


@pytest.fixture
def moderation_user(db, django_user_model, roles):
    from community.members.roles import MODERATORS, add_to_role

    user = make_user(django_user_model, "moderatorin@example.org", display_name="Mia Moderatorin")
    add_to_role(user, MODERATORS)
    return user


def log_in(client, email, password=PASSWORD):
    return client.post("/konto/login/", {"login": email, "password": password})


def recovery_code_for(user, index=0) -> str:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()[index]


def log_in_with_totp(client, user, password=PASSWORD, code=None):
    """Password, then the second factor. A TOTP code works once per 30 seconds: a second login in the same
    test passes code=recovery_code_for(user)."""
    response = log_in(client, user.email, password)
    assert response.status_code == 302 and response["Location"].startswith("/konto/2fa/authenticate/"), (
        response
    )
    response = client.post("/konto/2fa/authenticate/", {"code": code or totp_code_for(user)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
