"""A run killed in the middle of writing, or while publishing, leaves a consistent pair
(GeoPackage + manifest) readable: the previous one or the new one."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from etl.io.output import write_outputs
from etl.io.versions import (
    KEEP_VERSIONS,
    current_dir,
    current_outputs,
    is_consistent,
    readable_dir,
)
from geodata.fetch import sha256_of

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import geopandas as gpd
    import numpy as np
    from etl.io.output import write_outputs

    n = 400_000
    rng = np.random.default_rng(1)
    big = gpd.GeoDataFrame(
        {"kode": np.arange(n).astype(str)},
        geometry=gpd.points_from_xy(rng.uniform(124, 125, n), rng.uniform(-10, -9, n)),
        crs="EPSG:4326",
    )
    layers = {f"lapisan_{i}": big for i in range(20)}
    write_outputs(Path(sys.argv[1]), layers, {"contoh": False})
    """
)


def _size(path: Path) -> int:
    """Size of a file that SQLite may delete meanwhile (its journal): 0 once gone."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def test_kill_during_write_keeps_previous_output(tmp_path: Path) -> None:
    good = gpd.GeoDataFrame({"kode": ["a"]}, geometry=[shapely.box(0, 0, 1, 1)], crs="EPSG:4326")
    write_outputs(tmp_path, {"desa": good}, {"contoh": False, "versi": "lama"})
    before = current_outputs(tmp_path)
    before_gpkg = before[0].read_bytes()
    before_manifest = before[1].read_text(encoding="utf-8")

    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path)], env=env)
    deadline = time.monotonic() + 120
    temp_seen = False
    while time.monotonic() < deadline and proc.poll() is None:
        if any(_size(p) > 1_000_000 for p in tmp_path.rglob(".sosialisasi*")):
            temp_seen = True
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert temp_seen, "the writer never started writing its temporary file"

    assert current_outputs(tmp_path) == before
    assert before[0].read_bytes() == before_gpkg
    assert before[1].read_text(encoding="utf-8") == before_manifest
    reread = gpd.read_file(before[0], layer="desa")
    assert reread["kode"].tolist() == ["a"]
    assert sha256_of(before[0]) in before_manifest
    # The killed run's unfinished version folder (and its temporary file) goes at the
    # next run's pruning.
    write_outputs(tmp_path, {"desa": good}, {"contoh": False, "versi": "baru"})
    assert not list(tmp_path.rglob(".sosialisasi*"))
    assert len(list((tmp_path / "versi").iterdir())) == 2


def test_manifest_records_gpkg_hash(tmp_path: Path) -> None:
    table = pd.DataFrame({"a": [1]})
    gpkg, manifest = write_outputs(tmp_path, {"t": table}, {"contoh": True})
    assert (gpkg, manifest) == current_outputs(tmp_path)
    assert gpkg.parent == manifest.parent and gpkg.parent.parent == tmp_path / "versi"
    text = manifest.read_text(encoding="utf-8")
    assert sha256_of(gpkg) in text and '"contoh": true' in text
    assert not list(gpkg.parent.glob(".*"))  # no temporaries left beside the pair


# --- killed while publishing: the pair is one unit ------------------------------------
# A forked child publishes a new version and is SIGKILLed at a chosen filesystem step
# (right before its n-th mkdir/rename/replace/fsync/unlink/rmtree) or after a random
# delay; the folder must then always read as one consistent pair, old or new.

STEPS = [(os, "mkdir"), (os, "rename"), (os, "replace"), (os, "fsync"), (os, "unlink"),
         (shutil, "rmtree")]  # fmt: skip
RANDOM_KILLS = 40


def _layers(label: str) -> dict[str, pd.DataFrame]:
    return {"t": pd.DataFrame({"etiket": [label]})}


def _publish(out: Path, label: str, die_at: int | None, count_file: Path | None) -> None:
    calls = 0

    def hooked(fn: Callable[..., object]) -> Callable[..., object]:
        def step(*args: object, **kwargs: object) -> object:
            nonlocal calls
            calls += 1
            if calls == die_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return fn(*args, **kwargs)

        return step

    for module, name in STEPS:
        setattr(module, name, hooked(getattr(module, name)))
    write_outputs(out, _layers(label), {"etiket": label})
    if count_file is not None:
        count_file.write_text(str(calls))


def _publish_forever(out: Path) -> None:
    for i in itertools.count():
        write_outputs(out, _layers(f"c{i}"), {"etiket": f"c{i}"})


def _current_label(out: Path) -> str:
    """The label of the pair the folder reads as; fails unless it is consistent."""
    folder = current_dir(out)
    assert folder is not None and is_consistent(folder)
    assert readable_dir(out) == folder
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    layer = pyogrio.read_dataframe(folder / "sosialisasi.gpkg", layer="t")
    assert layer["etiket"].tolist() == [manifest["etiket"]]  # written by the same run
    return str(manifest["etiket"])


def _run_child(target: Callable[..., None], *args: object) -> int | None:
    child = FORK.Process(target=target, args=args)
    child.start()
    child.join(timeout=60)
    return child.exitcode


FORK = multiprocessing.get_context("fork")


def test_kill_at_every_publishing_step_leaves_a_consistent_pair(tmp_path: Path) -> None:
    out = tmp_path / "keluaran"
    for label in ("v0", "v1", "v2", "v3"):  # earlier versions, so pruning has work too
        write_outputs(out, _layers(label), {"etiket": label})
    counter = tmp_path / "langkah.txt"
    assert _run_child(_publish, out, "uji", None, counter) == 0
    steps = int(counter.read_text())
    assert steps >= 8 and _current_label(out) == "uji"

    previous, survived = "uji", 0
    for n in range(1, steps + 1):
        label = f"k{n}"
        assert _run_child(_publish, out, label, n, None) == -signal.SIGKILL
        now = _current_label(out)
        assert now in (previous, label)
        previous, survived = now, survived + 1
    assert survived == steps
    # The next run publishes normally and prunes what the killed runs left.
    write_outputs(out, _layers("akhir"), {"etiket": "akhir"})
    assert _current_label(out) == "akhir"
    left = sorted(p.name for p in (out / "versi").iterdir())
    assert len(left) == KEEP_VERSIONS, left


def test_kill_at_random_moments_leaves_a_consistent_pair(tmp_path: Path) -> None:
    out = tmp_path / "keluaran"
    write_outputs(out, _layers("awal"), {"etiket": "awal"})
    rng = random.Random(11)
    labels = {"awal"}
    for _ in range(RANDOM_KILLS):
        child = FORK.Process(target=_publish_forever, args=(out,))
        child.start()
        time.sleep(rng.uniform(0.0, 0.4))
        child.kill()
        child.join(timeout=60)
        labels.add(_current_label(out))
    assert len(labels) > 2  # the children did publish between the kills
