"""Loads of several offices from several processes (``peta-sosialisasi etl``), on the
folder store and on a real PostGIS database: two loads at once both end up in the set
(the lost update the load lock prevents); a reader during a corrected load sees the old
set or the new one, never a mix; a load killed while it holds the lock changes nothing
and the next load goes through. Real processes, real stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from etl.io.versions import output_lock
from etl.store import DB_ENV, Store
from etl.store.postgis import PostgisStore
from etl.tables import InputSource
from geodata.fetch import sha256_of
from tests.etl.store.test_loading import (
    AS_OF,
    DISNAKER,
    IMIGRASI,
    corrected,
    files,
    load,
    load_both,
    target,
)

REPO = Path(__file__).resolve().parents[3]
__all__ = ["target"]  # the fixture, parametrised over both stores


def _etl(store: Store, src: InputSource, out: Path, *extra: str) -> subprocess.Popen[str]:
    """``etl FILE --out OUT --kantor --instansi`` in a process of its own (the database
    URL only in its environment)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(DB_ENV, None)
    if isinstance(store, PostgisStore):
        env[DB_ENV] = store.url
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "etl", str(src.path), "--out", str(out),
         "--kantor", src.kantor, "--instansi", src.sumber_instansi,
         "--per-tanggal", AS_OF.isoformat(), *extra],
        cwd=REPO, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def _out(store: Store, tmp_path: Path, machine: str) -> Path:
    """The ``--out`` of a load: one folder for the folder store; for a database, each
    machine has its own."""
    return tmp_path / ("keluaran" if not isinstance(store, PostgisStore) else machine)


def test_two_offices_loading_at_once_both_end_up_in_the_set(target: Store, tmp_path: Path) -> None:
    a, b = files(tmp_path)
    runs = [_etl(target, a, _out(target, tmp_path, "m1"), "--tunggu", "300"),
            _etl(target, b, _out(target, tmp_path, "m2"), "--tunggu", "300")]  # fmt: skip
    for run in runs:
        printed, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        assert ": baru" in printed
    manifest = target.read_outputs(()).manifest
    assert sorted(e.kantor for e in manifest.masukan) == sorted([DISNAKER[0], IMIGRASI[0]])
    peserta = target.read_layer("peserta")
    assert sorted(peserta["kantor"]) == sorted([DISNAKER[0], IMIGRASI[0]])


def test_a_reader_during_a_corrected_load_sees_old_or_new_never_a_mix(
    target: Store, tmp_path: Path
) -> None:
    out = _out(target, tmp_path, "m1")
    a, b = load_both(target, out, tmp_path)
    old = {sha256_of(a.path), sha256_of(b.path)}
    fixed = corrected(tmp_path)
    new = {sha256_of(fixed.path), sha256_of(b.path)}
    child = _etl(target, fixed, out, "--tunggu", "300")
    seen = []
    while True:
        finished = child.poll() is not None
        got = target.read_outputs(("kegiatan", "peserta", "laporan", "tinjauan"))
        shas = {e.sha256 for e in got.manifest.masukan}
        for name, layer in got.layers.items():
            assert set(layer["sumber_sha256"]) == shas, name  # layers and manifest agree
        assert shas in (old, new)
        seen.append(shas == new)
        if finished:
            break
    assert child.returncode == 0, child.communicate()[1]
    assert seen[-1] and seen == sorted(seen)  # old, then new, never back


def test_a_load_killed_while_it_holds_the_lock_changes_nothing(
    target: Store, tmp_path: Path
) -> None:
    out = _out(target, tmp_path, "m1")
    a, b = files(tmp_path)
    load(target, out, a)
    before = target.read_outputs(("peserta",))
    fixed = corrected(tmp_path)
    with output_lock(out):  # the loader runs the ETL, then waits to write the folder
        child = _etl(target, fixed, out, "--tunggu", "300")
        assert child.stderr is not None
        for line in child.stderr:
            if "menulis" in line:
                break
        else:
            pytest.fail(f"the load never reached its write: {child.communicate()}")
        other = _etl(target, b, _out(target, tmp_path, "m2"), "--tunggu", "0.5")
        _, err = other.communicate(timeout=300)
        assert other.returncode == 4 and "sedang memuat" in err  # the load lock is held
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    after = target.read_outputs(("peserta",))
    assert after.version == before.version and after.manifest == before.manifest
    assert after.layers["peserta"].equals(before.layers["peserta"])
    again = _etl(target, fixed, out, "--tunggu", "60")  # the dead load's locks are gone
    printed, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert "diganti (versi sebelumnya sha " + sha256_of(a.path)[:12] in printed
