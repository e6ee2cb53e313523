"""Versioned output folders: the pointer, pruning, falling back, and the folder lock
between two real ETL processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from etl.io.output import write_outputs
from etl.io.versions import (
    KEEP_VERSIONS,
    POINTER_NAME,
    candidate_dirs,
    current_dir,
    current_outputs,
    is_consistent,
    readable_dir,
)

REPO = Path(__file__).resolve().parents[3]
KEGIATAN = "ID Kegiatan,Tanggal,Kecamatan,Desa\nK1,11/03/2024,Kota Soe,SoE\n"
HOLD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from etl.io.versions import output_lock

    with output_lock(Path(sys.argv[1])):
        print("siap", flush=True)
        sys.stdin.read()  # until the test closes our input
    """
)


def _write(out: Path, label: str) -> Path:
    gpkg, _ = write_outputs(out, {"t": pd.DataFrame({"etiket": [label]})}, {"etiket": label})
    return gpkg.parent


def _label(folder: Path) -> str:
    return str(json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["etiket"])


def test_each_write_is_a_new_current_version_and_old_ones_are_pruned(tmp_path: Path) -> None:
    folders = [_write(tmp_path, f"v{i}") for i in range(5)]
    assert current_dir(tmp_path) == folders[-1]
    assert (tmp_path / POINTER_NAME).read_text(encoding="utf-8").strip() == folders[-1].name
    kept = sorted((tmp_path / "versi").iterdir())
    assert kept == folders[-KEEP_VERSIONS:]
    assert [_label(p) for p in candidate_dirs(tmp_path)] == ["v4", "v3", "v2"]
    # what a killed run leaves (an unfinished folder, a half-removed one) goes next time
    (tmp_path / "versi" / "20200101T000000000000Z").mkdir()
    (tmp_path / "versi" / ".hapus-20200101T000000000001Z").mkdir()
    _write(tmp_path, "v5")
    assert len(list((tmp_path / "versi").iterdir())) == KEEP_VERSIONS


def test_damaged_current_version_falls_back_to_the_last_consistent_pair(tmp_path: Path) -> None:
    first = _write(tmp_path, "lama")
    second = _write(tmp_path, "baru")
    assert readable_dir(tmp_path) == second and is_consistent(second)
    with (second / "sosialisasi.gpkg").open("ab") as handle:
        handle.write(b"rusak")
    assert not is_consistent(second)
    assert current_dir(tmp_path) == second and readable_dir(tmp_path) == first


def test_pointer_outside_the_versions_is_ignored(tmp_path: Path) -> None:
    only = _write(tmp_path, "satu")
    (tmp_path / POINTER_NAME).write_text("../../etc\n", encoding="utf-8")
    assert current_dir(tmp_path) is None
    assert candidate_dirs(tmp_path) == [only]
    with pytest.raises(FileNotFoundError, match=r"sosialisasi\.gpkg tidak ada"):
        current_outputs(tmp_path)


def test_folder_of_the_older_layout_is_still_read(tmp_path: Path) -> None:
    folder = _write(tmp_path / "baru", "lama")
    for name in ("sosialisasi.gpkg", "manifest.json"):
        (folder / name).rename(tmp_path / name)
    assert current_dir(tmp_path) == tmp_path and readable_dir(tmp_path) == tmp_path
    assert current_outputs(tmp_path) == (
        tmp_path / "sosialisasi.gpkg",
        tmp_path / "manifest.json",
    )
    # the first run of this version publishes beside it and retires the old pair
    newer = _write(tmp_path, "baru")
    assert current_dir(tmp_path) == newer
    assert not (tmp_path / "sosialisasi.gpkg").exists()
    assert not (tmp_path / "manifest.json").exists()


# --- two real ETL processes into one folder ------------------------------------------


def _etl(inputs: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "etl", str(inputs), "--out", str(out),
         "--per-tanggal", "2026-11-30", *extra],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_run_into_a_folder_in_use_stops_with_a_clear_message(tts_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "kegiatan.csv"
    csv.write_text(KEGIATAN, encoding="utf-8")
    out = tmp_path / "keluaran"
    first = _etl(csv, out)
    assert first.wait(timeout=300) == 0, first.communicate()
    before = current_outputs(out)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out)], cwd=REPO, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "siap"
        # the same file again: only --ganti-semua runs again (a plain load is "no change")
        second = _etl(csv, out, "--ganti-semua", "--tunggu", "0.5")
        _, err = second.communicate(timeout=300)
        assert second.returncode == 4
        assert "ETL lain sedang berjalan" in err and str(out) in err
        assert "Traceback" not in err
        assert current_outputs(out) == before and is_consistent(before[0].parent)
    finally:
        holder.communicate(input="", timeout=60)
    third = _etl(csv, out, "--ganti-semua")  # once the other run is gone, it goes through
    assert third.wait(timeout=300) == 0
    assert current_outputs(out) != before


def test_two_runs_at_once_publish_one_after_the_other(tts_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "kegiatan.csv"
    csv.write_text(KEGIATAN, encoding="utf-8")
    out = tmp_path / "keluaran"
    runs = [_etl(csv, out, "--ganti-semua", "--tunggu", "300") for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    versions = sorted((out / "versi").iterdir())
    assert len(versions) == 2 and all(is_consistent(v) for v in versions)
    assert current_dir(out) == versions[-1]
    # The second run made its folder only after the first had published (held the lock).
    started = datetime.strptime(versions[1].name, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    published = (versions[0] / "manifest.json").stat().st_mtime
    assert started.timestamp() >= published
