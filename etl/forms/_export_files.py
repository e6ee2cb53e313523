"""Export files of the field forms as raw cells: which sheets/CSV files look like a
KoboToolbox or ODK Central export, and what a header names (part of
:mod:`etl.forms.exports`)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, Final

import pandas as pd

__all__ = ["SUBMISSION_MARKERS", "field_of", "read_sheets"]

SUBMISSION_MARKERS: Final = frozenset(
    {"_uuid", "_submission__uuid", "KEY", "PARENT_KEY", "instanceID", "_submission_time",
     "SubmissionDate", "_index", "_parent_index", "rootUuid"}
)  # fmt: skip
_ODK_POINT = re.compile(r"^(?:.*[-/])?([A-Za-z_][\w.]*)-(Latitude|Longitude|Altitude|Accuracy)$")
_KOBO_POINT = re.compile(r"^_(.+)_(latitude|longitude|altitude|precision)$")
_PART = {"latitude": "lat", "longitude": "lon", "altitude": "alt", "precision": "acc",
         "accuracy": "acc"}  # fmt: skip


def read_sheets(path: Path, file_type: str) -> dict[str, pd.DataFrame] | None:
    """Sheet name ("" for a CSV) -> text cells with ``sumber_baris``, of the sheets whose
    header row names a submission column; ``None`` when there is none."""
    return _xlsx_sheets(path) if file_type == "xlsx" else _csv_sheet(path)


def field_of(header: str) -> tuple[str, str]:
    """(field name without its group path, geopoint part or "")."""
    header = header.strip()
    odk = _ODK_POINT.match(header)
    if odk:
        return odk.group(1), _PART[odk.group(2).lower()]
    last = re.split(r"[/]", header)[-1]
    kobo = _KOBO_POINT.match(last)
    if kobo and not last.startswith("_submission"):
        return kobo.group(1), _PART[kobo.group(2)]
    if last.startswith("_"):
        return last, ""
    return last.rsplit("-", 1)[-1], ""


def _xlsx_sheets(path: Path) -> dict[str, pd.DataFrame] | None:
    """Every visible sheet as text cells (header on row 1)."""
    import openpyxl

    with path.open("rb") as handle:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        try:
            sheets: dict[str, pd.DataFrame] = {}
            for sheet in book.worksheets:
                if getattr(sheet, "sheet_state", "visible") != "visible":
                    continue
                rows = list(sheet.iter_rows(values_only=True))
                if not rows or not _is_export_header(rows[0]):
                    continue
                header = [str(h) if h is not None else "" for h in rows[0]]
                body = [list(r) + [None] * (len(header) - len(r)) for r in rows[1:]]
                frame = pd.DataFrame([r[: len(header)] for r in body], columns=header, dtype=object)
                frame["sumber_baris"] = range(2, len(frame) + 2)
                sheets[str(sheet.title)] = frame.loc[~_blank_rows(frame)]
        finally:
            book.close()
    return sheets or None


def _csv_sheet(path: Path) -> dict[str, pd.DataFrame] | None:
    """The CSV as text cells (header on line 1; data line numbers assume one line per
    record, which is how both platforms write them)."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if not _is_export_header(first.strip().split(delimiter)):
        return None
    frame = pd.read_csv(
        io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_values=[""]
    ).astype(object)
    frame = frame.where(frame.notna(), None)
    frame["sumber_baris"] = range(2, len(frame) + 2)
    return {"": frame.loc[~_blank_rows(frame)]}


def _is_export_header(cells: Any) -> bool:
    names = {field_of(str(c).strip().strip('"'))[0] for c in cells if c is not None}
    return bool(names & SUBMISSION_MARKERS)


def _blank_rows(frame: pd.DataFrame) -> pd.Series:
    cells = frame.drop(columns="sumber_baris")
    return cells.isna().all(axis=1) | (cells.astype(str).apply(lambda c: c.str.strip()) == "").all(
        axis=1
    )
