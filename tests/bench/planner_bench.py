"""Planner figure for ``make bench``: the planning service (what ``rencana`` and the
Prioritas page call) on the full TTS sample with K=10."""

from __future__ import annotations

import time
from pathlib import Path


def plan_figures(data: Path, repeats: int = 5) -> dict[str, float]:
    """Cold and warm wall time of one plan (defaults, K=10) from ``data``'s plan inputs
    (read once, as the dashboard does)."""
    from etl.planning.service import PlanOptions, plan_from_inputs, read_plan_inputs
    from etl.store import open_store

    inputs = read_plan_inputs(open_store(data).read_outputs(("desa",)))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        plan = plan_from_inputs(inputs, PlanOptions(k=10))
        times.append(time.perf_counter() - start)
    return {
        "rencana_pertama_s": times[0],
        "rencana_hangat_s": min(times[1:]) if len(times) > 1 else times[0],
        "sesi": float(len(plan.sessions)),
        "trip": float(len(plan.trips)),
    }
