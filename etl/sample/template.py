"""The empty input workbook officers fill in (``peta-sosialisasi template``).

Sheets ``Petunjuk`` (how to fill it, and the input contract), ``Kegiatan``, ``Peserta`` and
``Laporan`` (bold frozen headers, widths, drop-down lists), plus a hidden helper sheet
``Daftar`` holding the drop-down choices from the official Kepmendagri list.

Desa per kecamatan is a *dependent* drop-down: ``Daftar`` has one column of desa per
kecamatan, each a defined name ``Desa_<kode kecamatan>`` (``Desa_53_02_01``), and column B
of ``Daftar`` maps the kecamatan name to that defined name. The desa cell validates against
``INDIRECT(VLOOKUP(<kecamatan cell>, Daftar!A:B, 2, FALSE))``, so names with spaces or
apostrophes (``Kot olin``, ``KI'E``) need no escaping. Validations only WARN (an officer
may still type a name the list lacks); the ETL matches what was typed. The reader skips
``Petunjuk`` and ``Daftar`` by name (``etl.schema.IGNORED_SHEET_WORDS``).

The sample generator (``etl.sample``) reuses the layout and :func:`save_workbook_stable`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from etl.io.export import excel_cell
from etl.schema import JENIS_LAPORAN, PERAN_PILIHAN
from geodata.io.atomic import atomic_target

__all__ = [
    "DAFTAR_SHEET",
    "FIXED_TIMESTAMP",
    "STATUS_PILIHAN",
    "TEMPLATE_HEADERS",
    "make_template",
    "petunjuk_lines",
    "save_workbook_stable",
    "write_header",
    "write_petunjuk",
]

DAFTAR_SHEET: Final = "Daftar"
FIXED_TIMESTAMP: Final = datetime(2024, 3, 11, 0, 0, 0)
"""Created/modified time written into generated workbooks, so the bytes are reproducible."""
STATUS_PILIHAN: Final = ("baru", "diproses", "diteruskan ke Polres", "selesai")

TEMPLATE_HEADERS: Final[dict[str, tuple[tuple[str, int], ...]]] = {
    "Kegiatan": (
        ("ID Kegiatan", 20),
        ("Tanggal (dd/mm/yyyy)", 16),
        ("Kecamatan", 20),
        ("Desa/Kelurahan", 22),
        ("Lintang (mis. -9.8652)", 14),
        ("Bujur (mis. 124.2790)", 14),
        ("Tema", 40),
        ("Narasumber", 30),
        ("Penyelenggara", 32),
        ("Catatan", 40),
    ),
    "Peserta": (
        ("ID Kegiatan", 20),
        ("Kecamatan", 20),
        ("Desa/Kelurahan", 22),
        ("Peran", 22),
        ("Jumlah", 10),
        ("Laki-laki", 10),
        ("Perempuan", 10),
    ),
    "Laporan": (
        ("No Laporan", 18),
        ("Tanggal (dd/mm/yyyy)", 16),
        ("Jenis", 22),
        ("Lintang (mis. -9.8652)", 14),
        ("Bujur (mis. 124.2790)", 14),
        ("Kecamatan", 20),
        ("Desa/Kelurahan", 22),
        ("Status", 20),
        ("Sumber", 22),
    ),
}
"""Sheet -> (header label, column width); labels are aliases known to ``etl.schema``."""

_ROWS: Final = {"Kegiatan": 1000, "Peserta": 10000, "Laporan": 3000}
_HEADER_FILL: Final = PatternFill("solid", fgColor="DDEBF7")


def make_template(path: Path, official: pd.DataFrame) -> Path:
    """Write the empty input workbook to ``path`` (``.xlsx``) and return ``path``.

    Drop-down lists come from ``official`` (columns ``kode, nama, kecamatan_kode,
    kecamatan``): kecamatan, desa per kecamatan, peran, jenis laporan and status.
    """
    _check_official(official)
    wb = Workbook()
    write_petunjuk(wb.active, petunjuk_lines())
    lists = _write_daftar(wb, official)
    for sheet, columns in TEMPLATE_HEADERS.items():
        ws = wb.create_sheet(sheet)
        write_header(ws, columns)
        _add_validations(ws, [label for label, _ in columns], _ROWS[sheet], lists)
    wb.move_sheet(DAFTAR_SHEET, offset=len(wb.sheetnames))
    wb.properties.title = "Templat isian Peta Sosialisasi"
    return save_workbook_stable(wb, path)


def petunjuk_lines() -> list[str]:
    """Instructions and input contract (Bahasa Indonesia), one line per row of Petunjuk."""
    peran = ", ".join(PERAN_PILIHAN)
    jenis = ", ".join(JENIS_LAPORAN)
    return [
        "PETUNJUK PENGISIAN — Peta Sosialisasi (Kantor Imigrasi Kelas I TPI Kupang)",
        "",
        "UMUM",
        "• Isi lembar Kegiatan, Peserta dan Laporan. Judul kolom di baris 1 jangan diubah.",
        "• Satu baris = satu catatan. Jangan menggabungkan sel (merge) dan jangan memberi warna "
        "sebagai pengganti isi.",
        "• Tanggal ditulis hari/bulan/tahun: dd/mm/yyyy, mis. 11/03/2024 = 11 Maret 2024.",
        "• Kecamatan dan Desa/Kelurahan: pilih dari daftar (drop-down) agar ejaannya sama dengan "
        "daftar resmi Kepmendagri. Pilih Kecamatan dahulu; daftar Desa/Kelurahan lalu hanya "
        "menampilkan desa di kecamatan itu.",
        "• Beberapa desa bernama sama di kecamatan berbeda (mis. Oinlasi, Oe'ekam, Fatumnasi, "
        "Nunbena, Oeleu, Tumu): kolom Kecamatan WAJIB diisi supaya desanya tidak tertukar.",
        "• Jumlah ditulis angka bulat (5), bukan kata (lima).",
        "",
        "DATA PRIBADI",
        "• JANGAN mengetik nama peserta, nomor HP/WA, NIK, alamat atau e-mail. Kolom seperti itu "
        "dibuang otomatis saat diolah (UU PDP No. 27/2022). Yang dicatat hanya jumlah orang per "
        "desa asal dan peran.",
        "",
        "LEMBAR KEGIATAN — satu baris per kegiatan sosialisasi",
        "• ID Kegiatan (wajib): kode unik buatan sendiri, mis. KGT-2025-001. Kode yang sama "
        "dipakai di lembar Peserta.",
        "• Tanggal (wajib), Kecamatan (wajib), Desa/Kelurahan (wajib): tempat kegiatan.",
        "• Lintang/Bujur (boleh kosong): titik tempat kegiatan, derajat desimal; lintang "
        "selatan bertanda minus, mis. -9.8652 dan 124.2790.",
        "• Tema, Narasumber, Penyelenggara, Catatan (boleh kosong). Narasumber cukup jabatannya.",
        "",
        "LEMBAR PESERTA — satu baris per desa/kelurahan ASAL x peran, untuk tiap kegiatan",
        "• Cakupan dihitung dari desa ASAL peserta, bukan tempat kegiatan: kegiatan di Kota Soe "
        "yang dihadiri dua belas kepala desa mencakup dua belas desa.",
        "• ID Kegiatan (wajib), Kecamatan (sebaiknya diisi), Desa/Kelurahan asal (wajib), "
        "Peran (wajib), Jumlah (wajib), Laki-laki dan Perempuan (boleh kosong).",
        f"• Pilihan peran: {peran}.",
        "• Contoh: KGT-2025-001 | Kota Soe | Kampung Baru | ketua RT | 6.",
        "",
        "LEMBAR LAPORAN — satu baris per laporan/pengaduan",
        "• No Laporan (wajib, unik), Tanggal (wajib), Jenis (wajib).",
        f"• Pilihan jenis: {jenis}.",
        "• Lokasi: isi Lintang + Bujur (titik dari GPS/peta) ATAU Kecamatan + Desa/Kelurahan.",
        f"• Status (boleh kosong), mis. {', '.join(STATUS_PILIHAN)}; Sumber (boleh kosong), "
        "mis. warga, kepala desa, media sosial — tanpa nama orang.",
        "",
        "DIOLAH DENGAN",
        "• peta-sosialisasi etl BERKAS.xlsx --out FOLDER  (beberapa berkas .xlsx/.csv boleh "
        "sekaligus). Baris yang tidak bisa dipastikan masuk tabel tinjauan beserta alasannya; "
        "tidak ada baris yang hilang diam-diam.",
        "• Judul kolom dikenali tanpa membedakan huruf besar/kecil, spasi dan tanda baca; "
        "sinonim yang umum juga diterima (Tgl, Jml, Desa Asal, Latitude/Longitude, ...).",
        f"• Lembar '{DAFTAR_SHEET}' (tersembunyi) berisi pilihan drop-down; jangan diubah.",
    ]


def write_petunjuk(ws: Worksheet, lines: Sequence[str], title: str = "Petunjuk") -> None:
    """Write one line per row in column A (wrapped, wide); section lines in bold."""
    ws.title = title
    ws.column_dimensions["A"].width = 120
    for row, text in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if text and (row == 1 or (text.isupper() or text.split(" — ")[0].isupper())):
            cell.font = Font(bold=True)


def write_header(ws: Worksheet, columns: Sequence[tuple[str, int]], row: int = 1) -> None:
    """Bold, shaded header at ``row``, frozen below it, with column widths."""
    for index, (label, width) in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index, value=label)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{row + 1}"


def save_workbook_stable(wb: Workbook, path: Path, timestamp: datetime = FIXED_TIMESTAMP) -> Path:
    """Save ``wb`` so the same content gives the same bytes, atomically (temp + rename).

    openpyxl stamps the current time into ``docProps/core.xml`` and into every zip entry;
    both are replaced by ``timestamp``.
    """
    wb.properties.created = timestamp
    wb.properties.modified = timestamp
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    with (
        atomic_target(path) as tmp,
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(tmp, "w") as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=timestamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return path


# --- helpers -----------------------------------------------------------------------------
_MODIFIED: Final = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_LISTS: Final = {"kecamatan": "A", "kunci": "B", "peran": "C", "jenis": "D", "status": "E"}
_FIRST_DESA_COLUMN: Final = 7  # column G


def _check_official(official: pd.DataFrame) -> None:
    missing = {"kode", "nama", "kecamatan_kode", "kecamatan"} - set(official.columns)
    if missing:
        raise ValueError(f"Daftar resmi tanpa kolom: {', '.join(sorted(missing))}")
    if official.empty:
        raise ValueError("Daftar resmi desa kosong.")


def _write_daftar(wb: Workbook, official: pd.DataFrame) -> dict[str, str]:
    """Hidden list sheet + defined names; returns list key -> defined name / formula."""
    ws = wb.create_sheet(DAFTAR_SHEET)
    ws.sheet_state = "hidden"
    kec = (
        official[["kecamatan_kode", "kecamatan"]]
        .drop_duplicates("kecamatan_kode")
        .sort_values("kecamatan_kode")
    )
    keys = ["Desa_" + str(code).replace(".", "_") for code in kec["kecamatan_kode"]]
    columns = {
        "kecamatan": [str(n) for n in kec["kecamatan"]],
        "kunci": keys,
        "peran": list(PERAN_PILIHAN),
        "jenis": list(JENIS_LAPORAN),
        "status": list(STATUS_PILIHAN),
    }
    names: dict[str, str] = {}
    for key, values in columns.items():
        letter = _LISTS[key]
        ws[f"{letter}1"] = f"Pilihan {key}"
        for row, value in enumerate(values, start=2):
            ws[f"{letter}{row}"] = excel_cell(value)
        name = f"Daftar_{key.capitalize()}"
        _define(wb, name, f"${letter}$2:${letter}${len(values) + 1}")
        names[key] = name
    for offset, (code, label, key) in enumerate(
        zip(kec["kecamatan_kode"], kec["kecamatan"], keys, strict=True)
    ):
        letter = get_column_letter(_FIRST_DESA_COLUMN + offset)
        desa = official.loc[official["kecamatan_kode"] == code].sort_values("kode")["nama"]
        ws[f"{letter}1"] = excel_cell(f"Pilihan desa {label}")
        for row, value in enumerate(desa, start=2):
            ws[f"{letter}{row}"] = excel_cell(str(value))
        _define(wb, key, f"${letter}$2:${letter}${len(desa) + 1}")
    return names


def _define(wb: Workbook, name: str, cells: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"{DAFTAR_SHEET}!{cells}")


def _add_validations(ws: Worksheet, labels: list[str], rows: int, lists: dict[str, str]) -> None:
    def column(prefix: str) -> str | None:
        hits = [i for i, label in enumerate(labels, start=1) if label.startswith(prefix)]
        return get_column_letter(hits[0]) if hits else None

    def add(letter: str | None, formula: str, prompt: str, kind: str = "list") -> None:
        if letter is None:
            return
        dv = DataValidation(
            type=kind, formula1=formula, allow_blank=True, showErrorMessage=True,
            errorStyle="warning", error="Nilai tidak ada di daftar. Periksa ejaannya.",
            errorTitle="Periksa isian", showInputMessage=True, prompt=prompt,
        )  # fmt: skip
        if kind == "whole":
            dv.operator = "greaterThanOrEqual"
            dv.error = "Tulis angka bulat 0 atau lebih."
        dv.add(f"{letter}2:{letter}{rows + 1}")
        ws.add_data_validation(dv)

    kec = column("Kecamatan")
    kunci = f"Daftar!$A$2:${_LISTS['kunci']}$1000"
    add(kec, lists["kecamatan"], "Pilih kecamatan dari daftar.")
    if kec is not None:
        add(
            column("Desa/Kelurahan"),
            f"INDIRECT(VLOOKUP(${kec}2,{kunci},2,FALSE))",
            "Pilih Kecamatan dahulu, lalu desa/kelurahan dari daftar.",
        )
    add(column("Peran"), lists["peran"], "Pilih peran peserta.")
    add(column("Jenis"), lists["jenis"], "Pilih jenis laporan.")
    add(column("Status"), lists["status"], "Pilih atau ketik status laporan.")
    for prefix in ("Jumlah", "Laki-laki", "Perempuan"):
        add(column(prefix), "0", "Jumlah orang (angka bulat).", kind="whole")
    tanggal = column("Tanggal")
    if tanggal is not None:
        # Text format: Excel must not turn 11/03/2024 into 3 November on a US-locale PC.
        ws.column_dimensions[tanggal].number_format = "@"
