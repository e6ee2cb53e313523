"""Check an input file BEFORE any parser touches it (issue 6, hostile and broken files).

Files come from many hands and through uploads, so the type is decided by content, never by
the extension, and a workbook is inspected as a zip archive first: file size, number of
entries, declared uncompressed sizes and compression ratios, the parts an ``.xlsx`` must
have, and no DTD (``<!DOCTYPE``/``<!ENTITY``, the "billion laughs" and XXE vectors) in any
XML part. Only the end-of-archive record and the first bytes of each XML part are read, so
a zip bomb or an entity bomb is rejected quickly and in bounded memory. openpyxl itself
parses through defusedxml (asserted in ``etl.io.readers``) as a second line of defence.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path
from typing import Final, Literal

from etl.errors import InputError, UnsafeFileError

FileType = Literal["xlsx", "csv"]

MAX_FILE_BYTES: Final = 256 * 1024 * 1024
"""Largest input file accepted (bytes on disk)."""
MAX_ZIP_ENTRIES: Final = 2000
"""Most parts an .xlsx may hold (a real workbook has a few dozen)."""
MAX_UNCOMPRESSED_BYTES: Final = 512 * 1024 * 1024
"""Largest total declared uncompressed size of an .xlsx."""
MAX_COMPRESSION_RATIO: Final = 100.0
"""Largest uncompressed/compressed ratio, per part and overall (zip bombs reach 1000x+)."""
RATIO_MIN_BYTES: Final = 1024 * 1024
"""Parts smaller than this are not ratio-checked: they cannot hurt and compress well."""
PROLOG_LIMIT: Final = 64 * 1024
"""An XML part whose prolog (before the root element) is longer than this is rejected."""

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_ENTRIES",
    "FileType",
    "check_input_file",
]


def check_input_file(
    path: Path,
    max_bytes: int = MAX_FILE_BYTES,
    *,
    max_entries: int = MAX_ZIP_ENTRIES,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: float = MAX_COMPRESSION_RATIO,
) -> FileType:
    """Type of an input file by its content: ``"xlsx"`` (a safe-looking workbook) or ``"csv"``
    (text). Raises ``InputError`` for missing, empty, ``.xls``, ``.ods`` or binary files and
    ``UnsafeFileError`` for files that are too large or look hostile. Messages name the file.
    """
    name = path.name
    if not path.is_file():
        raise InputError(f"File '{path}' tidak ditemukan.")
    size = path.stat().st_size
    if size > max_bytes:
        raise UnsafeFileError(
            f"File '{name}' terlalu besar ({_mb(size)}; batas {_mb(max_bytes)}). "
            "Pecah datanya menjadi beberapa file."
        )
    if size == 0:
        raise InputError(f"File '{name}' kosong (0 byte).")
    with path.open("rb") as handle:
        head = handle.read(8192)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _check_workbook(path, size, max_entries, max_uncompressed, max_ratio)
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        raise InputError(
            f"File '{name}' berformat .xls lama (atau .xlsx yang dikunci kata sandi). "
            "Buka di Excel, buang kata sandinya, lalu simpan sebagai .xlsx (Excel Workbook)."
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text ("Unicode Text" from Excel)
    # A stray NUL in text is removed by the reader (with a warning); over 5 % means binary.
    if head.startswith(_BINARY_MAGIC) or head.count(b"\x00") * 20 > len(head):
        raise InputError(
            f"File '{name}' bukan workbook .xlsx dan bukan teks CSV; simpan datanya sebagai .xlsx."
        )
    return "csv"


# --- helpers -----------------------------------------------------------------------------
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC: Final = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"Rar!", b"7z")
_EOCD: Final = struct.Struct("<4sHHHHIIH")
_ZIP64_LOCATOR: Final = struct.Struct("<4sIQI")
_ZIP64_EOCD: Final = struct.Struct("<4sQHHIIQQQQ")
_CENTRAL_ENTRY_BYTES: Final = 1024
"""Generous bytes per central-directory entry (46 + name + extra), to bound its size."""
_XML_SUFFIXES: Final = (".xml", ".rels", ".vml")
_PROLOG_ITEM: Final = re.compile(r"\s*(<\?.*?\?>|<!--.*?-->)", re.DOTALL)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _check_workbook(
    path: Path, size: int, max_entries: int, max_uncompressed: int, max_ratio: float
) -> None:
    name = path.name
    entries, directory_size = _read_end_record(path, size)
    if entries > max_entries or directory_size > max_entries * _CENTRAL_ENTRY_BYTES:
        raise UnsafeFileError(
            f"File '{name}' ditolak: arsip berisi terlalu banyak bagian ({entries}; "
            f"batas {max_entries}). Ini bukan workbook biasa."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(name, infos, max_entries, max_uncompressed, max_ratio)
            _check_parts(name, {info.filename for info in infos})
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES):
                    _check_prolog(name, archive, info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise InputError(
            f"File '{name}' rusak atau bukan workbook .xlsx yang utuh ({error})."
        ) from error
    except NotImplementedError as error:
        raise InputError(
            f"File '{name}' memakai kompresi yang tidak didukung; simpan ulang sebagai .xlsx."
        ) from error


def _read_end_record(path: Path, size: int) -> tuple[int, int]:
    """(entry count, central directory size) from the end record, before zipfile parses it."""
    tail_size = min(size, _EOCD.size + 65535)
    with path.open("rb") as handle:
        handle.seek(size - tail_size)
        tail = handle.read(tail_size)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < _EOCD.size:
            raise InputError(f"File '{path.name}' rusak: akhir arsip zip tidak ditemukan.")
        fields = _EOCD.unpack_from(tail, at)
        entries, directory_size = fields[4], fields[5]
        if entries == 0xFFFF or directory_size == 0xFFFFFFFF or fields[6] == 0xFFFFFFFF:
            locator_at = size - tail_size + at - _ZIP64_LOCATOR.size
            if locator_at < 0:
                raise InputError(f"File '{path.name}' rusak: catatan zip64 tidak ditemukan.")
            handle.seek(locator_at)
            locator = _ZIP64_LOCATOR.unpack(handle.read(_ZIP64_LOCATOR.size))
            if locator[0] != b"PK\x06\x07":
                raise InputError(f"File '{path.name}' rusak: catatan zip64 tidak ditemukan.")
            handle.seek(locator[2])
            record = handle.read(_ZIP64_EOCD.size)
            if len(record) < _ZIP64_EOCD.size or not record.startswith(b"PK\x06\x06"):
                raise InputError(f"File '{path.name}' rusak: catatan zip64 tidak utuh.")
            zip64 = _ZIP64_EOCD.unpack(record)
            entries, directory_size = zip64[7], zip64[8]
    return int(entries), int(directory_size)


def _check_sizes(
    name: str,
    infos: list[zipfile.ZipInfo],
    max_entries: int,
    max_uncompressed: int,
    max_ratio: float,
) -> None:
    if len(infos) > max_entries:
        raise UnsafeFileError(
            f"File '{name}' ditolak: arsip berisi terlalu banyak bagian ({len(infos)}; "
            f"batas {max_entries})."
        )
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > max_uncompressed:
        raise UnsafeFileError(
            f"File '{name}' ditolak: isinya bila dibuka {_mb(total)} (batas "
            f"{_mb(max_uncompressed)}); kemungkinan bom zip."
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(f"File '{name}' terkunci kata sandi; simpan tanpa kata sandi.")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and ratio > max_ratio:
            raise UnsafeFileError(
                f"File '{name}' ditolak: bagian '{info.filename}' memampat {ratio:.0f} kali "
                f"(batas {max_ratio:.0f}); kemungkinan bom zip."
            )
    if total > RATIO_MIN_BYTES and total / max(packed, 1) > max_ratio:
        raise UnsafeFileError(
            f"File '{name}' ditolak: isinya memampat {total / max(packed, 1):.0f} kali "
            f"(batas {max_ratio:.0f}); kemungkinan bom zip."
        )


def _check_parts(name: str, names: set[str]) -> None:
    if "mimetype" in names and not any(part.startswith("xl/") for part in names):
        raise InputError(
            f"File '{name}' berformat OpenDocument (.ods); buka lalu simpan sebagai .xlsx."
        )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        kind = "dokumen Word" if "word/document.xml" in names else "arsip zip"
        csvs = any(part.lower().endswith(".csv") for part in names)  # an ODK Central export
        raise InputError(
            f"File '{name}' adalah {kind}, bukan workbook .xlsx (tidak ada xl/workbook.xml)."
            + (" Bila ini ekspor ODK Central: buka zip-nya dan muat berkas CSV di dalamnya."
               if csvs else "")
        )  # fmt: skip


def _check_prolog(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Reject an XML part with a DTD: only the prolog (before the root element) is read."""
    with archive.open(info) as part:
        data = part.read(PROLOG_LIMIT)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[1:2] == b"\x00" or data[:1] == b"\x00":
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    position = 0
    while match := _PROLOG_ITEM.match(text, position):
        position = match.end()
    rest = text[position:].lstrip()
    if rest.startswith("<!"):
        raise UnsafeFileError(
            f"File '{name}' ditolak: bagian '{info.filename}' memuat deklarasi DTD/entitas "
            "XML (bisa dipakai untuk serangan 'billion laughs'); workbook Excel asli tidak "
            "pernah memuatnya."
        )
    if not rest.startswith("<") and len(data) >= PROLOG_LIMIT:
        raise UnsafeFileError(
            f"File '{name}' ditolak: bagian '{info.filename}' diawali teks yang tidak wajar."
        )
