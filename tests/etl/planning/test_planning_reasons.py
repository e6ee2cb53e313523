"""Words for a plan: status names, the start place, one reason line per desa."""

from __future__ import annotations

import pandas as pd
import pytest
from planning_fixtures import DAYS_PER_MONTH, four_desa

from etl.planning.priority import score_priority
from etl.planning.reasons import add_reasons, reason_text, start_place, status_label

BASE = (-9.86, 124.27)  # inside Alfa (a 0.01 deg square centred there)


def _reason(**changes: object) -> str:
    args: dict[str, object] = {
        "status": "belum", "hari_sejak_kunjungan": None, "kades_lurah_belum": True,
        "rt_rw_belum": True, "laporan": 0, "laporan_tanpa_cakupan": 0, "risiko": 0.0,
        "jarak_km": 0.0, "start": "Soe",
    }  # fmt: skip
    args.update(changes)
    return reason_text(**args)  # type: ignore[arg-type]


def test_reason_for_a_never_reached_desa_reads_as_the_issue_asks() -> None:
    text = _reason(laporan=3, laporan_tanpa_cakupan=3, jarak_km=41.6)
    assert text == "belum pernah dijangkau; 3 laporan tanpa cakupan; 42 km dari Soe"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"status": "kedaluwarsa", "hari_sejak_kunjungan": 18 * DAYS_PER_MONTH, "laporan": 1},
         "kedaluwarsa, terakhir 18 bulan lalu; 1 laporan; 0 km dari Soe"),
        ({"status": "tercakup", "hari_sejak_kunjungan": 20.0, "kades_lurah_belum": False},
         "tercakup, terakhir 1 bulan lalu; ketua RT/RW belum hadir; 0 km dari Soe"),
        ({"status": "tercakup", "hari_sejak_kunjungan": 6 * DAYS_PER_MONTH},
         "tercakup, terakhir 6 bulan lalu; kades/lurah dan ketua RT/RW belum hadir; 0 km dari Soe"),
        ({"status": "tercakup", "hari_sejak_kunjungan": 6 * DAYS_PER_MONTH,
          "kades_lurah_belum": False, "rt_rw_belum": False, "risiko": 0.456, "jarak_km": 9.4},
         "tercakup, terakhir 6 bulan lalu; indeks risiko 0,46; 9 km dari Soe"),
        ({"status": "kedaluwarsa"}, "kedaluwarsa; 0 km dari Soe"),
    ],
)  # fmt: skip
def test_reason_parts(changes: dict[str, object], expected: str) -> None:
    assert _reason(**changes) == expected


def test_status_words_and_unknown_codes_kept() -> None:
    assert status_label("belum") == "belum pernah dijangkau"
    assert status_label(" Kedaluwarsa ") == "kedaluwarsa"
    assert status_label("tercakup") == "tercakup"
    assert status_label("lain") == "lain"


def test_start_place_is_the_desa_containing_the_base_or_a_near_one() -> None:
    desa = four_desa()
    assert start_place(desa, BASE).nama == "Alfa"
    assert start_place(desa, BASE).lengkap == "Desa Alfa, Kecamatan Kota Soe"
    # Charlie is a kelurahan; 0.008 deg (~0.9 km) east of its edge still names it
    charlie = start_place(desa, (-9.90, 124.283))
    assert charlie.lengkap == "Kelurahan Charlie, Kecamatan Kota Soe"
    far = start_place(desa, (-9.0, 124.0))
    assert far.nama == far.lengkap == "titik -9,0000, 124,0000"


def test_add_reasons_one_line_per_desa_without_touching_inputs() -> None:
    desa = four_desa()
    skor = score_priority(desa, base=BASE)
    before = skor.copy()
    out = add_reasons(skor, desa, "Alfa")
    pd.testing.assert_frame_equal(skor, before)
    assert "alasan" not in skor.columns
    by_name = dict(zip(out["nama"], out["alasan"], strict=True))
    assert by_name["Alfa"] == "belum pernah dijangkau; 2 laporan tanpa cakupan; 0 km dari Alfa"
    # Delta: 0.06 deg south of Alfa (6.6 km), lapsed 30 months, 7 reports uncovered
    assert (
        by_name["Delta"]
        == "kedaluwarsa, terakhir 30 bulan lalu; 7 laporan tanpa cakupan; 7 km dari Alfa"
    )
    assert by_name["Charlie"].startswith("tercakup, terakhir 6 bulan lalu; 4 km dari Alfa")


def test_add_reasons_names_missing_columns() -> None:
    desa = four_desa()
    skor = score_priority(desa, base=BASE)
    with pytest.raises(ValueError, match="laporan_tanpa_cakupan"):
        add_reasons(skor, desa.drop(columns=["laporan_tanpa_cakupan"]), "Alfa")
