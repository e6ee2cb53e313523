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
