#!/usr/bin/env python
"""A stack worker with Python's allocation tracing, for finding where a worker's memory goes under load.

    PROOF_TRACEMALLOC=60 make load LOAD_MINUTES=10

With PROOF_TRACEMALLOC set to a number of seconds, proof/common.py starts the workers through this script
instead of `python -m uvicorn`: tracemalloc records every Python allocation (with one frame of traceback, which
costs less than deeper ones), and every interval a snapshot's top 40 lines and the growth since the first
snapshot after the warm-up are written to <run dir>/tracemalloc-<port>.txt. Tracing slows the worker down
and adds its own memory, so its figures are for the comparison of snapshots, never for the load report.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import tracemalloc
from pathlib import Path

TOP = 40


def _port(argv: list[str]) -> str:
    return argv[argv.index("--port") + 1] if "--port" in argv else "worker"


def _report(path: Path, interval: float) -> None:
    baseline = None
    started = time.monotonic()
    while True:
        time.sleep(interval)
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [
                tracemalloc.Filter(False, tracemalloc.__file__),
                tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
            ]
        )
        current, peak = tracemalloc.get_traced_memory()
        lines = [
            f"## {time.monotonic() - started:.0f} s: traced {current / 1e6:.1f} MB (peak {peak / 1e6:.1f} MB)",
            "",
            "Largest lines now:",
        ]
        lines += [f"  {stat}" for stat in snapshot.statistics("lineno")[:TOP]]
        if baseline is None:
            baseline = snapshot
        else:
            lines += ["", "Growth since the first snapshot:"]
            lines += [f"  {stat}" for stat in snapshot.compare_to(baseline, "lineno")[:TOP]]
        with path.open("a") as report:
            report.write("\n".join(lines) + "\n\n")


def main() -> None:
    interval = float(os.environ.get("PROOF_TRACEMALLOC", "60") or 60)
    run_dir = Path(os.environ.get("PROOF_RUN_DIR", "."))
    tracemalloc.start(1)
    path = run_dir / f"tracemalloc-{_port(sys.argv)}.txt"
    path.write_text(f"# tracemalloc of the worker on port {_port(sys.argv)}, every {interval:.0f} s\n\n")
    threading.Thread(target=_report, args=(path, interval), name="tracemalloc-report", daemon=True).start()
    import uvicorn

    sys.argv = ["uvicorn", *sys.argv[1:]]
    uvicorn.main()


if __name__ == "__main__":
    main()
