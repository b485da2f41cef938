"""Fixtures for the discussions: the practice page tree (from the practice tests), members with profiles, a
moderator, and a helper that writes posts through the service the views and the socket use."""

import itertools
import uuid

import pytest

from tests.knowledge.practice.conftest import make_post, practice_index  # noqa: F401

_numbers = itertools.count(1)
PASSWORD = "ein-sicheres-passwort"


@pytest.fixture
def home(db):
    """A home page as the site root (the tree root is created again after transactional tests flushed it)."""
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage, SiteSettings

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen in der Netzwerkstatt")
    root.add_child(instance=home)
    home.save_revision().publish()
    site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    SiteSettings.for_site(site)
    return home


@pytest.fixture
def roles(db):
    from community.members.roles import sync_roles

    sync_roles()


@pytest.fixture
def make_member(db, django_user_model):
    """Active members with a verified address and a profile ("<Name> Beispiel", members-only by default)."""
    from allauth.account.models import EmailAddress

    from community.members.models import Profile

    def make(name: str | None = None, *, public=False, **fields):
        number = next(_numbers)
        name = name or f"mitglied{number}"
        user = django_user_model.objects.create_user(
            username=f"{name}-{number}", email=f"{name}-{number}@example.org", password=PASSWORD, **fields
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        visibility = {"display_name": "public"} if public else {}
        Profile.objects.create(user=user, display_name=f"{name.capitalize()} Beispiel", visibility=visibility)
        return user

    return make


@pytest.fixture
def alice(make_member):
    return make_member("alice", public=True)


@pytest.fixture
def bob(make_member):
    return make_member("bob")


@pytest.fixture
def moderator(make_member):
    from community.members.roles import MODERATORS, add_to_role

    user = make_member("mona")
    add_to_role(user, MODERATORS)
    return user


@pytest.fixture
def story(make_post):  # noqa: F811 - the fixture imported above
    """A published Story of Failure at /praxis/die-ag-die-nie-tagte/."""
    return make_post("sof", "Die AG, die nie tagte", slug="die-ag-die-nie-tagte")


@pytest.fixture
def write():
    """write(user, target, body="…", reply_to=None) -> the stored post (a fresh client id each time)."""
    from community.threads import services

    def send(user, target, body="Ein Beitrag zur Diskussion.", reply_to=None, **kwargs):
        kwargs.setdefault("client_id", uuid.uuid4().hex)
        result = services.post(user, target, body, kwargs.pop("client_id"), reply_to, **kwargs)
        return result.post

    return send


def fill(thread_or_target, author, count, *, replies_per_post=0):
    """`count` top-level posts (each with `replies_per_post` replies) stored directly, fast."""
    from community.threads import services
    from community.threads.models import Post, Thread

    thread = (
        thread_or_target
        if isinstance(thread_or_target, Thread)
        else services.thread_for(thread_or_target, create=True)
    )
    number = thread.last_number
    top = 0
    for _index in range(count):
        number += 1
        top += 1
        parent = Post.objects.create(
            thread=thread, number=number, change=number, author=author, client_id=f"fill-{thread.pk}-{number}",
            body=f"Beitrag Nummer {number}", body_html=f"<p>Beitrag Nummer {number}</p>",
        )  # fmt: skip
        for _reply in range(replies_per_post):
            number += 1
            Post.objects.create(
                thread=thread, number=number, change=number, author=author, parent=parent, reply_to=parent,
                client_id=f"fill-{thread.pk}-{number}", body=f"Antwort Nummer {number}",
                body_html=f"<p>Antwort Nummer {number}</p>", reaction_counts={"hilfreich": 2},
            )  # fmt: skip
    Thread.objects.filter(pk=thread.pk).update(
        last_number=number, last_change=number, top_level_count=thread.top_level_count + top
    )
    thread.refresh_from_db()
    return thread
