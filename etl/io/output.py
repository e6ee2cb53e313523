"""Write the ETL outputs: ``sosialisasi.gpkg`` and ``manifest.json``, as one unit.

Both go into a new version folder ``DIR/versi/<stamp>/`` and become current together
when the pointer ``DIR/terkini.txt`` is switched (:mod:`etl.io.versions`): a reader
never pairs a new GeoPackage with an old manifest, and a run that fails or is killed at
any point leaves the previous version current. Layers are handed to a
:class:`~geodata.io.gpkg_stream.LayerStream` as soon as each is ready, so the GeoPackage
is written by a second process while the pipeline is still matching and counting.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from etl.io.contract import GPKG_NAME, MANIFEST_NAME, Manifest
from etl.io.versions import (
    new_version_dir,
    output_lock,
    prune_versions,
    switch_current,
)
from geodata.io.atomic import write_text_atomically
from geodata.io.gpkg_stream import LayerStream

BACKGROUND_ROWS = 50_000
"""From this many input rows on, a second process writes the GeoPackage while the
pipeline goes on; below it, starting that process costs more than it saves."""


def open_layer_stream(out_dir: Path, *, rows: int) -> LayerStream:
    """Start writing the GeoPackage of a new version of ``out_dir`` for a run over
    ``rows`` input rows; ``put`` layers, then :func:`publish_outputs`. Leaving the
    ``with`` block early discards everything (the empty version folder goes at the next
    run's pruning)."""
    folder = new_version_dir(out_dir)
    return LayerStream(folder / GPKG_NAME, background=rows >= BACKGROUND_ROWS)


def publish_outputs(
    out_dir: Path, stream: LayerStream, manifest: dict[str, Any], order: Sequence[str] = ()
) -> tuple[Path, Path]:
    """Finish the GeoPackage (layers listed in ``order``), write the manifest (with the
    GeoPackage's sha256 and size) beside it, make that version current, then prune old
    versions. Call it holding :func:`~etl.io.versions.output_lock`."""
    published = stream.close(order)
    folder = stream.path.parent
    full = {
        **manifest,
        "gpkg": {"file": GPKG_NAME, "sha256": published.sha256, "bytes": published.size},
        "waktu_tulis_detik": published.seconds,
    }
    full = Manifest.from_json(full).to_json()  # what readers get back, checked before writing
    manifest_path = write_json_atomically(folder / MANIFEST_NAME, full)
    switch_current(out_dir, folder)
    prune_versions(out_dir)
    return stream.path, manifest_path


def write_outputs(
    out_dir: Path, layers: Mapping[str, pd.DataFrame], manifest: dict[str, Any]
) -> tuple[Path, Path]:
    """Write all layers, then the manifest (with the GeoPackage's sha256 and size), as a
    new current version of ``out_dir`` (holding its lock)."""
    rows = sum(len(frame) for frame in layers.values())
    with output_lock(out_dir), open_layer_stream(out_dir, rows=rows) as stream:
        for name, frame in layers.items():
            stream.put(name, frame)
        return publish_outputs(out_dir, stream, manifest, list(layers))


def write_json_atomically(path: Path, payload: Mapping[str, Any]) -> Path:
    """Write JSON through a temporary file and an atomic rename."""
    text = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False, default=str)
    return write_text_atomically(path, text)
