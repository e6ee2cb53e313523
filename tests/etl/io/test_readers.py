from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from etl.errors import InputError
from etl.io.readers import RawTable, read_inputs
from etl.schema import COLUMNS

PESERTA_HEADER = ["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah"]


def _one(result_tables: list[RawTable], kind: str) -> RawTable:
    tables = [t for t in result_tables if t.kind == kind]
    assert len(tables) == 1
    return tables[0]


def _workbook(path: Path) -> Path:
    """Kegiatan with title rows (header on row 3), Peserta with personal columns, a hidden
    sheet, an empty sheet and an instructions sheet."""
    book = openpyxl.Workbook()
    kegiatan = book.active
    assert kegiatan is not None
    kegiatan.title = "Kegiatan"
    kegiatan.append(["REKAP SOSIALISASI KANTOR IMIGRASI KUPANG"])
    kegiatan.append([])
    kegiatan.append(["No", "ID Kegiatan", "Tgl", "Kec.", "Desa/Kelurahan", "Latitude", "Bujur"])
    kegiatan.append([1, "K-01", datetime(2024, 3, 12), "Kota Soe", "Kampung Baru", -9.86, 124.28])
    kegiatan.append([2, None, None, None, None, None, None])  # only the running number
    kegiatan.append([3, "K-02", "31/02/2024", "Kota Soe", "Nonohonis", "-9,87", "124,29"])
    peserta = book.create_sheet("Daftar Hadir")
    peserta.append(["ID Kegiatan", "Nama Peserta", "No. HP", "NIK", "Desa Asal", "Jabatan", "Jml"])
    peserta.append(["K-01", "Yohanes", "0812345678", "5302010101010001", "Oinlasi", "kades", 1])
    peserta.append([None, None, None, None, None, None, None])
    peserta.append(["K-01", "Maria", None, None, "Kampung Baru", "Ketua RT 05", "2"])
    peserta.append([None, "Tanpa Desa", None, None, None, None, None])  # only a name: kept
    hidden = book.create_sheet("Laporan Lama")
    hidden.append(["No Laporan", "Tanggal", "Jenis", "Desa"])
    hidden.append(["L1", "01/01/2024", "TPPO", "Soe"])
    hidden.sheet_state = "hidden"
    book.create_sheet("Sheet3")
    book.create_sheet("Petunjuk").append(["Isi satu baris per kegiatan."])
    book.save(path)
    return path


def test_workbook_sheets_rows_and_types(tmp_path: Path) -> None:
    result = read_inputs([_workbook(tmp_path / "data.xlsx")])
    kegiatan = _one(result.tables, "kegiatan")
    assert (kegiatan.sumber_file, kegiatan.sumber_lembar) == ("data.xlsx", "Kegiatan")
    frame = kegiatan.frame
    assert list(frame.columns) == [*COLUMNS["kegiatan"], "sumber_baris"]
    assert frame["sumber_baris"].tolist() == [4, 6]  # header on row 3; blank row 5 skipped
    assert frame["tanggal"].tolist() == [datetime(2024, 3, 12), "31/02/2024"]
    assert frame["lat"].tolist() == [-9.86, "-9,87"]
    assert frame["id_kegiatan"].tolist() == ["K-01", "K-02"]
    assert frame["tema"].isna().all()

    peserta = _one(result.tables, "peserta")
    assert peserta.sumber_lembar == "Daftar Hadir"
    assert peserta.frame["sumber_baris"].tolist() == [2, 4, 5]
    assert peserta.frame["peran"].tolist() == ["kades", "Ketua RT 05", None]
    assert peserta.frame["jumlah"].tolist() == [1, "2", None]
    assert result.dropped_columns == {"data.xlsx": ["Nama Peserta", "No. HP", "NIK"]}
    for table in result.tables:
        text = table.frame.astype(str).to_string()
        assert "Yohanes" not in text and "0812345678" not in text and "530201" not in text


def test_workbook_warnings_name_hidden_and_empty_sheets(tmp_path: Path) -> None:
    result = read_inputs([_workbook(tmp_path / "data.xlsx")])
    joined = "\n".join(result.warnings)
    assert "lembar 'Laporan Lama' disembunyikan" in joined
    assert "lembar 'Sheet3' kosong" in joined
    assert "Petunjuk" not in joined
    assert all("data.xlsx" in warning for warning in result.warnings)
    assert {t.kind for t in result.tables} == {"kegiatan", "peserta"}


def test_file_hash_and_same_file_twice_read_once(tmp_path: Path) -> None:
    first = _workbook(tmp_path / "januari.xlsx")
    copy = tmp_path / "salinan.xlsx"
    copy.write_bytes(first.read_bytes())
    result = read_inputs([first, copy, first])
    assert len(result.tables) == 2
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert result.file_hashes == {"januari.xlsx": digest}
    duplicate = [w for w in result.warnings if "sama persis" in w]
    assert len(duplicate) == 2
    assert "salinan.xlsx" in duplicate[0] and "januari.xlsx" in duplicate[0]


def test_xlsx_renamed_csv_is_read_as_workbook(tmp_path: Path) -> None:
    renamed = tmp_path / "kiriman.csv"
    renamed.write_bytes(_workbook(tmp_path / "asli.xlsx").read_bytes())
    result = read_inputs([renamed])
    assert {t.kind for t in result.tables} == {"kegiatan", "peserta"}
    assert any("kiriman.csv" in w and "workbook" in w for w in result.warnings)


def test_csv_renamed_xlsx_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "peserta.xlsx"
    path.write_text("ID Kegiatan,Desa,Peran,Jumlah\nK1,Oinlasi,kades,1\n", encoding="utf-8")
    result = read_inputs([path])
    assert _one(result.tables, "peserta").frame["desa"].tolist() == ["Oinlasi"]
    assert any("peserta.xlsx" in w and "CSV" in w for w in result.warnings)


def test_workbook_without_data_sheets_is_an_error(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Catatan rapat"])
    sheet.append(["tidak ada tabel"])
    path = tmp_path / "catatan.xlsx"
    book.save(path)
    with pytest.raises(InputError, match=r"catatan\.xlsx.*tidak berisi lembar"):
        read_inputs([path])


def test_named_sheet_missing_a_required_column_is_an_error(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Peserta"
    sheet.append(["ID Kegiatan", "Desa", "Jumlah"])
    sheet.append(["K1", "Oinlasi", 3])
    path = tmp_path / "kurang.xlsx"
    book.save(path)
    with pytest.raises(InputError, match=r"kurang\.xlsx.*'Peserta'.*tidak ditemukan: peran"):
        read_inputs([path])


def test_template_with_headers_only_gives_empty_tables(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Peserta"
    sheet.append(PESERTA_HEADER)
    path = tmp_path / "templat.xlsx"
    book.save(path)
    table = _one(read_inputs([path]).tables, "peserta")
    assert len(table.frame) == 0
    assert list(table.frame.columns) == [*COLUMNS["peserta"], "sumber_baris"]


# --- CSV ---------------------------------------------------------------------------------


def test_csv_with_bom_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffID Kegiatan,Desa,Peran,Jumlah\r\nK1,Oinlasi,kades,1\r\n".encode())
    table = _one(read_inputs([path]).tables, "peserta")
    assert table.frame["id_kegiatan"].tolist() == ["K1"]
    assert table.frame["sumber_baris"].tolist() == [2]
    assert table.sumber_lembar == ""


def test_semicolon_csv_with_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "laporan.csv"
    path.write_text(
        "No Laporan;Tanggal;Jenis;Lintang;Bujur\nL1;12/03/2024;TPPO;-9,8652;124,2718\n",
        encoding="utf-8",
    )
    frame = _one(read_inputs([path]).tables, "laporan").frame
    assert frame.loc[0, "lat"] == "-9,8652" and frame.loc[0, "lon"] == "124,2718"


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "windows.csv"
    text = "ID Kegiatan;Kecamatan;Desa;Peran;Jumlah\nK1;Kot’olin;Café;warga;3\n"
    path.write_bytes(text.encode("cp1252"))
    frame = _one(read_inputs([path]).tables, "peserta").frame
    assert frame.loc[0, "kecamatan"] == "Kot’olin"
    assert frame.loc[0, "desa"] == "Café"


def test_utf16_tab_separated_text_from_excel(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("ID Kegiatan\tDesa\tPeran\tJumlah\nK1\tOe'ekam\tRT\t2\n".encode("utf-16"))
    frame = _one(read_inputs([path]).tables, "peserta").frame
    assert frame.loc[0, "desa"] == "Oe'ekam"


def test_csv_header_not_on_first_line_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "judul.csv"
    path.write_text(
        "Daftar hadir sosialisasi\n\nID Kegiatan,Desa,Peran,Jumlah\nK1,Oinlasi,kades,1\n"
        ",,,\n\nK1,Soe,lurah,1\n",
        encoding="utf-8",
    )
    frame = _one(read_inputs([path]).tables, "peserta").frame
    assert frame["sumber_baris"].tolist() == [4, 7]
    assert frame["desa"].tolist() == ["Oinlasi", "Soe"]


def test_csv_quoted_newline_keeps_line_numbers_exact(tmp_path: Path) -> None:
    path = tmp_path / "catatan.csv"
    path.write_text(
        'ID Kegiatan,Tanggal,Kecamatan,Desa,Catatan\nK1,01/02/2024,Kota Soe,Soe,"baris satu\nbaris dua"\n'
        "K2,02/02/2024,Kota Soe,Soe,biasa\n",
        encoding="utf-8",
    )
    frame = _one(read_inputs([path]).tables, "kegiatan").frame
    assert frame["sumber_baris"].tolist() == [2, 4]
    assert frame.loc[0, "catatan"] == "baris satu\nbaris dua"


def test_csv_personal_columns_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "hadir.csv"
    path.write_text(
        "Nama,WhatsApp,Alamat,ID Kegiatan,Desa,Peran,Jumlah\nAni,0812,Jl. Kenari,K1,Soe,warga,1\n",
        encoding="utf-8",
    )
    result = read_inputs([path])
    assert result.dropped_columns == {"hadir.csv": ["Nama", "WhatsApp", "Alamat"]}
    assert "Ani" not in _one(result.tables, "peserta").frame.astype(str).to_string()


PERSONAL_HEADERS = [
    "Ponsel", "HP", "Telepon", "No. Telp", "WA", "WhatsApp", "Nomor Induk Kependudukan",
    "No. KTP", "KTP", "Alamat Rumah", "Tanggal Lahir", "Email/Surel",
]  # fmt: skip


def test_every_kind_of_personal_column_is_dropped_and_listed(tmp_path: Path) -> None:
    path = tmp_path / "kegiatan.csv"
    secret = [f"rahasia{i}" for i in range(len(PERSONAL_HEADERS))]
    path.write_text(
        ",".join(["ID Kegiatan", "Tanggal", "Kecamatan", "Desa", *PERSONAL_HEADERS]) + "\n"
        + ",".join(["K1", "01/02/2024", "Kota Soe", "Soe", *secret]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = read_inputs([path])
    assert result.dropped_columns == {"kegiatan.csv": PERSONAL_HEADERS}
    assert "rahasia" not in _one(result.tables, "kegiatan").frame.astype(str).to_string()
    assert not any("tidak dipakai" in w for w in result.warnings)


def _csv_with_nul(path: Path, filler_lines: int) -> Path:
    """Kegiatan CSV whose last two records hold a NUL (after ``filler_lines`` records)."""
    lines = ["ID Kegiatan,Tanggal,Kecamatan,Desa,Tema,Catatan"]
    lines += [f"P{i},01/01/2026,Kota Soe,SoE,Tema biasa,catatan {i}" for i in range(filler_lines)]
    lines += ["K1,11/03/2026,Kota Soe,SoE,TPPO\x00 rahasia,ok", "K2,12/03/2026,Kota S\x00oe,SoE,,"]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


@pytest.mark.parametrize("filler_lines", [0, 300])  # the NUL in the first 8 KB, and after
def test_nul_in_csv_is_removed_text_kept_and_rows_named(tmp_path: Path, filler_lines: int) -> None:
    path = _csv_with_nul(tmp_path / "nul.csv", filler_lines)
    result = read_inputs([path])
    frame = _one(result.tables, "kegiatan").frame
    assert frame["tema"].iloc[-2] == "TPPO rahasia"
    assert frame["kecamatan"].iloc[-1] == "Kota Soe"
    assert result.nul_removed == {"nul.csv": 2}
    first = filler_lines + 2
    assert any(
        "2 karakter NUL" in w and f"baris {first}, {first + 1}" in w for w in result.warnings
    )


def test_phone_numbers_and_nik_in_free_text_are_masked_when_read(tmp_path: Path) -> None:
    path = tmp_path / "kegiatan.csv"
    path.write_text(
        "ID Kegiatan,Tanggal,Kecamatan,Desa,Tema,Catatan\n"
        "K1,01/02/2024,Kota Soe,Soe,TPPO 0812-3456-7890,NIK 5302011234560001 RT 05\n"
        "K2,01/02/2024,Kota Soe,Soe,TPPO,tanggal 11/03/2024 5 orang\n",
        encoding="utf-8",
    )
    result = read_inputs([path])
    frame = _one(result.tables, "kegiatan").frame
    assert frame["tema"].tolist() == ["TPPO [nomor disamarkan]", "TPPO"]
    assert frame["catatan"].tolist() == [
        "NIK [nomor disamarkan] RT 05",
        "tanggal 11/03/2024 5 orang",
    ]
    assert result.masked == {"tema": 1, "catatan": 1}
    assert any("disamarkan" in w and "catatan (1), tema (1)" in w for w in result.warnings)


def test_unrecognisable_csv_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "belanja.csv"
    path.write_text("barang,harga\nberas,12000\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"belanja\.csv.*tidak dikenali.*barang, harga"):
        read_inputs([path])


def test_csv_missing_required_column_names_file_and_column(tmp_path: Path) -> None:
    path = tmp_path / "kegiatan.csv"
    path.write_text("ID Kegiatan,Tanggal,Desa,Tema\nK1,01/02/2024,Soe,TPPO\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"kegiatan\.csv.*kolom wajib.*kecamatan"):
        read_inputs([path])


def test_same_name_in_two_folders_keeps_both_apart(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, two = tmp_path / "a" / "data.csv", tmp_path / "b" / "data.csv"
    one.write_text("ID Kegiatan,Desa,Peran,Jumlah\nK1,Soe,warga,1\n", encoding="utf-8")
    two.write_text("ID Kegiatan,Desa,Peran,Jumlah\nK2,Soe,warga,1\n", encoding="utf-8")
    result = read_inputs([one, two])
    assert sorted(t.sumber_file for t in result.tables) == sorted([str(one), str(two)])
