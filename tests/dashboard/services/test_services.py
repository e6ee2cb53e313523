"""Pure dashboard services: dataset filters, public tables, explanations, policies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.services.dataset import (
    DataError,
    Filters,
    filtered_metrics,
    load_dataset,
    previous_filters,
    reports_per_desa,
    venue_points,
)
from dashboard.services.explain import explain_status
from dashboard.services.public_tables import desa_table
from dashboard.services.session_policy import role_without_login
from dashboard.services.slideshow import ALL, slides, step


def test_uncovered_dataset_by_hand(uncovered_data: Path) -> None:
    ds = load_dataset(uncovered_data)
    assert not ds.contoh and ds.per_tanggal == date(2026, 11, 30)
    desa, _kec = filtered_metrics(ds, ds.default_filters)
    status = desa.set_index("kode")["status_cakupan"]
    assert (status != "tercakup").all()
    assert status["53.02.01.1011"] == "kedaluwarsa" and status["53.02.02.2008"] == "kedaluwarsa"
    assert (status == "belum").sum() == 276
    assert reports_per_desa(ds, ds.default_filters).to_dict() == {"53.02.01.1001": 1}
    # widen the period back to 2020: both villages are covered then
    wide = Filters(start=date(2020, 1, 1), end=date(2026, 11, 30))
    desa_w, kec_w = filtered_metrics(ds, wide)
    assert (desa_w["status_cakupan"] == "tercakup").sum() == 2
    assert kec_w.set_index("kode").loc["53.02.01", "desa_tercakup"] == 1
    only = Filters(start=wide.start, end=wide.end, kecamatan=("53.02.02",))
    desa_k, kec_k = filtered_metrics(ds, only)
    assert set(desa_k["kecamatan_kode"]) == {"53.02.02"} and len(kec_k) == 1
    assert len(venue_points(ds, wide)) == 1 and venue_points(ds, ds.default_filters).empty


def test_previous_period_has_equal_length() -> None:
    flt = Filters(start=date(2026, 1, 1), end=date(2026, 3, 31))
    prev = previous_filters(flt)
    assert prev.end == date(2025, 12, 31)
    assert (prev.end - prev.start) == (flt.end - flt.start)


def test_public_desa_table_suppresses_small_counts() -> None:
    desa = pd.DataFrame({
        "kode": ["a", "b", "c"], "nama": ["A", "B", "C"], "kecamatan": ["K"] * 3,
        "kecamatan_kode": ["K"] * 3,
        "status_cakupan": ["tercakup"] * 3, "kunjungan_terakhir": [None] * 3,
        "jumlah_kegiatan": [1, 1, 1], "peserta": [12, 9, 30],
        "peserta_kades_lurah": [1, 0, 10], "peserta_rt_rw": [6, 9, 10],
        "peserta_tokoh": [5, 0, 5], "peserta_warga": [0, 0, 5],
        "laporan": [3, 0, 12], "laporan_tanpa_cakupan": [0, 0, 0],
    })  # fmt: skip
    officer = desa_table(desa, "petugas")
    assert officer["laporan"].tolist() == [3, 0, 12]
    public = desa_table(desa, "rapat").set_index("kode")
    assert public.loc["a", "peserta_kades_lurah"] == "<5"
    assert public.loc["a", "laporan"] == "<5"
    assert public.loc["c", "peserta_rt_rw"] == "10" or public.loc["c", "peserta_rt_rw"] == "x"
    assert "laporan_tanpa_cakupan" not in public.columns
    # no row with a visible total leaves exactly one hidden cell (recoverable by subtraction)
    for _, row in public.iterrows():
        hidden = [c for c in ("peserta_kades_lurah", "peserta_rt_rw", "peserta_tokoh",
                              "peserta_warga") if row[c] in ("<5", "x")]  # fmt: skip
        assert len(hidden) != 1 or row["peserta"] in ("<5", "x")


def test_explanations() -> None:
    row = pd.Series({"status_cakupan": "kedaluwarsa", "kunjungan_terakhir": date(2024, 3, 11)})
    key, fmt = explain_status(row, start=date(2025, 12, 1), end=date(2026, 11, 30))
    assert key == "alasan.kedaluwarsa" and fmt["terakhir"] == "11/03/2024"
    key, _ = explain_status(pd.Series({"status_cakupan": "belum"}), start=date(2025, 12, 1),
                            end=date(2026, 11, 30))  # fmt: skip
    assert key == "alasan.belum"


def test_role_without_login() -> None:
    assert role_without_login(contoh=True, server_address="127.0.0.1") == "petugas"
    assert role_without_login(contoh=True, server_address="0.0.0.0") == "rapat"
    assert role_without_login(contoh=True, server_address=None) == "rapat"
    assert role_without_login(contoh=False, server_address="127.0.0.1") == "rapat"


def test_slides_wrap_around() -> None:
    keys = slides(pd.DataFrame({"kode": ["53.02.02", "53.02.01"]}))
    assert keys == [ALL, "53.02.01", "53.02.02"]
    assert step(ALL, keys, -1) == "53.02.02" and step("53.02.02", keys, 1) == ALL


def test_missing_folder_is_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="make run"):
        load_dataset(tmp_path)


def test_every_string_key_used_by_the_dashboard_exists() -> None:
    import re

    from dashboard.strings import STRINGS

    root = Path(__file__).resolve().parents[3] / "dashboard"
    used = set()
    for path in root.rglob("*.py"):
        used |= set(
            re.findall(r'\btr?\(\s*"([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8"))
        )
    for reason in (
        "alasan.tercakup",
        "alasan.kedaluwarsa",
        "alasan.belum",
        "alasan.tidak_ada_data",
    ):
        used.add(reason)
    missing = sorted(k for k in used if k not in STRINGS["id"] or k not in STRINGS["en"])
    assert not missing
