"""Table exports (Excel, CSV) that are safe to open in a spreadsheet.

Text taken from input files may start with "=", "+", "-", "@", tab or carriage return;
a spreadsheet would run it as a formula (CSV/formula injection: `=HYPERLINK(...)`,
`=cmd|...`). Every exported text cell, header included, is prefixed with an apostrophe
(OWASP advice); genuine numbers are written as numbers. Excel cells are also forced to
the string type and stripped of control characters openpyxl cannot store
(`ILLEGAL_CHARACTERS_RE`: a name typed with a stray control character would otherwise
abort the whole file). :func:`excel_cell` is that one cleaning step; every workbook the
product writes (tables, plan, template) goes through it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from geodata.io.atomic import atomic_target

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Leading characters a spreadsheet may treat as the start of a formula (with the
full-width forms some spreadsheet programs also accept)."""

_MAX_SHEET_NAME = 31
_MAX_CELL_TEXT = 32767
_MAX_COLUMN_WIDTH = 60


def neutralise_cell(value: Any) -> Any:
    """Return text that starts with a formula trigger prefixed with "'"; anything that
    is not text (numbers, dates, None) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_tables_xlsx(
    tables: Mapping[str, pd.DataFrame],
    path_or_buffer: str | os.PathLike[str] | IO[bytes],
    *,
    info: Sequence[str] | None = None,
    info_sheet: str = "Keterangan",
) -> None:
    """Write each frame to its own sheet (openpyxl), every text cell neutralised.

    `info` (optional) lines go first, one per row, on an `info_sheet` sheet: what the
    tables are (period, filters, "DATA CONTOH" for the sample), so a file forwarded on
    its own still says what it shows. Sheet names are made valid for Excel (no
    []:*?/\\, at most 31 characters, unique). A path is written atomically (temporary
    file, then rename), so a reader never sees half a workbook."""
    if not tables:
        raise ValueError("write_tables_xlsx needs at least one table")
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    if info:
        sheet = workbook.create_sheet(sanitise_sheet_name(info_sheet, used))
        used.add(sheet.title.casefold())
        for line in info:
            sheet.append([excel_cell(line)])
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet["A1"].font = Font(bold=True)
        sheet.column_dimensions["A"].width = min(
            _MAX_COLUMN_WIDTH * 2, max(len(str(v)) for v in info) + 2
        )
    for name, frame in tables.items():
        sheet = workbook.create_sheet(sanitise_sheet_name(name, used))
        used.add(sheet.title.casefold())
        flat = _flatten(frame)
        header = [excel_cell(str(c)) for c in flat.columns]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in flat.itertuples(index=False, name=None):
            sheet.append([excel_cell(v) for v in row])
        for row_cells in sheet.iter_rows(min_row=1):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever openpyxl guessed
        sheet.freeze_panes = "A2"
        _fit_widths(
            sheet, [header, *flat.astype("str").head(200).itertuples(index=False, name=None)]
        )
    if isinstance(path_or_buffer, (str, os.PathLike)):
        _save_atomically(workbook, Path(path_or_buffer))
    else:
        workbook.save(path_or_buffer)


def frame_to_csv_bytes(frame: pd.DataFrame, *, sep: str = ",") -> bytes:
    """CSV as UTF-8 with a byte-order mark (so Excel detects UTF-8), text neutralised
    and quoted (a separator inside text cannot start a new, formula cell), numbers bare.

    Note: Excel with Indonesian regional settings expects ";" as separator; pass
    `sep=";"` for files meant to be double-clicked there."""
    flat = _flatten(frame)
    clean = pd.DataFrame(
        {
            str(neutralise_cell(str(c))): pd.Series(
                [_csv_value(v) for v in flat[c].tolist()], index=flat.index, dtype="object"
            )
            for c in flat.columns
        }
    )
    buffer = io.StringIO()
    clean.to_csv(buffer, index=False, sep=sep, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    return buffer.getvalue().encode("utf-8-sig")


def sanitise_sheet_name(name: str, used: set[str] | None = None) -> str:
    """A valid, unique (case-insensitive, against `used` casefolded names) Excel sheet
    name derived from `name`."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(name))
    for bad in "[]:*?/\\":
        text = text.replace(bad, "_")
    text = text.strip().strip("'").strip() or "Lembar"
    if text.casefold() == "history":
        text = "History_"
    text = text[:_MAX_SHEET_NAME]
    taken = used or set()
    candidate, n = text, 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = text[: _MAX_SHEET_NAME - len(suffix)] + suffix
    return candidate


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Index as columns (unless it is a plain 0..n-1 range), MultiIndex headers joined."""
    out = frame
    if not (isinstance(frame.index, pd.RangeIndex) and frame.index.name is None):
        out = frame.reset_index()
    if isinstance(out.columns, pd.MultiIndex):
        out = out.set_axis([" / ".join(str(p) for p in c if str(p)) for c in out.columns], axis=1)
    return out


def excel_cell(value: Any) -> Any:
    """A Python value openpyxl stores faithfully: text stripped of the control characters
    Excel cannot hold, cut to 32,767 characters and neutralised (:func:`neutralise_cell`);
    numbers, dates and booleans as themselves; NaN/NaT/NA as an empty cell."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (dt.date, dt.time)):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_MAX_CELL_TEXT]
    return neutralise_cell(text)


def _csv_value(value: Any) -> Any:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):
        return None
    if isinstance(value, (bool, np.bool_, int, np.integer, float, np.floating, Decimal)):
        return value
    if isinstance(value, (dt.date, dt.time, pd.Timestamp)):
        return value.isoformat()
    return neutralise_cell(str(value))


def _fit_widths(sheet: Any, rows: list[Any]) -> None:
    widths: dict[int, int] = {}
    for row in rows:
        for j, value in enumerate(row, start=1):
            widths[j] = max(widths.get(j, 0), len(str(value)) if value is not None else 0)
    for j, width in widths.items():
        sheet.column_dimensions[get_column_letter(j)].width = min(_MAX_COLUMN_WIDTH, width + 2)


def _save_atomically(workbook: Workbook, path: Path) -> None:
    with atomic_target(path) as tmp:
        workbook.save(tmp)
