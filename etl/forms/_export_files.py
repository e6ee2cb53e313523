"""Export files of the field forms as raw cells: which sheets/CSV files look like a
KoboToolbox or ODK Central export, and what a header names (part of
:mod:`etl.forms.exports`)."""

from __future__ import annotations

import io
import re
import zipfile
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


_MARKER_BYTES: Final = (b"_uuid", b"_submission_time", b"PARENT_KEY", b"SubmissionDate",
                        b"instanceID", b"rootUuid")  # fmt: skip
_CHUNK: Final = 1 << 20


def read_sheets(path: Path, file_type: str) -> dict[str, pd.DataFrame] | None:
    """Sheet name ("" for a CSV) -> text cells with ``sumber_baris``, of the sheets whose
    header row names a submission column; ``None`` when there is none."""
    if file_type == "xlsx":
        return _xlsx_sheets(path) if _may_be_export(path) else None
    return _csv_sheet(path)


def _may_be_export(path: Path) -> bool:
    """Whether the workbook's strings hold a submission marker at all: a byte search of
    the shared strings and the start of each sheet (inline strings), so an ordinary
    workbook is not parsed twice."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename
            shared = name == "xl/sharedStrings.xml"
            if not shared and not name.startswith("xl/worksheets/"):
                continue
            with archive.open(info) as handle:
                tail = b""
                while block := handle.read(_CHUNK):
                    text = tail + block
                    if any(marker in text for marker in _MARKER_BYTES):
                        return True
                    if not shared:
                        break  # a sheet's header row is at its start
                    tail = text[-32:]
    return False


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
    """The visible sheets whose header (row 1) names a submission column, as text cells.
    Only the header rows are read unless one qualifies, so an ordinary workbook costs
    one row per sheet here."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - guards the deployment, not the code
        raise RuntimeError("openpyxl tidak memakai defusedxml; workbook tidak aman dibaca.")
    with path.open("rb") as handle:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        try:
            sheets: dict[str, pd.DataFrame] = {}
            for sheet in book.worksheets:
                if getattr(sheet, "sheet_state", "visible") != "visible":
                    continue
                if hasattr(sheet, "reset_dimensions"):
                    sheet.reset_dimensions()  # the stored size may be wrong
                first = next(sheet.iter_rows(max_row=1, values_only=True), None)
                if not first or not _is_export_header(first):
                    continue
                rows = list(sheet.iter_rows(min_row=2, values_only=True))
                header = [str(h) if h is not None else "" for h in first]
                body = [(list(r) + [None] * len(header))[: len(header)] for r in rows]
                frame = pd.DataFrame(body, columns=header, dtype=object)
                frame["sumber_baris"] = range(2, len(frame) + 2)
                sheets[str(sheet.title)] = frame.loc[~_blank_rows(frame)]
        finally:
            book.close()
    return sheets or None


def _csv_sheet(path: Path) -> dict[str, pd.DataFrame] | None:
    """The CSV as text cells (header on line 1; data line numbers assume one line per
    record, which is how both platforms write them)."""
    with path.open("rb") as handle:
        start = handle.read(64 * 1024).decode("utf-8-sig", errors="replace")
    first = start.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if not _is_export_header(first.strip().split(delimiter)):
        return None  # only the start of an ordinary CSV is read here
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
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
