"""The review log on both stores: record and read back the same decisions (folder:
``aliases.csv``; PostGIS: ``peta.keputusan_tinjauan``), two writers at once both land,
the database refuses UPDATE/DELETE/TRUNCATE of the log even from its owner, and a
decision recorded in the database is applied by the next ETL load."""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import psycopg
import pytest

from etl.store import Store
from etl.store.postgis import PostgisStore
from etl.tools.decisions import DECISION_COLUMNS, Decision, aliases_from_decisions
from tests.etl.store.cluster import fresh_database
from tests.etl.store.layers import sample_layers, sample_manifest

OFFICIAL = pd.DataFrame({"kode": ["53.02.01.1001", "53.02.02.2008", "53.02.08.2001"]})


def test_decisions_read_back_in_order_with_user_and_time(store: Store) -> None:
    assert store.read_decisions().empty
    store.record_decision(Decision("53.02", "", "Oinlasi", "53.02.02.2008", "ani"), OFFICIAL)
    store.record_decision(Decision("53.02", "Kota Soe", " SoE ", "53.02.01.1001", "budi"))
    store.record_decision(Decision("53.02", "", "oinlasi", "53.02.08.2001", "ani"), OFFICIAL)
    got = store.read_decisions()
    assert list(got.columns[: len(DECISION_COLUMNS)]) == list(DECISION_COLUMNS)
    assert got[["dibuat_oleh", "kecamatan", "nama_ketik", "desa_kode"]].values.tolist() == [
        ["ani", "", "Oinlasi", "53.02.02.2008"],
        ["budi", "Kota Soe", "SoE", "53.02.01.1001"],
        ["ani", "", "oinlasi", "53.02.08.2001"],
    ]
    assert got["id"].is_monotonic_increasing and got["id"].is_unique
    times = got["dibuat_pada"]
    assert str(times.dt.tz) == "UTC" and times.notna().all() and times.is_monotonic_increasing
    assert (pd.Timestamp.now(tz="UTC") - times).max() < pd.Timedelta(hours=1)
    aliases, warnings = aliases_from_decisions(got, OFFICIAL, where=store.location)
    assert warnings == []
    assert dict(zip(aliases["nama_ketik"], aliases["desa_kode"], strict=True)) == {
        "SoE": "53.02.01.1001", "oinlasi": "53.02.08.2001"}  # fmt: skip


def test_a_bad_decision_is_refused_and_nothing_is_recorded(store: Store) -> None:
    with pytest.raises(ValueError, match="tidak ada di daftar resmi"):
        store.record_decision(Decision("53.02", "", "Oinlasi", "53.02.02.2999", "ani"), OFFICIAL)
    with pytest.raises(ValueError, match="tidak berbentuk"):
        store.record_decision(Decision("53.02", "", "Oinlasi", "5302022008", "ani"))
    assert store.read_decisions().empty


def test_two_officers_confirming_at_once_both_land(store: Store) -> None:
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def officer(name: str) -> None:
        try:
            start.wait(timeout=30)
            for i in range(10):
                store.record_decision(Decision("53.02", "", f"{name}-{i}", "53.02.01.1001", name))
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=officer, args=(n,)) for n in ("ani", "budi")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    got = store.read_decisions()
    assert len(got) == 20 and got["id"].is_unique
    for name in ("ani", "budi"):
        mine = got[got["dibuat_oleh"] == name]
        assert mine["nama_ketik"].tolist() == [f"{name}-{i}" for i in range(10)]  # own order
        assert mine["dibuat_pada"].notna().all()


def test_the_log_refuses_update_delete_truncate_even_from_its_owner(postgis_url: str) -> None:
    fresh_database(postgis_url)
    store = PostgisStore(postgis_url)
    store.publish(sample_layers("A"), sample_manifest("A"))  # creates the schema and the log
    store.record_decision(Decision("53.02", "", "Oinlasi", "53.02.02.2008", "ani"))
    with psycopg.connect(postgis_url, autocommit=True) as conn:
        owner = conn.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'keputusan_tinjauan'"
        ).fetchone()
        assert owner is not None and owner[0] == conn.info.user  # the loader owns it
        for statement in (
            "UPDATE peta.keputusan_tinjauan SET desa_kode = '53.02.08.2001'",
            "DELETE FROM peta.keputusan_tinjauan",
            "DELETE FROM peta.keputusan_tinjauan WHERE false",  # refused even for no row
            "TRUNCATE peta.keputusan_tinjauan",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="hanya boleh ditambah"):
                conn.execute(statement)
    assert store.read_decisions()["desa_kode"].tolist() == ["53.02.02.2008"]
    store.publish(sample_layers("B"), sample_manifest("B"))  # a later load keeps the log
    assert len(store.read_decisions()) == 1


KEG = ["ID Kegiatan", "Tanggal", "Kecamatan", "Desa/Kelurahan"]
PES = ["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah"]


def test_a_decision_in_the_database_is_applied_by_the_next_load(
    tts_build: object, workbook_factory: object, postgis_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from dashboard.cli import main

    fresh_database(postgis_url)
    book = workbook_factory("ambigu.xlsx", {  # type: ignore[operator]
        "Kegiatan": [KEG, ["K1", "01/10/2026", "Kota Soe", "SoE"]],
        "Peserta": [PES, ["K1", "", "Oinlasi", "kepala desa", 1],
                    ["K1", "", "Xyzzy", "warga", 2]],
    })  # fmt: skip
    out, store = tmp_path / "keluaran", PostgisStore(postgis_url)
    etl = ["etl", str(book), "--out", str(out), "--db", postgis_url, "--per-tanggal", "2026-11-30"]
    assert main(etl) == 0
    review = store.read_layer("tinjauan")
    assert sorted(review["desa_ketik"]) == ["Oinlasi", "Xyzzy"]  # both in review
    assert store.read_layer("peserta").empty

    # the dashboard records decisions; a folder aliases.csv is not the shared truth
    store.record_decision(Decision("53.02", "", "Oinlasi", "53.02.02.2008", "ani"))
    store.record_decision(Decision("53.02", "", "Xyzzy", "53.02.77.7777", "budi"))
    (out / "aliases.csv").write_text(
        "kabupaten,kecamatan,nama_ketik,desa_kode,dibuat_oleh,dibuat_pada\n"
        "53.02,,Oinlasi,53.02.08.2001,lama,2025-01-01T00:00:00+00:00\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(etl) == 0
    printed = capsys.readouterr()
    assert "aliases.csv tidak dibaca" in printed.err
    assert "keputusan id 2: kode desa '53.02.77.7777' tidak ada di daftar resmi" in printed.out
    placed = store.read_layer("peserta")
    assert placed[["desa_kode", "cara_cocok", "jumlah"]].values.tolist() == [
        ["53.02.02.2008", "alias", 1]
    ]
    assert store.read_layer("tinjauan")["desa_ketik"].tolist() == ["Xyzzy"]
    peringatan = store.read_outputs(("info",)).manifest.peringatan
    assert any("keputusan id 2" in w for w in peringatan)

    # --alias FILE is merged under the database's decisions: the database wins
    assert main([*etl, "--alias", str(out / "aliases.csv")]) == 0
    assert store.read_layer("peserta")["desa_kode"].tolist() == ["53.02.02.2008"]
