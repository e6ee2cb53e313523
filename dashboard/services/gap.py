"""The coverage gap, counted (pure; no streamlit import).

Why: the pages lead with what is NOT reached — desa never reached, desa lapsed — and use
the same words and the same numbers on Peta, Tren and Rapat. Every count here is a number
of desa (not of people), taken from ``status_cakupan`` of the metrics the page already has.
"""

from __future__ import annotations

import pandas as pd

from etl.nodes.metrics import STATUS_BELUM, STATUS_KEDALUWARSA, STATUS_TERCAKUP
from etl.nodes.trends import CHANGE_KEPT, CHANGE_LAPSED, CHANGE_NEW

GAP_ORDER = (STATUS_BELUM, STATUS_KEDALUWARSA, STATUS_TERCAKUP)
LAPSED_OLD = "kedaluwarsa_lama"
BREAKDOWN_ORDER = (STATUS_BELUM, CHANGE_LAPSED, LAPSED_OLD, CHANGE_NEW, CHANGE_KEPT)


def status_counts(desa: pd.DataFrame) -> dict[str, int]:
    """Desa per status, gap first: ``belum``, ``kedaluwarsa``, ``tercakup``, and ``total``
    (all desa, including those without a status)."""
    _require(desa, ["status_cakupan"], "desa")
    found = desa["status_cakupan"].value_counts()
    out = {s: int(found.get(s, 0)) for s in GAP_ORDER}
    out["total"] = len(desa)
    return out


def kecamatan_gap(desa: pd.DataFrame) -> pd.DataFrame:
    """Per kecamatan: desa never reached, lapsed, covered and in total, sorted by the gap
    (most desa never reached first, then most lapsed, then name) so that kecamatan with
    0 % coverage are told apart by how much is still to do.

    Columns: ``kode, nama, belum, kedaluwarsa, tercakup, total``.
    """
    _require(desa, ["kecamatan_kode", "kecamatan", "status_cakupan"], "desa")
    frame = pd.DataFrame(
        {
            "kode": desa["kecamatan_kode"].astype(str).to_numpy(),
            "nama": desa["kecamatan"].astype(str).to_numpy(),
            "status": desa["status_cakupan"].to_numpy(),
        }
    )
    table = pd.crosstab([frame["kode"], frame["nama"]], frame["status"])
    table = table.reindex(columns=list(GAP_ORDER), fill_value=0)
    table["total"] = frame.groupby(["kode", "nama"]).size()
    out = table.reset_index().rename_axis(columns=None)
    out = out.astype({c: "int64" for c in (*GAP_ORDER, "total")})
    return out.sort_values(
        [STATUS_BELUM, STATUS_KEDALUWARSA, "nama"], ascending=[False, False, True]
    ).reset_index(drop=True)


def period_breakdown(desa: pd.DataFrame, change: pd.DataFrame) -> dict[str, int]:
    """Each status split by what happened since the previous period.

    ``desa``: ``kode, status_cakupan`` for this period; ``change``: ``kode, perubahan``
    from ``etl.nodes.trends.compare_periods``. Keys (in BREAKDOWN_ORDER): ``belum``;
    ``lepas`` (lapsed, covered in the previous period) and ``kedaluwarsa_lama`` (lapsed
    before that) add up to ``kedaluwarsa``; ``baru_tercakup`` and ``tetap_tercakup`` add
    up to ``tercakup`` — so the figures are those of ``status_counts``.
    """
    _require(desa, ["kode", "status_cakupan"], "desa")
    _require(change, ["kode", "perubahan"], "perubahan")
    merged = pd.DataFrame({"kode": desa["kode"].astype(str).to_numpy(),
                           "status": desa["status_cakupan"].to_numpy()})  # fmt: skip
    per = change.assign(kode=change["kode"].astype(str)).drop_duplicates("kode")
    merged = merged.merge(per[["kode", "perubahan"]], on="kode", how="left")
    kind = pd.Series(pd.NA, index=merged.index, dtype="object")
    kind[merged["status"] == STATUS_BELUM] = STATUS_BELUM
    lapsed = merged["status"] == STATUS_KEDALUWARSA
    kind[lapsed] = LAPSED_OLD
    kind[lapsed & (merged["perubahan"] == CHANGE_LAPSED)] = CHANGE_LAPSED
    covered = merged["status"] == STATUS_TERCAKUP
    kind[covered] = CHANGE_NEW
    kind[covered & (merged["perubahan"] == CHANGE_KEPT)] = CHANGE_KEPT
    found = kind.value_counts()
    return {k: int(found.get(k, 0)) for k in BREAKDOWN_ORDER}


def _require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"Tabel {what}: kolom wajib tidak ada: {', '.join(missing)}")
