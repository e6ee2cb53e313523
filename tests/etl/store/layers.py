"""Tiny hand-built outputs for the store tests (values known by hand): the dtypes the
GeoPackage reader gives (``str``, ``int64``, ``float64`` with NaN, ``datetime64[ms]``
with NaT), a polygon layer, a point layer, a table without geometry, an empty table."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box


def sample_layers(tag: str = "A", peserta_rows: int = 3) -> dict[str, pd.DataFrame]:
    """Layers of one load; ``tag`` marks every row (to tell two loads apart) and
    ``peserta_rows`` sizes the attendance table."""
    desa = gpd.GeoDataFrame(
        {
            "kode": pd.Series(["53.02.01.2001", "53.02.01.2002", "53.02.02.1001"], dtype="str"),
            "nama": pd.Series([f"Oe'ekam {tag}", "Oinlasi", "Soe"], dtype="str"),
            "peserta": pd.Series([12, 0, 3], dtype="int64"),
            "hari_sejak_kunjungan": [40.0, float("nan"), 400.0],
            "kunjungan_terakhir": pd.Series(
                pd.to_datetime(["2026-10-21", None, "2025-10-26"]), dtype="datetime64[ms]"
            ),
        },
        geometry=[box(124.0, -9.9, 124.1, -9.8), box(124.1, -9.9, 124.2, -9.8),
                  box(124.2, -9.9, 124.3, -9.8)],
        crs="EPSG:4326",
    )  # fmt: skip
    laporan = gpd.GeoDataFrame(
        {"id_laporan": pd.Series([f"L-{tag}-1", f"L-{tag}-2"], dtype="str"),
         "jarak_m": [0.0, 12.5]},
        geometry=[Point(124.05, -9.85), None],
        crs="EPSG:4326",
    )  # fmt: skip
    peserta = pd.DataFrame(
        {
            "id_kegiatan": pd.Series([f"K-{tag}-{i}" for i in range(peserta_rows)], dtype="str"),
            "jumlah": pd.Series(range(1, peserta_rows + 1), dtype="int64"),
            "desa_kode": pd.Series(["53.02.01.2001"] * peserta_rows, dtype="str"),
            "catatan": pd.Series([None if i % 2 else "tab\there, \"kutip\"\n\\" for i in
                                  range(peserta_rows)], dtype="str"),
        }
    )  # fmt: skip
    kiriman = pd.DataFrame({c: pd.Series([], dtype=object) for c in ("id_kiriman", "hash")})
    info = pd.DataFrame({"kunci": pd.Series(["contoh", "muatan"], dtype="str"),
                         "nilai": pd.Series(["false", tag], dtype="str")})  # fmt: skip
    return {"desa": desa, "peserta": peserta, "laporan": laporan, "info": info,
            "kiriman": kiriman}  # fmt: skip


def sample_manifest(tag: str = "A") -> dict[str, Any]:
    """A manifest naming ``tag`` (in ``versi``) with per-layer counts."""
    return {
        "alat": "peta-sosialisasi",
        "versi": f"uji-{tag}",
        "dibuat": "2026-12-03T06:00:00+00:00",
        "contoh": False,
        "kabupaten": "53.02",
        "parameter": {"per_tanggal": "2026-11-30", "jendela_bulan": 12,
                      "periode_mulai": "2025-12-01"},
        "masukan": [{"berkas": "a.xlsx", "path": "/x/a.xlsx", "sha256": "ab" * 32,
                     "kolom_pribadi_dibuang": ["Nama"],
                     "lembar": [{"lembar": "Peserta", "jenis_data": "peserta", "dibaca": 4,
                                 "diterima": 3, "ditinjau": 1}]}],
        "peringatan": ["satu peringatan"],
        "jumlah": {"desa": 3, "peserta": 3},
        "kunci_baru": {"dari": "versi yang lebih baru"},
    }  # fmt: skip
