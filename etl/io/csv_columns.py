"""Whole text columns of a CSV body in one go (the CSV reader's fast path).

Two bulk parsers are tried in order: pyarrow's multi-threaded CSV reader, then pandas' C
parser. Each one only answers when record *i* of the body is certainly physical line *i*
(no quoted line break, no rejected or ragged record, as many records as lines), so line
numbers stay exact; otherwise it answers ``None`` and the next one (finally the row walk
of ``etl.io.text_table.iter_csv_rows``) takes over. Both read quotes exactly as Python's
``csv`` module does (``"`` opens a quoted part only at the start of a field, ``""`` inside
it is one ``"``, no escape character) and keep every cell as text: ``NA`` stays ``"NA"``.

Columns come back as Arrow ``string`` arrays; a cell the record does not reach is null or
empty, both blank to the caller.
"""

from __future__ import annotations

import io
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

__all__ = [
    "WHITESPACE",
    "arrow_columns",
    "blank_mask",
    "count_lines",
    "pandas_columns",
    "text_values",
]

WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character ``str.isspace`` accepts, so Arrow strips exactly what ``str.strip`` does."""

Columns = dict[int, pa.ChunkedArray]


def count_lines(text: str) -> int:
    """Physical lines of ``text`` as ``csv`` counts them (``\\r\\n``, ``\\r`` or ``\\n`` end
    one; a last line without an ending counts too)."""
    ends = text.count("\n")
    if "\r" in text:
        ends += text.count("\r") - text.count("\r\n")
    return ends + (1 if text and not text.endswith(("\n", "\r")) else 0)


def arrow_columns(body: str, delimiter: str, positions: list[int], lines: int) -> Columns | None:
    """Text columns at ``positions`` of every record in ``body`` via pyarrow; ``None`` when a
    record is not exactly one line, a record is wider or narrower than the first one (an
    empty line is fine: all its cells are empty), or the parser objects. ``lines`` is
    ``count_lines(body)``."""
    if body.startswith("\ufeff"):
        return None  # Arrow would drop this byte-order mark; ``csv`` keeps it as text
    try:
        data = body.encode("utf-8")
    except UnicodeEncodeError:
        return None
    names = [f"f{p}" for p in positions]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values='"' in body,  # quote-aware block splitting only if needed
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                include_columns=names,
                include_missing_columns=True,
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if table.num_rows != lines:
        return None
    return {p: table.column(name) for p, name in zip(positions, names, strict=True)}


def pandas_columns(body: str, delimiter: str, positions: list[int], lines: int) -> Columns | None:
    """Same as ``arrow_columns`` through pandas' C parser (slower, but it takes records
    narrower than the first one); ``None`` when it cannot guarantee exact lines."""
    if body.startswith("\ufeff"):
        return None  # pandas would drop this byte-order mark too
    try:
        frame = pd.read_csv(
            io.StringIO(body),
            sep=delimiter,
            header=None,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            usecols=positions,
            engine="c",
        )
    except (ValueError, IndexError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    if len(frame) != lines:
        return None
    return {
        p: pa.chunked_array(
            [pa.array(frame[p].to_numpy(dtype=object), pa.string(), from_pandas=True)]
        )
        for p in positions
    }


def blank_mask(column: pa.ChunkedArray) -> np.ndarray:
    """True where a cell is missing, empty or whitespace only (``not value.strip()``)."""
    trimmed = pc.utf8_trim(column, characters=WHITESPACE)
    blank = pc.fill_null(pc.equal(pc.binary_length(trimmed), 0), True)
    return np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool)


def text_values(
    column: pa.ChunkedArray, blank: np.ndarray, keep: np.ndarray, out: np.ndarray
) -> None:
    """Write the kept cells into the object array ``out``: the text as typed, ``None`` for a
    blank cell. Written in place so a frame's block is filled without an extra copy.

    A column of repeated texts (district names, roles) goes through a dictionary: one shared
    ``str`` per distinct text is about twice as fast as one per cell, and lighter.
    """
    codes = _dictionary_codes(column)
    if codes is None:
        kept = column if keep.all() else column.filter(pa.array(keep))
        out[:] = kept.to_numpy(zero_copy_only=False)
        out[blank[keep]] = None
        return
    distinct, indices = codes
    indices[blank] = len(distinct) - 1
    np.take(distinct, indices if keep.all() else indices[keep], out=out)


_SAMPLE: Final = 4096


def _dictionary_codes(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray] | None:
    """(distinct texts as objects + a trailing ``None``, index of every cell into them, null
    cells pointing at the ``None``); ``None`` when texts hardly repeat (judged on a sample)."""
    sample = column.slice(0, _SAMPLE)
    if pc.count_distinct(sample).as_py() * 2 > len(sample):
        return None
    encoded = pc.dictionary_encode(column)
    dictionary = encoded.chunk(0).dictionary if encoded.num_chunks else pa.array([], pa.string())
    if any(not chunk.dictionary.equals(dictionary) for chunk in encoded.chunks[1:]):
        return None  # not one shared dictionary: convert cell by cell instead
    distinct = np.empty(len(dictionary) + 1, dtype=object)  # the last one stays None
    distinct[:-1] = dictionary.to_numpy(zero_copy_only=False)
    indices = pa.chunked_array([c.indices for c in encoded.chunks], type=pa.int32())
    filled = pc.fill_null(indices, len(distinct) - 1).to_numpy(zero_copy_only=False)
    return distinct, np.array(filled, dtype=np.int64)
