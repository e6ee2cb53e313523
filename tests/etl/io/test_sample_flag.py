"""The DATA CONTOH flag comes only from the unchanged output of ``peta-sosialisasi
sample``, never from a marker that a copied or edited workbook keeps."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pyogrio
import pytest

from etl.io.sample_flag import (
    SAMPLE_MARKER,
    carries_marker,
    is_sample_file,
    sample_status,
)
from etl.io.versions import current_outputs


@pytest.fixture(scope="module")
def sample_book(tts_gpkg: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.sample import make_sample_workbook
    from geodata.load import read_layer, read_official_list

    return make_sample_workbook(
        tmp_path_factory.mktemp("contoh"),
        read_official_list("53.02", out_dir=tts_gpkg.parent),
        read_layer("53.02", "desa", out_dir=tts_gpkg.parent),
    )


def _edited_copy(book: Path, folder: Path, value: object = "KGT-NYATA-1") -> Path:
    """What an officer does: open the sample, type over a cell, save under a new name."""
    wb = openpyxl.load_workbook(book)
    wb["Kegiatan"]["A2"] = value
    path = folder / "kegiatan_kantor.xlsx"
    wb.save(path)
    return path


def _rezip(book: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """Copy ``book`` part by part (same names, dates), replacing some parts' content."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, replace.get(info.filename, src.read(info.filename)))
    return target


def test_unchanged_sample_and_plain_copies_are_the_sample(
    sample_book: Path, tmp_path: Path
) -> None:
    assert is_sample_file(sample_book)
    copy = shutil.copy(sample_book, tmp_path / "salinan.xlsx")
    assert is_sample_file(Path(copy))
    assert sample_status([sample_book]) == (True, [])


def test_edited_copy_keeps_the_marker_but_is_real_data(sample_book: Path, tmp_path: Path) -> None:
    edited = _edited_copy(sample_book, tmp_path)
    assert SAMPLE_MARKER in openpyxl.load_workbook(edited).properties.keywords
    assert carries_marker(edited) and not is_sample_file(edited)
    contoh, warnings = sample_status([edited])
    assert not contoh
    assert len(warnings) == 1 and "kegiatan_kantor.xlsx" in warnings[0]
    assert "data nyata" in warnings[0]
    # even saved again without a change: the parts are rewritten, so it is not the sample
    resaved = tmp_path / "disimpan_ulang.xlsx"
    openpyxl.load_workbook(sample_book).save(resaved)
    assert carries_marker(resaved) and not is_sample_file(resaved)


def test_any_changed_part_breaks_the_flag(sample_book: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(sample_book) as archive:
        sheet = next(n for n in archive.namelist() if n.startswith("xl/worksheets/"))
        original = archive.read(sheet)
    assert is_sample_file(_rezip(sample_book, tmp_path / "sama.xlsx", {}))
    changed = _rezip(sample_book, tmp_path / "ubah.xlsx", {sheet: original + b" "})
    assert not is_sample_file(changed)


def test_keyword_without_content_hash_is_not_the_sample(tmp_path: Path) -> None:
    # the marker as the earlier versions wrote it: a bare keyword
    wb = openpyxl.Workbook()
    wb.properties.keywords = SAMPLE_MARKER
    path = tmp_path / "lama.xlsx"
    wb.save(path)
    assert carries_marker(path) and not is_sample_file(path)
    csv = tmp_path / "data.csv"
    csv.write_text(f"{SAMPLE_MARKER}\n", encoding="utf-8")
    assert not carries_marker(csv) and not is_sample_file(csv)


def test_sample_mixed_with_real_data_is_real(sample_book: Path, tmp_path: Path) -> None:
    csv = tmp_path / "laporan.csv"
    csv.write_text("No Laporan;Tanggal;Jenis;Kecamatan;Desa\n", encoding="utf-8")
    contoh, warnings = sample_status([sample_book, csv])
    assert not contoh and len(warnings) == 1
    assert "dicampur dengan data nyata" in warnings[0] and sample_book.name in warnings[0]
    assert sample_status([]) == (False, [])


def test_etl_of_an_edited_sample_copy_is_real_data(sample_book: Path, tmp_path: Path) -> None:
    from etl.pipeline import run_etl

    edited = _edited_copy(sample_book, tmp_path)
    result = run_etl([edited], tmp_path / "keluaran", per_tanggal=date(2026, 11, 30))
    assert result.manifest["contoh"] is False
    assert any("kegiatan_kantor.xlsx" in w for w in result.manifest["peringatan"])
    gpkg, manifest = current_outputs(tmp_path / "keluaran")
    assert json.loads(manifest.read_text(encoding="utf-8"))["contoh"] is False
    info = pyogrio.read_dataframe(gpkg, layer="info").set_index("kunci")
    assert info.loc["contoh", "nilai"] == "false"
