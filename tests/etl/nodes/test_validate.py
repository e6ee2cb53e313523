from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.io.readers import RawTable, read_inputs
from etl.nodes.validate import (
    validate_kegiatan,
    validate_laporan,
    validate_peserta,
    validate_table,
)
from etl.schema import COLUMNS, REVIEW_COLUMNS, Kind


def _table(kind: Kind, rows: list[dict[str, object]], first_row: int = 2) -> RawTable:
    data = {c: pd.Series([r.get(c) for r in rows], dtype=object) for c in COLUMNS[kind]}
    frame = pd.DataFrame(data).assign(
        sumber_baris=pd.Series(range(first_row, first_row + len(rows)), dtype="int64")
    )
    return RawTable(kind, "uji.xlsx", kind.capitalize(), frame)


def _reason(review: pd.DataFrame, row: int) -> str:
    return str(review.loc[review["sumber_baris"] == row, "alasan"].iloc[0])


def _nilai(review: pd.DataFrame, row: int) -> str:
    return str(review.loc[review["sumber_baris"] == row, "nilai"].iloc[0])


KEGIATAN_OK = {"id_kegiatan": "K1", "tanggal": "12/03/2024", "kecamatan": "Kota Soe", "desa": "Soe"}


def test_kegiatan_dates_typed_in_many_ways() -> None:
    rows = [
        {**KEGIATAN_OK, "id_kegiatan": "K1", "tanggal": "12/03/2024"},
        {**KEGIATAN_OK, "id_kegiatan": "K2", "tanggal": "2024-03-13"},
        {**KEGIATAN_OK, "id_kegiatan": "K3", "tanggal": 45366},
        {**KEGIATAN_OK, "id_kegiatan": "K4", "tanggal": datetime(2024, 3, 16)},
        {**KEGIATAN_OK, "id_kegiatan": "K5", "tanggal": "31/02/2024"},
    ]
    accepted, review = validate_kegiatan(_table("kegiatan", rows))
    assert accepted["tanggal"].dt.date.tolist() == [date(2024, 3, d) for d in (12, 13, 15, 16)]
    assert review["sumber_baris"].tolist() == [6]
    assert _reason(review, 6) == "tanggal tidak ada di kalender"
    assert _nilai(review, 6) == "tanggal=31/02/2024"
    assert list(review.columns) == list(REVIEW_COLUMNS)
    assert review.loc[0, "jenis_data"] == "kegiatan" and review.loc[0, "kandidat"] == ""
    assert (review.loc[0, "sumber_file"], review.loc[0, "sumber_lembar"]) == (
        "uji.xlsx",
        "Kegiatan",
    )


def test_kegiatan_required_fields_optional_coordinates_and_duplicates() -> None:
    rows = [
        {**KEGIATAN_OK, "lat": "-9,8652", "lon": "124,2718", "tema": " Bahaya TPPO "},
        {**KEGIATAN_OK, "id_kegiatan": None, "desa": "  "},
        {**KEGIATAN_OK, "id_kegiatan": "K9", "lat": "abc", "lon": "124"},
        {**KEGIATAN_OK},  # K1 again
        {**KEGIATAN_OK, "id_kegiatan": "K8", "kecamatan": None},
    ]
    accepted, review = validate_kegiatan(_table("kegiatan", rows))
    assert accepted["sumber_baris"].tolist() == [2, 6]
    assert accepted.loc[0, "lat"] == pytest.approx(-9.8652)
    assert accepted.loc[0, "tema"] == "Bahaya TPPO"
    assert pd.isna(accepted.loc[1, "kecamatan"]) and pd.isna(accepted.loc[1, "lat"])
    assert _reason(review, 3) == "ID kegiatan kosong; desa tempat kegiatan kosong"
    assert "lintang" in _reason(review, 4) and "lat=abc" in _nilai(review, 4)
    assert _reason(review, 5) == "ID kegiatan K1 sudah dipakai di baris 2"


PESERTA_OK = {
    "id_kegiatan": "K1",
    "kecamatan": "Kota Soe",
    "desa": "Soe",
    "peran": "warga",
    "jumlah": "3",
}


@pytest.mark.parametrize(
    ("jumlah", "reason"),
    [
        ("-3", "jumlah negatif"),
        ("#N/A", "sel jumlah berisi galat Excel #N/A"),
        ("#REF!", "sel jumlah berisi galat Excel #REF!"),
        ("1.000", "jumlah 1000 tidak masuk akal"),
        ("0", "jumlah 0: baris tanpa peserta"),
        (None, "jumlah kosong"),
    ],
)
def test_bad_counts_go_to_review(jumlah: object, reason: str) -> None:
    accepted, review = validate_peserta(_table("peserta", [{**PESERTA_OK, "jumlah": jumlah}]))
    assert accepted.empty
    assert _reason(review, 2).startswith(reason)
    assert _nilai(review, 2) == f"jumlah={jumlah if jumlah is not None else '(kosong)'}"


def test_peserta_roles_groups_and_counts() -> None:
    rows = [
        {**PESERTA_OK, "peran": "kades", "jumlah": 1},
        {**PESERTA_OK, "peran": "Ketua RT 05", "jumlah": "2 orang"},
        {**PESERTA_OK, "peran": "RT/RW", "jumlah": " 4 "},
        {**PESERTA_OK, "peran": "Calon PMI", "jumlah": 5.0},
        {**PESERTA_OK, "peran": "Babinsa", "jumlah": "1", "kecamatan": None},
        {**PESERTA_OK, "peran": "tokoh adat", "jumlah": "3", "laki_laki": "2", "perempuan": "1"},
    ]
    accepted, review = validate_peserta(_table("peserta", rows))
    assert review.empty
    assert accepted["peran"].tolist() == [
        "kepala desa",
        "ketua RT",
        "ketua RT/RW",
        "calon pekerja migran",
        "lainnya",
        "tokoh adat",
    ]
    assert accepted["kelompok_peran"].tolist() == [
        "kades_lurah",
        "rt_rw",
        "rt_rw",
        "warga",
        "warga",
        "tokoh",
    ]
    assert accepted["peran_asli"].tolist()[4] == "Babinsa"
    assert accepted["jumlah"].tolist() == [1, 2, 4, 5, 1, 3]
    assert str(accepted["jumlah"].dtype) == "int64"
    assert accepted["laki_laki"].tolist()[5] == 2 and pd.isna(accepted["laki_laki"].iloc[0])


def test_peserta_gender_counts_must_agree_with_jumlah() -> None:
    rows = [
        {**PESERTA_OK, "jumlah": "5", "laki_laki": "3", "perempuan": "1"},
        {**PESERTA_OK, "jumlah": "2", "laki_laki": "3"},
        {**PESERTA_OK, "jumlah": "2", "perempuan": "-1"},
        {**PESERTA_OK, "peran": None, "desa": None, "id_kegiatan": None},
    ]
    accepted, review = validate_peserta(_table("peserta", rows))
    assert accepted.empty
    assert _reason(review, 2) == "laki-laki + perempuan (3 + 1) tidak sama dengan jumlah (5)"
    assert _reason(review, 3) == "laki-laki/perempuan lebih besar dari jumlah"
    assert _reason(review, 4) == "perempuan negatif"
    assert _reason(review, 5) == "ID kegiatan kosong; desa asal kosong; peran kosong"


LAPORAN_OK = {"id_laporan": "L1", "tanggal": "01/02/2024", "jenis": "Dugaan TPPO"}


def test_laporan_places() -> None:
    rows = [
        {**LAPORAN_OK, "id_laporan": "L1", "lat": "9°51'55\"S", "lon": "124°16'19\"E"},
        {**LAPORAN_OK, "id_laporan": "L2", "koordinat": "-9.8652, 124.2718"},
        {**LAPORAN_OK, "id_laporan": "L3", "lat": "-9,8652; 124,2718"},  # both in the lat cell
        {**LAPORAN_OK, "id_laporan": "L4", "desa": "Oinlasi"},
        {**LAPORAN_OK, "id_laporan": "L5"},
        {**LAPORAN_OK, "id_laporan": "L6", "lat": "-9.86", "desa": "Oinlasi"},
        {**LAPORAN_OK, "id_laporan": "L7", "lat": "0", "lon": "0"},  # left to the spatial step
        {**LAPORAN_OK, "id_laporan": "L8", "lat": "1", "lon": "2", "koordinat": "3, 4"},
    ]
    accepted, review = validate_laporan(_table("laporan", rows))
    assert accepted["id_laporan"].tolist() == ["L1", "L2", "L3", "L4", "L7"]
    assert accepted.loc[0, "lat"] == pytest.approx(-(9 + 51 / 60 + 55 / 3600))
    assert accepted.loc[0, "lon"] == pytest.approx(124 + 16 / 60 + 19 / 3600)
    assert accepted.loc[1, ["lat", "lon"]].tolist() == pytest.approx([-9.8652, 124.2718])
    assert accepted.loc[2, ["lat", "lon"]].tolist() == pytest.approx([-9.8652, 124.2718])
    assert pd.isna(accepted.loc[3, "lat"]) and accepted.loc[3, "desa"] == "Oinlasi"
    assert accepted["jenis"].tolist()[0] == "dugaan TPPO"
    assert _reason(review, 6) == "lokasi kosong: isi lat dan lon, atau desa"
    assert _reason(review, 7) == "lintang diisi tetapi bujur kosong"
    assert _reason(review, 9) == "koordinat berbeda dengan kolom lat/lon"


def test_laporan_required_fields() -> None:
    rows = [
        {"id_laporan": None, "tanggal": "2024-02-30", "jenis": None, "desa": "Soe"},
        {**LAPORAN_OK, "desa": "Soe"},
        {**LAPORAN_OK, "desa": "Niki-Niki", "jenis": "penipuan"},
    ]
    accepted, review = validate_laporan(_table("laporan", rows))
    assert _reason(review, 2) == (
        "nomor laporan kosong; tanggal tidak ada di kalender; jenis laporan kosong"
    )
    assert _reason(review, 4) == "nomor laporan L1 sudah dipakai di baris 3"
    assert accepted["id_laporan"].tolist() == ["L1"]


def test_validators_refuse_the_wrong_kind_or_missing_columns() -> None:
    table = _table("peserta", [PESERTA_OK])
    with pytest.raises(ValueError, match="bukan kegiatan"):
        validate_kegiatan(table)
    broken = RawTable("peserta", "x.csv", "", table.frame.drop(columns=["peran"]))
    with pytest.raises(ValueError, match="peran"):
        validate_peserta(broken)


def test_input_frame_is_not_modified() -> None:
    table = _table("peserta", [PESERTA_OK, {**PESERTA_OK, "jumlah": "-3"}])
    before = table.frame.copy()
    validate_peserta(table)
    pd.testing.assert_frame_equal(table.frame, before)


# --- invariant: every row is accepted or in review, exactly once -------------------------

_ANY_CELL = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "",
            " ",
            "K1",
            "K2",
            "Soe",
            "kades",
            "RT/RW",
            "TPPO",
            "5",
            "5 orang",
            "-3",
            "#N/A",
            "#REF!",
            "1.000",
            "31/02/2024",
            "12/03/2024",
            "-9,8652",
            "124,2718",
            "9°51'55\"S",
            "-9.8652, 124.2718",
            "0",
            "abc",
        ]
    ),
    st.integers(-5, 50000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2110, 1, 1)),
    st.text(max_size=8),
)


@settings(max_examples=80)
@given(kind=st.sampled_from(["kegiatan", "peserta", "laporan"]), data=st.data())
def test_every_row_lands_in_exactly_one_place(kind: Kind, data: st.DataObject) -> None:
    rows = data.draw(
        st.lists(st.fixed_dictionaries({c: _ANY_CELL for c in COLUMNS[kind]}), max_size=12)
    )
    table = _table(kind, rows, first_row=5)
    accepted, review = validate_table(table)
    assert len(accepted) + len(review) == len(rows)
    rows_seen = sorted([*accepted["sumber_baris"], *review["sumber_baris"]])
    assert rows_seen == list(range(5, 5 + len(rows)))
    assert list(review.columns) == list(REVIEW_COLUMNS)
    assert review["alasan"].str.len().gt(0).all()


# --- end to end: bad inputs from real files land in review with a reason ------------------


def test_bad_inputs_from_files_land_in_review(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Peserta"
    sheet.append(["Daftar hadir"])
    sheet.append(["ID Kegiatan", "Desa", "Peran", "Jumlah"])
    for jumlah in ["-3", "#N/A", "#REF!", "1.000", "5 orang"]:
        sheet.append(["K1", "Soe", "warga", jumlah])
    workbook = tmp_path / "hadir.xlsx"
    book.save(workbook)
    laporan = tmp_path / "laporan.csv"
    laporan.write_bytes(
        (
            "No Laporan;Tanggal;Jenis;Lintang;Bujur;Desa\n"
            "L1;31/02/2024;TPPO;-9,8652;124,2718;\n"
            "L2;2024-03-01;TPPO;9°51'55\"S;124°16'19\"E;\n"
            "L3;01/03/2024;WNA;-9.8652, 124.2718;;\n"
            "L4;45352;lainnya;;;Kot’olin\n"
        ).encode("cp1252")
    )
    result = read_inputs([workbook, laporan])
    totals = {"accepted": 0, "review": 0}
    reviews = []
    for table in result.tables:
        accepted, review = validate_table(table)
        assert len(accepted) + len(review) == len(table.frame)
        totals["accepted"] += len(accepted)
        totals["review"] += len(review)
        reviews.append(review)
    review = pd.concat(reviews, ignore_index=True)
    assert totals == {"accepted": 4, "review": 5}
    by_row = {(r.sumber_file, r.sumber_baris): r.alasan for r in review.itertuples()}
    assert by_row[("hadir.xlsx", 3)] == "jumlah negatif"
    assert by_row[("hadir.xlsx", 4)] == "sel jumlah berisi galat Excel #N/A"
    assert by_row[("hadir.xlsx", 5)] == "sel jumlah berisi galat Excel #REF!"
    assert by_row[("hadir.xlsx", 6)].startswith("jumlah 1000 tidak masuk akal")
    assert by_row[("laporan.csv", 2)] == "tanggal tidak ada di kalender"
