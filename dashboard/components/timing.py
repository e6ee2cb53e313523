"""Optional server-side timing of each full script run, for ``make bench``.

With ``PETA_TIMING_LOG=FILE`` set, every full rerun appends ``<seconds> <page>`` to FILE.
Off by default; it never affects what users see.
"""

from __future__ import annotations

import os
import time

_START = "ps_timing_start"


def start() -> float:
    """Mark the start of a script run."""
    return time.perf_counter()


def finish(started: float, page: str) -> None:
    """Append the run's duration to ``$PETA_TIMING_LOG`` when set."""
    target = os.environ.get("PETA_TIMING_LOG")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(f"{time.perf_counter() - started:.4f} {page}\n")
