"""Read officers' workbooks and CSV files into canonical raw tables (issue 3 input contract).

``read_inputs`` checks each file by content (``etl.io.safety``), reads each distinct file
once (by sha256), and returns one ``RawTable`` per Kegiatan/Peserta/Laporan sheet. A frame
holds the kind's canonical columns (see ``etl.schema.COLUMNS``; absent columns are all
``None``) plus ``sumber_baris``. Values are NOT parsed here:

* text columns hold the text as typed (``str``, not stripped) or ``None`` for a blank cell;
  numbers and dates that openpyxl returns in a text column are turned into text
  (``5`` -> ``"5"``, a date -> ``"dd/mm/yyyy"``);
* ``tanggal``, ``jumlah``, ``laki_laki``, ``perempuan``, ``lat``, ``lon``, ``koordinat``
  (``etl.schema.RAW_VALUE_COLUMNS``) keep openpyxl's Python objects from an xlsx
  (``datetime``, ``int``, ``float``) so the parsers see an unambiguous number or date;
  from a CSV everything is ``str``.

``sumber_baris`` is the Excel row number (title rows above a header on row 3 make the first
data row 4) or the CSV line where the record starts (header on the first line = line 1).
Fully blank rows are skipped and not counted. Personal-data columns (names, phone numbers,
NIK, addresses, e-mail, birth dates) are never copied; their headers are listed in
``ReadResult.dropped_columns``. Phone numbers and NIK typed inside free text are masked
(``etl.tools.mask``; counts per column in ``ReadResult.masked``). A NUL character in a CSV
(which would silently cut the cell once written) is removed, the rest of the text kept, and
the rows are named in a warning (counts in ``ReadResult.nul_removed``). Hidden sheets are
skipped with a warning (helper sheets such as ``Petunjuk`` or ``Daftar`` silently), empty
sheets with a warning.
"""

from __future__ import annotations

import hashlib
import re
import warnings as python_warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml

from etl.errors import InputError, UnsafeFileError
from etl.forms.exports import read_form_export
from etl.io.safety import check_input_file
from etl.io.tabulate import Row, SheetOutcome, describe_expected, tabulate_rows
from etl.io.text_table import decode_text, iter_csv_rows, read_csv_columns, sniff_delimiter
from etl.tables import RawTable
from etl.tools.headers import is_ignored_sheet, kind_from_sheet_name
from etl.tools.mask import mask_frame

__all__ = ["RawTable", "ReadResult", "read_inputs"]


@dataclass
class ReadResult:
    """Everything read from the inputs, plus what a person should know about it."""

    tables: list[RawTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dropped_columns: dict[str, list[str]] = field(default_factory=dict)
    file_hashes: dict[str, str] = field(default_factory=dict)
    """``sumber_file`` -> sha256 (hex) of each file read."""
    masked: dict[str, int] = field(default_factory=dict)
    """Column -> phone numbers/NIK masked in it (over every file)."""
    nul_removed: dict[str, int] = field(default_factory=dict)
    """``sumber_file`` -> NUL characters removed from it (only files that had some)."""

    def without_rows(self) -> ReadResult:
        """The same result with the rows of each table dropped, its count kept in
        ``RawTable.rows``: what the manifest needs once validation has the rows."""
        tables = [
            RawTable(t.kind, t.sumber_file, t.sumber_lembar, t.frame.iloc[:0], t.rows)
            for t in self.tables
        ]
        return replace(self, tables=tables)


def read_inputs(paths: Sequence[Path | str], labels: Sequence[str] | None = None) -> ReadResult:
    """Read every input file into raw tables; raises ``InputError`` naming a bad file.

    Files are identified to people by their name (``sumber_file``), or by the path as given
    when two different files share a name; ``labels`` gives those names instead (one per
    path, :func:`etl.nodes.sources.source_labels`). A file given twice is read once, with
    a warning.
    """
    result = ReadResult()
    given = [Path(path) for path in paths]
    labels = _labels(given) if labels is None else list(labels)
    seen: dict[str, str] = {}
    for path, label in zip(given, labels, strict=True):
        file_type = check_input_file(path)
        digest = _sha256(path)
        if digest in seen:
            result.warnings.append(
                f"File '{label}' isinya sama persis dengan '{seen[digest]}'; dibaca sekali saja."
            )
            continue
        seen[digest] = label
        result.file_hashes[label] = digest
        result.warnings.extend(_extension_warnings(path, label, file_type))
        export = _guard(label, partial(read_form_export, path, label, file_type))  # issue 14
        if export is not None:
            tables = [RawTable(kind, label, sheet, frame) for kind, sheet, frame in export.tables]
            warnings, dropped = export.warnings, export.dropped
        elif file_type == "xlsx":
            tables, warnings, dropped = _read_workbook(path, label)
        else:
            tables, warnings, dropped, nul = _read_csv(path, label)
            if nul:
                result.nul_removed[label] = nul
        result.tables.extend(_masked(tables, label, result.masked, warnings))
        result.warnings.extend(warnings)
        result.dropped_columns[label] = dropped
    return result


# --- helpers -----------------------------------------------------------------------------
def _masked(
    tables: list[RawTable], label: str, totals: dict[str, int], warnings: list[str]
) -> list[RawTable]:
    """``tables`` with phone numbers/NIK in free text masked; counts added to ``totals``
    and named in one warning per file."""
    out: list[RawTable] = []
    in_file: dict[str, int] = {}
    for table in tables:
        frame, counts = mask_frame(table.frame, table.kind)
        out.append(replace(table, frame=frame) if counts else table)
        for column, n in counts.items():
            in_file[column] = in_file.get(column, 0) + n
            totals[column] = totals.get(column, 0) + n
    if in_file:
        where = ", ".join(f"{column} ({n})" for column, n in sorted(in_file.items()))
        warnings.append(
            f"File '{label}': nomor telepon/NIK di dalam teks disamarkan menjadi "
            f"'[nomor disamarkan]' di kolom {where}."
        )
    return out


def _remove_nul(text: str, label: str) -> tuple[str, int, str | None]:
    """(text without NUL characters, how many, a warning naming the lines). A NUL would
    cut the cell when it is written; the text around it is kept instead."""
    count = text.count("\x00")
    if not count:
        return text, 0, None
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in re.finditer("\x00", text)})
    shown = ", ".join(str(n) for n in lines[:10]) + (", ..." if len(lines) > 10 else "")
    warning = (
        f"File '{label}': {count} karakter NUL (kode 0, tak terlihat) dibuang dari baris "
        f"{shown}; teks lain di sel itu tetap disimpan. Periksa baris itu di berkas aslinya."
    )
    return text.replace("\x00", ""), count, warning


def _labels(paths: list[Path]) -> list[str]:
    by_name: dict[str, set[Path]] = {}
    for path in paths:
        by_name.setdefault(path.name, set()).add(path.resolve())
    return [path.name if len(by_name[path.name]) == 1 else str(path) for path in paths]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _extension_warnings(path: Path, label: str, file_type: str) -> list[str]:
    suffix = path.suffix.lower()
    if file_type == "xlsx" and suffix not in (".xlsx", ".xlsm"):
        return [
            f"File '{label}' ternyata workbook Excel (.xlsx) walau bernama {suffix or '-'}; "
            "dibaca sebagai workbook."
        ]
    if file_type == "csv" and suffix in (".xlsx", ".xlsm", ".xls"):
        return [f"File '{label}' ternyata teks CSV walau bernama {suffix}; dibaca sebagai CSV."]
    return []


def _collect(
    outcome: SheetOutcome, label: str, sheet: str, where: str
) -> tuple[RawTable | None, list[str]]:
    if outcome.status == "empty":
        return None, [f"{where} kosong; dilewati."]
    if outcome.status == "unrecognised":
        return None, [
            f"{where} tidak dikenali sebagai Kegiatan, Peserta, atau Laporan; dilewati. "
            f"Judul kolom wajib: {describe_expected()}."
        ]
    assert outcome.kind is not None and outcome.frame is not None
    return RawTable(outcome.kind, label, sheet, outcome.frame), outcome.warnings


def _read_workbook(path: Path, label: str) -> tuple[list[RawTable], list[str], list[str]]:
    tables: list[RawTable] = []
    warnings: list[str] = []
    dropped: list[str] = []
    skipped_hidden: list[str] = []
    # A file object, not the path: openpyxl would refuse a workbook renamed ``.csv``.
    openpyxl = _safe_openpyxl()
    with python_warnings.catch_warnings(), path.open("rb") as handle:
        python_warnings.simplefilter("ignore", UserWarning)
        workbook = _guard(
            label, lambda: openpyxl.load_workbook(handle, read_only=True, data_only=True)
        )
        try:
            for sheet in workbook.worksheets:
                name = str(sheet.title)
                where = f"File '{label}', lembar '{name}'"
                if getattr(sheet, "sheet_state", "visible") != "visible":
                    if not is_ignored_sheet(name):
                        skipped_hidden.append(name)
                    continue
                if is_ignored_sheet(name) or not hasattr(sheet, "iter_rows"):
                    continue
                if hasattr(sheet, "reset_dimensions"):
                    sheet.reset_dimensions()  # the stored size may be wrong; read every row
                outcome = tabulate_rows(
                    _sheet_rows(sheet, label),
                    where=where,
                    sheet_name=name,
                    strict=kind_from_sheet_name(name) is not None,
                    source="xlsx",
                )
                table, notes = _collect(outcome, label, name, where)
                warnings.extend(notes)
                dropped.extend(h for h in outcome.dropped if h not in dropped)
                if table is not None:
                    tables.append(table)
        finally:
            workbook.close()
    for name in skipped_hidden:
        warnings.append(
            f"File '{label}', lembar '{name}' disembunyikan (hidden) dan tidak dibaca; "
            "tampilkan lembar itu (Unhide) bila datanya harus dihitung."
        )
    if not tables:
        raise InputError(
            f"File '{label}' tidak berisi lembar Kegiatan, Peserta, atau Laporan yang bisa "
            f"dibaca. Judul kolom wajib: {describe_expected()}."
        )
    return tables, warnings, dropped


def _safe_openpyxl() -> Any:
    """openpyxl, imported when a workbook is read (CSV-only runs start faster), and only
    when it parses XML through defusedxml."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - guards the deployment, not the code
        raise RuntimeError(
            "openpyxl tidak memakai defusedxml (OPENPYXL_DEFUSEDXML=False?); "
            "workbook tidak aman dibaca."
        )
    return openpyxl


def _sheet_rows(sheet: Any, label: str) -> Iterator[Row]:
    """Rows numbered as Excel numbers them; openpyxl failures become ``InputError``."""
    rows = _guard(label, lambda: sheet.iter_rows(values_only=True))
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as error:
            raise _as_input_error(label, error) from error
        number += 1
        yield number, values


def _guard(label: str, action: Any) -> Any:
    try:
        return action()
    except InputError:
        raise
    except Exception as error:
        raise _as_input_error(label, error) from error


def _as_input_error(label: str, error: Exception) -> InputError:
    if any(isinstance(e, defusedxml.DefusedXmlException) for e in _chain(error)):
        return UnsafeFileError(
            f"File '{label}' ditolak: XML di dalamnya memuat DTD/entitas yang tidak diizinkan "
            f"({type(error).__name__})."
        )
    if isinstance(error, zipfile.BadZipFile | ParseError | KeyError | EOFError):
        return InputError(f"File '{label}' rusak dan tidak bisa dibaca sebagai .xlsx ({error}).")
    return InputError(
        f"File '{label}' tidak bisa dibaca sebagai workbook .xlsx ({type(error).__name__}: {error})."
    )


def _chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _read_csv(path: Path, label: str) -> tuple[list[RawTable], list[str], list[str], int]:
    text, _encoding, warning = decode_text(path.read_bytes(), label)
    text, nul, nul_warning = _remove_nul(text, label)
    warnings = [w for w in (warning, nul_warning) if w]
    if not text.strip():
        raise InputError(f"File '{label}' kosong; tidak ada baris judul maupun data.")
    delimiter = sniff_delimiter(text) or ","
    where = f"File '{label}'"
    outcome = tabulate_rows(
        iter_csv_rows(text, delimiter, label),
        where=where,
        sheet_name="",
        strict=True,
        source="csv",
        bulk=lambda line, positions: read_csv_columns(text, delimiter, line, positions),
    )
    table, notes = _collect(outcome, label, "", where)
    if table is None:
        raise InputError(f"File '{label}' tidak berisi baris judul maupun data.")
    return [table], [*warnings, *notes], outcome.dropped, nul
