import itertools

import pytest

_numbers = itertools.count(1)


@pytest.fixture
def make_member(db, django_user_model):
    """Active members with a verified primary address, as allauth leaves them after sign-up."""
    from allauth.account.models import EmailAddress

    def make(name: str | None = None, **fields):
        number = next(_numbers)
        name = name or f"mitglied{number}"
        user = django_user_model.objects.create_user(
            username=f"{name}-{number}",
            email=f"{name}-{number}@example.org",
            password="ein-sicheres-passwort",
            first_name=name.capitalize(),
            **fields,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def other_member(make_member):
    return make_member("otto")
