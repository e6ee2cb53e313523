"""Hand-built desa frames for the planner tests (imported by the test modules)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

DAYS_PER_MONTH = 365.25 / 12  # 30.4375 = 487/16, so n * it is exact for the n used here


def square(lat: float, lon: float, half: float = 0.005) -> object:
    """A small square desa polygon centred on (lat, lon)."""
    return box(lon - half, lat - half, lon + half, lat + half)


def desa_frame(rows: list[dict[str, object]]) -> gpd.GeoDataFrame:
    """An ETL-like `desa` layer from rows that give lat/lon plus metrics (defaults filled)."""
    defaults: dict[str, object] = {
        "jenis": "desa",
        "kecamatan_kode": "53.02.01",
        "kecamatan": "Kota Soe",
        "luas_km2": 1.0,
        "jumlah_kegiatan": 0,
        "peserta": 0,
        "peserta_kades_lurah": 0,
        "peserta_rt_rw": 0,
        "peserta_tokoh": 0,
        "peserta_warga": 0,
        "hari_sejak_kunjungan": np.nan,
        "status_cakupan": "belum",
        "laporan": 0,
        "laporan_tanpa_cakupan": 0,
    }
    records = [
        {**defaults, **{k: v for k, v in r.items() if k not in ("lat", "lon")}} for r in rows
    ]
    geoms = [square(float(r["lat"]), float(r["lon"])) for r in rows]  # type: ignore[arg-type]
    return gpd.GeoDataFrame(pd.DataFrame(records), geometry=geoms, crs="EPSG:4326")


def four_desa() -> gpd.GeoDataFrame:
    """Four desa whose components are computed by hand in test_planning_priority.py."""
    return desa_frame(
        [
            # A: never reached, no leaders, 2 reports without coverage
            {"kode": "53.02.01.2001", "nama": "Alfa", "lat": -9.86, "lon": 124.27,
             "status_cakupan": "belum", "laporan": 2, "laporan_tanpa_cakupan": 2},
            # B: lapsed 18 months ago, kepala desa came, no RT/RW, 1 report
            {"kode": "53.02.01.2002", "nama": "Bravo", "lat": -9.88, "lon": 124.27,
             "status_cakupan": "kedaluwarsa", "hari_sejak_kunjungan": 18 * DAYS_PER_MONTH,
             "peserta_kades_lurah": 1, "laporan": 1, "laporan_tanpa_cakupan": 1},
            # C: covered 6 months ago with all leaders, no reports
            {"kode": "53.02.01.1003", "nama": "Charlie", "jenis": "kelurahan", "lat": -9.90,
             "lon": 124.27, "status_cakupan": "tercakup",
             "hari_sejak_kunjungan": 6 * DAYS_PER_MONTH, "peserta_kades_lurah": 2,
             "peserta_rt_rw": 3},
            # D: lapsed 30 months ago, RT/RW came but no kepala desa, 7 reports uncovered
            {"kode": "53.02.01.2004", "nama": "Delta", "lat": -9.92, "lon": 124.27,
             "status_cakupan": "kedaluwarsa", "hari_sejak_kunjungan": 30 * DAYS_PER_MONTH,
             "peserta_rt_rw": 4, "laporan": 7, "laporan_tanpa_cakupan": 7},
        ]
    )  # fmt: skip


def synthetic_kabupaten(n: int = 278, seed: int = 7) -> gpd.GeoDataFrame:
    """A seeded TTS-sized kabupaten: n square desa on a grid around Soe with random metrics."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n)))
    rows: list[dict[str, object]] = []
    for i in range(n):
        status = str(rng.choice(["belum", "kedaluwarsa", "tercakup"], p=[0.5, 0.2, 0.3]))
        days = np.nan
        if status == "kedaluwarsa":
            days = float(rng.integers(366, 1000))
        elif status == "tercakup":
            days = float(rng.integers(0, 365))
        reports = int(rng.poisson(0.6))
        rows.append(
            {
                "kode": f"53.02.{i // 12 + 1:02d}.{2001 + i:04d}",
                "nama": f"Desa {i:03d}",
                "kecamatan": f"Kecamatan {i // 12 + 1}",
                "kecamatan_kode": f"53.02.{i // 12 + 1:02d}",
                "lat": -9.55 - 0.6 * (i // side) / side,
                "lon": 124.0 + 0.6 * (i % side) / side,
                "status_cakupan": status,
                "hari_sejak_kunjungan": days,
                "peserta_kades_lurah": int(rng.integers(0, 2)) if status != "belum" else 0,
                "peserta_rt_rw": int(rng.integers(0, 3)) if status != "belum" else 0,
                "laporan": reports,
                "laporan_tanpa_cakupan": reports if status != "tercakup" else 0,
            }
        )
    frame = desa_frame(rows)
    # make the squares fill the grid cells so neighbouring desa touch like real ones
    half = 0.3 / side
    frame = frame.set_geometry([square(r["lat"], r["lon"], half) for r in rows])  # type: ignore[arg-type]
    return frame
