"""The site writes index updates in a background thread (config/settings/base.py): the request that changed
the content does not wait for the engine, and the change is searchable once the thread has written it."""

import pytest

from search import indexing

from .conftest import search_keys

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def in_background(settings):
    settings.SEARCH_INDEX_IN_BACKGROUND = True
    yield
    assert indexing.wait_until_idle(timeout=30)


def test_changes_reach_the_index_through_the_background_thread(
    in_background, make_member, make_channel, send
):
    alice = make_member("Alice Beispiel")
    channel = make_channel("allgemein")
    from community.chat import posting

    posting.join(alice, channel)
    messages = [send(alice, channel, f"Hackathon Nummer {number} im Makerspace") for number in range(5)]
    assert indexing.wait_until_idle(timeout=30)
    assert indexing._indexer is not None and indexing._indexer.thread.name == "search-indexer"
    found = search_keys("Makerspace", audiences=("public", "members"))
    assert sorted(found) == sorted(f"message:{message.pk}" for message in messages)

    posting.delete_message(alice, channel, messages[0].seq)
    assert indexing.wait_until_idle(timeout=30)
    assert f"message:{messages[0].pk}" not in search_keys("Makerspace", audiences=("public", "members"))


def test_merged_batches_keep_every_change():
    from collections import defaultdict

    batch = {
        "sync": defaultdict(set),
        "delete": defaultdict(set),
        "trees": set(),
        "tags": set(),
        "channels": set(),
    }
    indexing._merge(
        batch, {"sync": {"message": {1, 2}}, "delete": {}, "trees": {7}, "tags": set(), "channels": set()}
    )
    indexing._merge(
        batch,
        {"sync": {"message": {3}}, "delete": {"message": {9}}, "trees": set(), "tags": {4}, "channels": {5}},
    )
    assert batch["sync"]["message"] == {1, 2, 3}
    assert batch["delete"]["message"] == {9}
    assert (batch["trees"], batch["tags"], batch["channels"]) == ({7}, {4}, {5})
