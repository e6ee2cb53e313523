"""The output contract: the typed manifest (round trip, older and damaged files) and
reading the current pair of a versioned output folder."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from etl.io.contract import (
    DEFAULT_INSTANSI,
    DEFAULT_KANTOR,
    DEFAULT_WINDOW_MONTHS,
    GPKG_NAME,
    MANIFEST_NAME,
    Manifest,
    ManifestError,
    read_manifest,
)
from etl.io.output import write_outputs
from etl.io.versions import POINTER_NAME, current_dir, read_outputs


def _written() -> dict[str, Any]:
    """A manifest as the ETL writes it (every key, in the ETL's order)."""
    return {
        "alat": "peta-sosialisasi",
        "versi": "0.1.0",
        "dibuat": "2026-12-03T05:26:51+00:00",
        "contoh": False,
        "kabupaten": "53.02",
        "parameter": {"per_tanggal": "2026-11-30", "jendela_bulan": 6,
                      "periode_mulai": "2026-05-31"},
        "masukan": [
            {"berkas": "a.xlsx", "path": "/data/masukan/a.xlsx", "sha256": "ab" * 32,
             "kantor": "Kanim Kupang", "sumber_instansi": "Imigrasi",
             "kolom_pribadi_dibuang": ["No HP", "Nama"], "lembar": [
                {"lembar": "Peserta", "jenis_data": "peserta", "dibaca": 5, "diterima": 4,
                 "ditinjau": 1}]},
            {"berkas": "b.csv (Disnakertrans TTS, Disnakertrans)",
             "path": "/data/masukan/b-cdcdcdcdcdcd.csv", "sha256": "cd" * 32,
             "kantor": "Disnakertrans TTS", "sumber_instansi": "Disnakertrans",
             "nama_asli": "b.csv", "kolom_pribadi_dibuang": ["Nama"], "lembar": [
                {"lembar": "", "jenis_data": "laporan", "dibaca": 2, "diterima": 2,
                 "ditinjau": 0}]},
        ],
        "peringatan": ["b.csv: 1 baris kosong dilewati"],
        "nomor_disamarkan": {"catatan": 1},
        "karakter_nul_dibuang": {"b.csv": 1},
        "jumlah": {"desa": 2, "peserta": 4},
        "waktu_detik": {"baca": 0.5, "metrik": 0.1},
        "gpkg": {"file": GPKG_NAME, "sha256": "ef" * 32, "bytes": 4096},
        "waktu_tulis_detik": {"desa": 0.02},
    }  # fmt: skip


def test_manifest_round_trips_through_a_file_with_the_same_keys_and_values(
    tmp_path: Path,
) -> None:
    data = _written()
    path = tmp_path / MANIFEST_NAME
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    manifest = read_manifest(path)
    assert manifest.to_json() == data
    assert list(manifest.to_json()) == list(data)  # the ETL's key order
    assert json.dumps(manifest.to_json(), indent=2) == json.dumps(data, indent=2)
    assert manifest.parameter.per_tanggal == date(2026, 11, 30)
    assert manifest.window_months == 6
    assert manifest.gpkg is not None and manifest.gpkg.bytes == 4096


def test_counts_per_sheet_and_dropped_columns() -> None:
    manifest = Manifest.from_json(_written())
    counts = manifest.sheet_counts()
    assert counts["berkas"].tolist() == ["a.xlsx", "b.csv (Disnakertrans TTS, Disnakertrans)"]
    assert [(e.kantor, e.sumber_instansi, e.nama) for e in manifest.masukan] == [
        ("Kanim Kupang", "Imigrasi", "a.xlsx"),
        ("Disnakertrans TTS", "Disnakertrans", "b.csv"),
    ]
    assert counts[["dibaca", "diterima", "ditinjau"]].sum().tolist() == [7, 6, 1]
    assert manifest.dropped_personal_columns() == ["Nama", "No HP"]
    assert manifest.input_paths() == [
        Path("/data/masukan/a.xlsx"),
        Path("/data/masukan/b-cdcdcdcdcdcd.csv"),
    ]
    empty = Manifest.from_json({})
    assert empty.sheet_counts().empty and empty.dropped_personal_columns() == []
    assert isinstance(empty.sheet_counts(), pd.DataFrame)


def test_an_older_manifest_reads_with_defaults_and_a_newer_key_is_kept() -> None:
    older = {"contoh": True, "parameter": {"per_tanggal": "2025-06-30"}, "baru": {"x": 1}}
    manifest = Manifest.from_json(older)
    assert manifest.window_months == DEFAULT_WINDOW_MONTHS
    assert manifest.contoh and manifest.kabupaten == "53.02" and manifest.gpkg is None
    assert manifest.masukan == () and manifest.peringatan == ()
    assert manifest.to_json()["baru"] == {"x": 1}  # written by a newer version: kept


def test_an_older_input_entry_comes_from_the_default_office_and_keeps_unknown_keys() -> None:
    entry = {"berkas": "a.xlsx", "path": "/x/a.xlsx", "sha256": "ab" * 32, "baru": [1]}
    (got,) = Manifest.from_json({"masukan": [entry]}).masukan
    assert (got.kantor, got.sumber_instansi) == (DEFAULT_KANTOR, DEFAULT_INSTANSI)
    assert got.nama == "a.xlsx"
    written = Manifest.from_json({"masukan": [entry]}).to_json()["masukan"][0]
    assert written["baru"] == [1] and written["kantor"] == DEFAULT_KANTOR


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{ bukan json", "bukan JSON yang sah"),
        ("[1, 2]", "bukan objek JSON"),
        ('{"parameter": {"per_tanggal": "30/11/2026"}}', "parameter.per_tanggal"),
        ('{"parameter": {"jendela_bulan": 0}}', "jendela_bulan"),
        ('{"masukan": [{"path": "a.xlsx"}]}', "'berkas' tidak ada"),
        ('{"contoh": "ya"}', "contoh"),
        ('{"gpkg": "x"}', "gpkg harus berupa objek"),
        ('{"masukan": [{"berkas": "a", "lembar": [{"dibaca": "lima"}]}]}', "nilai tidak sah"),
    ],
)
def test_a_damaged_manifest_is_a_clear_indonesian_error_naming_the_file(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / MANIFEST_NAME
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match=r"(?i)jalankan ETL lagi") as caught:
        read_manifest(path)
    assert says in str(caught.value) and str(path) in str(caught.value)


def test_a_missing_manifest_says_to_run_the_etl(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="tidak ada: jalankan ETL dulu"):
        read_manifest(tmp_path / MANIFEST_NAME)


def _publish(out: Path, label: str) -> Path:
    desa = pd.DataFrame({"kode": ["53.02.01.1001"], "label": [label]})
    manifest = {**_written(), "label": label}  # gpkg + write times: set by the writer
    write_outputs(out, {"desa": desa}, manifest)
    folder = current_dir(out)
    assert folder is not None
    return folder


def test_read_outputs_of_a_versioned_folder_gives_the_current_pair(tmp_path: Path) -> None:
    _publish(tmp_path, "pertama")
    second = _publish(tmp_path, "kedua")
    outputs = read_outputs(tmp_path)
    assert (outputs.folder, outputs.version_dir) == (tmp_path, second)
    assert outputs.gpkg == second / GPKG_NAME and outputs.manifest_path == second / MANIFEST_NAME
    assert outputs.manifest.lainnya == {"label": "kedua"} and outputs.fallback == ""
    assert outputs.manifest.window_months == 6
    # the written file is exactly what the manifest gives back
    assert outputs.manifest.to_json() == json.loads(outputs.manifest_path.read_text("utf-8"))


def test_read_outputs_falls_back_from_a_damaged_current_version(tmp_path: Path) -> None:
    first = _publish(tmp_path, "pertama")
    second = _publish(tmp_path, "kedua")
    (second / MANIFEST_NAME).write_text("{ rusak", encoding="utf-8")
    outputs = read_outputs(tmp_path)
    assert outputs.version_dir == first and outputs.manifest.lainnya == {"label": "pertama"}
    assert "bukan JSON yang sah" in outputs.fallback and second.name in outputs.fallback
    (first / GPKG_NAME).write_bytes(b"diubah")
    with pytest.raises(ManifestError, match="bukan JSON yang sah"):  # the current's error
        read_outputs(tmp_path)


def test_read_outputs_of_an_empty_or_pointerless_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=f"{GPKG_NAME} tidak ada di"):
        read_outputs(tmp_path)
    (tmp_path / POINTER_NAME).write_text("bukan-nama-versi\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="peta-sosialisasi etl"):
        read_outputs(tmp_path)


@pytest.mark.parametrize(
    ("written", "codes"),
    [(None, ("53.02",)), ("53.02", ("53.02",)), ("53.02,53.71", ("53.02", "53.71"))],
)
def test_the_working_area_one_kabupaten_as_ever_several_joined_by_commas(
    written: str | None, codes: tuple[str, ...]
) -> None:
    data: dict[str, object] = {"parameter": {"per_tanggal": "2026-11-30"}}
    if written is not None:
        data["kabupaten"] = written
    manifest = Manifest.from_json(data)
    assert manifest.kabupaten_daftar == codes
    assert manifest.to_json()["kabupaten"] == (written or "53.02")  # a string, as written
