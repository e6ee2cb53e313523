"""Property: the bulk CSV paths give exactly what walking the rows gives, on raw CSV text
full of quotes, doubled quotes, blank lines, ragged records and every kind of line end."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from unittest import mock

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.io.csv_columns import arrow_columns, count_lines
from etl.io.text_table import iter_csv_rows

HEADER = ["ID Kegiatan", "Nama", "Desa", "Peran", "Jumlah", "Catatan"]

_TEXT = [
    "K1",
    "a",
    "NA",
    "null",
    " ",
    "\u3000",
    "\ufeff",
    "é",
    "\x85",
    "\u2028",
    "\x00",
    '"',
    '""',
    ",",
    ";",
    "\t",
]
_PIECE = st.sampled_from([*_TEXT, "\n", "\n", "\r\n", "\r"])
_BODY = st.lists(_PIECE, max_size=40).map("".join)
_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_SETTINGS
@given(body=_BODY, delimiter=st.sampled_from([",", ";", "\t"]), title=st.booleans())
def test_every_bulk_path_equals_the_row_walk(
    csv_frame: Callable[..., pd.DataFrame], body: str, delimiter: str, title: bool
) -> None:
    text = ("Rekap peserta\r\n" if title else "") + delimiter.join(HEADER) + "\n" + body
    slow = csv_frame(text, delimiter, fast=False)
    _assert_same(csv_frame(text, delimiter, fast=True), slow)
    with mock.patch("etl.io.text_table.arrow_columns", return_value=None):  # pandas' parser
        _assert_same(csv_frame(text, delimiter, fast=True), slow)


@_SETTINGS
@given(body=_BODY, delimiter=st.sampled_from([",", ";"]))
def test_arrow_answers_only_with_the_records_csv_reads(body: str, delimiter: str) -> None:
    positions = [0, 1, 3]
    columns = arrow_columns(body, delimiter, positions, count_lines(body))
    if columns is None:
        return
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    records, lines = [], []
    for record in reader:
        records.append(record)
        lines.append(reader.line_num)
    assert lines == list(range(1, len(records) + 1))  # one record per line, no more, no less
    for p, column in columns.items():
        got = column.to_pylist()
        assert len(got) == len(records)
        for record, value in zip(records, got, strict=True):
            if not record:  # an empty line: Arrow pads it with empty cells
                assert value in ("", None)
            else:
                assert value == (record[p] if p < len(record) else None)


def _assert_same(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    assert fast.dtypes.to_dict() == slow.dtypes.to_dict()
    assert fast.to_dict("list") == slow.to_dict("list")
    for name in fast.columns.drop("sumber_baris"):
        assert {type(v) for v in fast[name]} <= {str, type(None)}


@_SETTINGS
@given(body=_BODY, delimiter=st.sampled_from([",", ";"]))
def test_row_walk_cuts_lines_like_stringio(body: str, delimiter: str) -> None:
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    expected, line = [], 0
    for record in reader:
        expected.append((line + 1, record))
        line = reader.line_num
    assert list(iter_csv_rows(body, delimiter, "x.csv")) == expected
