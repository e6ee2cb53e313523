"""Data & Kualitas: the input list and removing an input (real AppTest, real ETL), and the
fall back to the last consistent data version when the current one is damaged."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard.services.dataset import DataError, load_dataset
from etl.io.versions import POINTER_NAME, current_dir, read_outputs
from tests.dashboard.views.officer import APP, open_as_officer

KEGIATAN = "ID Kegiatan,Tanggal,Kecamatan,Desa\nK1,11/03/2024,Kota Soe,SoE\n"
LAPORAN = "No Laporan;Tanggal;Jenis;Kecamatan;Desa\nL1;01/06/2026;dugaan TPPO;Kota Soe;Oebesa\n"


def _damaged_newer_copy(sample_data: Path, folder: Path) -> tuple[Path, Path]:
    """A copy of the sample whose current version is a newer, damaged one."""
    shutil.copytree(sample_data, folder)
    good = current_dir(folder)
    assert good is not None
    newer = good.with_name("29991231T000000000000Z")
    shutil.copytree(good, newer)
    with (newer / "sosialisasi.gpkg").open("ab") as handle:
        handle.write(b"rusak")
    (folder / POINTER_NAME).write_text(newer.name + "\n", encoding="utf-8")
    return good, newer


def test_damaged_current_version_falls_back_to_the_previous_pair(
    sample_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, newer = _damaged_newer_copy(sample_data, tmp_path / "data")
    ds = load_dataset(tmp_path / "data")
    assert "tidak cocok" in ds.cadangan and newer.name in ds.cadangan
    assert ds.manifest.to_json() == json.loads((good / "manifest.json").read_text("utf-8"))
    assert len(ds.desa) == 278
    # the app shows the older data, with a warning on every page
    monkeypatch.setenv("PETA_DATA_DIR", str(tmp_path / "data"))
    config.set_option("server.address", "127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception and not at.error
    assert any("versi sebelumnya" in w.value for w in at.warning)
    # nothing consistent left: a clear error, not a traceback
    with (good / "sosialisasi.gpkg").open("ab") as handle:
        handle.write(b"rusak")
    with pytest.raises(DataError, match="jalankan ETL lagi"):
        load_dataset(tmp_path / "data")


def test_officer_removes_an_input_and_the_data_is_rebuilt(
    tts_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from dashboard.services.accounts import add_user
    from etl.pipeline import run_etl

    data = tmp_path / "data"
    (data / "masukan").mkdir(parents=True)
    keep, drop = data / "masukan" / "kegiatan.csv", data / "masukan" / "laporan.csv"
    keep.write_text(KEGIATAN, encoding="utf-8")
    drop.write_text(LAPORAN, encoding="utf-8")
    run_etl([keep, drop], data, per_tanggal=date(2026, 11, 30))
    users = tmp_path / "pengguna.toml"
    add_user(users, "petugas1", "kata-sandi-panjang", "petugas")
    monkeypatch.setenv("PETA_DATA_DIR", str(data))
    monkeypatch.setenv("PETA_USERS_FILE", str(users))
    at = open_as_officer("data_kualitas")
    assert not at.exception and not at.error
    listed = at.dataframe[1].value  # the input list, after the per-sheet counts
    assert listed.iloc[:, 0].tolist() == ["kegiatan.csv", "laporan.csv"]
    picker = next(s for s in at.selectbox if s.key == "ps_remove_input")
    picker.set_value(1)
    next(c for c in at.checkbox if c.key == "ps_remove_sure").check()
    at.run()
    next(b for b in at.button if b.label == "Hapus dan proses ulang").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [entry.berkas for entry in read_outputs(data).manifest.masukan] == ["kegiatan.csv"]
    assert keep.exists() and not drop.exists()
