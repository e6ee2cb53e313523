"""The dashboard reading a shared PostGIS database (``PETA_DB_URL``) instead of a folder:
the map page renders the same figures as from the folder, with no output folder at all."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from etl.io.versions import current_outputs
from etl.store import DB_ENV, open_store, publish_published

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def _metrics(monkeypatch: pytest.MonkeyPatch, data: Path, db: str | None) -> dict[str, str]:
    monkeypatch.setenv("PETA_DATA_DIR", str(data))
    monkeypatch.setenv("PETA_USERS_FILE", str(data / "tidak_ada_pengguna.toml"))
    if db is None:
        monkeypatch.delenv(DB_ENV, raising=False)
    else:
        monkeypatch.setenv(DB_ENV, db)
    config.set_option("server.address", "127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("DATA CONTOH" in m.value for m in at.markdown)
    return {m.label: m.value for m in at.metric}


def test_map_page_from_the_database_equals_the_folder(
    sample_data: Path, postgis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with psycopg.connect(postgis_url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS peta CASCADE")
    gpkg, manifest = current_outputs(sample_data)
    publish_published(open_store(postgis_url), gpkg, manifest)
    empty = tmp_path / "tanpa_folder"  # the database alone: no output folder at all
    empty.mkdir()
    from_folder = _metrics(monkeypatch, sample_data, None)
    from_db = _metrics(monkeypatch, empty, postgis_url)
    assert from_db == from_folder
    assert list(from_db)[:2] == ["Belum pernah dijangkau", "Kedaluwarsa"]
