"""Several kabupaten as one working area: the combined reference, matching across it,
metrics per kabupaten and across all (answers counted by hand on ``two_kabupaten``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from two_kabupaten import desa, kecamatan, reference

from etl.nodes.area import combine_references, in_kabupaten, kabupaten_of
from etl.nodes.join import Reference, join_peserta
from etl.nodes.metrics import (
    compute_desa_metrics,
    compute_kabupaten_metrics,
    compute_kecamatan_metrics,
    headline_figures,
)

START, END = date(2025, 12, 1), date(2026, 11, 30)
SOURCE = {"sumber_file": "buku.xlsx", "sumber_lembar": "Peserta"}


def _area() -> tuple:  # type: ignore[type-arg]
    return reference("53.02"), reference("53.71")


def test_the_combined_reference_holds_both_kabupaten_once() -> None:
    ref = combine_references(_area(), None)
    assert ref.kabupaten == "53.02,53.71"
    assert list(ref.official["kode"]) == [r for r in desa()["kode"]]
    assert ref.official["kode"].is_unique and len(ref.desa) == 5
    assert list(ref.outline["kode"]) == ["53.02", "53.71"]
    assert sorted(ref.kecamatan["kode"]) == ["53.02.01", "53.02.02", "53.71.01"]
    # each one's neighbour is now inside the area: no "other" desa or kabupaten is left
    assert ref.other_desa.empty and ref.other_kabupaten.empty


def test_a_code_in_two_parts_or_a_repeated_kabupaten_is_refused() -> None:
    one = reference("53.02")
    with pytest.raises(ValueError, match="Kabupaten ganda"):
        combine_references([one, one], None)


def test_aliases_of_the_area_apply_by_their_desa_code() -> None:
    aliases = pd.DataFrame(
        {"kabupaten": ["53.71", "53.05"], "kecamatan": ["", ""], "nama_ketik": ["Tg", "X"],
         "desa_kode": ["53.71.01.1002", "53.05.01.2001"]}
    )  # fmt: skip
    ref = combine_references(_area(), aliases)
    assert ref.aliases is not None
    assert list(ref.aliases["kabupaten"]) == ["", "53.05"]
    assert list(aliases["kabupaten"]) == ["53.71", "53.05"]  # input unchanged


def _join(ref: Reference, typed: list[tuple[str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Attendance of session S1 from (kecamatan, desa) as typed, rows from 2, joined."""
    peserta = pd.DataFrame(
        {"id_kegiatan": "S1", "kecamatan": [k for k, _ in typed], "desa": [d for _, d in typed],
         "peran": "warga", "kelompok_peran": "warga", "jumlah": 1, **SOURCE,
         "sumber_baris": range(2, 2 + len(typed))}
    )  # fmt: skip
    sessions = pd.DataFrame({"id_kegiatan": ["S1"], "tanggal": [pd.Timestamp("2026-06-01")]})
    return join_peserta(peserta, sessions, ref)


def test_a_name_in_two_kabupaten_is_decided_only_by_the_typed_kecamatan() -> None:
    ref = combine_references(_area(), None)
    typed = [("", "Oebobo"), ("Gamma", "Oebobo"), ("Alfa", "Oebobo"), ("", "Tiga"), ("", "Dua")]
    ok, review = _join(ref, typed)
    assert dict(zip(ok["sumber_baris"], ok["desa_kode"], strict=True)) == {
        3: "53.71.01.1001", 4: "53.02.01.2001", 5: "53.71.01.1002", 6: "53.02.02.2001"
    }  # fmt: skip
    assert list(review["sumber_baris"]) == [2]
    assert "Oebobo" in review["alasan"].iloc[0]


def _attendance() -> pd.DataFrame:
    # S1 (June): 3 warga from Oebobo (53.02), 2 kepala desa from Tiga (53.71);
    # S2 (July): 4 warga from Tiga; S0 (2024, before the window): 5 warga from Dua.
    return pd.DataFrame(
        {
            "id_kegiatan": ["S1", "S1", "S2", "S0"],
            "desa_kode": ["53.02.01.2001", "53.71.01.1002", "53.71.01.1002", "53.02.02.2001"],
            "kelompok_peran": ["warga", "kades_lurah", "warga", "warga"],
            "jumlah": [3, 2, 4, 5],
            "tanggal": pd.to_datetime(["2026-06-01", "2026-06-01", "2026-07-01", "2024-05-01"]),
        }
    )


def _laporan() -> pd.DataFrame:
    return pd.DataFrame(
        {"desa_kode": ["53.02.02.2001"], "tanggal": [pd.Timestamp("2026-03-01")],
         "jenis": ["TPPO"]}
    )  # fmt: skip


def _metrics(kab: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    dm = compute_desa_metrics(desa(kab), _attendance(), _laporan(), start=START, end=END)
    km = compute_kecamatan_metrics(kecamatan(kab), dm, _attendance(), start=START, end=END)
    return dm, km


def test_desa_and_kecamatan_rows_are_the_same_alone_or_in_the_area() -> None:
    both_desa, both_kec = _metrics(None)
    for kab in ("53.02", "53.71"):
        alone_desa, alone_kec = _metrics(kab)
        inside = both_desa[in_kabupaten(both_desa["kode"], [kab])].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            pd.DataFrame(inside.drop(columns="geometry")),
            pd.DataFrame(alone_desa.drop(columns="geometry")),
        )
        kec = both_kec[kabupaten_of(both_kec["kode"]) == kab].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            pd.DataFrame(kec.drop(columns="geometry")),
            pd.DataFrame(alone_kec.drop(columns="geometry")).reset_index(drop=True),
        )


def test_kabupaten_totals_per_kabupaten_and_across_all() -> None:
    ref = combine_references(_area(), None)
    dm, km = _metrics(None)
    kab = compute_kabupaten_metrics(ref.outline, km, _attendance(), start=START, end=END)
    rows = kab.set_index("kode")
    # 53.02: S1 reached Oebobo (3 warga); Dua only before the window (lapsed) with a report
    assert rows.loc["53.02", ["jumlah_kegiatan", "peserta", "peserta_warga"]].tolist() == [1, 3, 3]
    assert rows.loc["53.02", ["desa_tercakup", "desa_total", "persen_tercakup"]].tolist() == [
        1, 3, 33.3
    ]  # fmt: skip
    assert rows.loc["53.02", ["kecamatan_tanpa_jangkauan", "kecamatan_total"]].tolist() == [1, 2]
    assert rows.loc["53.02", ["laporan", "laporan_tanpa_cakupan"]].tolist() == [1, 1]
    assert rows.loc["53.02", "kunjungan_terakhir"] == date(2026, 6, 1)
    # 53.71: S1 and S2 reached Tiga (2 kades + 4 warga), Oebobo never
    assert rows.loc["53.71", ["jumlah_kegiatan", "peserta", "peserta_kades_lurah"]].tolist() == [
        2, 6, 2
    ]  # fmt: skip
    assert rows.loc["53.71", ["desa_tercakup", "desa_total", "persen_tercakup"]].tolist() == [
        1, 2, 50.0
    ]  # fmt: skip
    assert rows.loc["53.71", ["kecamatan_tanpa_jangkauan", "kecamatan_total", "laporan"]].tolist() == [
        0, 1, 0
    ]  # fmt: skip
    assert rows.loc["53.71", "hari_sejak_kunjungan"] == (END - date(2026, 7, 1)).days
    # across all: 2 of 5 desa, 1 of 3 kecamatan without reach, 9 participants
    total = headline_figures(dm, km)
    assert (total["desa_tercakup"], total["desa_total"], total["persen_tercakup"]) == (2, 5, 40.0)
    assert (total["kecamatan_tanpa_jangkauan"], total["kecamatan_total"]) == (1, 3)
    assert total["peserta"] == 9 == int(kab["peserta"].sum())


def test_kabupaten_metrics_name_a_missing_column() -> None:
    with pytest.raises(ValueError, match="kolom wajib tidak ada: desa_tercakup"):
        compute_kabupaten_metrics(
            reference("53.02").outline, pd.DataFrame({"kode": []}), _attendance(),
            start=START, end=END,
        )  # fmt: skip


def test_a_kecamatan_name_in_two_kabupaten_still_finds_a_desa_named_once() -> None:
    kota = reference("53.71")
    renamed = kota.official.assign(kecamatan="Alfa")  # both kabupaten have a kecamatan Alfa
    ref = combine_references([reference("53.02"), replace(kota, official=renamed)], None)
    typed = [("Alfa", "Tiga"), ("Alfa", "Satu"), ("Alfa", "Oebobo")]
    ok, review = _join(ref, typed)
    assert dict(zip(ok["sumber_baris"], ok["desa_kode"], strict=True)) == {
        2: "53.71.01.1002", 3: "53.02.01.2002"
    }  # fmt: skip
    assert list(review["sumber_baris"]) == [4]  # Oebobo in an "Alfa" of each kabupaten
