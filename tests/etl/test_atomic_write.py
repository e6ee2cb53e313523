"""A run killed in the middle of writing leaves the previous good output readable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from etl.io.output import write_outputs
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


def test_kill_during_write_keeps_previous_output(tmp_path: Path) -> None:
    good = gpd.GeoDataFrame({"kode": ["a"]}, geometry=[shapely.box(0, 0, 1, 1)], crs="EPSG:4326")
    write_outputs(tmp_path, {"desa": good}, {"contoh": False, "versi": "lama"})
    before_gpkg = (tmp_path / "sosialisasi.gpkg").read_bytes()
    before_manifest = (tmp_path / "manifest.json").read_text(encoding="utf-8")

    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path)], env=env)
    deadline = time.monotonic() + 120
    temp_seen = False
    while time.monotonic() < deadline and proc.poll() is None:
        temps = [p for p in tmp_path.glob(".sosialisasi-*.gpkg") if p.stat().st_size > 1_000_000]
        if temps:
            temp_seen = True
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert temp_seen, "the writer never started writing its temporary file"

    assert (tmp_path / "sosialisasi.gpkg").read_bytes() == before_gpkg
    assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == before_manifest
    reread = gpd.read_file(tmp_path / "sosialisasi.gpkg", layer="desa")
    assert reread["kode"].tolist() == ["a"]
    assert sha256_of(tmp_path / "sosialisasi.gpkg") in before_manifest
    # The background writer notices its caller is gone and removes its temporaries.
    while time.monotonic() < deadline and list(tmp_path.glob(".sosialisasi-*")):
        time.sleep(0.1)
    assert not list(tmp_path.glob(".sosialisasi-*"))


def test_manifest_records_gpkg_hash(tmp_path: Path) -> None:
    table = pd.DataFrame({"a": [1]})
    gpkg, manifest = write_outputs(tmp_path, {"t": table}, {"contoh": True})
    text = manifest.read_text(encoding="utf-8")
    assert sha256_of(gpkg) in text and '"contoh": true' in text
    assert not list(tmp_path.glob(".*"))
