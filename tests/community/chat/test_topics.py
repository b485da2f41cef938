"""Channels on the topic pages: only channels the visitor may read, counted the same way."""

import pytest
from taggit.models import Tag

from community.chat.models import ChannelKind, Membership


@pytest.fixture
def tagged_channels(make_channel, site_shell):
    open_channel = make_channel("finanzierung", name="Finanzierung")
    private = make_channel("landesstellen", name="Landesstellen", kind=ChannelKind.PRIVATE)
    archived = make_channel("alt", name="Alt", archived=True)
    for channel in (open_channel, private, archived):
        channel.tags.add("Fördermittel")
    return open_channel, private, archived


def test_members_see_open_channels_with_the_topic(client, alice, tagged_channels):
    slug = Tag.objects.get(name="Fördermittel").slug
    client.force_login(alice)
    html = client.get(f"/themen/{slug}/").content.decode()
    assert 'href="/kanaele/finanzierung/"' in html
    assert "/kanaele/landesstellen/" not in html  # private, and alice was not invited
    assert "/kanaele/alt/" not in html  # archived


def test_invited_members_also_see_the_private_channel(client, alice, tagged_channels):
    _open, private, _archived = tagged_channels
    Membership.objects.create(channel=private, user=alice, joined=True)
    slug = Tag.objects.get(name="Fördermittel").slug
    client.force_login(alice)
    html = client.get(f"/themen/{slug}/").content.decode()
    assert 'href="/kanaele/landesstellen/"' in html


def test_anonymous_visitors_see_no_channels(client, tagged_channels):
    slug = Tag.objects.get(name="Fördermittel").slug
    response = client.get(f"/themen/{slug}/")
    assert "/kanaele/" not in response.content.decode().split("<main", 1)[1]
    overview = client.get("/themen/").content.decode()
    assert f"/themen/{slug}/" not in overview  # the topic is used by channels only: nothing public carries it


def test_channels_join_the_main_navigation(client, site_shell):
    html = client.get("/").content.decode()
    navigation = html.split('<nav id="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/kanaele/">Kanäle</a>' in navigation
