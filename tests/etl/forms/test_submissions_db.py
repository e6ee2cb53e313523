"""Previous submissions with a shared database: the database is the shared truth, so a
second machine (its own, empty ``--out`` folder) loading the same export into the same
database sees every submission as unchanged, not new (real PostGIS)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from etl.pipeline import run_etl
from etl.store import open_store
from geodata.load import read_layer, read_official_list
from tests.etl.forms.form_fixture import desa_points, make_fixture, write_all
from tests.etl.store.cluster import fresh_database

AS_OF = date(2026, 11, 30)


def form_exports(postgis_url: str, tmp_path: Path) -> tuple[list[Path], int]:
    """An empty database, and the KoboToolbox exports of the form fixture (TTS): the
    files and how many submissions they hold."""
    fresh_database(postgis_url)
    official = read_official_list("53.02")
    points = desa_points(read_layer("53.02", "desa"))
    files = write_all(tmp_path / "ekspor", official, points=points)["kobo_akhir"]
    fx = make_fixture(official, points=points)
    return list(files), len(fx.kegiatan_late) + len(fx.laporan_late)


def test_a_second_machine_sees_the_database_submissions_as_unchanged(
    tts_build: object, postgis_url: str, tmp_path: Path
) -> None:
    files, n = form_exports(postgis_url, tmp_path)
    store = open_store(postgis_url)

    first = run_etl(files, tmp_path / "mesin_a", per_tanggal=AS_OF, store=store)
    assert (first.manifest["formulir"]["baru"], first.manifest["formulir"]["tetap"]) == (n, 0)
    second = run_etl(files, tmp_path / "mesin_b", per_tanggal=AS_OF, store=store)
    summary = second.manifest["formulir"]
    assert (summary["kiriman"], summary["baru"], summary["diubah"], summary["tetap"]) == (
        n, 0, 0, n,
    )  # fmt: skip
    # without the database, machine B's own (empty) folder would call them all new
    alone = run_etl(files, tmp_path / "mesin_c", per_tanggal=AS_OF).manifest["formulir"]
    assert (alone["baru"], alone["tetap"]) == (n, 0)


def test_an_empty_database_falls_back_to_the_folder(
    tts_build: object, postgis_url: str, tmp_path: Path
) -> None:
    files, _ = form_exports(postgis_url, tmp_path)
    out = tmp_path / "mesin_a"
    n = run_etl(files, out, per_tanggal=AS_OF).manifest["formulir"]["kiriman"]
    fresh_database(postgis_url)  # nothing loaded into the database yet
    again = run_etl(files, out, per_tanggal=AS_OF, store=open_store(postgis_url))
    assert (again.manifest["formulir"]["baru"], again.manifest["formulir"]["tetap"]) == (0, n)
    assert n > 0
