"""``etl --db``, ``rencana --db`` and the dashboard on a real PostGIS database: the ETL
publishes the folder as before and the same pair into the database; the planner and the
dashboard read the database and get what they get from the folder. The password is
never printed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.services.dataset import load_dataset
from etl.store import DB_ENV
from tests.etl.store.cluster import fresh_database


def test_etl_rencana_and_dashboard_through_the_database(
    tts_build: object, postgis_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    fresh_database(postgis_url)
    secret = postgis_url.split(":")[2].split("@")[0]
    assert main(["sample", "--out", str(tmp_path / "masukan")]) == 0
    (book,) = (tmp_path / "masukan").glob("*.xlsx")
    out = tmp_path / "keluaran"
    monkeypatch.setenv(DB_ENV, postgis_url)  # the password only in the environment
    assert main(["etl", str(book), "--out", str(out), "--per-tanggal", "2026-11-30"]) == 0
    printed = capsys.readouterr()
    assert "Basis data: postgresql://peta:***@" in printed.out
    assert secret not in printed.out + printed.err

    folder = load_dataset(out)
    shared = load_dataset(postgis_url, out)
    assert shared.manifest == folder.manifest
    assert shared.version.startswith("db:")
    for name in ("desa", "kecamatan", "kegiatan", "peserta", "laporan", "tinjauan"):
        pd.testing.assert_frame_equal(getattr(shared, name), getattr(folder, name))
    pd.testing.assert_frame_equal(shared.rencana.points, folder.rencana.points)

    plans = {}
    for label, args in (("db", []), ("folder", ["--data", str(out)])):
        plan = tmp_path / f"{label}.json"
        code = main(["rencana", *args, "--k", "3", "--out", str(tmp_path / f"{label}.xlsx"),
                     "--json", str(plan)])  # fmt: skip
        assert code == 0
        plans[label] = plan.read_text(encoding="utf-8")
    assert plans["db"] == plans["folder"]
    assert secret not in "".join(capsys.readouterr())


def test_a_database_value_that_is_not_a_url_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["rencana", "--db", "mysql://u:rahasia@h/db", "--out", str(tmp_path / "x.xlsx")])
    assert code == 2
    err = capsys.readouterr().err
    assert "postgresql://" in err and "rahasia" not in err


def test_an_unreachable_database_changes_nothing_there_and_hides_the_password(
    tts_build: object, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from tests.etl.store.cluster import free_port

    assert main(["sample", "--out", str(tmp_path / "masukan")]) == 0
    (book,) = (tmp_path / "masukan").glob("*.xlsx")
    url = f"postgresql://peta:sandi-rahasia@127.0.0.1:{free_port()}/peta"
    monkeypatch.setenv(DB_ENV, url)
    code = main(["etl", str(book), "--out", str(tmp_path / "k"), "--per-tanggal", "2026-11-30"])
    assert code == 1
    err = capsys.readouterr().err
    assert "tidak bisa dihubungi" in err and "Data di basis data tidak diubah" in err
    assert "sandi-rahasia" not in err and "postgresql://peta:***@127.0.0.1" in err
