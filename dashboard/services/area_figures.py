"""Protected `rapat` figures for a working area of several kabupaten.

Each kabupaten is protected on its own (:func:`~dashboard.services.suppression.public_figures`
of its desa): its kecamatan and kabupaten totals are published equations of its own
system, so the same cells are hidden whichever kabupaten or kecamatan a viewer chooses.
The total over all kabupaten is the sum of the kabupaten totals, published only when
every one of them is (a hidden kabupaten total would otherwise be given away). The
kabupaten systems share no cell, so their union is audited as one system. One
kabupaten: exactly :func:`public_figures`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.services.suppression import (
    HIDDEN,
    MEASURES,
    PublicFigures,
    ViewSystem,
    public_figures,
)
from etl.nodes.area import kabupaten_of


def area_public_figures(desa: pd.DataFrame) -> PublicFigures:
    """The protected figures of ALL desa of the data (one kabupaten or several)."""
    if "kode" not in desa.columns:
        raise ValueError("tabel desa tidak punya kolom wajib: ['kode']")
    kab = kabupaten_of(desa["kode"])
    codes = sorted(set(kab.dropna().astype(str)))
    if len(codes) <= 1:
        return public_figures(desa)
    parts = {code: public_figures(desa[(kab == code).to_numpy()]) for code in codes}
    total = {
        m: str(sum(int(p.kabupaten[m]) for p in parts.values()))
        if all(str(p.kabupaten[m]).isdigit() for p in parts.values())
        else HIDDEN
        for m in MEASURES
    }
    return PublicFigures(
        desa=pd.concat([p.desa for p in parts.values()]),
        kecamatan=pd.concat([p.kecamatan for p in parts.values()]),
        kabupaten=pd.Series(total, dtype="str"),
        system=_union({code: p.system for code, p in parts.items()}),
        per_kabupaten={code: p.kabupaten for code, p in parts.items()},
    )


def _union(systems: dict[str, ViewSystem]) -> ViewSystem:
    """The kabupaten systems side by side (cells renumbered; a kabupaten total labelled
    with its code)."""
    labels: list[tuple[str, str, str]] = []
    equations = []
    for code, system in systems.items():
        offset = len(labels)
        labels += [(lv, code if lv == "kabupaten" else c, m) for lv, c, m in system.labels]
        equations += [[(i + offset, w) for i, w in eq] for eq in system.equations]
    values = np.concatenate([s.values for s in systems.values()])
    status = np.concatenate([s.status for s in systems.values()])
    return ViewSystem(labels, values, status, equations)
