"""Recognise KoboToolbox / ODK Central exports of the field forms and read them as raw
tables (``etl.io.readers.RawTable``), by content, not by file name.

Recognised layouts:

* **KoboToolbox XLSX** ("XML values and headers", with or without group names): the
  main sheet, and the ``peserta`` repeat as its own sheet linked by ``_index`` /
  ``_parent_index``; ``_uuid``, ``_submission_time``, ``_submission__uuid``; geopoints as
  ``_<field>_latitude``/``_longitude``/``_precision`` (or the ``"lat lon alt acc"`` cell).
* **ODK Central CSV** (the unzipped export: one CSV per table): ``KEY``/``PARENT_KEY``,
  ``SubmissionDate``, ``meta-instanceID``, ``Edits``, ``FormVersion``; geopoints as
  ``<field>-Latitude``/``-Longitude``/``-Accuracy``.
* Headers prefixed by their group (``peserta/desa_asal``, ``peserta-desa_asal``) or not.

A table is a form export when its headers carry a submission column (``_uuid``, ``KEY``,
``instanceID``, ...) and the form's own fields (``desa_kegiatan``, ``desa_asal`` or
``id_laporan``). Codes stay codes (``kode_desa``); the submission id (``id_kiriman``),
the form version, submission time, edit count and GPS accuracy ride along as extra columns
for :mod:`etl.forms.submissions`. Only the form's fields are copied: platform columns
naming people or devices (``_submitted_by``, ``SubmitterName``, ``DeviceID``, ...) are
dropped and listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from etl.forms._export_files import SUBMISSION_MARKERS, field_of, read_sheets
from etl.forms.fields import (
    JENIS_BY_SLUG,
    PARENT_ID_FIELD,
    PERAN_BY_SLUG,
    STATUS_BY_SLUG,
    SUMBER_BY_SLUG,
    VERSION_FIELD,
)
from etl.schema import COLUMNS, DESA_CODE, Kind

__all__ = ["EXTRA_COLUMNS", "FormTables", "read_form_export"]

EXTRA_COLUMNS: Final = (
    "id_kiriman", "versi_formulir", "waktu_kiriman", "edit_ke", "akurasi_m", "status_tinjauan",
)  # fmt: skip
"""Columns an export's tables carry besides ``etl.schema.COLUMNS`` (not personal)."""

PERSONAL_PLATFORM_COLUMNS: Final = frozenset(
    {"_submitted_by", "SubmitterName", "SubmitterID", "DeviceID", "deviceid", "username",
     "phonenumber", "simserial", "subscriberid", "email", "_submission__submitted_by"}
)  # fmt: skip
_KIND_FIELDS: Final[dict[Kind, str]] = {
    "kegiatan": "desa_kegiatan",
    "peserta": "desa_asal",
    "laporan": "id_laporan",
}
_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class FormTables:
    """What one export file held: ``(kind, sheet, frame)`` per recognised table, warnings,
    and the headers dropped as personal."""

    tables: list[tuple[Kind, str, pd.DataFrame]]
    warnings: list[str]
    dropped: list[str]


def read_form_export(path: Path, label: str, file_type: str) -> FormTables | None:
    """Read ``path`` (already checked by ``etl.io.safety``) when it is a form export;
    ``None`` when it is not (the ordinary reader takes it)."""
    sheets = read_sheets(path, file_type)
    if sheets is None:
        return None
    recognised = {name: kind for name, frame in sheets.items() if (kind := _kind_of(frame))}
    if not recognised:
        return None
    warnings = [
        f"File '{label}', lembar '{name}' bukan bagian formulir; dilewati."
        for name in sheets
        if name not in recognised and len(sheets[name])
    ]
    by_index = _kobo_parents(sheets, recognised)
    tables: list[tuple[Kind, str, pd.DataFrame]] = []
    dropped: set[str] = set()
    for name, kind in recognised.items():
        frame = sheets[name]
        dropped |= {h for h in frame.columns if field_of(h)[0] in PERSONAL_PLATFORM_COLUMNS}
        tables.append((kind, name, _canonical(frame, kind, by_index)))
    return FormTables(tables, warnings, sorted(dropped))


# --- mapping ---------------------------------------------------------------------------------
def _kind_of(frame: pd.DataFrame) -> Kind | None:
    names = {field_of(str(h))[0] for h in frame.columns}
    if not names & SUBMISSION_MARKERS:
        return None
    for kind, marker in _KIND_FIELDS.items():
        if marker in names:
            return kind
    return None


class _Columns:
    """Look up an export's columns by field name (and geopoint part)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.by_name: dict[tuple[str, str], str] = {}
        for header in frame.columns:
            self.by_name.setdefault(field_of(str(header)), str(header))

    def get(self, *names: str, part: str = "") -> pd.Series:
        for name in names:
            header = self.by_name.get((name, part))
            if header is not None:
                return self.frame[header].map(_text).astype(object)
        return pd.Series(None, index=self.frame.index, dtype=object)

    def point(self, name: str, part: str) -> pd.Series:
        """A geopoint part: its own column, else the ``"lat lon alt acc"`` cell."""
        column = self.get(name, part=part)
        whole = self.get(name)
        position = {"lat": 0, "lon": 1, "alt": 2, "acc": 3}[part]
        split = whole.map(lambda v: _nth(v, position))
        return column.where(column.notna(), split)


def _canonical(frame: pd.DataFrame, kind: Kind, parents: dict[str, str]) -> pd.DataFrame:
    cols = _Columns(frame)
    mapped: dict[str, pd.Series] = {}
    submission = cols.get("rootUuid", "_uuid", "KEY", "instanceID")
    if kind == "kegiatan":
        mapped = {
            "id_kegiatan": cols.get("id_kegiatan"),
            "tanggal": cols.get("tanggal"),
            "kecamatan": _names(cols.get("kecamatan_kegiatan")),
            "desa": _names(cols.get("desa_kegiatan")),
            "kode_desa": _codes(cols.get("desa_kegiatan")),
            "lat": cols.point("lokasi_kegiatan", "lat"),
            "lon": cols.point("lokasi_kegiatan", "lon"),
            "akurasi_m": cols.point("lokasi_kegiatan", "acc"),
            "tema": cols.get("tema"),
            "penyelenggara": cols.get("penyelenggara"),
        }
    elif kind == "peserta":
        parent = cols.get("_parent_index").map(
            lambda v: parents.get(v) if isinstance(v, str) else None
        )
        by_link = cols.get("_submission__uuid", "PARENT_KEY").map(_parent_key)
        submission = parent.where(parent.notna(), by_link)
        home = cols.get("desa_asal")
        mapped = {
            "id_kegiatan": cols.get(PARENT_ID_FIELD, "id_kegiatan"),
            "kecamatan": _names(cols.get("kecamatan_asal")),
            "desa": _names(home).where(home.notna(), cols.get("desa_luar")),
            "kode_desa": _codes(home),
            "peran": _labels(cols.get("peran"), PERAN_BY_SLUG),
            "jumlah": cols.get("jumlah"),
            "laki_laki": cols.get("laki_laki"),
            "perempuan": cols.get("perempuan"),
        }
    else:
        mapped = {
            "id_laporan": cols.get("id_laporan"),
            "tanggal": cols.get("tanggal"),
            "jenis": _labels(cols.get("jenis"), JENIS_BY_SLUG),
            "kecamatan": _names(cols.get("kecamatan")),
            "desa": _names(cols.get("desa")),
            "kode_desa": _codes(cols.get("desa")),
            "lat": cols.point("titik", "lat"),
            "lon": cols.point("titik", "lon"),
            "akurasi_m": _first(cols.get("akurasi_titik"), cols.point("titik", "acc")),
            "status": _labels(cols.get("status"), STATUS_BY_SLUG),
            "sumber": _labels(cols.get("sumber"), SUMBER_BY_SLUG),
        }
    out = pd.DataFrame(index=frame.index)
    for column in COLUMNS[kind]:
        out[column] = mapped.get(column, pd.Series(None, index=frame.index, dtype=object))
    out = out.astype(object).where(out.notna(), None)
    out["sumber_baris"] = frame["sumber_baris"].astype("int64")
    out["id_kiriman"] = submission.map(_parent_key)
    out["versi_formulir"] = cols.get(VERSION_FIELD, "FormVersion")
    out["waktu_kiriman"] = cols.get("_submission_time", "_submission__submission_time",
                                    "SubmissionDate")  # fmt: skip
    out["edit_ke"] = cols.get("Edits").map(lambda v: int(float(v)) if isinstance(v, str) else 0)
    out["status_tinjauan"] = cols.get("ReviewState", "_validation_status")
    out["akurasi_m"] = mapped.get("akurasi_m", pd.Series(None, index=frame.index, dtype=object))
    text = [c for c in EXTRA_COLUMNS if c != "edit_ke"]
    out[text] = out[text].astype(object).where(out[text].notna(), None)
    return out.reset_index(drop=True)


def _kobo_parents(sheets: dict[str, pd.DataFrame], kinds: dict[str, Kind]) -> dict[str, str]:
    """Kobo: main sheet ``_index`` -> its submission id (``rootUuid`` or ``_uuid``)."""
    out: dict[str, str] = {}
    for name, kind in kinds.items():
        if kind == "peserta":
            continue
        cols = _Columns(sheets[name])
        ids = cols.get("rootUuid", "_uuid", "KEY", "instanceID")
        for index, ident in zip(cols.get("_index"), ids, strict=True):
            if index and ident:
                out[str(index)] = str(ident)
    return out


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    text = str(value).strip()
    return text or None


def _nth(value: str | None, position: int) -> str | None:
    parts = value.split() if isinstance(value, str) else []
    return parts[position] if len(parts) > position else None


def _parent_key(value: str | None) -> str | None:
    """A submission id without ``uuid:`` and without a repeat path (``.../peserta[2]``)."""
    if not isinstance(value, str) or not value:
        return None
    return value.split("/", 1)[0].removeprefix("uuid:")


def _labels(values: pd.Series, by_slug: dict[str, str]) -> pd.Series:
    """Choice names back to the product's vocabulary (unknown names kept as typed)."""

    def lookup(value: Any) -> str | None:
        return by_slug.get(value, value) if isinstance(value, str) else None

    return values.map(lookup).astype(object)


def _codes(values: pd.Series) -> pd.Series:
    """Official desa codes only: an export "with labels" holds names, matched as names."""
    return values.where(values.map(lambda v: isinstance(v, str) and bool(DESA_CODE.match(v))), None)


def _names(values: pd.Series) -> pd.Series:
    """A choice label without what the form adds in brackets (the kecamatan of a desa,
    ``Oinlasi (X)``; the kabupaten of a kecamatan in a working area)."""
    return values.map(lambda v: _BRACKET.sub("", v) if isinstance(v, str) else None)


def _first(a: pd.Series, b: pd.Series) -> pd.Series:
    return a.where(a.notna(), b)
