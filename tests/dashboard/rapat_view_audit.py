"""Count the hidden counts a `rapat` viewer can recover from everything one view shows.

Run: ``PYTHONPATH=. .venv/bin/python tests/dashboard/rapat_view_audit.py data/contoh``
(also used by ``test_suppression_surfaces.py``).

It collects what the surfaces publish for the default filters — the Desa and Kecamatan
sheets (same tables as the Kecamatan page), the map GeoJSON/tooltips for every count
measure (what the desa detail shows too), the headline of the kabupaten and of every
kecamatan slide — reads each display string as the reader does ("123" exact, "<5" 1..4,
"x" at least 1, not shown: unknown), then solves the sum equations that tie them
(echelon form of the equations plus interval propagation of those bounds through the
equations and the echelon rows) and counts the
hidden cells left with a single possible value, and the 1..4 counts shown raw.
"""

from __future__ import annotations

import html
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.services.dataset import filtered_metrics, load_dataset
from dashboard.services.map_data import desa_geojson
from dashboard.services.public_tables import desa_table, kecamatan_table
from dashboard.services.suppression import public_figures, with_public_columns
from etl.privacy_audit import echelon_rows, linearly_determined, propagate

MAP_MEASURES = {
    "pemimpin": "pemimpin",
    "laporan": "laporan",
    "laporan_tanpa_cakupan": "laporan_tanpa_cakupan",
}


def _bounds(text: str) -> tuple[float, float]:
    text = html.unescape(str(text)).strip()
    if text.replace(".", "").isdigit():
        v = float(text.replace(".", ""))
        return v, v
    if text == "<5":
        return 1.0, 4.0
    if text == "x":
        return 1.0, math.inf
    raise ValueError(f"tampilan tidak dikenal: {text!r}")


def published(folder: Path) -> tuple[dict[tuple[str, str, str], list[str]], object]:
    """Display strings per cell label (level, code, measure) over every surface."""
    ds = load_dataset(folder)
    desa, kec = filtered_metrics(ds, ds.default_filters)
    figures = public_figures(desa)
    shown: dict[tuple[str, str, str], list[str]] = {}

    def add(label: tuple[str, str, str], text: object) -> None:
        shown.setdefault(label, []).append(str(text))

    def add_table(level: str, table: pd.DataFrame, measures: list[str]) -> None:
        for _, row in table.iterrows():
            for m in measures:
                if m in table.columns:
                    add((level, str(row["kode"]), m), row[m])

    add_table("desa", desa_table(desa, "rapat", figures), [
        "peserta_kades_lurah", "peserta_rt_rw", "peserta_tokoh", "peserta_warga", "peserta",
        "laporan",
    ])  # fmt: skip
    add_table("kecamatan", kecamatan_table(kec, "rapat", figures), [
        "peserta", "peserta_kades_lurah", "peserta_rt_rw", "laporan", "laporan_tanpa_cakupan",
    ])  # fmt: skip
    map_desa = with_public_columns(desa, figures)
    for measure, cell_measure in MAP_MEASURES.items():
        data = desa_geojson(map_desa, measure, meeting_mode=True)
        for feature in data["features"]:
            props = feature["properties"]
            add(("desa", props["kode"], "peserta"), props["peserta"])
            add(("desa", props["kode"], cell_measure), props["nilai"])
    heads = {("kabupaten", ""): figures.headline(())}
    for code in kec["kode"].astype(str):
        heads[("kecamatan", code)] = figures.headline((code,))
    for (level, code), fig in heads.items():
        for m in ("peserta", "pemimpin", "laporan_tanpa_cakupan"):
            add((level, code, m), fig[m])
    return shown, figures


def count(folder: Path) -> dict[str, int]:
    shown, figures = published(folder)
    system = figures.system  # type: ignore[attr-defined]
    n = len(system.labels)
    lo = [0.0] * n
    hi = [math.inf] * n
    raw_small = 0
    hidden_published = np.zeros(n, dtype=bool)
    for i, label in enumerate(system.labels):
        for text in shown.get(label, []):
            a, b = _bounds(text)
            lo[i], hi[i] = max(lo[i], a), min(hi[i], b)
            if a != b:
                hidden_published[i] = True
        if lo[i] == hi[i] and 0 < lo[i] < 5:
            raw_small += 1
        if lo[i] > system.values[i] or hi[i] < system.values[i]:
            raise AssertionError(f"{label}: shown {shown.get(label)} but true {system.values[i]}")
    known = np.array([a == b for a, b in zip(lo, hi, strict=True)])
    status = np.where(known, 0, 2)
    lin = set(linearly_determined(status, system.equations))
    rows = [[(c, float(a)) for c, a in eq] for eq in system.equations]
    rows += echelon_rows(system.values, status, system.equations, n)
    lo2, hi2 = propagate([*lo, 1.0], [*hi, 1.0], rows)
    recovered = [
        i for i in range(n) if hidden_published[i] and not known[i]
        and (i in lin or lo2[i] >= hi2[i])
    ]  # fmt: skip
    return {
        "cells": n,
        "hidden_shown": int((hidden_published & ~known).sum()),
        "recoverable": len(recovered),
        "raw_1_4": raw_small,
    }


if __name__ == "__main__":
    print(count(Path(sys.argv[1] if len(sys.argv) > 1 else "data/contoh")))
