from __future__ import annotations

import contextlib
import tracemalloc
import zipfile
from pathlib import Path

import defusedxml
import openpyxl
import pytest

from etl.errors import InputError, UnsafeFileError
from etl.io.readers import read_inputs
from etl.io.safety import check_input_file

_BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
"""
_SHEET = "xl/worksheets/sheet1.xml"
_MEMORY_LIMIT = 32 * 1024 * 1024


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Peserta"
    sheet.append(["ID Kegiatan", "Desa", "Peran", "Jumlah"])
    sheet.append(["K1", "Oinlasi", "kades", 1])
    book.save(path)
    return path


def _replace_part(source: Path, target: Path, member: str, writer: object) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename == member:
                with new.open(member, "w") as handle:
                    writer(handle)  # type: ignore[operator]
            else:
                new.writestr(info.filename, old.read(info.filename))
    return target


def _peak_memory(action: object) -> int:
    tracemalloc.start()
    try:
        with contextlib.suppress(InputError):
            action()  # type: ignore[operator]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_plain_files_are_typed_by_content_not_extension(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "data.xlsx")
    assert check_input_file(book) == "xlsx"
    renamed = tmp_path / "data.csv"
    renamed.write_bytes(book.read_bytes())
    assert check_input_file(renamed) == "xlsx"
    text = tmp_path / "teks.xlsx"
    text.write_text("ID Kegiatan;Desa;Peran;Jumlah\nK1;Oinlasi;kades;1\n", encoding="utf-8")
    assert check_input_file(text) == "csv"


def test_old_xls_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "lama.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError, match=r"lama\.xls.*\.xls lama.*simpan sebagai \.xlsx"):
        check_input_file(path)


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (b"", "kosong"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "bukan workbook"),
        (b"abc\x00def", "bukan workbook"),
    ],
)
def test_empty_and_binary_files_are_clear_errors(
    tmp_path: Path, content: bytes, pattern: str
) -> None:
    path = tmp_path / "aneh.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"aneh\.csv.*{pattern}"):
        check_input_file(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="tidak ditemukan"):
        check_input_file(tmp_path / "tidak-ada.xlsx")


def test_too_large_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "besar.csv"
    path.write_bytes(b"a,b\n" * 1000)
    with pytest.raises(UnsafeFileError, match=r"besar\.csv.*terlalu besar"):
        check_input_file(path, max_bytes=1000)


def test_zip_bomb_is_rejected_quickly_with_bounded_memory(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "asli.xlsx")

    def write_zeros(handle: object) -> None:
        block = b" " * (1024 * 1024)
        for _ in range(64):  # 64 MB that compress to ~64 KB
            handle.write(block)  # type: ignore[attr-defined]

    bomb = _replace_part(book, tmp_path / "bom.xlsx", _SHEET, write_zeros)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(UnsafeFileError, match=r"bom\.xlsx.*bom zip"):
        check_input_file(bomb)
    with pytest.raises(UnsafeFileError):
        read_inputs([bomb])
    assert _peak_memory(lambda: check_input_file(bomb)) < _MEMORY_LIMIT


def test_total_uncompressed_size_limit(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "buku.xlsx")
    with pytest.raises(UnsafeFileError, match="bila dibuka"):
        check_input_file(book, max_uncompressed=1000)


def test_too_many_zip_entries_are_rejected(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "asli.xlsx")
    crowded = tmp_path / "ramai.xlsx"
    with zipfile.ZipFile(book) as old, zipfile.ZipFile(crowded, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
        for index in range(2001):
            new.writestr(f"xl/media/x{index}.bin", b"")
    with pytest.raises(UnsafeFileError, match=r"ramai\.xlsx.*terlalu banyak bagian"):
        check_input_file(crowded)


def test_billion_laughs_is_rejected_quickly_with_bounded_memory(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "asli.xlsx")
    hostile = _replace_part(
        book, tmp_path / "tawa.xlsx", _SHEET, lambda handle: handle.write(_BILLION_LAUGHS)
    )
    with pytest.raises(UnsafeFileError, match=r"tawa\.xlsx.*DTD"):
        check_input_file(hostile)
    with pytest.raises(UnsafeFileError, match=r"tawa\.xlsx"):
        read_inputs([hostile])
    assert _peak_memory(lambda: check_input_file(hostile)) < _MEMORY_LIMIT


def test_billion_laughs_is_also_stopped_by_defusedxml_inside_openpyxl(tmp_path: Path) -> None:
    """Second line of defence: even without our pre-check openpyxl refuses the entities."""
    book = _workbook(tmp_path / "asli.xlsx")
    hostile = _replace_part(
        book, tmp_path / "tawa.xlsx", _SHEET, lambda handle: handle.write(_BILLION_LAUGHS)
    )
    with pytest.raises(ValueError) as caught:  # openpyxl wraps the defusedxml error
        workbook = openpyxl.load_workbook(hostile, read_only=True, data_only=True)
        try:
            list(workbook.worksheets[0].iter_rows(values_only=True))  # type: ignore[union-attr]
        finally:
            workbook.close()
    chain: list[BaseException] = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, defusedxml.DefusedXmlException) for e in chain)


def test_dtd_in_any_xml_part_is_rejected(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "asli.xlsx")
    xxe = (
        b'<?xml version="1.0"?><!-- komentar --><!DOCTYPE r [<!ENTITY x SYSTEM '
        b'"file:///etc/passwd">]><Types xmlns="x">&x;</Types>'
    )
    hostile = _replace_part(
        book, tmp_path / "xxe.xlsx", "[Content_Types].xml", lambda handle: handle.write(xxe)
    )
    with pytest.raises(UnsafeFileError, match=r"xxe\.xlsx.*\[Content_Types\]\.xml"):
        check_input_file(hostile)


def _understate_size(path: Path, member: str, fake_size: int) -> None:
    """Make the zip headers claim ``member`` is only ``fake_size`` bytes uncompressed."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(member).header_offset
    data[offset + 22 : offset + 26] = fake_size.to_bytes(4, "little")
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + length]) == name:
            data[at + 24 : at + 28] = fake_size.to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_zip_bomb_that_lies_about_its_size_is_never_expanded(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "asli.xlsx")
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'

    def write_bomb(handle: object) -> None:
        handle.write(head)  # type: ignore[attr-defined]
        for _ in range(64):
            handle.write(b" " * (1024 * 1024))  # type: ignore[attr-defined]
        handle.write(b"</sheetData></worksheet>")  # type: ignore[attr-defined]

    liar = _replace_part(book, tmp_path / "bohong.xlsx", _SHEET, write_bomb)
    _understate_size(liar, _SHEET, 4000)
    with pytest.raises(InputError, match=r"bohong\.xlsx.*rusak"):
        check_input_file(liar)
    with pytest.raises(InputError, match=r"bohong\.xlsx"):
        read_inputs([liar])
    assert _peak_memory(lambda: read_inputs([liar])) < _MEMORY_LIMIT


def test_other_zip_formats_are_clear_errors(tmp_path: Path) -> None:
    ods = tmp_path / "kalk.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office/>")
    with pytest.raises(InputError, match=r"kalk\.ods.*\.ods"):
        check_input_file(ods)
    docx = tmp_path / "surat.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(InputError, match=r"surat\.xlsx.*dokumen Word"):
        check_input_file(docx)


def test_reader_reports_entity_expansion_as_unsafe_even_without_the_pre_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import etl.io.readers as readers

    book = _workbook(tmp_path / "asli.xlsx")
    hostile = _replace_part(
        book, tmp_path / "tawa.xlsx", _SHEET, lambda handle: handle.write(_BILLION_LAUGHS)
    )
    monkeypatch.setattr(readers, "check_input_file", lambda path: "xlsx")
    with pytest.raises(UnsafeFileError, match=r"tawa\.xlsx.*DTD/entitas"):
        readers.read_inputs([hostile])
