"""Review decisions and uploads from the dashboard: append-only aliases, reruns."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pyogrio
import pytest

from dashboard.services import etl_runner
from etl.errors import InputError
from etl.pipeline import run_etl

KEG = ["ID Kegiatan", "Tanggal", "Kecamatan", "Desa/Kelurahan"]
PES = ["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah"]


def test_confirming_a_candidate_appends_alias_and_rerun_accepts_row(
    tts_build, workbook_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    book = workbook_factory("ambigu.xlsx", {
        "Kegiatan": [KEG, ["K1", "01/10/2026", "Kota Soe", "SoE"]],
        "Peserta": [PES, ["K1", "", "Oinlasi", "kepala desa", 1]],
    })  # fmt: skip
    first = run_etl([book], tmp_path, per_tanggal=date(2026, 11, 30))
    review = pyogrio.read_dataframe(tmp_path / "sosialisasi.gpkg", layer="tinjauan")
    row = review[review["sumber_lembar"] == "Peserta"].iloc[0]
    codes = etl_runner.candidate_codes(row["kandidat"])
    assert len(codes) == 3 and "53.02.02.2008" in codes

    etl_runner.confirm_candidate(tmp_path, kabupaten="53.02", kecamatan=row["kecamatan_ketik"],
                                 nama_ketik=row["desa_ketik"], desa_kode="53.02.02.2008",
                                 user="petugas1")  # fmt: skip
    aliases = (tmp_path / "aliases.csv").read_text(encoding="utf-8")
    assert "petugas1" in aliases and "53.02.02.2008" in aliases
    again = etl_runner.rerun(tmp_path, first.manifest)
    peserta = pyogrio.read_dataframe(tmp_path / "sosialisasi.gpkg", layer="peserta")
    assert peserta.loc[0, "desa_kode"] == "53.02.02.2008"
    assert peserta.loc[0, "cara_cocok"] == "alias"
    sheet = next(s for s in again.manifest["masukan"][0]["lembar"] if s["lembar"] == "Peserta")
    assert (sheet["dibaca"], sheet["diterima"], sheet["ditinjau"]) == (1, 1, 0)

    # a second decision is appended, never rewriting the first line
    etl_runner.confirm_candidate(tmp_path, kabupaten="53.02", kecamatan="", nama_ketik="Oinlasi",
                                 desa_kode="53.02.08.2001", user="petugas2")  # fmt: skip
    after = (tmp_path / "aliases.csv").read_text(encoding="utf-8")
    assert after.startswith(aliases) and "petugas2" in after


def test_upload_checked_by_content(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", b"<" + b"a" * (60 * 1024 * 1024) + b"/>")
    with pytest.raises(InputError):
        etl_runner.store_upload(tmp_path / "data", "laporan.xlsx", bomb.read_bytes())
    assert not list((tmp_path / "data" / "masukan").glob("*"))
    with pytest.raises(ValueError, match="terlalu besar"):
        etl_runner.store_upload(
            tmp_path / "data", "x.csv", b"a" * (etl_runner.MAX_UPLOAD_BYTES + 1)
        )
    stored = etl_runner.store_upload(tmp_path / "data", "../../etc/passwd.xlsx",
                                     b"No Laporan;Tanggal\n")  # fmt: skip
    assert stored.parent == tmp_path / "data" / "masukan" and stored.suffix == ".csv"
