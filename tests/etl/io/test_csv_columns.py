"""The bulk CSV column readers on tiny hand-built texts whose answers are known."""

from __future__ import annotations

import sys

import numpy as np
import pyarrow as pa
import pytest

from etl.io.csv_columns import (
    WHITESPACE,
    arrow_columns,
    blank_mask,
    count_lines,
    pandas_columns,
    text_values,
)
from etl.io.text_table import read_csv_columns


def _arrow(body: str, positions: list[int], delimiter: str = ",") -> dict[int, list[object]] | None:
    columns = arrow_columns(body, delimiter, positions, count_lines(body))
    return None if columns is None else {p: c.to_pylist() for p, c in columns.items()}


def _pandas(body: str, positions: list[int]) -> dict[int, list[object]] | None:
    columns = pandas_columns(body, ",", positions, count_lines(body))
    return None if columns is None else {p: c.to_pylist() for p, c in columns.items()}


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("", 0),
        ("a", 1),
        ("a\n", 1),
        ("a\nb", 2),
        ("a\r\nb\r\n", 2),
        ("a\rb\r", 2),
        ("a\n\n\r\n\r", 4),
        ("\n", 1),
    ],
)
def test_count_lines(text: str, lines: int) -> None:
    assert count_lines(text) == lines


def test_whitespace_is_what_str_strip_removes() -> None:
    python = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert python == WHITESPACE


def test_text_stays_text_exactly_as_typed() -> None:
    body = 'NA,null, a ,"" \n"a,b","say ""hi""",N/A,\n"x"y,z"w",,#N/A\n'
    assert _arrow(body, [0, 1, 2, 3]) == {
        0: ["NA", "a,b", "xy"],
        1: ["null", 'say "hi"', 'z"w"'],
        2: [" a ", "N/A", ""],
        3: [" ", "", "#N/A"],
    }


def test_line_ends_and_empty_lines_are_records() -> None:
    assert _arrow("a,b\r\nc,d\re,f\n\ng,h", [0, 1]) == {
        0: ["a", "c", "e", "", "g"],
        1: ["b", "d", "f", "", "h"],
    }


def test_position_past_the_last_field_is_null() -> None:
    assert _arrow("a;b\nc;d\n", [1, 4], delimiter=";") == {1: ["b", "d"], 4: [None, None]}


@pytest.mark.parametrize(
    "body",
    [
        'K1,"baris satu\nbaris dua"\nK2,x\n',  # a record over two lines
        'K1,"baris satu\rbaris dua"\n',  # a lone \r is a line end for csv too
        'K1,"tidak ditutup\n',
        "a,b\nc\n",  # narrower than the first record
        "a,b\nc,d,e\n",  # wider
        "a,b\n   \n",  # spaces only: one field
        "\ufeffa,b\n",  # Arrow would drop this mark; csv keeps it
    ],
)
def test_arrow_gives_up_when_lines_are_not_certain(body: str) -> None:
    assert _arrow(body, [0, 1]) is None


def test_pandas_takes_narrow_records_and_still_refuses_multiline_ones() -> None:
    assert _pandas("a,b\nc\n", [0, 1]) == {0: ["a", "c"], 1: ["b", ""]}
    assert _pandas('K1,"satu\ndua"\n', [0, 1]) is None


def test_read_csv_columns_numbers_lines_after_a_multiline_header() -> None:
    text = 'Rekap\n\n"ID\nKegiatan",Desa\nK1,Soe\r\n\r\nK2,Oinlasi'
    bulk = read_csv_columns(text, ",", 3, [0, 1])
    assert bulk is not None
    columns, numbers = bulk
    assert numbers.tolist() == [5, 6, 7]
    assert columns[1].to_pylist() == ["Soe", "", "Oinlasi"]


def test_read_csv_columns_falls_back_to_pandas_then_gives_up() -> None:
    ragged = "ID,Desa\nK1,Soe\nK2\n"
    bulk = read_csv_columns(ragged, ",", 1, [0, 1])
    assert bulk is not None
    assert bulk[0][1].to_pylist() == ["Soe", ""]
    assert bulk[1].tolist() == [2, 3]
    assert read_csv_columns('ID,Desa\nK1,"a\nb"\n', ",", 1, [0, 1]) is None


def test_header_only_gives_empty_columns() -> None:
    bulk = read_csv_columns("ID,Desa\n", ",", 1, [0, 1])
    assert bulk is not None
    assert bulk[0][0].to_pylist() == [] and bulk[1].tolist() == []


def test_blank_mask_uses_python_whitespace() -> None:
    column = pa.chunked_array(
        [["", " ", "\u3000\t", "\x1c"], ["\u200b", None, "a", " a "]], type=pa.string()
    )
    assert blank_mask(column).tolist() == [True, True, True, True, False, True, False, False]


@pytest.mark.parametrize("repeat", [True, False])
def test_text_values_keeps_text_and_blanks_become_none(repeat: bool) -> None:
    n = 10_000
    texts = [f"desa {i % 7 if repeat else i}" for i in range(n)]
    texts[3], texts[5] = " ", ""
    column = pa.chunked_array([texts[:4000], texts[4000:]], type=pa.string())
    blank = blank_mask(column)
    keep = np.ones(n, dtype=bool)
    keep[5] = False
    values = np.empty(n - 1, dtype=object)
    text_values(column, blank, keep, out=values)
    expected = [None if i == 3 else t for i, t in enumerate(texts) if i != 5]
    assert values.dtype == object and values.tolist() == expected
    assert all(type(v) is str for v in values if v is not None)


def test_byte_order_mark_inside_the_text_is_left_to_the_row_walk() -> None:
    # both bulk parsers would drop a mark that starts the body; ``csv`` keeps it as text
    assert _pandas("\ufeffK1,Soe\n", [0, 1]) is None
    assert read_csv_columns("ID,Desa\n\ufeffK1,Soe\n", ",", 1, [0, 1]) is None
