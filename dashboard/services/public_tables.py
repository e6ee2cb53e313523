"""Tables as each role may see and download them (pure; no Streamlit).

``petugas`` get the numbers; ``rapat`` (meeting/public) get the display strings of
:func:`dashboard.services.suppression.public_figures` (0 reads "0", 1..4 "<5", hidden
complements "x"), the same figures the map, the headline and the Tren chart show, so no
hidden count can be recovered by combining them.
"""

from __future__ import annotations

import pandas as pd

from dashboard.services.access import Role, needs_suppression
from dashboard.services.suppression import PublicFigures, public_figures
from dashboard.strings import t

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


def desa_table(
    desa: pd.DataFrame, role: Role, figures: PublicFigures | None = None
) -> pd.DataFrame:
    """Per-desa table for display/export; for roles that need suppression the counts are
    `figures` (computed for the whole kabupaten; from `desa` itself when not given)."""
    table = pd.DataFrame(desa[[c for c in DESA_COLUMNS if c in desa]]).reset_index(drop=True)
    if not needs_suppression(role):
        return table
    shown = figures if figures is not None else public_figures(desa)
    out = table.drop(columns=["laporan_tanpa_cakupan", "jumlah_kegiatan"], errors="ignore")
    codes = out["kode"].astype("str")
    for column in [*ROLE_PARTS, "peserta", "laporan"]:
        if column in out:
            out[column] = codes.map(shown.desa[column]).astype("str")
    return out


def kecamatan_table(
    kec: pd.DataFrame, role: Role, figures: PublicFigures | None = None
) -> pd.DataFrame:
    """Per-kecamatan table; for roles that need suppression every count of people and
    reports comes from `figures` (required then: the kecamatan totals must be protected
    together with the desa cells they add up)."""
    table = pd.DataFrame(kec[[c for c in KECAMATAN_COLUMNS if c in kec]]).reset_index(drop=True)
    if not needs_suppression(role):
        return table
    if figures is None:
        raise ValueError("kecamatan_table untuk peran rapat butuh angka yang sudah dilindungi")
    out = table.copy()
    codes = out["kode"].astype("str")
    for column in [
        "peserta",
        "peserta_kades_lurah",
        "peserta_rt_rw",
        "laporan",
        "laporan_tanpa_cakupan",
    ]:
        if column in out:
            out[column] = codes.map(figures.kecamatan[column]).astype("str")
    return out


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
