from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.schema import COLUMNS, HEADER_ALIASES, KINDS, REQUIRED_COLUMNS
from etl.tools.headers import (
    classify_header,
    detect_kind,
    find_header_row,
    is_ignored_sheet,
    match_headers,
    missing_columns,
    normalise_header,
    personal_columns,
)


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("Desa/Kelurahan", "desa"),
        ("Nama Desa/Kelurahan", "desa"),
        ("Kel/Desa", "desa"),
        ("Tgl", "tanggal"),
        ("Tgl.", "tanggal"),
        ("Tanggal Kegiatan", "tanggal"),
        ("Tanggal (dd/mm/yyyy)", "tanggal"),
        ("Jumlah Peserta", "jumlah"),
        ("Jml", "jumlah"),
        ("Latitude", "lat"),
        ("Lintang", "lat"),
        ("Longitude", "lon"),
        ("Bujur", "lon"),
        ("No Laporan", "id_laporan"),
        ("ID Kegiatan", "id_kegiatan"),
        ("  id_KEGIATAN ", "id_kegiatan"),
        ("Kec.", "kecamatan"),
        ("Jabatan", "peran"),
        ("Laki-laki", "laki_laki"),
        ("Jumlah Peserta Perempuan", "perempuan"),
        ("Koordinat", "koordinat"),
        ("Jenis Laporan", "jenis"),
    ],
)
def test_typed_headers_map_to_canonical_columns(header: str, canonical: str) -> None:
    assert classify_header(header) == ("canonical", canonical)


@pytest.mark.parametrize(
    "header",
    [
        "Nama",
        "Nama Peserta",
        "Nama Lengkap",
        "No HP",
        "No. HP",
        "Telepon",
        "Telp",
        "WhatsApp",
        "WA",
        "NIK",
        "No KTP",
        "Alamat",
        "Email",
        "E-mail",
        "Tanggal Lahir",
        "Nama Pelapor",
        "Ponsel",
        "No. Ponsel",
        "HP",
        "HP/WA",
        "No. Telp",
        "Nomor WA",
        "Nomor Induk Kependudukan",
        "No. KTP",
        "KTP",
        "Alamat Rumah",
        "Tgl Lahir",
        "Email/Surel",
        "Surel",
        "Seluler",
        "Nomor Identitas",
    ],
)
def test_personal_headers_are_recognised(header: str) -> None:
    assert classify_header(header) == ("personal", None)


def test_place_names_are_not_personal_even_when_they_start_with_nama() -> None:
    assert classify_header("Nama Desa")[1] == "desa"
    assert classify_header("Nama Kecamatan")[1] == "kecamatan"
    headers = ["No", "Nama", "No. HP", "Nama Desa", "Peran"]
    assert personal_columns(headers) == {1: "Nama", 2: "No. HP"}
    assert match_headers(headers) == {3: "desa", 4: "peran"}


def test_first_of_two_headers_with_the_same_meaning_wins() -> None:
    assert match_headers(["Desa", "Desa Asal", "Jumlah"]) == {0: "desa", 2: "jumlah"}


def test_kind_specific_alias() -> None:
    assert match_headers(["Kategori"], "peserta") == {0: "peran"}
    assert match_headers(["Kategori"], "laporan") == {0: "jenis"}


_SEPARATORS = st.sampled_from([" ", "  ", "_", "-", ".", "/", ""])


@given(
    alias=st.sampled_from([(c, s) for c, spellings in HEADER_ALIASES.items() for s in spellings]),
    upper=st.booleans(),
    separator=_SEPARATORS,
    padding=st.sampled_from(["", " ", "\t", "*"]),
)
def test_headers_match_regardless_of_case_space_and_punctuation(
    alias: tuple[str, str], upper: bool, separator: str, padding: str
) -> None:
    canonical, spelling = alias
    variant = separator.join(spelling.split(" "))
    variant = padding + (variant.upper() if upper else variant.lower()) + padding
    assert normalise_header(variant) == normalise_header(spelling)
    assert classify_header(variant) == ("canonical", canonical)


@given(st.text(max_size=40))
def test_normalise_header_is_idempotent_and_compact(text: str) -> None:
    key = normalise_header(text)
    assert normalise_header(key) == key
    assert key == "".join(ch for ch in key if ch.isalnum())


def test_header_found_below_title_rows() -> None:
    rows = [
        ["DAFTAR HADIR SOSIALISASI TPPO"],
        ["Kecamatan:", "Mollo Selatan"],
        [],
        ["No", "ID Kegiatan", "Desa", "Peran", "Jumlah"],
        [1, "K1", "Oinlasi", "kades", 1],
    ]
    assert find_header_row(rows) == 3


def test_no_header_row_gives_none() -> None:
    assert find_header_row([["apa", "saja"], [1, 2]]) is None
    assert find_header_row([]) is None


def test_detect_kind_from_headers() -> None:
    assert detect_kind(["ID Kegiatan", "Tanggal", "Kecamatan", "Desa"], "Sheet1") == "kegiatan"
    assert detect_kind(["ID Kegiatan", "Desa", "Peran", "Jumlah"], "Sheet1") == "peserta"
    assert detect_kind(["No Laporan", "Tanggal", "Jenis", "Lat", "Lon"], "") == "laporan"
    assert detect_kind(["No Laporan", "Tanggal", "Jenis", "Desa"], "") == "laporan"


def test_detect_kind_headers_win_over_a_misleading_name() -> None:
    assert detect_kind(["ID Kegiatan", "Desa", "Peran", "Jumlah"], "Kegiatan") == "peserta"


def test_detect_kind_incomplete_headers_fall_back_to_name_or_signature() -> None:
    assert detect_kind(["Desa", "Jumlah"], "Peserta") == "peserta"
    assert detect_kind(["ID Kegiatan", "Desa", "Jumlah"], "") == "peserta"
    assert detect_kind(["apa", "saja"], "Rekap") is None


def test_helper_sheets_are_ignored_but_data_sheets_are_not() -> None:
    assert is_ignored_sheet("Petunjuk")
    assert is_ignored_sheet("Daftar")
    assert is_ignored_sheet("Daftar Pilihan")
    assert not is_ignored_sheet("Daftar Peserta")
    assert not is_ignored_sheet("Kegiatan")


def test_missing_columns_name_what_is_needed() -> None:
    for kind in KINDS:
        assert missing_columns(kind, COLUMNS[kind]) == []
        assert set(REQUIRED_COLUMNS[kind]) <= set(missing_columns(kind, []))
    assert missing_columns("laporan", ["id_laporan", "tanggal", "jenis", "lat"]) == [
        "lat + lon (atau koordinat) atau desa"
    ]
    assert missing_columns("laporan", ["id_laporan", "tanggal", "jenis", "koordinat"]) == []
