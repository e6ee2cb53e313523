from __future__ import annotations

import math
from datetime import date, datetime, time

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.schema import JENIS_LAPORAN, KELOMPOK_PERAN, PERAN, PERAN_PILIHAN
from etl.tools.parse import (
    parse_coordinate,
    parse_coordinate_pair,
    parse_coordinate_series,
    parse_count,
    parse_count_series,
    parse_date,
    parse_date_series,
    parse_jenis_laporan,
    parse_role,
    parse_role_series,
    text_series,
)

# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12/03/2024", date(2024, 3, 12)),
        ("3/4/2024", date(2024, 4, 3)),  # day first: 3 April, never March 4
        ("03-04-2024", date(2024, 4, 3)),
        ("03.04.2024", date(2024, 4, 3)),
        ("2024-04-03", date(2024, 4, 3)),
        ("2024-04-03 00:00:00", date(2024, 4, 3)),
        (" 12/03/24 ", date(2024, 3, 12)),
        ("12 Maret 2024", date(2024, 3, 12)),
        ("Senin, 11 Maret 2024", date(2024, 3, 11)),
        ("12-Mar-24", date(2024, 3, 12)),
        (45362, date(2024, 3, 11)),
        (45362.75, date(2024, 3, 11)),
        ("45362", date(2024, 3, 11)),
        (datetime(2024, 3, 12, 9, 30), date(2024, 3, 12)),
        (date(2024, 3, 12), date(2024, 3, 12)),
        (pd.Timestamp("2024-03-12"), date(2024, 3, 12)),
    ],
)
def test_dates_accepted(value: object, expected: date) -> None:
    assert parse_date(value) == (expected, None)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/2024", "tanggal tidak ada di kalender"),
        ("03/25/2024", "bulan 25 tidak ada"),
        ("12/03/2204", "tahun 2204 tidak masuk akal"),
        ("kemarin", "tanggal tidak dikenali"),
        ("#N/A", "galat Excel #N/A"),
        ("#REF!", "galat Excel #REF!"),
        ("", "tanggal kosong"),
        (None, "tanggal kosong"),
        (time(9, 30), "jam, bukan tanggal"),
        (-5, "tidak masuk akal"),
    ],
)
def test_bad_dates_give_a_reason(value: object, reason: str) -> None:
    parsed, problem = parse_date(value)
    assert parsed is None
    assert problem is not None and reason in problem


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_written_form_of_a_date_parses_back_day_first(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    forms = [
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d-%m-%Y"),
        day.isoformat(),
        serial,
        float(serial),
        datetime.combine(day, time(13, 5)),
    ]
    for form in forms:
        assert parse_date(form) == (day, None), form


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_date_never_raises_and_gives_value_xor_problem(value: object) -> None:
    parsed, problem = parse_date(value)
    assert (parsed is None) != (problem is None)


def test_mixed_date_formats_in_one_column_parse_cell_by_cell() -> None:
    column = pd.Series(
        ["12/03/2024", "2024-03-13", 45366, datetime(2024, 3, 15), "31/02/2024", None],
        dtype=object,
    )
    dates, problems = parse_date_series(column)
    assert list(dates[:4].dt.date) == [date(2024, 3, d) for d in (12, 13, 15, 15)]
    assert dates[4] is pd.NaT and dates[5] is pd.NaT
    assert problems[:4].isna().all()
    assert problems[4] == "tanggal tidak ada di kalender"
    assert problems[5] == "tanggal kosong"


# --- counts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5), (" 5 ", 5), ("5 orang", 5), ("5org", 5), (5, 5), (5.0, 5), ("5,0", 5), ("0", 0)],
)
def test_counts_accepted(value: object, expected: int) -> None:
    assert parse_count(value) == (expected, None)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("-3", "negatif"),
        ("#N/A", "galat Excel #N/A"),
        ("#REF!", "galat Excel #REF!"),
        ("1.000", "1000 tidak masuk akal"),  # Indonesian thousands: one thousand, implausible
        ("1,000", "ambigu"),
        ("2,5", "bukan bilangan bulat"),
        ("lima", "bukan angka"),
        ("", "jumlah kosong"),
        (True, "bukan angka"),
        (501, "tidak masuk akal"),
    ],
)
def test_bad_counts_give_a_reason(value: object, reason: str) -> None:
    parsed, problem = parse_count(value)
    assert parsed is None
    assert problem is not None and reason in problem


def test_count_limits_and_optional_blank() -> None:
    assert parse_count("0", minimum=1)[1] == "jumlah 0: baris tanpa peserta"
    assert parse_count("", required=False) == (None, None)
    assert parse_count("12.500", label="perempuan")[1] is not None
    assert parse_count("12.500", label="perempuan")[1].startswith("perempuan 12500")  # type: ignore[union-attr]


@given(st.integers(min_value=0, max_value=500), st.sampled_from(["{}", " {} ", "{} orang", "{}.0"]))
def test_plausible_counts_round_trip(count: int, form: str) -> None:
    assert parse_count(form.format(count)) == (count, None)


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.none()))
def test_parse_count_never_raises_and_gives_value_xor_problem(value: object) -> None:
    parsed, problem = parse_count(value)
    assert (parsed is None) != (problem is None)
    if parsed is not None:
        assert 0 <= parsed <= 500


def test_count_series_is_nullable_integer() -> None:
    counts, problems = parse_count_series(pd.Series(["3", None, "x", 4], dtype=object))
    assert str(counts.dtype) == "Int64"
    assert counts.tolist()[0] == 3 and counts.tolist()[3] == 4
    assert counts.isna().tolist() == [False, True, True, False]
    assert problems.tolist() == [None, "jumlah kosong", "jumlah bukan angka", None]


# --- coordinates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "axis", "expected"),
    [
        ("-9,8652", "lat", -9.8652),
        ("-9.8652", "lat", -9.8652),
        (-9.8652, "lat", -9.8652),
        ("124,2718", "lon", 124.2718),
        ("9°51'55\"S", "lat", -(9 + 51 / 60 + 55 / 3600)),
        ("9° 51' 55\" LS", "lat", -(9 + 51 / 60 + 55 / 3600)),
        ("124°16'19\"E", "lon", 124 + 16 / 60 + 19 / 3600),
        ("124°16'19\" BT", "lon", 124 + 16 / 60 + 19 / 3600),
        ("9 51 55 S", "lat", -(9 + 51 / 60 + 55 / 3600)),
        ("S 9.8652", "lat", -9.8652),
        ("9.8652 LS", "lat", -9.8652),
        ("−9.8652", "lat", -9.8652),  # unicode minus
        ("124.27", "lat", 124.27),  # a swap is left for the spatial step to detect
    ],
)
def test_coordinates_accepted(value: object, axis: str, expected: float) -> None:
    parsed, problem = parse_coordinate(value, axis)  # type: ignore[arg-type]
    assert problem is None
    assert parsed == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "axis", "reason"),
    [
        ("124°16'19\"E", "lat", "menunjuk bujur"),
        ("9°61'S", "lat", "60 atau lebih"),
        ("-9°51'55\"N", "lat", "bertentangan"),
        ("#REF!", "lat", "galat Excel"),
        ("abc", "lon", "tidak dikenali"),
        (200.0, "lon", "di luar"),
        ("-9.8652, 124.2718", "lat", "dua angka"),
    ],
)
def test_bad_coordinates_give_a_reason(value: object, axis: str, reason: str) -> None:
    parsed, problem = parse_coordinate(value, axis)  # type: ignore[arg-type]
    assert parsed is None
    assert problem is not None and reason in problem


@pytest.mark.parametrize(
    "value",
    [
        "-9.8652, 124.2718",
        "-9.8652,124.2718",
        "-9.8652;124.2718",
        "-9,8652; 124,2718",
        "-9,8652, 124,2718",
        "(-9.8652, 124.2718)",
        "-9.8652 124.2718",
        "124.2718 E, 9.8652 S",
    ],
)
def test_coordinates_in_one_cell(value: str) -> None:
    pair, problem = parse_coordinate_pair(value)
    assert problem is None
    assert pair == pytest.approx((-9.8652, 124.2718))


def test_dms_pair_in_one_cell_and_ambiguous_pairs() -> None:
    pair, _ = parse_coordinate_pair("9°51'55\"S 124°16'19\"E")
    assert pair == pytest.approx((-(9 + 51 / 60 + 55 / 3600), 124 + 16 / 60 + 19 / 3600))
    assert parse_coordinate_pair("-9,8652,124,2718")[0] is None
    assert parse_coordinate_pair("9.1 S, 9.2 S")[1] == "huruf arah koordinat bertentangan"
    assert parse_coordinate_pair("") == (None, None)


@given(
    st.floats(min_value=-180, max_value=180, allow_nan=False).map(lambda v: round(v, 6)),
    st.sampled_from([".", ","]),
)
def test_decimal_coordinates_round_trip_with_dot_or_comma(value: float, mark: str) -> None:
    text = f"{value:.6f}".replace(".", mark)
    parsed, problem = parse_coordinate(text, "lon")
    assert problem is None
    assert parsed == pytest.approx(value, abs=1e-9)


@given(
    st.integers(0, 89),
    st.integers(0, 59),
    st.integers(0, 59),
    st.sampled_from([("S", -1), ("N", 1), ("LS", -1), ("LU", 1)]),
)
def test_dms_round_trip(degrees: int, minutes: int, seconds: int, hemi: tuple[str, int]) -> None:
    letter, sign = hemi
    parsed, problem = parse_coordinate(f"{degrees}°{minutes}'{seconds}\"{letter}", "lat")
    assert problem is None
    assert parsed == pytest.approx(sign * (degrees + minutes / 60 + seconds / 3600))


@given(st.one_of(st.text(max_size=30), st.floats(), st.integers(), st.none()))
def test_coordinate_parsers_never_raise(value: object) -> None:
    parsed, problem = parse_coordinate(value, "lat")
    assert parsed is None or (problem is None and math.isfinite(parsed) and abs(parsed) <= 180)
    pair, pair_problem = parse_coordinate_pair(value)
    assert pair is None or pair_problem is None


def test_coordinate_series() -> None:
    values, problems = parse_coordinate_series(pd.Series(["-9,5", None, "x"], dtype=object), "lat")
    assert values.tolist()[0] == -9.5 and math.isnan(values.tolist()[1])
    assert problems.tolist()[:2] == [None, None] and problems.tolist()[2] is not None


def test_coordinate_series_plain_decimals() -> None:
    cells = ["-9.8652", "+124.25", "007", "200.5", "-9.8652", " 5"]
    values, problems = parse_coordinate_series(pd.Series(cells, dtype=object), "lon")
    assert values.tolist()[:3] == [-9.8652, 124.25, 7.0] and math.isnan(values.tolist()[3])
    assert values.tolist()[4:] == [-9.8652, 5.0]
    assert problems.tolist() == [None, None, None, "bujur di luar -180..180", None, None]


@given(
    st.lists(
        st.one_of(
            st.floats(min_value=-400, max_value=400).map(lambda x: f"{x:.{abs(int(x)) % 9}f}"),
            st.from_regex(r"[+-]?[0-9]{1,4}(\.[0-9]{0,8})?", fullmatch=True),
            st.text(max_size=12),
            st.floats(),
            st.none(),
        ),
        max_size=20,
    )
)
def test_coordinate_series_is_parse_coordinate_per_cell(cells: list[object]) -> None:
    values, problems = parse_coordinate_series(pd.Series(cells, dtype=object), "lat")
    for cell, value, problem in zip(cells, values.tolist(), problems.tolist(), strict=True):
        expected, expected_problem = parse_coordinate(cell, "lat")
        assert problem == expected_problem
        assert (math.isnan(value) and expected is None) or value == expected


# --- roles and report types --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("kades", "kepala desa"),
        ("Kepala Desa", "kepala desa"),
        ("KEPALA DESA", "kepala desa"),
        ("Lurah", "lurah"),
        ("Kepala Kelurahan", "lurah"),
        ("RT", "ketua RT"),
        ("Ketua RT 05", "ketua RT"),
        ("Ketua RT.005", "ketua RT"),
        ("Ketua RW 02", "ketua RW"),
        ("RT/RW", "ketua RT/RW"),
        ("RT 05 / RW 02", "ketua RT/RW"),
        ("Calon PMI", "calon pekerja migran"),
        ("CPMI", "calon pekerja migran"),
        ("tokoh agama", "tokoh agama"),
        ("Pendeta", "tokoh agama"),
        ("Tua Adat", "tokoh adat"),
        ("Tomas", "tokoh masyarakat"),
        ("perangkat", "perangkat desa"),
        ("sekdes", "perangkat desa"),
        ("Kepala Dusun", "perangkat desa"),
        ("Staf Kelurahan", "perangkat desa"),
        ("Kepala Sekolah", "guru"),
        ("Masyarakat Umum", "warga"),
        ("Mantan PMI", "warga"),
        ("Babinsa", "lainnya"),
    ],
)
def test_roles_tolerant_spelling(typed: str, canonical: str) -> None:
    assert parse_role(typed) == (canonical, None)


def test_canonical_roles_map_to_themselves_and_to_a_group() -> None:
    for peran in PERAN_PILIHAN:
        assert parse_role(peran) == (peran, None)
    assert set(PERAN) == set(KELOMPOK_PERAN)
    assert set(KELOMPOK_PERAN.values()) == {"kades_lurah", "rt_rw", "tokoh", "warga"}
    assert parse_role("  ") == (None, "peran kosong")


@given(st.text(max_size=40))
def test_parse_role_never_raises_and_stays_in_vocabulary(text: str) -> None:
    peran, problem = parse_role(text)
    assert (peran in PERAN and problem is None) or (peran is None and problem == "peran kosong")


def test_role_series_maps_each_distinct_value_once() -> None:
    roles, problems = parse_role_series(pd.Series(["kades", "kades", None, "RT"], dtype=object))
    assert roles.tolist() == ["kepala desa", "kepala desa", None, "ketua RT"]
    assert problems.tolist() == [None, None, "peran kosong", None]


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Dugaan TPPO", "dugaan TPPO"),
        ("tppo", "dugaan TPPO"),
        ("Perdagangan orang", "dugaan TPPO"),
        ("PMI Non Prosedural", "PMI nonprosedural"),
        ("pmi non-prosedural", "PMI nonprosedural"),
        ("TKI ilegal", "PMI nonprosedural"),
        ("WNA mencurigakan", "WNA mencurigakan"),
        ("Orang asing", "WNA mencurigakan"),
        ("Lain-lain", "lainnya"),
        ("penipuan", "lainnya"),
    ],
)
def test_report_types(typed: str, canonical: str) -> None:
    assert parse_jenis_laporan(typed) == (canonical, None)


def test_canonical_report_types_map_to_themselves() -> None:
    for jenis in JENIS_LAPORAN:
        assert parse_jenis_laporan(jenis) == (jenis, None)
    assert parse_jenis_laporan(None) == (None, "jenis laporan kosong")


def test_text_series_strips_and_blanks() -> None:
    texts = text_series(pd.Series([" Soe ", "", None, 5, 5.0, datetime(2024, 1, 2)], dtype=object))
    assert texts.tolist()[:1] == ["Soe"]
    assert texts.isna().tolist() == [False, True, True, False, False, False]
    assert texts.tolist()[3:] == ["5", "5", "02/01/2024"]
