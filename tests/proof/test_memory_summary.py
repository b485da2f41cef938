"""The soak's memory verdict (proof/load.py): judged on the traffic window, medians of a minute at each end;
the final check's burst is shown beside it, not judged."""

import importlib
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

PROOF = Path(__file__).resolve().parents[2] / "proof"


@pytest.fixture(scope="module")
def load():
    sys.path.insert(0, str(PROOF))
    try:
        yield importlib.import_module("load")
    finally:
        sys.path.remove(str(PROOF))


def _sampler(values_by_second, started=1000.0):
    return SimpleNamespace(started=started, samples={"worker-1": list(values_by_second)})


def test_a_burst_after_the_traffic_is_reported_but_not_judged(load):
    mb = 1024
    # 10 minutes of traffic at 200 MB with noise, then the final check lifts RSS to 240 MB.
    samples = [(t, (200 + (t // 5) % 3) * mb) for t in range(0, 600, 5)] + [(t, 240 * mb) for t in (605, 610)]
    row = load.memory_summary(_sampler(samples), traffic=(1000.0, 1600.0))[0]
    assert row["flat"] is True
    assert row["after_final_check_mb"] == 240.0
    assert 200 <= row["end_mb"] <= 202


def test_steady_growth_during_the_traffic_is_not_flat(load):
    mb = 1024
    samples = [(t, int((200 + t / 20) * mb)) for t in range(0, 600, 5)]  # +3 MB a minute
    row = load.memory_summary(_sampler(samples), traffic=(1000.0, 1600.0))[0]
    assert row["flat"] is False
    assert row["slope_mb_per_min"] == pytest.approx(3.0, rel=0.01)


def test_without_a_traffic_window_the_whole_run_counts(load):
    mb = 1024
    samples = [(t, 200 * mb) for t in range(0, 300, 5)] + [(t, 260 * mb) for t in range(300, 420, 5)]
    row = load.memory_summary(_sampler(samples))[0]
    assert row["flat"] is False and row["end_mb"] == 260.0
