"""Planner figure for ``make bench``: make_plan on the full TTS sample with K=10."""

from __future__ import annotations

import time
from pathlib import Path

import geopandas as gpd


def plan_figures(data: Path, repeats: int = 5) -> dict[str, float]:
    """Cold and warm wall time of ``make_plan`` (defaults, K=10) on ``data``'s desa layer."""
    from etl.io.versions import current_outputs
    from etl.planning.plan import make_plan

    desa = gpd.read_file(current_outputs(data)[0], layer="desa")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        plan = make_plan(desa, k=10)
        times.append(time.perf_counter() - start)
    return {
        "rencana_pertama_s": times[0],
        "rencana_hangat_s": min(times[1:]) if len(times) > 1 else times[0],
        "sesi": float(len(plan.sessions)),
        "trip": float(len(plan.trips)),
    }
