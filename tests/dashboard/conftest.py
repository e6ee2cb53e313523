"""Datasets for the dashboard tests: the synthetic sample, an empty dataset and one
where nothing is covered — each a real ETL output folder built over real boundaries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

AS_OF = date(2026, 11, 30)
KEG = ["ID Kegiatan", "Tanggal", "Kecamatan", "Desa/Kelurahan"]
PES = ["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah"]
LAP = ["No Laporan", "Tanggal", "Jenis", "Lintang", "Bujur"]


@pytest.fixture(scope="session")
def sample_data(tts_build, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """The synthetic sample, exactly as `make run` builds it."""
    from etl.pipeline import run_etl
    from etl.sample import make_sample_workbook
    from geodata.load import read_layer, read_official_list

    folder = tmp_path_factory.mktemp("data_contoh")
    book = make_sample_workbook(
        folder / "masukan", read_official_list("53.02"), read_layer("53.02", "desa")
    )
    run_etl([book], folder, per_tanggal=AS_OF)
    return folder


@pytest.fixture(scope="session")
def empty_data(tts_build, workbook_factory, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Headers only: no session, no participant, no report."""
    from etl.pipeline import run_etl

    book = workbook_factory(
        "kosong.csv.xlsx", {"Kegiatan": [KEG, ["K0", "01/01/2020", "Kota Soe", "SoE"]]}
    )
    folder = tmp_path_factory.mktemp("data_kosong")
    run_etl([book], folder, per_tanggal=AS_OF)
    return folder


@pytest.fixture(scope="session")
def uncovered_data(tts_build, workbook_factory, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Sessions long before the window: every desa is `belum` or `kedaluwarsa`."""
    from etl.pipeline import run_etl

    book = workbook_factory(
        "lama.xlsx",
        {
            "Kegiatan": [KEG, ["K1", "11/03/2020", "Kota Soe", "SoE"]],
            "Peserta": [PES, ["K1", "Kota Soe", "Kampung Baru", "ketua RT", 3],
                        ["K1", "Mollo Selatan", "Oinlasi", "kepala desa", 1]],
            "Laporan": [LAP, ["L1", "01/06/2026", "dugaan TPPO", -9.8652, 124.2718]],
        },
    )  # fmt: skip
    folder = tmp_path_factory.mktemp("data_lama")
    run_etl([book], folder, per_tanggal=AS_OF)
    return folder


XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def tiny_desa() -> gpd.GeoDataFrame:
    """Three desa by hand (one named with an HTML attack, one without data)."""
    return gpd.GeoDataFrame(
        {
            "kode": ["53.02.01.1001", "53.02.01.2002", "53.02.02.2001"],
            "nama": ["SoE", XSS, "Oinlasi"],
            "kecamatan_kode": ["53.02.01", "53.02.01", "53.02.02"],
            "kecamatan": ["Kota Soe", "Kota Soe", "Mollo <Selatan>"],
            "status_cakupan": ["tercakup", "belum", None],
            "hari_sejak_kunjungan": [30.0, None, None],
            "kunjungan_terakhir": ["2025-06-01", None, None],
            "peserta": [25.0, 3.0, None],
            "laporan": [7.0, 2.0, None],
        },
        geometry=[
            box(124.2, -9.9, 124.3, -9.8),
            box(124.3, -9.9, 124.4, -9.8),
            box(124.2, -9.8, 124.4, -9.7),
        ],
        crs=4326,
    )
