"""XLSForm workbooks for KoboToolbox / ODK Collect (``peta-sosialisasi formulir``).

Two forms, each an ``.xlsx`` with the sheets ``survey``, ``choices`` and ``settings``
(Indonesian labels):

* **Kegiatan + Peserta** (``sosialisasi_kegiatan``): a generated session id, date, venue
  kecamatan -> venue desa (a cascading select: ``choice_filter``), the venue's optional
  ``geopoint``, theme, organiser; a ``repeat`` of attendance rows: home kecamatan -> home
  desa ("di luar kabupaten" as an explicit choice with a free-text field), role, count and
  optional male/female counts constrained to add up to the count.
* **Laporan** (``sosialisasi_laporan``): a generated id, date, type, a ``geopoint`` (its
  accuracy kept in a field) or kecamatan -> desa, status, source.

Choice names are the official Kepmendagri codes, so an export holds codes and nothing is
left to guess; labels are the official names, with the kecamatan in brackets where a desa
name occurs more than once in the kabupaten (Oinlasi x3, Oe'ekam x3, ...). A form for a
working area of several kabupaten (``--kabupaten 53.02,53.71``) lists every kabupaten's
kecamatan and desa, grouped by code, each kecamatan labelled with its kabupaten. The ``version``
is derived from the official list of the boundary build (:func:`form_version`): a new
build with changed codes or names gives a new version, and rows of an older form whose
codes no longer exist are sent to review on import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pandas as pd
from openpyxl import Workbook

from etl.forms.fields import (
    FORM_KEGIATAN,
    FORM_LAPORAN,
    LUAR,
    LUAR_LABEL,
    PARENT_ID_FIELD,
    REPEAT_PESERTA,
    STATUS_PILIHAN,
    SUMBER_PILIHAN,
    VERSION_FIELD,
    form_version,
    slug,
)
from etl.sample.template import save_workbook_stable
from etl.schema import JENIS_LAPORAN, PERAN_PILIHAN

__all__ = [
    "FORM_FILES",
    "FormCheck",
    "build_forms",
    "check_form",
    "form_version",
    "write_forms",
]

SURVEY_COLUMNS: Final = (
    "type", "name", "label", "hint", "required", "relevant", "constraint",
    "constraint_message", "calculation", "choice_filter", "default", "appearance",
)  # fmt: skip
FORM_FILES: Final = {FORM_KEGIATAN: "formulir_kegiatan.xlsx", FORM_LAPORAN: "formulir_laporan.xlsx"}
"""Form id -> file name written by :func:`write_forms`."""
MAX_COUNT: Final = 500  # the ETL's plausibility limit (etl.schema.MAX_PLAUSIBLE_COUNT)

Row = dict[str, str]


def build_forms(
    official: pd.DataFrame, kabupaten: str, names: Mapping[str, str] | None = None
) -> dict[str, dict[str, list[Row]]]:
    """Form id -> sheet name -> rows (dicts) of both forms, built from the official list
    (``kode, nama, kecamatan_kode, kecamatan``) of one kabupaten or of a working area
    (``kabupaten`` ``"53.02,53.71"``; ``names``: kabupaten code -> name, for the labels).
    Pure: nothing is written."""
    version = form_version(official, kabupaten)
    kecamatan, desa = _place_choices(official, names or {})
    common = [
        *_choice_rows("peran", [(slug(p), p) for p in PERAN_PILIHAN]),
        *_choice_rows("jenis_laporan", [(slug(j), j) for j in JENIS_LAPORAN]),
        *_choice_rows("status", [(slug(s), s) for s in STATUS_PILIHAN]),
        *_choice_rows("sumber", [(slug(s), s) for s in SUMBER_PILIHAN]),
        *_choice_rows("cara_lokasi", [("titik", "Titik GPS di tempat"), ("desa", "Pilih desa")]),
    ]
    places = [
        *_choice_rows("kecamatan", kecamatan),
        *_choice_rows("kecamatan_asal", [*kecamatan, (LUAR, LUAR_LABEL)]),
        *({"list_name": "desa", "name": k, "label": label, "kec": kec} for k, label, kec in desa),
    ]
    choices = [*places, *common]
    kegiatan_lists = {"kecamatan", "kecamatan_asal", "desa", "peran"}
    laporan_lists = {"kecamatan", "desa", "jenis_laporan", "status", "sumber", "cara_lokasi"}
    return {
        FORM_KEGIATAN: {
            "survey": _kegiatan_survey(version),
            "choices": [c for c in choices if c["list_name"] in kegiatan_lists],
            "settings": [_settings(FORM_KEGIATAN, "Kegiatan Sosialisasi", version, "id_kegiatan")],
        },
        FORM_LAPORAN: {
            "survey": _laporan_survey(version),
            "choices": [c for c in choices if c["list_name"] in laporan_lists],
            "settings": [_settings(FORM_LAPORAN, "Laporan Masyarakat", version, "id_laporan")],
        },
    }


def write_forms(
    out_dir: Path, official: pd.DataFrame, kabupaten: str, names: Mapping[str, str] | None = None
) -> list[Path]:
    """Write both forms into ``out_dir`` (created if missing); the same list gives the
    same bytes. Returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for form_id, sheets in build_forms(official, kabupaten, names).items():
        written.append(save_workbook_stable(_workbook(sheets), out_dir / FORM_FILES[form_id]))
    return written


def write_area_forms(out_dir: Path, kabupaten: str | Sequence[str]) -> list[Path]:
    """:func:`write_forms` for the working area ``kabupaten`` (one code, ``"53.02,53.71"``
    or a list): the official lists of its kabupaten, their names from the built
    boundaries (each built when needed)."""
    from geodata.load import read_layer, read_official_list
    from geodata.sources import kabupaten_list, kabupaten_text

    codes = kabupaten_list(kabupaten)
    official = pd.concat([read_official_list(c) for c in codes], ignore_index=True)
    names = {
        str(k): str(n)
        for c in codes
        for k, n in read_layer(c, "kabupaten")[["kode", "nama"]].itertuples(index=False)
    }
    return write_forms(out_dir, official, kabupaten_text(codes), names)


def form_bytes(
    official: pd.DataFrame, kabupaten: str, names: Mapping[str, str] | None = None
) -> dict[str, bytes]:
    """File name -> bytes of both forms (for a download button)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_forms(Path(tmp), official, kabupaten, names)
        return {p.name: p.read_bytes() for p in paths}


@dataclass(frozen=True)
class FormCheck:
    """What ``pyxform`` made of one form: questions (fields, groups and repeats excluded),
    choices per list, and its warnings."""

    form_id: str
    version: str
    fields: int
    choices: dict[str, int]
    warnings: tuple[str, ...]


def check_form(path: Path) -> FormCheck:
    """Convert ``path`` with pyxform (offline: no ODK Validate/Java) and summarise it;
    pyxform's error propagates when the form is invalid."""
    from defusedxml import ElementTree
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    xform = convert(xlsform=str(path), warnings=warnings, validate=False).xform
    root = ElementTree.fromstring(xform)
    ns = {"x": "http://www.w3.org/2002/xforms"}
    binds = [b.get("nodeset", "") for b in root.iterfind(".//x:bind", ns)]
    fields = [b for b in binds if "/meta/" not in b]
    instances = root.findall(".//x:model/x:instance", ns)
    primary = next(iter(instances[0]))
    choices = {
        str(inst.get("id")): len(inst.findall("x:root/x:item", ns)) for inst in instances[1:]
    }
    return FormCheck(
        str(primary.get("id")), str(primary.get("version")), len(fields), choices,
        tuple(warnings),
    )  # fmt: skip


# --- helpers -----------------------------------------------------------------------------
def _require(official: pd.DataFrame) -> None:
    missing = [c for c in ("kode", "nama", "kecamatan_kode", "kecamatan") if c not in official]
    if missing:
        raise ValueError(f"Daftar desa resmi tanpa kolom: {', '.join(missing)}")


def _place_choices(
    official: pd.DataFrame, names: Mapping[str, str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(kecamatan (code, label)), (desa (code, label, kecamatan code)), both by code, so
    the choices come grouped by kabupaten. In a working area of several kabupaten every
    kecamatan label names its kabupaten in brackets (``Oebobo (Kota Kupang)``). A desa
    name that occurs more than once in the area gets its kecamatan in brackets, and the
    kabupaten too when that still repeats (the export reader drops the brackets)."""
    _require(official)
    rows = official.sort_values("kode")
    kab = rows["kecamatan_kode"].astype(str).str[:5]
    kab_name = kab.map(lambda code: names.get(code, code))
    several = kab.nunique() > 1
    kec = rows.drop_duplicates("kecamatan_kode")
    kec_label = kec["kecamatan"].astype(str)
    if several:
        kec_label = kec_label + " (" + kab_name[kec.index] + ")"
    kecamatan = list(zip(kec["kecamatan_kode"].astype(str), kec_label, strict=True))
    nama, where = rows["nama"].astype(str), rows["kecamatan"].astype(str)
    repeated = nama.str.casefold().duplicated(keep=False)
    still = (nama.str.casefold() + "|" + where.str.casefold()).duplicated(keep=False)
    where = where.where(~still, where + ", " + kab_name)
    labels = nama.where(~repeated, nama + " (" + where + ")")
    desa = list(
        zip(rows["kode"].astype(str), labels, rows["kecamatan_kode"].astype(str), strict=True)
    )
    return kecamatan, desa


def _choice_rows(list_name: str, items: Sequence[tuple[str, str]]) -> list[Row]:
    return [{"list_name": list_name, "name": name, "label": label} for name, label in items]


def _q(type_: str, name: str, label: str = "", **extra: str) -> Row:
    return {"type": type_, "name": name, "label": label, **extra}


def _id(prefix: str) -> str:
    return f"once(concat('{prefix}-', substr(uuid(), 1, 8)))"


def _kegiatan_survey(version: str) -> list[Row]:
    count = f". >= 1 and . <= {MAX_COUNT}"
    return [
        _q("calculate", VERSION_FIELD, calculation=f"'{version}'"),
        _q("calculate", "id_kegiatan", calculation=_id("KEG")),
        _q("note", "id_kegiatan_catatan", "ID kegiatan: ${id_kegiatan}"),
        _q("date", "tanggal", "Tanggal kegiatan", required="yes", default="today()",
           constraint=". <= today()", constraint_message="Tanggal tidak boleh di masa depan"),
        _q("select_one kecamatan", "kecamatan_kegiatan", "Kecamatan tempat kegiatan",
           required="yes", appearance="minimal"),
        _q("select_one desa", "desa_kegiatan", "Desa/kelurahan tempat kegiatan", required="yes",
           choice_filter="kec=${kecamatan_kegiatan}", appearance="minimal"),
        _q("geopoint", "lokasi_kegiatan", "Titik lokasi kegiatan (boleh dilewati)",
           hint="Ambil di tempat kegiatan bila sinyal GPS baik."),
        _q("text", "tema", "Tema/materi", required="yes"),
        _q("text", "penyelenggara", "Penyelenggara/instansi"),
        _q("begin_repeat", REPEAT_PESERTA, "Peserta per desa asal dan peran",
           hint="Satu baris per desa asal dan peran. Jangan menulis nama, NIK atau nomor HP."),
        _q("calculate", PARENT_ID_FIELD, calculation="${id_kegiatan}"),
        _q("select_one kecamatan_asal", "kecamatan_asal", "Kecamatan asal peserta",
           required="yes", appearance="minimal"),
        _q("select_one desa", "desa_asal", "Desa/kelurahan asal peserta", required="yes",
           relevant=f"${{kecamatan_asal}} != '{LUAR}'", choice_filter="kec=${kecamatan_asal}",
           appearance="minimal"),
        _q("text", "desa_luar", "Desa dan kabupaten asal (di luar kabupaten)", required="yes",
           relevant=f"${{kecamatan_asal}} = '{LUAR}'"),
        _q("select_one peran", "peran", "Peran peserta", required="yes"),
        _q("integer", "jumlah", "Jumlah orang", required="yes", constraint=count,
           constraint_message=f"Jumlah 1 sampai {MAX_COUNT}"),
        _q("integer", "laki_laki", "Laki-laki (boleh kosong)",
           constraint=". >= 0 and . <= ${jumlah}", constraint_message="Tidak boleh melebihi jumlah"),
        _q("integer", "perempuan", "Perempuan (boleh kosong)",
           constraint=". >= 0 and (string-length(string(${laki_laki})) = 0 or "
           ". + ${laki_laki} = ${jumlah})",
           constraint_message="Laki-laki + perempuan harus sama dengan jumlah"),
        _q("end_repeat", ""),
    ]  # fmt: skip


def _laporan_survey(version: str) -> list[Row]:
    by_point, by_desa = "${cara_lokasi} = 'titik'", "${cara_lokasi} = 'desa'"
    return [
        _q("calculate", VERSION_FIELD, calculation=f"'{version}'"),
        _q("calculate", "id_laporan", calculation=_id("LAP")),
        _q("note", "id_laporan_catatan", "Nomor laporan: ${id_laporan}"),
        _q("date", "tanggal", "Tanggal laporan", required="yes", default="today()",
           constraint=". <= today()", constraint_message="Tanggal tidak boleh di masa depan"),
        _q("select_one jenis_laporan", "jenis", "Jenis laporan", required="yes"),
        _q("select_one cara_lokasi", "cara_lokasi", "Lokasi kejadian", required="yes"),
        _q("geopoint", "titik", "Titik lokasi", required="yes", relevant=by_point,
           hint="Tunggu sampai akurasi di bawah 50 m."),
        _q("calculate", "akurasi_titik", relevant=by_point,
           calculation="if(${titik} != '', selected-at(${titik}, 3), '')"),
        _q("select_one kecamatan", "kecamatan", "Kecamatan", required="yes", relevant=by_desa,
           appearance="minimal"),
        _q("select_one desa", "desa", "Desa/kelurahan", required="yes", relevant=by_desa,
           choice_filter="kec=${kecamatan}", appearance="minimal"),
        _q("select_one status", "status", "Status tindak lanjut"),
        _q("select_one sumber", "sumber", "Sumber laporan"),
    ]  # fmt: skip


def _settings(form_id: str, title: str, version: str, id_field: str) -> Row:
    return {
        "form_title": title,
        "form_id": form_id,
        "version": version,
        "instance_name": f"concat(${{tanggal}}, ' ', ${{{id_field}}})",
        "allow_choice_duplicates": "no",
    }


def _workbook(sheets: Mapping[str, list[Row]]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        sheet = wb.create_sheet(name)
        header = list(SURVEY_COLUMNS) if name == "survey" else list(dict.fromkeys(
            key for row in rows for key in row
        ))  # fmt: skip
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(column) or None for column in header])
    return wb
