"""Deterministic synthetic officer workbook for Kab. Timor Tengah Selatan (``sample``).

``contoh_sosialisasi.xlsx`` looks like what an officer fills in: sessions (``Kegiatan``)
concentrated around Kota Soe (venue chosen with weight ``exp(-d / 8 km)``, d = distance to
the nearest Kota Soe desa; with 25 km the 150 sessions reached ~230 of 278 desa, not "about
half"), each inviting leaders of 1-4 villages within 10 km of the venue, so attendance comes
from ~130-165 desa depending on the seed; attendance (``Peserta``) per home village and role;
reports (``Laporan``) with points sampled inside desa polygons or with names only. Values
are typed the way people type them (case, ``Desa``/``Kel.`` prefixes, missing apostrophes,
joined words, a few safe typos, mixed date forms, ``5 orang``), and about 2-4% of the rows
are genuinely bad and must land in review (ambiguous name without kecamatan, ``31/02/2025``,
``#N/A``, (0, 0), a point in the sea or in another kabupaten, ...). A pair of swapped
coordinates is included too (auto-corrected only if flagged, else review).

The real session of 11/03/2024 in Kota Soe (news report of Kantor Imigrasi Kupang) is
included as ``KGT-2024-03-11-SOE``; its per-village counts are illustrative.

Same seed -> same cell values and, with :func:`etl.sample.template.save_workbook_stable`,
the same bytes. Each sheet frame also carries the generator's truth in ``_``-prefixed columns
(``_desa_kode``, ``_harapan`` = terima/tinjau/tukar, ...), which are not written.

Layout: this module is the orchestration (re-exported by :mod:`etl.sample`); the geography
and session plan are in :mod:`etl.sample.places`, the sheet frames in
:mod:`etl.sample.sheets` and the officer-style typing in :mod:`etl.sample.typos`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
from openpyxl import Workbook

from etl.io.sample_flag import SAMPLE_MARKER, marker_keywords, stamp_sample
from etl.sample.places import PERIOD_END, PERIOD_START, REAL_SESSION_ID, Geo, plan_sessions
from etl.sample.sheets import NOTICE, kegiatan_sheet, laporan_sheet, peserta_sheet
from etl.sample.template import save_workbook_stable, write_header, write_petunjuk

__all__ = [
    "DEFAULT_SEED", "PERIOD_END", "PERIOD_START", "REAL_SESSION_ID", "SAMPLE_FILENAME",
    "Sample", "build_sample", "make_sample_workbook", "write_sample_workbook",
]  # fmt: skip

SAMPLE_FILENAME: Final = "contoh_sosialisasi.xlsx"
DEFAULT_SEED: Final = 20240311


@dataclass(frozen=True)
class Sample:
    """Sheet name -> frame (header labels as columns, ``_truth`` columns), and counts."""

    sheets: dict[str, pd.DataFrame]
    counts: dict[str, int]


def make_sample_workbook(
    out_dir: Path, official: pd.DataFrame, desa: gpd.GeoDataFrame, *, seed: int = DEFAULT_SEED
) -> Path:
    """Generate the sample (see :func:`build_sample`) and write ``out_dir/contoh_sosialisasi.xlsx``."""
    return write_sample_workbook(build_sample(official, desa, seed=seed), out_dir)


def build_sample(
    official: pd.DataFrame, desa: gpd.GeoDataFrame, *, seed: int = DEFAULT_SEED
) -> Sample:
    """Generate the three sheets from the official list and desa polygons (EPSG:4326).

    ``counts``: ``kegiatan``, ``peserta_baris``, ``laporan`` (rows), ``desa_asal`` (distinct
    home desa of rows that should be accepted; rows of a session in review are in review),
    ``orang``, ``tinjau_kegiatan``/``tinjau_peserta``/``tinjau_laporan`` (rows that must
    land in review), ``tukar_laporan`` (swapped coordinates).
    """
    geo = Geo(official, desa)
    rng = np.random.default_rng(seed)
    sessions = plan_sessions(geo, rng)
    kegiatan = kegiatan_sheet(geo, sessions, rng)
    peserta = peserta_sheet(geo, sessions, rng)
    laporan = laporan_sheet(geo, rng)
    # attendance of a session whose own row is in review cannot be dated: review too
    undated = peserta["ID Kegiatan"].isin(
        kegiatan.loc[kegiatan["_harapan"] == "tinjau", "ID Kegiatan"]
    )
    peserta.loc[undated, "_harapan"] = "tinjau"
    ok = peserta["_harapan"] == "terima"
    counts = {
        "kegiatan": len(kegiatan),
        "peserta_baris": len(peserta),
        "laporan": len(laporan),
        "desa_asal": int(peserta.loc[ok, "_desa_kode"].nunique()),
        "orang": int(peserta.loc[ok, "_jumlah"].sum()),
        "tinjau_kegiatan": int((kegiatan["_harapan"] == "tinjau").sum()),
        "tinjau_peserta": int((peserta["_harapan"] == "tinjau").sum()),
        "tinjau_laporan": int((laporan["_harapan"] == "tinjau").sum()),
        "tukar_laporan": int((laporan["_harapan"] == "tukar").sum()),
    }
    return Sample({"Kegiatan": kegiatan, "Peserta": peserta, "Laporan": laporan}, counts)


def write_sample_workbook(sample: Sample, out_dir: Path) -> Path:
    """Write the visible columns of ``sample`` to ``out_dir/contoh_sosialisasi.xlsx``,
    stamped with its content hash (:mod:`etl.io.sample_flag`)."""
    wb = Workbook()
    lines = [NOTICE, f"Penanda: {SAMPLE_MARKER}", "", *_petunjuk_sample()]
    write_petunjuk(wb.active, lines)
    for name, frame in sample.sheets.items():
        ws = wb.create_sheet(name)
        columns = [c for c in frame.columns if not str(c).startswith("_")]
        top = 1
        if name == "Peserta":  # a title above the header, as officers often do
            ws["A1"] = f"DAFTAR HADIR SOSIALISASI ({NOTICE})"
            top = 3
        write_header(ws, [(c, max(10, len(c) + 4)) for c in columns], row=top)
        for r, values in enumerate(frame[columns].itertuples(index=False), start=top + 1):
            for c, value in enumerate(values, start=1):
                if value is None or (isinstance(value, float) and np.isnan(value)):
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, datetime):
                    cell.number_format = "DD/MM/YYYY"
    wb.properties.keywords = marker_keywords()
    wb.properties.title = NOTICE
    # the content hash in the keywords marks this exact file as the sample (a copy that
    # is edited no longer matches and is read as real data)
    return stamp_sample(save_workbook_stable(wb, out_dir / SAMPLE_FILENAME))


def _petunjuk_sample() -> list[str]:
    return [
        "Buku kerja ini dibuat otomatis oleh 'peta-sosialisasi sample' untuk mencoba aplikasi.",
        "Semua kegiatan, peserta dan laporan adalah rekaan, kecuali kegiatan "
        f"{REAL_SESSION_ID} (sosialisasi di Kota Soe, 11/03/2024, dari berita Imigrasi Kupang);",
        "jumlah peserta per desa pada kegiatan itu pun hanya contoh.",
        "Ejaan sengaja dibuat beragam seperti ketikan petugas, dan beberapa baris sengaja salah "
        "(mis. tanggal 31/02/2025, jumlah #N/A, titik 0,0) untuk menguji tabel tinjauan.",
        "Kolom Nama dan No HP berisi nilai palsu; kolom seperti itu dibuang saat diolah.",
    ]
