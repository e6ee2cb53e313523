"""The ONE small-count suppression for everything a `rapat` viewer (or meeting mode) sees.

Every count of people or reports published to `rapat` — desa cells (map tooltips and
colours, the desa detail, the GeoJSON inside the map iframe, the Desa sheet/CSV), the
kecamatan table and its Excel sheet, the headline figures (kabupaten, a kecamatan slide)
and the Tren monthly participants — is read from :func:`public_figures` /
:func:`monthly_participants`, never formatted on its own.

Rules: 0 reads "0" (a never-reached desa is the gap the product exists to show; zero is
not a disclosure risk); 1..4 reads "<5" (primary suppression); further cells read "x"
(complementary suppression) so that no hidden cell can be solved from ANY combination
of numbers the view publishes. The view is one linear system: per desa the four role
groups, `peserta` (their sum) and `pemimpin` (kades/lurah + RT/RW), `laporan`; per
kecamatan and for the kabupaten the sums of each, and `laporan_tanpa_cakupan` (reports
of the desa not covered; a desa's own value is its `laporan` or 0, as its status shows).

Why complementary suppression and not totals rounded to base 5: the desa cells that are
visible are exact, and a rounded total next to exact parts still pins a hidden cell in
some cases (parts 11, total 12 rounded to 10 leaves the "<5" cell only 1), while totals
that stay exact keep the kecamatan and kabupaten figures true for planning. Complements
are chosen greedily (desa cells before kecamatan totals; the kabupaten figures are kept
whenever the table allows it) and checked by :func:`etl.privacy_audit.recoverable_cells`
(echelon form of the equations plus the reader's bounds, then an exact integer
program for every cell those call safe) until nothing is recoverable. A
small total whose small parts it would pin (four "<5" desa under a total of 4) reads "x"
as well, so it gives no upper bound.

The pattern is computed once for the whole kabupaten (all kecamatan, for the period,
role and report filters), so choosing one kecamatan shows the same cells hidden as the
whole-kabupaten view and the two cannot be combined. Sessions (`jumlah_kegiatan`) and
desa counts (`desa_tercakup`) are facts about the office's work and the villages, not
about people, and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from etl._privacy_core import Equation
from etl.privacy_audit import (
    PRIMARY,
    SECONDARY,
    VISIBLE,
    WIDE,
    WITHHELD,
    protect_view,
    recoverable_cells,
)

K = 5
HIDDEN = "x"
SMALL = f"<{K}"
ROLE_PARTS = ("peserta_kades_lurah", "peserta_rt_rw", "peserta_tokoh", "peserta_warga")
PEOPLE = (*ROLE_PARTS, "peserta", "pemimpin")
REPORTS = ("laporan", "laporan_tanpa_cakupan")
MEASURES = (*PEOPLE, *REPORTS)
_REQUIRED = ["kode", "kecamatan_kode", "status_cakupan", *ROLE_PARTS, "peserta", "laporan"]
_COVERED = "tercakup"


def show(value: int, status: int) -> str:
    """One published count: "0", "<5", "x" or its digits."""
    if status == PRIMARY:
        return SMALL
    if status in (SECONDARY, WITHHELD, WIDE):
        return HIDDEN
    return str(int(value))


@dataclass(frozen=True)
class ViewSystem:
    """All cells of a view (`labels`: (level, code, measure)), their true values, status
    and the sum equations: what :func:`etl.privacy_audit.recoverable_cells` audits."""

    labels: list[tuple[str, str, str]]
    values: np.ndarray
    status: np.ndarray
    equations: list[Equation]


@dataclass(frozen=True)
class PublicFigures:
    """Display strings of every count a `rapat` view publishes.

    `desa` (index desa kode) and `kecamatan` (index kecamatan kode) have one column per
    measure in `MEASURES`; `kabupaten` is one such row (for a working area of several
    kabupaten: the whole area, and `per_kabupaten` the row of each,
    :mod:`dashboard.services.area_figures`)."""

    desa: pd.DataFrame
    kecamatan: pd.DataFrame
    kabupaten: pd.Series
    system: ViewSystem
    per_kabupaten: dict[str, pd.Series] = field(default_factory=dict)

    def headline(self, kecamatan_codes: Collection[str] = ()) -> dict[str, str]:
        """Headline counts for the chosen kecamatan (empty: the kabupaten). A sum over
        several kecamatan reads "x" when any of its parts is hidden (it would give that
        part away), else the exact sum."""
        codes = [str(c) for c in kecamatan_codes]
        if not codes or set(codes) >= set(self.kecamatan.index):
            return {m: str(self.kabupaten[m]) for m in MEASURES}
        kab = codes[0][:5]
        if kab in self.per_kabupaten and set(codes) == {
            str(c) for c in self.kecamatan.index if str(c)[:5] == kab
        }:  # every kecamatan of one kabupaten: that kabupaten's own (protected) total
            return {m: str(self.per_kabupaten[kab][m]) for m in MEASURES}
        if len(codes) == 1:
            return {m: str(self.kecamatan.at[codes[0], m]) for m in MEASURES}
        rows = self.kecamatan.loc[codes]
        out = {}
        for m in MEASURES:
            cells = rows[m].tolist()
            out[m] = str(sum(int(c) for c in cells)) if all(c.isdigit() for c in cells) else HIDDEN
        return out


def public_figures(desa: pd.DataFrame, *, k: int = K) -> PublicFigures:
    """Protect every count of the view built from `desa` (ALL desa of the kabupaten with
    their metrics; kecamatan and kabupaten totals are the sums of these rows)."""
    missing = [c for c in _REQUIRED if c not in desa.columns]
    if missing:
        raise ValueError(f"tabel desa tidak punya kolom wajib: {missing}")
    table = pd.DataFrame(desa[_REQUIRED]).reset_index(drop=True)
    table["kode"] = table["kode"].astype("str")
    table["kecamatan_kode"] = table["kecamatan_kode"].astype("str")
    counts = table[[*ROLE_PARTS, "peserta", "laporan"]].apply(pd.to_numeric, errors="coerce")
    counts = counts.fillna(0).astype("int64")
    counts["pemimpin"] = counts["peserta_kades_lurah"] + counts["peserta_rt_rw"]
    uncovered = (table["status_cakupan"] != _COVERED).to_numpy()
    labels: list[tuple[str, str, str]] = []
    values: list[int] = []
    index: dict[tuple[str, str, str], int] = {}

    def cell(level: str, code: str, measure: str, value: int) -> int:
        index[(level, code, measure)] = len(labels)
        labels.append((level, code, measure))
        values.append(int(value))
        return len(labels) - 1

    equations: list[Equation] = []
    margins: list[int] = []
    desa_measures = (*PEOPLE, "laporan")
    for i, kode in enumerate(table["kode"]):
        ids = {m: cell("desa", kode, m, counts.at[i, m]) for m in desa_measures}
        if counts.loc[i, list(ROLE_PARTS)].sum() == counts.at[i, "peserta"]:
            equations.append([*((ids[p], 1) for p in ROLE_PARTS), (ids["peserta"], -1)])
        equations.append(
            [(ids["peserta_kades_lurah"], 1), (ids["peserta_rt_rw"], 1), (ids["pemimpin"], -1)]
        )
        if counts.loc[i, list(ROLE_PARTS)].sum() == counts.at[i, "peserta"]:
            equations.append(_leaders_plus_rest(ids))
        margins += [ids["peserta"], ids["pemimpin"]]
    groups = table.groupby("kecamatan_kode", sort=True).indices
    kab_parts: dict[str, list[int]] = {m: [] for m in MEASURES}
    for kec, rows in groups.items():
        for m in MEASURES:
            source = "laporan" if m == "laporan_tanpa_cakupan" else m
            members = [r for r in rows if m != "laporan_tanpa_cakupan" or uncovered[r]]
            total = int(sum(counts.at[r, source] for r in members))
            t = cell("kecamatan", str(kec), m, total)
            equations.append(
                [*((index[("desa", table.at[r, "kode"], source)], 1) for r in members), (t, -1)]
            )
            kab_parts[m].append(t)
            margins.append(t)
    kab = []
    for m in MEASURES:
        t = cell("kabupaten", "", m, sum(values[p] for p in kab_parts[m]))
        equations.append([*((p, 1) for p in kab_parts[m]), (t, -1)])
        kab.append(t)
    for level, code in [*(("kecamatan", str(kec)) for kec in groups), ("kabupaten", "")]:
        # implied by the desa equations, written out so complements are sought there too
        ids = {m: index[(level, code, m)] for m in MEASURES}
        equations.append(
            [(ids["peserta_kades_lurah"], 1), (ids["peserta_rt_rw"], 1), (ids["pemimpin"], -1)]
        )
        if _parts_add_up(counts):
            equations.append([*((ids[p], 1) for p in ROLE_PARTS), (ids["peserta"], -1)])
            equations.append(_leaders_plus_rest(ids))
    flat = np.array(values, dtype="int64")
    rank = np.zeros(flat.size, dtype="int64")
    rank[margins] = 1
    rank[kab] = 2
    fixed = np.zeros(flat.size, dtype=bool)
    fixed[kab] = True  # keep the kabupaten figures if at all possible ...
    status = protect_view(flat, equations, rank, k, fixed=fixed)
    if recoverable_cells(flat, status, equations, k):  # ... tiny tables: hide them too
        status = protect_view(flat, equations, rank, k)
    shown = [show(v, s) for v, s in zip(flat.tolist(), status.tolist(), strict=True)]
    desa_rows = {
        kode: {m: shown[index[("desa", kode, m)]] for m in desa_measures} for kode in table["kode"]
    }
    desa_out = pd.DataFrame.from_dict(desa_rows, orient="index", columns=list(desa_measures))
    desa_out["laporan_tanpa_cakupan"] = np.where(uncovered, desa_out["laporan"], "0")
    kec_rows = {
        str(kec): {m: shown[index[("kecamatan", str(kec), m)]] for m in MEASURES} for kec in groups
    }
    kec_out = pd.DataFrame.from_dict(kec_rows, orient="index", columns=list(MEASURES))
    kab = pd.Series({m: shown[index[("kabupaten", "", m)]] for m in MEASURES}, dtype="str")
    system = ViewSystem(labels, flat, status, equations)
    return PublicFigures(desa_out.astype("str"), kec_out.astype("str"), kab, system)


def _leaders_plus_rest(ids: dict[str, int]) -> Equation:
    """peserta = pemimpin + tokoh + warga (implied; written out for the complement search)."""
    return [
        (ids["pemimpin"], 1),
        (ids["peserta_tokoh"], 1),
        (ids["peserta_warga"], 1),
        (ids["peserta"], -1),
    ]


def _parts_add_up(counts: pd.DataFrame) -> bool:
    return bool((counts[list(ROLE_PARTS)].sum(axis=1) == counts["peserta"]).all())


def monthly_participants(
    trend: pd.DataFrame, total_shown: str, *, k: int = K
) -> tuple[pd.Series, ViewSystem]:
    """Protect the monthly participants of a Tren chart (`trend`: `bulan`, `peserta`)
    whose sum is the period total published as `total_shown` (the headline of the same
    filter). Returns the display string per month (same index) and the system audited.

    When the period total is visible it is a known equation (months sum to it); when it
    is hidden every non-zero month reads "x" too (not even "<5", which would bound the
    total), so the months cannot give it away."""
    months = pd.to_numeric(trend["peserta"], errors="coerce").fillna(0).astype("int64")
    values = np.append(months.to_numpy(), int(months.sum()))
    n = len(months)
    equations: list[Equation] = [[*((i, 1) for i in range(n)), (n, -1)]]
    margins = np.zeros(n + 1, dtype=bool)
    margins[n] = True
    if total_shown.isdigit():
        status = protect_view(values, equations, margins, k, fixed=margins)
        if n > 1 and recoverable_cells(values, status, equations, k):
            status = np.full(n + 1, WITHHELD)  # e.g. 4 + 4 = 8: no month can be shown
            status[n] = VISIBLE
    else:  # no bound at all: a "<5" month would cap the hidden total at 4
        status = np.where(values > 0, WIDE, VISIBLE)
    shown = [show(v, s) for v, s in zip(values[:n].tolist(), status[:n].tolist(), strict=True)]
    labels = [("bulan", str(b), "peserta") for b in trend["bulan"]] + [("periode", "", "peserta")]
    return pd.Series(shown, index=trend.index, dtype="str"), ViewSystem(
        labels, values, status, equations
    )


def plotted(shown: pd.Series) -> pd.Series:
    """Numbers to draw for published display strings: hidden cells become gaps (NaN)."""
    return pd.to_numeric(shown.where(shown.str.isdigit()), errors="coerce").astype("float64")


def with_public_columns(desa: pd.DataFrame, figures: PublicFigures) -> pd.DataFrame:
    """A copy of `desa` with `tampil_<measure>` display columns from `figures` (what the
    map, its tooltips, its GeoJSON and the desa detail show in meeting mode)."""
    out = desa.copy()
    codes = out["kode"].astype("str")
    for m in MEASURES:
        out[f"tampil_{m}"] = codes.map(figures.desa[m]).fillna(HIDDEN).astype("str")
    return out


__all__ = ["HIDDEN", "MEASURES", "SMALL", "VISIBLE", "PublicFigures", "public_figures", "show"]
