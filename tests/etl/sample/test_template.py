"""The empty input template: sheets, headers, drop-downs from the official list."""

from __future__ import annotations

import argparse
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.workbook.workbook import Workbook

from etl.io.readers import read_inputs
from etl.sample.template import TEMPLATE_HEADERS, make_template
from etl.schema import JENIS_LAPORAN, PERAN_PILIHAN
from etl.tools.headers import detect_kind, header_score, match_headers

EXPECTED_COLUMNS = {
    "Kegiatan": [
        "id_kegiatan", "tanggal", "kecamatan", "desa", "lat", "lon",
        "tema", "narasumber", "penyelenggara", "catatan",
    ],
    "Peserta": ["id_kegiatan", "kecamatan", "desa", "peran", "jumlah", "laki_laki", "perempuan"],
    "Laporan": [
        "id_laporan", "tanggal", "jenis", "lat", "lon", "kecamatan", "desa", "status", "sumber",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def official(tts_gpkg: Path) -> pd.DataFrame:
    from geodata.load import read_official_list

    return read_official_list("53.02", out_dir=tts_gpkg.parent)


@pytest.fixture(scope="module")
def template(official: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("templat") / "templat.xlsx", official)


@pytest.fixture(scope="module")
def wb(template: Path) -> Workbook:
    return openpyxl.load_workbook(template)


def _named_values(wb: Workbook, name: str) -> list[object]:
    ((sheet, cells),) = list(wb.defined_names[name].destinations)
    return [row[0].value for row in wb[sheet][cells.replace("$", "")]]


def test_sheets_and_hidden_list_sheet(wb: Workbook) -> None:
    assert wb.sheetnames == ["Petunjuk", "Kegiatan", "Peserta", "Laporan", "Daftar"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 4 + ["hidden"]


@pytest.mark.parametrize("sheet", ["Kegiatan", "Peserta", "Laporan"])
def test_headers_are_known_bold_and_frozen(wb: Workbook, sheet: str) -> None:
    ws = wb[sheet]
    headers = [cell.value for cell in ws[1]]
    assert headers == [label for label, _ in TEMPLATE_HEADERS[sheet]]
    assert list(match_headers(headers).values()) == EXPECTED_COLUMNS[sheet]
    assert detect_kind(headers, sheet) == sheet.lower()
    assert all(cell.font.bold for cell in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 10


def test_kecamatan_and_desa_dropdowns_cover_the_official_list(
    wb: Workbook, official: pd.DataFrame
) -> None:
    for sheet in ("Kegiatan", "Peserta", "Laporan"):
        formulas = {dv.formula1 for dv in wb[sheet].data_validations.dataValidation}
        assert "Daftar_Kecamatan" in formulas
        assert any(f.startswith("INDIRECT(VLOOKUP(") for f in formulas)
    kecamatan = _named_values(wb, "Daftar_Kecamatan")
    keys = _named_values(wb, "Daftar_Kunci")
    assert len(kecamatan) == 32
    assert set(kecamatan) == set(official["kecamatan"])
    total = 0
    for name, key in zip(kecamatan, keys, strict=True):
        desa = _named_values(wb, str(key))
        expected = official.loc[official["kecamatan"] == name, "nama"]
        assert sorted(map(str, desa)) == sorted(expected)
        total += len(desa)
    assert total == 278


def test_dependent_desa_list_points_at_kecamatan_cell_of_same_row(wb: Workbook) -> None:
    dv = next(
        dv
        for dv in wb["Peserta"].data_validations.dataValidation
        if dv.formula1.startswith("INDIRECT")
    )
    assert str(dv.sqref).startswith("C2:")  # Desa/Kelurahan
    assert "($B2," in dv.formula1  # Kecamatan, relative row
    assert dv.errorStyle == "warning"  # officers may still type a name the list lacks


def test_role_and_report_type_lists(wb: Workbook) -> None:
    assert _named_values(wb, "Daftar_Peran") == list(PERAN_PILIHAN)
    assert _named_values(wb, "Daftar_Jenis") == list(JENIS_LAPORAN)
    peserta = {dv.formula1 for dv in wb["Peserta"].data_validations.dataValidation}
    laporan = {dv.formula1 for dv in wb["Laporan"].data_validations.dataValidation}
    assert "Daftar_Peran" in peserta
    assert "Daftar_Jenis" in laporan


def test_petunjuk_explains_contract_and_is_never_read_as_data(wb: Workbook) -> None:
    rows = list(wb["Petunjuk"].iter_rows(values_only=True))
    text = "\n".join(str(row[0]) for row in rows if row[0])
    for phrase in ("dd/mm/yyyy", "satu baris per kegiatan", "JANGAN mengetik nama peserta",
                   "NIK", "drop-down", "Lintang + Bujur", "desa/kelurahan ASAL x peran"):  # fmt: skip
        assert phrase in text
    assert max(header_score(row) for row in rows) < 2
    daftar = next(wb["Daftar"].iter_rows(min_row=1, max_row=1, values_only=True))
    assert header_score(daftar) == 0


def test_filled_template_is_read_and_list_sheet_skipped_silently(
    template: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(template)  # a fresh copy: the module fixture stays unchanged
    ws = wb["Peserta"]
    ws.append(["KGT-2025-001", "Kota Soe", "Kampung Baru", "ketua RT", 6])
    kg = wb["Kegiatan"]
    kg.append(["KGT-2025-001", "11/03/2025", "Kota Soe", "SoE"])
    path = tmp_path / "terisi.xlsx"
    wb.save(path)
    result = read_inputs([path])
    assert result.warnings == []
    lengths = {t.kind: len(t.frame) for t in result.tables}
    assert lengths == {"kegiatan": 1, "peserta": 1, "laporan": 0}
    assert {t.sumber_lembar for t in result.tables} == {"Kegiatan", "Peserta", "Laporan"}


def test_deterministic_bytes(official: pd.DataFrame, template: Path, tmp_path: Path) -> None:
    assert make_template(tmp_path / "b.xlsx", official).read_bytes() == template.read_bytes()


def test_rejects_incomplete_official_list(official: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="kecamatan_kode"):
        make_template(tmp_path / "x.xlsx", official.drop(columns="kecamatan_kode"))


def test_cli_template(
    official: pd.DataFrame,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import geodata.load
    from etl.cli import sample as sample_cli

    monkeypatch.setattr(geodata.load, "read_official_list", lambda *a, **k: official)
    parser = argparse.ArgumentParser()
    sample_cli.add_parser(parser.add_subparsers())
    out = tmp_path / "t" / "templat.xlsx"
    args = parser.parse_args(["template", "--out", str(out)])
    assert args.handler(args) == 0
    assert out.is_file()
    assert "32 kecamatan, 278 desa" in capsys.readouterr().out
    args = parser.parse_args(["template", "--out", str(tmp_path / "templat.csv")])
    assert args.handler(args) == 2
    assert "peta-sosialisasi: galat: " in capsys.readouterr().err
