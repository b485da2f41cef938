import itertools

import pytest

_numbers = itertools.count(1)


@pytest.fixture
def make_member(db, django_user_model):
    """Active members with a verified address and a profile (display name "<Name> Beispiel")."""
    from allauth.account.models import EmailAddress

    from community.members.models import Profile

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
        Profile.objects.create(user=user, display_name=f"{name.capitalize()} Beispiel")
        return user

    return make


@pytest.fixture
def make_channel(db):
    from community.chat.models import Channel

    def make(slug: str = "allgemein", **fields):
        fields.setdefault("name", slug.replace("-", " ").title())
        return Channel.objects.create(slug=slug, **fields)

    return make


@pytest.fixture
def make_moderator(make_member):
    from community.members.roles import MODERATORS, add_to_role

    def make(name: str = "mona"):
        user = make_member(name)
        add_to_role(user, MODERATORS)
        return user

    return make


@pytest.fixture
def alice(make_member):
    return make_member("alice")


@pytest.fixture
def bob(make_member):
    return make_member("bob")


@pytest.fixture
def moderator(make_moderator):
    return make_moderator("mona")


@pytest.fixture
def open_channel(make_channel):
    return make_channel("allgemein", name="Allgemein")


@pytest.fixture
def post(db):
    """Post a message as `user` and return it (a fresh client id each time)."""
    import uuid

    from community.chat import posting

    def send(user, channel, body="Hallo zusammen", **kwargs):
        kwargs.setdefault("client_id", uuid.uuid4().hex)
        result = posting.post_message(user, channel, body, kwargs.pop("client_id"), **kwargs)
        channel.refresh_from_db()
        return result.message

    return send
