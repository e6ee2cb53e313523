"""Optional server-side timing of each full script run, for ``make bench``.

With ``PETA_TIMING_LOG=FILE`` set, every full rerun appends one line to FILE:
``<wall seconds> <page> <CPU seconds of the script thread> <start, Unix seconds>``. Wall
time includes waiting for the CPU and for other sessions' scripts (Streamlit runs every
session's script in one process, so they share one interpreter lock); the thread's CPU
time is the work this run itself did. The start lets the bench count overlapping reruns.
With ``PETA_PROFILE=DIR`` set as well, each run is profiled (cProfile, this thread only)
into ``DIR/<page>-<n>.prof``. Both are off by default and never affect what users see.
"""

from __future__ import annotations

import cProfile
import itertools
import os
import time
from dataclasses import dataclass
from pathlib import Path

_COUNTER = itertools.count()


@dataclass
class Run:
    """The clocks at the start of a script run (and its profiler, if any)."""

    wall: float
    cpu: float
    epoch: float
    profiler: cProfile.Profile | None


def start() -> Run:
    """Mark the start of a script run (and start profiling it when asked to)."""
    profiler = None
    if os.environ.get("PETA_TIMING_LOG") and os.environ.get("PETA_PROFILE"):
        profiler = cProfile.Profile()
        profiler.enable()
    return Run(time.perf_counter(), time.thread_time(), time.time(), profiler)


def finish(run: Run, page: str) -> None:
    """Append the run's wall and CPU time to ``$PETA_TIMING_LOG`` when set."""
    wall, cpu = time.perf_counter() - run.wall, time.thread_time() - run.cpu
    target = os.environ.get("PETA_TIMING_LOG")
    if not target:
        return
    if run.profiler is not None:
        run.profiler.disable()
        folder = Path(os.environ["PETA_PROFILE"])
        folder.mkdir(parents=True, exist_ok=True)
        run.profiler.dump_stats(folder / f"{page.replace('/', '_')}-{next(_COUNTER)}.prof")
    line = " ".join((f"{wall:.4f}", page, f"{cpu:.4f}", f"{run.epoch:.4f}"))
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
