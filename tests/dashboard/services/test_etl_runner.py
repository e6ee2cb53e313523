"""Review decisions and uploads from the dashboard: append-only aliases, reruns."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from dashboard.services import etl_runner
from etl.errors import InputError
from etl.io.contract import DEFAULT_KANTOR, Manifest
from etl.io.versions import current_outputs, read_outputs
from etl.pipeline import run_etl

KEG = ["ID Kegiatan", "Tanggal", "Kecamatan", "Desa/Kelurahan"]
PES = ["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah"]


def _manifest(data: Path) -> Manifest:
    """The current manifest, as the dashboard reads it (through the output contract)."""
    return read_outputs(data).manifest


def test_confirming_a_candidate_appends_alias_and_rerun_accepts_row(
    tts_build, workbook_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    book = workbook_factory("ambigu.xlsx", {
        "Kegiatan": [KEG, ["K1", "01/10/2026", "Kota Soe", "SoE"]],
        "Peserta": [PES, ["K1", "", "Oinlasi", "kepala desa", 1]],
    })  # fmt: skip
    first = run_etl([book], tmp_path, per_tanggal=date(2026, 11, 30))
    review = pyogrio.read_dataframe(first.gpkg, layer="tinjauan")
    row = review[review["sumber_lembar"] == "Peserta"].iloc[0]
    codes = etl_runner.candidate_codes(row["kandidat"])
    assert len(codes) == 3 and "53.02.02.2008" in codes

    assert etl_runner.confirm_candidate(  # a folder: rebuilt now to apply it
        tmp_path, kabupaten="53.02", kecamatan=row["kecamatan_ketik"],
        nama_ketik=row["desa_ketik"], desa_kode="53.02.02.2008", user="petugas1",
    )  # fmt: skip
    aliases = (tmp_path / "aliases.csv").read_text(encoding="utf-8")
    assert "petugas1" in aliases and "53.02.02.2008" in aliases
    again = etl_runner.rerun(tmp_path, _manifest(tmp_path))
    peserta = pyogrio.read_dataframe(current_outputs(tmp_path)[0], layer="peserta")
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
    with pytest.raises(InputError, match="kolom wajib"):  # read as the ETL reads it
        etl_runner.store_upload(tmp_path / "data", "x.csv", b"No Laporan;Tanggal\n")
    assert not list((tmp_path / "data" / "masukan").iterdir())  # no staging left either
    stored = etl_runner.store_upload(tmp_path / "data", "../../etc/passwd.xlsx",
                                     LAPORAN.encode())  # fmt: skip
    assert stored.parent == tmp_path / "data" / "masukan" and stored.suffix == ".csv"
    assert stored.name.startswith("passwd-")


KEGIATAN = "ID Kegiatan,Tanggal,Kecamatan,Desa\nK1,11/03/2024,Kota Soe,SoE\n"
LAPORAN = "No Laporan;Tanggal;Jenis;Kecamatan;Desa\nL1;01/06/2026;dugaan TPPO;Kota Soe;Oebesa\n"
LAPORAN_2 = "No Laporan;Tanggal;Jenis;Kecamatan;Desa\nL2;02/06/2026;dugaan TPPO;Kota Soe;SoE\n"


def _recorded(data: Path) -> list[str]:
    return sorted(path.name for path in _manifest(data).input_paths())


def test_upload_named_like_a_recorded_input_is_stored_beside_it(tts_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    (data / "masukan").mkdir(parents=True)
    recorded = data / "masukan" / "laporan.csv"
    recorded.write_text(LAPORAN, encoding="utf-8")
    run_etl([recorded], data, per_tanggal=date(2026, 11, 30))
    # a bad file of the same name is refused and changes nothing
    with pytest.raises(InputError):
        etl_runner.store_upload(data, "laporan.csv", b"a,b\n1,2\n", _manifest(data))
    assert sorted(p.name for p in (data / "masukan").iterdir()) == ["laporan.csv"]
    assert recorded.read_text(encoding="utf-8") == LAPORAN
    # the same content again is refused: it is loaded already
    with pytest.raises(ValueError, match="sudah dimuat"):
        etl_runner.store_upload(data, "salinan.csv", LAPORAN.encode(), _manifest(data))
    # a good file of the same name gets a name of its own, and both are read
    stored = etl_runner.store_upload(data, "laporan.csv", LAPORAN_2.encode(), _manifest(data))
    assert stored != recorded and recorded.read_text(encoding="utf-8") == LAPORAN
    etl_runner.rerun(data, _manifest(data), [stored])
    assert _recorded(data) == sorted(["laporan.csv", stored.name])
    table = etl_runner.input_table(_manifest(data))
    assert table[["dibaca", "ada"]].values.tolist() == [[1, True], [1, True]]
    assert set(table["kantor"]) == {DEFAULT_KANTOR}  # who loaded each input


def test_failed_rerun_keeps_nothing_of_the_upload_and_removing_the_bad_input_heals(
    tts_build, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    (data / "masukan").mkdir(parents=True)
    good, bad = data / "masukan" / "kegiatan.csv", data / "masukan" / "laporan.csv"
    good.write_text(KEGIATAN, encoding="utf-8")
    bad.write_text(LAPORAN, encoding="utf-8")
    run_etl([good, bad], data, per_tanggal=date(2026, 11, 30))
    before = current_outputs(data)
    bad.write_text("a,b\n1,2\n", encoding="utf-8")  # a recorded input went bad (poisoned)
    upload = etl_runner.store_upload(data, "baru.csv", LAPORAN_2.encode(), _manifest(data))
    with pytest.raises(InputError, match=r"laporan\.csv"):
        etl_runner.rerun(data, _manifest(data), [upload])
    assert not upload.exists()  # the failed upload changed nothing
    assert current_outputs(data) == before
    assert sorted(p.name for p in (data / "masukan").iterdir()) == ["kegiatan.csv", "laporan.csv"]
    # the way out: remove the bad input; the data is rebuilt without it
    table = etl_runner.input_table(_manifest(data))
    assert table["berkas"].tolist() == ["kegiatan.csv", "laporan.csv"]
    healed = etl_runner.rerun(data, _manifest(data), without=[Path(table.loc[1, "path"])])
    assert [e["berkas"] for e in healed.manifest["masukan"]] == ["kegiatan.csv"]
    assert not bad.exists() and good.exists() and _recorded(data) == ["kegiatan.csv"]
    # the last input cannot go: nothing changes
    now = current_outputs(data)
    with pytest.raises(ValueError, match="sedikitnya satu berkas"):
        etl_runner.rerun(data, _manifest(data), without=[good])
    assert good.exists() and current_outputs(data) == now


def test_shared_store_follows_the_environment(tmp_path: Path) -> None:
    assert etl_runner.shared_store({}) is None
    store = etl_runner.shared_store({"PETA_DB_URL": "postgresql://u:rahasia@h/db"})
    assert store is not None and store.location == "postgresql://u:***@h/db"


def test_two_officers_confirm_at_once_in_the_database(postgis_url: str, tmp_path: Path) -> None:
    """DB mode: the confirm button records through the store (user, server time), both
    officers' decisions land, nothing is rebuilt (applied at the next load)."""
    import threading

    import psycopg

    with psycopg.connect(postgis_url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS peta CASCADE")
    store = etl_runner.shared_store({"PETA_DB_URL": postgis_url})
    assert store is not None
    official = pd.DataFrame({"kode": ["53.02.02.2008", "53.02.08.2001", "53.71.01.1001"]})
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def confirm(user: str, nama: str, kode: str) -> None:
        try:
            start.wait(timeout=30)
            rebuild = etl_runner.confirm_candidate(
                tmp_path, kabupaten="53.02,53.71", kecamatan="", nama_ketik=nama,
                desa_kode=kode, user=user, shared=store, official=official,
            )  # fmt: skip
            assert not rebuild  # applied at the next load
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [
        threading.Thread(target=confirm, args=("ani", "Oinlasi", "53.02.02.2008")),
        threading.Thread(target=confirm, args=("budi", "Fatukbot", "53.71.01.1001")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert not (tmp_path / "aliases.csv").exists()  # nothing written to the folder
    got = store.read_decisions().sort_values("dibuat_oleh")
    assert got[["dibuat_oleh", "kabupaten", "nama_ketik", "desa_kode"]].values.tolist() == [
        ["ani", "53.02", "Oinlasi", "53.02.02.2008"],
        ["budi", "53.71", "Fatukbot", "53.71.01.1001"],  # under the desa's own kabupaten
    ]
    assert got["dibuat_pada"].notna().all()
    with pytest.raises(ValueError, match="tidak ada di daftar resmi"):
        etl_runner.record_decision(store, kabupaten="53.02", kecamatan="", nama_ketik="X",
                                   desa_kode="53.02.01.1001", user="ani", official=official)  # fmt: skip
    assert len(store.read_decisions()) == 2


def test_a_rerun_keeps_each_inputs_office_and_agency(tts_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from etl.store.folder import FolderStore
    from etl.store.loading import load_inputs
    from etl.tables import InputSource

    data = tmp_path / "data"
    csv = tmp_path / "laporan.csv"
    csv.write_text(LAPORAN, encoding="utf-8")
    source = InputSource(csv, "Polres TTS", "Polres")
    load_inputs(FolderStore(data), [source], data, per_tanggal=date(2026, 11, 30))
    stored = etl_runner.store_upload(data, "kegiatan.csv", KEGIATAN.encode(), _manifest(data))
    result = etl_runner.rerun(data, _manifest(data), [stored])
    owners = {e["berkas"]: (e["kantor"], e["sumber_instansi"]) for e in result.manifest["masukan"]}
    assert owners == {"laporan.csv": ("Polres TTS", "Polres"),
                      stored.name: (DEFAULT_KANTOR, "Imigrasi")}  # fmt: skip


def test_a_rerun_keeps_an_input_an_office_loaded_meanwhile(tts_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from etl.store.folder import FolderStore
    from etl.store.loading import load_inputs
    from etl.tables import InputSource

    data = tmp_path / "data"
    (tmp_path / "a").mkdir()
    first, second = tmp_path / "a" / "laporan.csv", tmp_path / "laporan_2.csv"
    first.write_text(LAPORAN, encoding="utf-8")
    second.write_text(LAPORAN_2, encoding="utf-8")
    load_inputs(FolderStore(data), [InputSource(first)], data, per_tanggal=date(2026, 11, 30))
    seen = _manifest(data)  # the page shows this manifest ...
    load_inputs(FolderStore(data), [InputSource(second, "Polres TTS", "Polres")], data)
    stored = etl_runner.store_upload(data, "kegiatan.csv", KEGIATAN.encode(), seen)
    result = etl_runner.rerun(data, seen, [stored])  # ... and an upload reruns from it
    assert sorted(e["berkas"] for e in result.manifest["masukan"]) == sorted(
        ["laporan.csv", "laporan_2.csv", stored.name]
    )
