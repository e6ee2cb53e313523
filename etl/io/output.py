"""Write the ETL outputs: ``sosialisasi.gpkg`` and ``manifest.json``, as one unit.

Both go into a new version folder ``DIR/versi/<stamp>/`` and become current together
when the pointer ``DIR/terkini.txt`` is switched (:mod:`etl.io.versions`): a reader
never pairs a new GeoPackage with an old manifest, and a run that fails or is killed at
any point leaves the previous version current. Every layer is written by pyogrio through
Arrow (:func:`geodata.io.gpkg.write_layer`) into a temporary file that is fsynced and
renamed into place once complete.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from etl.io.contract import GPKG_NAME, MANIFEST_NAME, Manifest
from etl.io.versions import (
    LOCK_WAIT_SECONDS,
    new_version_dir,
    output_lock,
    prune_versions,
    switch_current,
)
from geodata.fetch import sha256_of
from geodata.io.atomic import atomic_target, write_text_atomically
from geodata.io.gpkg import write_layer


def write_outputs(
    out_dir: Path,
    layers: Mapping[str, pd.DataFrame],
    manifest: dict[str, Any],
    *,
    lock_wait: float = LOCK_WAIT_SECONDS,
) -> tuple[Path, Path]:
    """Write ``layers`` (in their order) as the GeoPackage of a new version of ``out_dir``,
    the manifest beside it (with the GeoPackage's sha256, size and per-layer write
    seconds), make that version current and prune old ones. Holds the lock of
    ``out_dir`` throughout (:class:`~etl.errors.OutputBusyError` after ``lock_wait``
    seconds); a failure leaves the previous version current (the unfinished folder goes
    at the next run's pruning)."""
    with output_lock(out_dir, wait=lock_wait):
        folder = new_version_dir(out_dir)
        gpkg = folder / GPKG_NAME
        seconds = write_gpkg(gpkg, layers)
        full = {
            **manifest,
            "gpkg": {"file": GPKG_NAME, "sha256": sha256_of(gpkg), "bytes": gpkg.stat().st_size},
            "waktu_tulis_detik": seconds,
        }
        full = Manifest.from_json(full).to_json()  # what readers get back, checked first
        manifest_path = write_json_atomically(folder / MANIFEST_NAME, full)
        switch_current(out_dir, folder)
        prune_versions(out_dir)
    return gpkg, manifest_path


def write_gpkg(path: Path, layers: Mapping[str, pd.DataFrame]) -> dict[str, float]:
    """Write ``layers`` into a temporary file renamed over ``path`` once all are written
    and fsynced; the seconds spent on each layer."""
    seconds: dict[str, float] = {}
    with atomic_target(path, create=False, suffix=".gpkg") as tmp:
        try:
            for name, frame in layers.items():
                start = time.perf_counter()
                write_layer(tmp, name, frame)
                seconds[name] = round(time.perf_counter() - start, 3)
        finally:
            Path(f"{tmp}-journal").unlink(missing_ok=True)
    return seconds


def write_json_atomically(path: Path, payload: Mapping[str, Any]) -> Path:
    """Write JSON through a temporary file and an atomic rename."""
    text = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False, default=str)
    return write_text_atomically(path, text)
