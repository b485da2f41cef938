"""Fixtures for the members area: a small page tree with MINT-Regionen, and members with profiles."""

import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

_counter = itertools.count(1)


@pytest.fixture
def site_tree(db):
    """Home page as the site root, a region directory and three MINT-Regionen (one unpublished)."""
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from community.regions.models import RegionIndexPage, RegionPage
    from home.models import HomePage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    home = HomePage(title="Netzwerkstatt", slug="start", hero_title="Willkommen")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    from home.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # as the demo content creates them
    index = RegionIndexPage(title="MINT-Regionen", slug="regionen")
    home.add_child(instance=index)
    regions = {}
    for slug, title, state in [
        ("talsperrenland", "MINT-Region Talsperrenland", "NW"),
        ("boerde", "MINT-Region Börde", "ST"),
        ("entwurf", "MINT-Region im Entwurf", "BY"),
    ]:
        region = RegionPage(title=title, slug=slug, bundesland=state)
        index.add_child(instance=region)
        regions[slug] = region
    regions["entwurf"].unpublish()
    return {"home": home, "index": index, **regions}


def warm_process_caches():
    """ContentType lookups are cached per process (not in the Django cache): a running site pays for them once
    after start, not per request. Query-count tests warm them so they measure what a request costs."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag

    from community.regions.models import RegionPage

    ContentType.objects.get_for_models(get_user_model(), Tag, RegionPage)
    for content_type in ContentType.objects.all():
        ContentType.objects.get_for_id(content_type.pk)


@pytest.fixture
def make_member(db):
    """make_member(display_name=…, **profile fields) -> user with a verified email and a profile."""
    from allauth.account.models import EmailAddress

    from community.members.models import Profile

    def make(
        display_name: str | None = None, *, email: str | None = None, topics=(), is_active=True, **fields
    ):
        number = next(_counter)
        email = email or f"mitglied{number}@example.org"
        user = get_user_model().objects.create_user(
            username=f"mitglied{number}", email=email, password="ein-sicheres-passwort", is_active=is_active
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        profile = Profile.objects.create(
            user=user, display_name=display_name or f"Mitglied {number}", **fields
        )
        if topics:
            profile.topics.set(list(topics))
        return user

    return make


@pytest.fixture
def member_with_profile(make_member):
    return make_member("Erika Beispiel")


@pytest.fixture
def other_member(make_member):
    return make_member("Otto Andersmann")


@pytest.fixture
def moderator(make_member):
    from django.contrib.auth.models import Group

    user = make_member("Moni Moderation")
    user.groups.add(Group.objects.get_or_create(name="Moderation")[0])
    return user


@pytest.fixture
def editor_member(make_member):
    from django.contrib.auth.models import Group

    user = make_member("Rita Redaktion")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get_or_create(name="Redaktion")[0])
    return user


def image_bytes(fmt="JPEG", size=(800, 600), color=(200, 30, 30), **save_kwargs) -> bytes:
    mode = "RGBA" if fmt in ("PNG", "WEBP") and len(color) == 4 else "RGB"
    image = Image.new(mode, size, color)
    output = io.BytesIO()
    image.save(output, fmt, **save_kwargs)
    return output.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
