"""Decode and split CSV text the way Excel and LibreOffice write it in Indonesia.

The data rows are read by pandas (``read_csv(dtype=str, keep_default_na=False)``: every
cell stays text as typed, ``NA`` stays ``"NA"``; the pyarrow engine, or the C engine when
the text has blank lines or short records, which pyarrow skips or refuses); Python's
``csv`` module walks the rows only where pandas cannot keep the line numbers people see
(a quoted line break inside a record, a byte-order mark starting the rows).

Encodings: UTF-8 with or without BOM, UTF-16 with BOM ("Unicode Text"), then Windows
cp1252, then latin-1 as a last resort (with a warning). The delimiter (``,`` ``;`` tab or
``|``) is the one under which the header row is recognised best, which is more reliable
than counting characters: a ``;`` file full of decimal commas still splits on ``;``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from etl.errors import InputError
from etl.tools.headers import HEADER_SCAN_ROWS, header_score

DELIMITERS: Final = (",", ";", "\t", "|")
SNIFF_CHARS: Final = 64 * 1024

__all__ = [
    "DELIMITERS",
    "count_lines",
    "decode_text",
    "iter_csv_rows",
    "read_csv_columns",
    "sniff_delimiter",
]


def decode_text(data: bytes, name: str) -> tuple[str, str, str | None]:
    """(text, encoding used, warning or None) of a CSV file's bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data, "utf-8-sig", name), "utf-8-sig", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", name), "utf-16", None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding, None
        except UnicodeDecodeError:
            continue
    warning = (
        f"File '{name}': pengodean teks tidak dikenali; dibaca sebagai latin-1. "
        "Periksa huruf beraksen, lalu simpan ulang sebagai 'CSV UTF-8'."
    )
    return data.decode("latin-1"), "latin-1", warning


def sniff_delimiter(text: str) -> str | None:
    """Delimiter under which some early row looks most like a header; ``None`` if none."""
    lines = [line for line in text[:SNIFF_CHARS].splitlines() if line.strip()]
    sample = lines[:HEADER_SCAN_ROWS]
    best, best_score = None, 1
    for delimiter in DELIMITERS:
        rows = list(csv.reader(sample, delimiter=delimiter))
        score = max((header_score(row) for row in rows), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def iter_csv_rows(text: str, delimiter: str, name: str) -> Iterator[tuple[int, Sequence[str]]]:
    """(line number where the record starts, fields) for every record; header line = 1 when
    the header is the first line. Blank lines are yielded as empty records. Lines are cut
    lazily (``\\r\\n``, ``\\r`` or ``\\n``, as ``io.StringIO(text, newline="")`` would), so
    reading only the first rows does not copy the whole text."""
    reader = csv.reader(_lines_from(text, 0), delimiter=delimiter)
    line = 0
    try:
        for record in reader:
            yield line + 1, record
            line = reader.line_num
    except csv.Error as error:
        raise InputError(
            f"File '{name}', baris {reader.line_num}: CSV tidak bisa dibaca ({error})."
        ) from error


def read_csv_columns(
    text: str, delimiter: str, header_line: int, positions: list[int]
) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Every record after the header record (which starts on ``header_line``) as text
    columns named by their ``positions`` ("" where a record is too short; fields past the
    header's width are ignored, as the row walk ignores them) and their line numbers;
    ``None`` (walk the rows instead) whenever a record is not exactly one line (pandas
    gives fewer rows than there are lines), so line numbers stay exact, or pandas objects."""
    start = _line_offset(text, header_line - 1)
    if start is None or not positions:
        return None
    header = csv.reader(_lines_from(text, start), delimiter=delimiter)
    try:
        width = len(next(header))
    except (StopIteration, csv.Error):
        return None
    header_end = header_line - 1 + header.line_num
    body_start = _line_offset(text, header_end)
    if body_start is None or max(positions) >= width:
        return None
    body = text[body_start:]
    lines = count_lines(body)
    if lines == 0:
        empty = pd.DataFrame({p: pd.Series(dtype=str) for p in positions})
        return empty, np.zeros(0, dtype="int64")
    if body.startswith("\ufeff"):
        return None  # pandas would drop a byte-order mark; ``csv`` keeps it as text
    frame = None
    common: dict[str, Any] = {"sep": delimiter, "header": None, "names": range(width),
                              "usecols": positions, "dtype": str, "keep_default_na": False,
                              "encoding": "utf-8"}  # fmt: skip
    # Bytes, not ``io.StringIO(body)``: pandas re-encodes a text buffer for either engine,
    # and the StringIO holds 4 bytes per character; on the national bench (51 MB of
    # peserta) reading took 1.9-2.9 s and 57,000 page faults that way, 0.4-0.75 s and
    # 20,000 from bytes.
    data = io.BytesIO(body.encode("utf-8"))
    # pyarrow is faster but skips blank lines and refuses short records; c takes both
    for engine in ({"engine": "pyarrow"}, {"engine": "c", "index_col": False,
                                           "skip_blank_lines": False}):  # fmt: skip
        data.seek(0)
        try:
            frame = pd.read_csv(data, **common, **engine)
        except (ValueError, IndexError, KeyError, pd.errors.ParserError, pd.errors.EmptyDataError):
            continue
        if len(frame) == lines:
            break
    if frame is None or len(frame) != lines:
        return None
    return frame, np.arange(header_end + 1, header_end + 1 + lines, dtype="int64")


def count_lines(text: str) -> int:
    """Physical lines of ``text`` as ``csv`` counts them (``\\r\\n``, ``\\r`` or ``\\n`` end
    one; a last line without an ending counts too)."""
    ends = text.count("\n")
    if "\r" in text:
        ends += text.count("\r") - text.count("\r\n")
    return ends + (1 if text and not text.endswith(("\n", "\r")) else 0)


def _lines_from(text: str, start: int) -> Iterator[str]:
    """Physical lines (with their endings) from offset ``start``, lazily: no copy of the
    rest of the text just to read one record."""
    for match in _LINE_END.finditer(text, start):
        yield text[start : match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


def _line_offset(text: str, lines: int) -> int | None:
    """Character offset where physical line ``lines + 1`` starts (``None`` past the end)."""
    if lines == 0:
        return 0
    for count, match in enumerate(_LINE_END.finditer(text), start=1):
        if count == lines:
            return match.end()
    return None


_LINE_END: Final = re.compile(r"\r\n|\r|\n")


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"File '{name}': teks rusak untuk pengodean {encoding} ({error.reason} "
            f"pada byte {error.start}). Simpan ulang sebagai 'CSV UTF-8'."
        ) from error
