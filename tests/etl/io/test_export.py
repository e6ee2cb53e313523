"""Excel/CSV exports neutralise formula-like text and keep numbers as numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.io.export import (
    FORMULA_TRIGGERS,
    excel_cell,
    frame_to_csv_bytes,
    neutralise_cell,
    sanitise_sheet_name,
    write_tables_xlsx,
)

HOSTILE = [
    "=1+1",
    "+6281234567",
    "-3",
    "@SUM(A1)",
    "\tfoo",
    "\rbar",
    '=HYPERLINK("http://x","klik")',
]


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tema": [*HOSTILE, "Sosialisasi TPPO"],
            "peserta": [12, -3, 0, 7, 1, 2, 3, 40],
            "skor": [99.5, 0.25, -1.5, 3.0, 4.0, 5.0, 6.0, 7.0],
        }
    )


def read_sheet(data: bytes, sheet: str | None = None) -> list[tuple[object, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    return list(ws.iter_rows(values_only=True))


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_cell_prefixes_formula_text(text: str) -> None:
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [-3, 3.5, 0, None, True, "Soe", " =1", "a=b", dt.date(2025, 1, 2)]
)
def test_neutralise_cell_leaves_numbers_and_plain_text(value: object) -> None:
    assert neutralise_cell(value) == value


@given(st.text())
def test_neutralised_text_never_starts_with_a_trigger(text: str) -> None:
    out = neutralise_cell(text)
    assert not out.startswith(FORMULA_TRIGGERS)
    assert out in (text, "'" + text)


def test_xlsx_text_neutralised_numbers_stay_numbers() -> None:
    buffer = io.BytesIO()
    write_tables_xlsx({"Kegiatan": hostile_frame()}, buffer)
    rows = read_sheet(buffer.getvalue())
    assert rows[0] == ("tema", "peserta", "skor")
    # (XML turns a stored carriage return into a line feed on reading)
    expected = ["'" + t.replace("\r", "\n") for t in HOSTILE] + ["Sosialisasi TPPO"]
    assert [r[0] for r in rows[1:]] == expected
    assert [r[1] for r in rows[1:]] == [12, -3, 0, 7, 1, 2, 3, 40]
    assert all(isinstance(r[1], int) for r in rows[1:])
    assert rows[1][2] == 99.5 and rows[3][2] == -1.5
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    types = {cell.data_type for row in workbook.worksheets[0].iter_rows() for cell in row}
    assert "f" not in types  # no cell is stored as a formula


def test_xlsx_headers_and_index_are_neutralised_too() -> None:
    frame = pd.DataFrame({"=jenis": [1, 2]}, index=pd.Index(["@a", "b"], name="desa"))
    buffer = io.BytesIO()
    write_tables_xlsx({"t": frame}, buffer)
    rows = read_sheet(buffer.getvalue())
    assert rows == [("desa", "'=jenis"), ("'@a", 1), ("b", 2)]


def test_xlsx_sheet_names_sanitised_and_unique(tmp_path: Path) -> None:
    target = tmp_path / "out" / "tabel.xlsx"
    tables = {
        "Desa/Kecamatan [2025]": hostile_frame(),
        "desa_kecamatan _2025_": hostile_frame(),
        "": hostile_frame(),
    }
    write_tables_xlsx(tables, target)
    names = openpyxl.load_workbook(target).sheetnames
    assert names == ["Desa_Kecamatan _2025_", "desa_kecamatan _2025_ (2)", "Lembar"]
    assert not list(target.parent.glob("*.tmp"))


def test_xlsx_survives_control_characters_missing_values_and_dates() -> None:
    frame = pd.DataFrame(
        {
            "catatan": ["a\x00b\x07c", None, "=x"],
            "tanggal": pd.to_datetime(["2025-01-02", None, "2025-03-04"]),
            "n": [1.0, float("nan"), float("inf")],
        }
    )
    buffer = io.BytesIO()
    write_tables_xlsx({"x": frame}, buffer)
    rows = read_sheet(buffer.getvalue())
    assert rows[1] == ("abc", dt.datetime(2025, 1, 2), 1)
    assert rows[2] == (None, None, None)
    assert rows[3][0] == "'=x" and rows[3][2] is None


@given(st.text(max_size=200))
def test_excel_cell_text_is_always_storable_and_never_a_formula(text: str) -> None:
    """The one cleaning step of every workbook writer: openpyxl accepts the result, no
    control character it refuses is left, and it never starts a formula."""
    value = excel_cell(text)
    assert isinstance(value, str)
    assert not value.startswith(FORMULA_TRIGGERS)
    openpyxl.Workbook().active.append([value])  # raises IllegalCharacterError if unsafe
    kept = "".join(ch for ch in text if ch >= " " or ch in "\t\n\r")
    assert value.removeprefix("'") == kept or value == kept


def test_sanitise_sheet_name_limits() -> None:
    long = sanitise_sheet_name("x" * 40)
    assert len(long) == 31
    assert sanitise_sheet_name("x" * 40, {long.casefold()}) == "x" * 27 + " (2)"
    assert sanitise_sheet_name("'History'") == "History_"


def test_write_tables_xlsx_needs_a_table() -> None:
    with pytest.raises(ValueError):
        write_tables_xlsx({}, io.BytesIO())


def test_csv_has_bom_neutralised_text_and_bare_numbers() -> None:
    data = frame_to_csv_bytes(hostile_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["tema", "peserta", "skor"]
    assert [r[0] for r in rows[1:]] == ["'" + t for t in HOSTILE] + ["Sosialisasi TPPO"]
    assert [r[1] for r in rows[1:]] == ["12", "-3", "0", "7", "1", "2", "3", "40"]
    lines = text.split("\r\n")
    assert lines[2].split(",")[1] == "-3"  # a genuine number is written bare, not quoted
    assert lines[2].startswith("\"'+62")  # text is quoted


def test_csv_separator_inside_text_cannot_open_a_formula_cell() -> None:
    data = frame_to_csv_bytes(pd.DataFrame({"t": ["a;=1+1", "x,=2"]}), sep=";")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["t"], ["a;=1+1"], ["x,=2"]]
