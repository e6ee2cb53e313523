"""PostGIS loads from several processes: two at once both finish and the result is one
complete load, never a mix; a reader during a load sees the previous load whole; a load
killed mid-way (SIGKILL) leaves the previous load intact and readable. Real processes,
real database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import psycopg
import pytest

from etl.store import DB_ENV, StoreError
from etl.store.postgis import LOCK_KEY, PostgisStore
from tests.etl.store.cluster import fresh_database, read_only_reader
from tests.etl.store.layers import sample_layers, sample_manifest

REPO = Path(__file__).resolve().parents[3]
BIG = 500_000
"""Attendance rows of a load that takes long enough to be killed half-way."""


def _child(url: str, tag: str, rows: int) -> subprocess.Popen[str]:
    env = {**os.environ, DB_ENV: url, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.etl.store.load_child", tag, str(rows)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _tags(store: PostgisStore) -> set[str]:
    """The tag of every row of every layer of the current load (one tag = one load)."""
    out = store.read_outputs()
    tags = {out.manifest.versi.removeprefix("uji-")}
    tags |= {k.split("-")[1] for k in out.layers["peserta"]["id_kegiatan"]}
    tags |= {k.split("-")[1] for k in out.layers["laporan"]["id_laporan"]}
    tags |= {str(out.layers["info"]["nilai"].iloc[1])}
    tags |= {str(n).rsplit(" ", 1)[1] for n in out.layers["desa"]["nama"].iloc[:1]}
    return tags


def test_two_loads_at_once_give_one_complete_load(postgis_url: str) -> None:
    fresh_database(postgis_url)
    store = PostgisStore(postgis_url)
    store.publish(sample_layers("Z"), sample_manifest("Z"))
    children = {"A": _child(postgis_url, "A", 40_000), "B": _child(postgis_url, "B", 30_000)}
    results = {tag: child.communicate(timeout=300) for tag, child in children.items()}
    for tag, child in children.items():
        assert child.returncode == 0, results[tag][1]
        assert results[tag][0].split() == ["siap", "selesai"]
    (winner,) = _tags(store)
    assert winner in {"A", "B"}
    rows = {"A": 40_000, "B": 30_000}[winner]
    assert len(store.read_layer("peserta")) == rows
    with psycopg.connect(postgis_url) as conn:
        assert conn.execute("SELECT count(*) FROM peta.peserta").fetchone() == (rows,)
        assert conn.execute("SELECT count(*) FROM peta.muatan").fetchone() == (1,)


def test_a_load_killed_half_way_leaves_the_previous_one(postgis_url: str) -> None:
    fresh_database(postgis_url)
    store = PostgisStore(postgis_url)
    store.publish(sample_layers("Z"), sample_manifest("Z"))
    before = store.read_outputs()
    child = _child(postgis_url, "K", BIG)
    assert child.stdout is not None and child.stdout.readline().strip() == "siap"
    _wait_until_loading(postgis_url, child)
    assert _tags(store) == {"Z"}  # a reader during the load sees the previous load, whole
    assert child.poll() is None
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    after = store.read_outputs()
    assert _tags(store) == {"Z"}
    assert after.version == before.version
    for name, frame in before.layers.items():
        assert after.layers[name].equals(frame)
    # the killed load's transaction is gone: the next load goes through
    store.publish(sample_layers("N"), sample_manifest("N"))
    assert _tags(store) == {"N"}


def _wait_until_loading(url: str, child: subprocess.Popen[str]) -> None:
    """Until the child holds the load lock and has sent attendance rows (it is inside
    its transaction, half-way through the copy)."""
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(6000):
            assert child.poll() is None, "the load finished before it could be killed"
            row = conn.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                " WHERE l.locktype = 'advisory' AND l.objid = %s AND l.granted"
                " AND a.query LIKE 'COPY%%peserta%%'",
                (LOCK_KEY,),
            ).fetchone()
            if row is not None and row[0] > 0:
                return
            time.sleep(0.01)
    pytest.fail("the child never started copying")


def test_a_wrong_password_is_never_shown(postgis_url: str) -> None:
    secret = postgis_url.split(":")[2].split("@")[0]
    wrong = postgis_url.replace(secret, "salah-rahasia-123")
    with pytest.raises(StoreError) as caught:
        PostgisStore(wrong).version()
    assert "salah-rahasia-123" not in str(caught.value)
    assert secret not in str(caught.value)
    assert "***" in str(caught.value)


def test_a_read_only_user_reads_every_load_but_cannot_load(postgis_url: str) -> None:
    fresh_database(postgis_url)
    loader = PostgisStore(postgis_url)
    loader.publish(sample_layers("A"), sample_manifest("A"))
    reader_url = read_only_reader(postgis_url)
    reader = PostgisStore(reader_url)
    password = str(urlsplit(reader_url).password)
    assert _tags(reader) == {"A"}
    layers = sample_layers("B")
    layers["tinjauan"] = pd.DataFrame({"alasan": pd.Series(["baru"], dtype="str")})  # new table
    loader.publish(layers, sample_manifest("B"))
    assert _tags(reader) == {"B"}
    assert reader.read_layer("tinjauan")["alasan"].tolist() == ["baru"]
    with pytest.raises(StoreError) as caught:
        reader.publish(sample_layers("C"), sample_manifest("C"))
    assert "permission denied" in str(caught.value) and password not in str(caught.value)
    assert _tags(loader) == {"B"}
