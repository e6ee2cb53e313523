"""Data & Kualitas on a shared database (real AppTest, real PostGIS): confirming a
candidate records the decision with the logged-in officer and says it applies at the
next load; nothing is rebuilt (the dashboard's role cannot load)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from dashboard.services import etl_runner
from dashboard.services.accounts import add_user
from etl.io.versions import current_outputs
from etl.store import DB_ENV, open_store, publish_published
from tests.dashboard.views.officer import open_as_officer


def test_confirm_in_database_mode_records_the_officer_and_defers(
    sample_data: Path, postgis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with psycopg.connect(postgis_url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS peta CASCADE")
    store = open_store(postgis_url)
    publish_published(store, *current_outputs(sample_data))
    version = store.version()
    users = tmp_path / "pengguna.toml"
    add_user(users, "petugas1", "kata-sandi-panjang", "petugas")
    empty = tmp_path / "tanpa_folder"
    empty.mkdir()
    monkeypatch.setenv("PETA_DATA_DIR", str(empty))
    monkeypatch.setenv("PETA_USERS_FILE", str(users))
    monkeypatch.setenv(DB_ENV, postgis_url)
    at = open_as_officer("data_kualitas")
    review = store.read_layer("tinjauan")
    pick = next(i for i, k in enumerate(review["kandidat"]) if etl_runner.candidate_codes(str(k))
                and str(review.loc[i, "desa_ketik"]))  # fmt: skip
    at.session_state["ps_review"] = {"selection": {"rows": [pick], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # loads go to the database through the ETL: no upload or removal that would rebuild
    # only this machine's folder while the page shows the database
    assert any("basis data bersama" in i.value for i in at.info)
    assert not any(b.label in ("Periksa dan proses", "Hapus dan proses ulang") for b in at.button)
    assert "Unggah buku kerja baru" not in [h.value for h in at.subheader]
    button = next(b for b in at.button if b.label == "Konfirmasi dan simpan keputusan")
    chosen = at.radio[0].value
    button.click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("berlaku pada pemuatan berikutnya" in s.value.lower() for s in at.success)
    logged = store.read_decisions()
    assert logged[["dibuat_oleh", "nama_ketik", "desa_kode"]].values.tolist() == [
        ["petugas1", str(review.loc[pick, "desa_ketik"]), chosen]
    ]
    assert store.version() == version  # nothing reloaded
    assert not (empty / "aliases.csv").exists()
