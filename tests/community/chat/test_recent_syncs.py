"""The per-worker table of recent sync answers (community/chat/consumers.py) keeps only what is still fresh."""

from community.chat import consumers


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_answers_are_reused_within_a_second_and_dropped_after(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(consumers.time, "monotonic", clock)
    table = consumers._RecentSyncs()
    table.put(("allgemein", 10, None, "de"), "antwort")
    clock.now += 0.5
    assert table.get(("allgemein", 10, None, "de")) == "antwort"
    clock.now += 1.0
    assert table.get(("allgemein", 10, None, "de")) is None


def test_stale_answers_leave_memory_with_the_next_answer(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(consumers.time, "monotonic", clock)
    table = consumers._RecentSyncs()
    for number in range(100):  # a burst after a hiccup: big answers, then quiet
        table.put(("allgemein", number, None, "de"), "x" * 50_000)
    assert len(table) == 100
    clock.now += 2
    table.put(("allgemein", 500, None, "de"), "neu")
    assert len(table) == 1


def test_the_table_never_holds_more_than_its_limit(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(consumers.time, "monotonic", clock)
    table = consumers._RecentSyncs()
    for number in range(table.MAX + 50):
        table.put(("allgemein", number, None, "de"), "antwort")
    assert len(table) == table.MAX
