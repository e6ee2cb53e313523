"""Turn the rows of one sheet (or CSV file) into a canonical frame.

Shared by the xlsx and CSV readers: finds the header row among the first non-blank rows,
decides the kind, keeps the canonical columns, drops personal-data columns, skips fully
blank rows and records, for every kept row, the row or line number a person sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Literal

import numpy as np
import pandas as pd

from etl.errors import InputError
from etl.schema import COLUMNS, RAW_VALUE_COLUMNS, REQUIRED_COLUMNS, Kind
from etl.tools._cells import str_array
from etl.tools.headers import (
    HEADER_SCAN_ROWS,
    classify_header,
    detect_kind,
    find_header_row,
    kind_from_sheet_name,
    missing_columns,
)
from etl.tools.parse import cell_text

Row = tuple[int, Sequence[object]]
"""(row number a person sees, cell values)."""
Convert = Callable[[object], object]
BulkColumns = tuple[pd.DataFrame, np.ndarray]
"""Whole columns at once (CSV read by pandas): text columns named by position ("" past a
short record) and the row numbers, for every line after the header."""
BulkReader = Callable[[int, list[int]], BulkColumns | None]


@dataclass
class SheetOutcome:
    """What one sheet turned out to be; ``frame`` is set only for ``status == "table"``."""

    status: Literal["table", "empty", "unrecognised"]
    kind: Kind | None = None
    frame: pd.DataFrame | None = None
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def tabulate_rows(
    rows: Iterable[Row],
    *,
    where: str,
    sheet_name: str,
    strict: bool,
    source: Literal["xlsx", "csv"],
    bulk: BulkReader | None = None,
) -> SheetOutcome:
    """Canonical frame of one sheet; ``where`` names file (and sheet) in messages.

    ``strict`` (CSV files, sheets whose name names a kind): a sheet without a recognisable
    header raises ``InputError`` instead of being reported as unrecognised. A recognised
    sheet missing a required column always raises ``InputError`` naming the column.
    ``bulk(header_row_number, positions)`` may return all data columns at once (CSV fast
    path); when it returns ``None`` the rows are walked one by one.
    """
    iterator = iter(rows)
    head = list(islice((row for row in iterator if not _blank(row[1])), HEADER_SCAN_ROWS))
    if not head:
        return SheetOutcome("empty")
    header_at = find_header_row([values for _, values in head])
    headers = head[header_at][1] if header_at is not None else ()
    kind = detect_kind(headers, sheet_name) if header_at is not None else None
    if kind is None or header_at is None:
        if strict or kind_from_sheet_name(sheet_name) is not None:
            raise InputError(_unrecognised_message(where, head))
        return SheetOutcome("unrecognised")
    positions, personal, warnings = _plan_columns(headers, kind, where)
    missing = missing_columns(kind, {column for _, column in positions})
    if missing:
        found = ", ".join(str(h).strip() for h in headers if h is not None and str(h).strip())
        raise InputError(
            f"{where} (baris judul {head[header_at][0]}, dibaca sebagai {kind}): kolom wajib "
            f"tidak ditemukan: {', '.join(missing)}. Kolom yang ada: {found or '-'}."
        )
    wanted = sorted({p for p, _ in positions} | set(personal))
    columns = bulk(head[header_at][0], wanted) if bulk is not None else None
    if columns is not None:
        frame = _frame_from_columns(columns, kind, positions, list(personal))
    else:
        data_rows = chain(head[header_at + 1 :], iterator)
        frame = _build_frame(data_rows, kind, positions, list(personal), source)
    return SheetOutcome("table", kind, frame, list(personal.values()), warnings)


def describe_expected() -> str:
    """Required headers per kind, for error messages."""
    return "; ".join(
        f"{kind.capitalize()}: {', '.join(REQUIRED_COLUMNS[kind])}" for kind in REQUIRED_COLUMNS
    )


# --- helpers -----------------------------------------------------------------------------
def _blank(values: Sequence[object]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _unrecognised_message(where: str, head: list[Row]) -> str:
    first = ", ".join(cell_text(value) for value in head[0][1] if cell_text(value))
    return (
        f"{where} tidak dikenali sebagai data Kegiatan, Peserta, atau Laporan: baris judul "
        f"kolom tidak ditemukan di {HEADER_SCAN_ROWS} baris pertama (baris {head[0][0]} "
        f"berisi: {first[:200] or '-'}). Judul kolom wajib: {describe_expected()}."
    )


def _plan_columns(
    headers: Sequence[object], kind: Kind, where: str
) -> tuple[list[tuple[int, str]], dict[int, str], list[str]]:
    """(position, canonical) kept, personal columns {position: header}, warnings."""
    kept: dict[str, int] = {}
    personal: dict[int, str] = {}
    unused: list[str] = []
    warnings: list[str] = []
    for position, header in enumerate(headers):
        cls, canonical = classify_header(header, kind)
        text = cell_text(header)
        if cls == "personal":
            personal[position] = text
        elif cls == "canonical" and canonical in COLUMNS[kind] and canonical not in kept:
            kept[canonical] = position
        elif cls == "canonical" and canonical in kept:
            first = cell_text(headers[kept[canonical]])
            warnings.append(
                f"{where}: kolom '{text}' dan '{first}' sama-sama berarti {canonical}; "
                f"hanya '{first}' yang dibaca."
            )
        elif cls in ("canonical", "unknown"):
            unused.append(text)
    if unused:
        warnings.append(f"{where}: kolom yang tidak dipakai diabaikan: {', '.join(unused)}.")
    return [(position, canonical) for canonical, position in kept.items()], personal, warnings


def _build_frame(
    rows: Iterator[Row],
    kind: Kind,
    positions: list[tuple[int, str]],
    personal: list[int],
    source: Literal["xlsx", "csv"],
) -> pd.DataFrame:
    converters = [_convert_for(column, source) for _, column in positions]
    wanted = [position for position, _ in positions]
    columns: list[list[object]] = [[] for _ in wanted]
    numbers: list[int] = []
    for number, values in rows:
        width = len(values)
        cells = [
            convert(values[p]) if p < width else None
            for p, convert in zip(wanted, converters, strict=True)
        ]
        if all(cell is None for cell in cells) and all(
            p >= width or _is_empty(values[p]) for p in personal
        ):
            continue
        for store, cell in zip(columns, cells, strict=True):
            store.append(cell)
        numbers.append(number)
    data: dict[str, pd.Series] = {}
    by_name = {name: index for index, (_, name) in enumerate(positions)}
    for name in COLUMNS[kind]:
        kept = columns[by_name[name]] if name in by_name else [None] * len(numbers)
        data[name] = pd.Series(kept, dtype=object)
    data["sumber_baris"] = pd.Series(numbers, dtype="int64")
    return pd.DataFrame(data)


def _frame_from_columns(
    bulk: BulkColumns, kind: Kind, positions: list[tuple[int, str]], personal: list[int]
) -> pd.DataFrame:
    """Canonical frame from whole text columns (a CSV read by pandas); same rules as
    row by row: blank cells become missing, rows blank in every read column are skipped.
    The columns stay pandas ``str`` (Arrow): each is factorised once, the blank test runs
    on its distinct texts and one ``take`` rebuilds it. On the national bench (a million
    rows) object columns took 1.3-1.6 s here (0.3 s of it CPU, the rest the kernel
    handing out fresh pages for the per-row object arrays); these take 0.1-0.2 s."""
    texts, numbers = bulk
    columns: dict[object, pd.api.extensions.ExtensionArray] = {}
    blank_rows: list[np.ndarray] = []
    for position in texts:
        codes, distinct = pd.factorize(texts[position], use_na_sentinel=True)
        values = [*distinct.tolist(), None]  # code -1 (missing): the last, None
        blank = np.array([not (text and text.strip()) for text in values], dtype=bool)
        cells = np.array(values, dtype=object)
        cells[blank] = None
        columns[position] = str_array(cells, codes)
        blank_rows.append(blank[codes])
    keep = ~np.logical_and.reduce(blank_rows)
    rows = None if keep.all() else np.flatnonzero(keep)
    count = len(keep) if rows is None else len(rows)
    by_name = {name: position for position, name in positions}
    frame = pd.DataFrame(
        {
            name: (
                np.full(count, None, dtype=object)
                if name not in by_name
                else columns[by_name[name]]
                if rows is None
                else columns[by_name[name]].take(rows)
            )
            for name in COLUMNS[kind]
        }
    )
    frame["sumber_baris"] = np.asarray(numbers if rows is None else numbers[rows], dtype="int64")
    return frame


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text_only(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    return cell_text(value)


def _keep_raw(value: object) -> object:
    if isinstance(value, str):
        return value if value.strip() else None
    return value


def _convert_for(column: str, source: Literal["xlsx", "csv"]) -> Convert:
    if source == "xlsx" and column in RAW_VALUE_COLUMNS:
        return _keep_raw
    return _text_only
