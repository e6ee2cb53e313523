from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from etl.nodes.metrics import (
    compute_desa_metrics,
    compute_kecamatan_metrics,
    headline_figures,
    window_start,
)

END = date(2026, 11, 30)
START = window_start(END, 12)


@pytest.fixture
def desa() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "kode": ["01.01.01.2001", "01.01.01.2002", "01.01.02.2003", "01.01.02.2004"],
            "nama": ["A", "B", "C", "D"],
            "kecamatan_kode": ["01.01.01", "01.01.01", "01.01.02", "01.01.02"],
            "kecamatan": ["K1", "K1", "K2", "K2"],
        },
        geometry=[shapely.box(i, 0, i + 1, 1) for i in range(4)],
        crs="EPSG:4326",
    )


@pytest.fixture
def attendance() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id_kegiatan": ["S1", "S1", "S1", "S2", "S3", "S4"],
            "desa_kode": ["01.01.01.2001", "01.01.01.2001", "01.01.01.2002", "01.01.02.2003",
                          "01.01.01.2001", "01.01.02.2004"],
            "kelompok_peran": ["kades_lurah", "rt_rw", "warga", "kades_lurah", "tokoh", "warga"],
            "jumlah": [1, 3, 10, 1, 2, 5],
            "tanggal": pd.to_datetime(["2026-10-01", "2026-10-01", "2026-10-01", "2025-06-01",
                                       "2026-11-01", "2026-12-15"]),
        }
    )  # fmt: skip


@pytest.fixture
def laporan() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "desa_kode": ["01.01.02.2003", "01.01.02.2003", "01.01.01.2001", "01.01.02.2004", None],
            "tanggal": pd.to_datetime(
                ["2026-01-10", "2026-05-05", "2026-02-02", "2025-01-01", "2026-03-03"]
            ),
            "jenis": ["dugaan TPPO", "PMI nonprosedural", "dugaan TPPO", "dugaan TPPO", "x"],
        }
    )


def test_window_start_is_inclusive_twelve_months() -> None:
    assert date(2025, 12, 1) == START


def test_desa_metrics_by_hand(desa, attendance, laporan) -> None:  # type: ignore[no-untyped-def]
    m = compute_desa_metrics(desa, attendance, laporan, start=START, end=END).set_index("kode")
    a, b, c, d = (m.loc[k] for k in m.index)
    assert (a.jumlah_kegiatan, a.peserta, a.peserta_kades_lurah, a.peserta_rt_rw) == (2, 6, 1, 3)
    assert a.peserta_tokoh == 2 and a.peserta_warga == 0
    assert a.kunjungan_terakhir == date(2026, 11, 1) and a.hari_sejak_kunjungan == 29
    assert a.status_cakupan == "tercakup" and a.laporan == 1 and a.laporan_tanpa_cakupan == 0
    assert (b.status_cakupan, b.peserta_warga, b.hari_sejak_kunjungan) == ("tercakup", 10, 60)
    # C was reached in June 2025, before the window: lapsed; its reports are uncovered
    assert (c.status_cakupan, c.peserta, c.kunjungan_terakhir) == (
        "kedaluwarsa", 0, date(2025, 6, 1),
    )  # fmt: skip
    assert (c.laporan, c.laporan_tanpa_cakupan) == (2, 2)
    # D's only session is after the end date: never reached as of END; report outside window
    assert d.status_cakupan == "belum" and pd.isna(d.hari_sejak_kunjungan)
    assert (d.laporan, d.laporan_tanpa_cakupan) == (0, 0)
    assert m.crs.to_epsg() == 4326 and len(m) == 4


def test_coverage_counts_home_desa_not_venue(desa) -> None:  # type: ignore[no-untyped-def]
    # one session, twelve... here three villages' leaders: three villages reached
    att = pd.DataFrame(
        {
            "id_kegiatan": ["S"] * 3,
            "desa_kode": ["01.01.01.2001", "01.01.01.2002", "01.01.02.2003"],
            "kelompok_peran": ["kades_lurah"] * 3,
            "jumlah": [1, 1, 1],
            "tanggal": pd.to_datetime(["2026-06-01"] * 3),
        }
    )
    empty = pd.DataFrame({"desa_kode": [], "tanggal": [], "jenis": []})
    m = compute_desa_metrics(desa, att, empty, start=START, end=END)
    assert (m["status_cakupan"] == "tercakup").sum() == 3


def test_filters_role_group_and_report_type(desa, attendance, laporan) -> None:  # type: ignore[no-untyped-def]
    m = compute_desa_metrics(
        desa, attendance, laporan, start=START, end=END,
        role_groups=["warga"], jenis_laporan=["PMI nonprosedural"],
    ).set_index("kode")  # fmt: skip
    assert m.loc["01.01.01.2001", "status_cakupan"] == "belum"
    assert m.loc["01.01.01.2002", "status_cakupan"] == "tercakup"
    assert m["laporan"].tolist() == [0, 0, 1, 0]


def test_inputs_not_mutated_and_columns_checked(desa, attendance, laporan) -> None:  # type: ignore[no-untyped-def]
    before = attendance.copy()
    compute_desa_metrics(desa, attendance, laporan, start=START, end=END)
    pd.testing.assert_frame_equal(attendance, before)
    with pytest.raises(ValueError, match="kelompok_peran"):
        compute_desa_metrics(
            desa, attendance.drop(columns="kelompok_peran"), laporan, start=START, end=END
        )
    with pytest.raises(ValueError, match="Awal periode"):
        compute_desa_metrics(desa, attendance, laporan, start=END, end=START)


def test_kecamatan_and_headline(desa, attendance, laporan) -> None:  # type: ignore[no-untyped-def]
    dm = compute_desa_metrics(desa, attendance, laporan, start=START, end=END)
    kec = desa.dissolve("kecamatan_kode").reset_index()[["kecamatan_kode", "kecamatan", "geometry"]]
    kec = kec.rename(columns={"kecamatan_kode": "kode", "kecamatan": "nama"})
    km = compute_kecamatan_metrics(kec, dm, attendance, start=START, end=END).set_index("kode")
    assert km.loc["01.01.01", "jumlah_kegiatan"] == 2  # S1 and S3, distinct
    assert km.loc["01.01.01", "peserta"] == 16
    assert (km.loc["01.01.01", "desa_tercakup"], km.loc["01.01.01", "desa_total"]) == (2, 2)
    assert km.loc["01.01.01", "persen_tercakup"] == 100.0
    assert km.loc["01.01.02", "desa_tercakup"] == 0 and km.loc["01.01.02", "persen_tercakup"] == 0
    h = headline_figures(dm, km.reset_index())
    assert h == {
        "desa_tercakup": 2, "desa_total": 4, "persen_tercakup": 50.0,
        "kecamatan_tanpa_jangkauan": 1, "kecamatan_total": 2, "peserta": 16,
        "pemimpin": 4, "laporan": 3, "laporan_tanpa_cakupan": 2,
    }  # fmt: skip
