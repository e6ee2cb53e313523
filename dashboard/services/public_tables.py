"""Tables as each role may see and download them (pure; no Streamlit).

``petugas`` get the numbers; ``rapat`` (meeting/public) get per-desa aggregates in which
every count 1..4 reads "<5", with complementary suppression ("x") so that no hidden
count can be recovered from the totals (see ``etl.privacy``).
"""

from __future__ import annotations

import pandas as pd

from dashboard.services.access import Role, needs_suppression
from dashboard.strings import t
from etl.privacy import suppress_counts

DESA_COLUMNS = [
    "kode",
    "nama",
    "kecamatan",
    "status_cakupan",
    "kunjungan_terakhir",
    "jumlah_kegiatan",
    "peserta",
    "peserta_kades_lurah",
    "peserta_rt_rw",
    "peserta_tokoh",
    "peserta_warga",
    "laporan",
    "laporan_tanpa_cakupan",
]
KECAMATAN_COLUMNS = [
    "kode",
    "nama",
    "desa_tercakup",
    "desa_total",
    "persen_tercakup",
    "jumlah_kegiatan",
    "peserta",
    "peserta_kades_lurah",
    "peserta_rt_rw",
    "laporan",
    "laporan_tanpa_cakupan",
]
ROLE_PARTS = ["peserta_kades_lurah", "peserta_rt_rw", "peserta_tokoh", "peserta_warga"]
TOTAL_LABEL = "__jumlah__"


def desa_table(desa: pd.DataFrame, role: Role) -> pd.DataFrame:
    """Per-desa table for display/export; suppressed for roles that need it."""
    table = pd.DataFrame(desa[[c for c in DESA_COLUMNS if c in desa]]).reset_index(drop=True)
    if not needs_suppression(role):
        return table
    body = table.set_index("kode")
    counts = body[[*ROLE_PARTS, "peserta"]].astype("int64")
    totals = counts.sum().rename(TOTAL_LABEL)
    with_total = pd.concat([counts, totals.to_frame().T])
    people = suppress_counts(
        with_total, row_total="peserta", col_total=TOTAL_LABEL, count_columns=ROLE_PARTS
    ).drop(index=TOTAL_LABEL)
    rep = body[["laporan"]].astype("int64")
    rep_total = pd.concat([rep, rep.sum().rename(TOTAL_LABEL).to_frame().T])
    reports = suppress_counts(
        rep_total, row_total=None, col_total=TOTAL_LABEL, count_columns=["laporan"]
    ).drop(index=TOTAL_LABEL)
    out = body.drop(columns=["laporan_tanpa_cakupan", "jumlah_kegiatan"], errors="ignore")
    out = out.assign(**{c: people[c] for c in [*ROLE_PARTS, "peserta"]}, laporan=reports["laporan"])
    return out.reset_index()


def kecamatan_table(kec: pd.DataFrame, role: Role) -> pd.DataFrame:
    """Per-kecamatan table; small counts suppressed for roles that need it."""
    table = pd.DataFrame(kec[[c for c in KECAMATAN_COLUMNS if c in kec]]).reset_index(drop=True)
    if not needs_suppression(role):
        return table
    body = table.set_index("kode")
    rep = body[["laporan"]].astype("int64")
    rep_total = pd.concat([rep, rep.sum().rename(TOTAL_LABEL).to_frame().T])
    reports = suppress_counts(
        rep_total, row_total=None, col_total=TOTAL_LABEL, count_columns=["laporan"]
    ).drop(index=TOTAL_LABEL)
    out = body.drop(columns=["laporan_tanpa_cakupan"], errors="ignore")
    return out.assign(laporan=reports["laporan"]).reset_index()


def by_gap(kec: pd.DataFrame) -> pd.DataFrame:
    """Kecamatan ordered by the gap, biggest first: lowest share of desa reached, then
    most desa not reached, then name (a NEW frame; the table and the chart share it)."""
    missing = [
        c for c in ("nama", "desa_tercakup", "desa_total", "persen_tercakup") if c not in kec
    ]
    if missing:
        raise ValueError("Kolom kecamatan tidak ada: " + ", ".join(missing) + ".")
    gap = pd.to_numeric(kec["desa_total"]) - pd.to_numeric(kec["desa_tercakup"])
    order = (
        pd.DataFrame({"persen": pd.to_numeric(kec["persen_tercakup"]).to_numpy(),
                      "gap": -gap.to_numpy(), "nama": kec["nama"].astype("str").to_numpy()})
        .sort_values(["persen", "gap", "nama"], kind="mergesort")
        .index
    )  # fmt: skip
    return kec.iloc[order.to_numpy()].reset_index(drop=True)


def human_table(table: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """A table for people (Excel/CSV downloads): column names in words ("Kades/lurah", not
    `peserta_kades_lurah`) and coverage status in words (a NEW frame)."""
    out = pd.DataFrame(table).copy()
    if "status_cakupan" in out:
        words = {c: t(f"status.{c}", lang) for c in ("belum", "kedaluwarsa", "tercakup")}
        out["status_cakupan"] = out["status_cakupan"].map(lambda s: words.get(str(s), s))
    return out.rename(columns=lambda c: _column_label(str(c), lang))


def _column_label(column: str, lang: str) -> str:
    try:
        return t(f"kolom.{column}", lang)
    except KeyError:
        return column.replace("_", " ").capitalize()
