"""CSV text read by pandas, on tiny hand-built texts whose answers are known; the row
walk of ``csv`` takes over only where pandas cannot keep the line numbers."""

from __future__ import annotations

import pytest

from etl.io.text_table import count_lines, read_csv_columns


def _columns(text: str, positions: list[int], delimiter: str = ",") -> dict[int, list[str]] | None:
    bulk = read_csv_columns(text, delimiter, 1, positions)
    return None if bulk is None else {p: bulk[0][p].tolist() for p in positions}


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


def test_text_stays_text_exactly_as_typed() -> None:
    text = 'A,B,C,D\nNA,null, a ,"" \n"a,b","say ""hi""",N/A,\n"x"y,z"w",,#N/A\n'
    assert _columns(text, [0, 1, 2, 3]) == {
        0: ["NA", "a,b", "xy"],
        1: ["null", 'say "hi"', 'z"w"'],
        2: [" a ", "N/A", ""],
        3: [" ", "", "#N/A"],
    }


def test_line_ends_empty_lines_and_short_or_long_records() -> None:
    text = "A;B;C\na;b\r\nc;d;e;lebih\re;f\n\ng;h"
    assert _columns(text, [0, 2], delimiter=";") == {
        0: ["a", "c", "e", "", "g"],
        2: ["", "e", "", "", ""],
    }


def test_lines_are_numbered_after_a_multiline_header() -> None:
    text = 'Rekap\n\n"ID\nKegiatan",Desa\nK1,Soe\r\n\r\nK2,Oinlasi'
    bulk = read_csv_columns(text, ",", 3, [0, 1])
    assert bulk is not None
    columns, numbers = bulk
    assert numbers.tolist() == [5, 6, 7]
    assert columns[1].tolist() == ["Soe", "", "Oinlasi"]


@pytest.mark.parametrize(
    "body",
    [
        'K1,"baris satu\nbaris dua"\nK2,x\n',  # a record over two lines
        'K1,"baris satu\rbaris dua"\n',  # a lone \r is a line end for csv too
        "\ufeffK1,Soe\n",  # pandas would drop this mark; csv keeps it as text
    ],
)
def test_records_over_several_lines_are_left_to_the_row_walk(body: str) -> None:
    assert read_csv_columns("ID,Desa\n" + body, ",", 1, [0, 1]) is None


def test_header_only_gives_empty_columns() -> None:
    bulk = read_csv_columns("ID,Desa\n", ",", 1, [0, 1])
    assert bulk is not None
    assert bulk[0][0].tolist() == [] and bulk[1].tolist() == []
