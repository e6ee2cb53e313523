"""Attendance rows the ETL accepted with a note a person should read (issue 13 B).

The matcher places a home desa whose name is unique in the kabupaten even when another
kecamatan was typed (most often the venue's), with ``cara_cocok = kecamatan_lain`` and a
note in ``catatan_cocok``. The officer sees those placements grouped by what was typed, so
one look tells whether the reading was right; nothing personal is in these columns.
"""

from __future__ import annotations

import pandas as pd

NOTE_COLUMNS = ["kecamatan_ketik", "desa_ketik", "desa_tempat", "kecamatan", "baris",
                "peserta", "catatan"]  # fmt: skip


def placement_notes(peserta: pd.DataFrame, desa: pd.DataFrame) -> pd.DataFrame:
    """One row per (typed kecamatan, typed desa, placed desa, note) with the number of
    attendance rows and participants; empty (same columns) when no row carries a note or
    the output predates the ``catatan_cocok`` column."""
    if "catatan_cocok" not in peserta or peserta.empty:
        return pd.DataFrame(columns=NOTE_COLUMNS)
    missing = {"kecamatan", "desa", "desa_kode", "jumlah"} - set(peserta.columns)
    if missing or not {"kode", "nama", "kecamatan"} <= set(desa.columns):
        raise ValueError(f"kolom tidak ada untuk catatan penempatan: {sorted(missing)}")
    noted = peserta[peserta["catatan_cocok"].fillna("").astype(str).str.len() > 0]
    if noted.empty:
        return pd.DataFrame(columns=NOTE_COLUMNS)
    grouped = (
        noted.assign(
            kecamatan_ketik=noted["kecamatan"].fillna("").astype(str),
            desa_ketik=noted["desa"].fillna("").astype(str),
            jumlah=pd.to_numeric(noted["jumlah"], errors="coerce").fillna(0),
        )
        .groupby(["kecamatan_ketik", "desa_ketik", "desa_kode", "catatan_cocok"], sort=True)
        .agg(baris=("jumlah", "size"), peserta=("jumlah", "sum"))
        .reset_index()
    )
    names = desa.set_index("kode")[["nama", "kecamatan"]]
    placed = names.reindex(grouped["desa_kode"]).reset_index(drop=True)
    out = grouped.assign(
        desa_tempat=placed["nama"].to_numpy(),
        kecamatan=placed["kecamatan"].to_numpy(),
        peserta=grouped["peserta"].astype(int),
        catatan=grouped["catatan_cocok"],
    )
    return out.sort_values(["baris", "desa_ketik"], ascending=[False, True])[
        NOTE_COLUMNS
    ].reset_index(drop=True)
