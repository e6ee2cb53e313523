"""Are two ETL outputs the same? ``python -m tests.bench.compare_outputs OLD_DIR NEW_DIR``.

Each folder is a version folder (``sosialisasi.gpkg`` + ``manifest.json``) or an output
folder with ``terkini.txt``. Layer by layer: the same layers (their listing order is
printed, not counted as a difference: GDAL lists spatial tables first), the same
fields with the same GeoPackage types, the same geometry type and CRS, the same rows
once sorted by the layer's key (the source row for row layers, ``kode`` for areas, else
every column), equal values (NaN equals NaN) and geometries equal within 1e-9 degrees.
The manifests must be equal except what differs from run to run: creation time, timings,
tool version, input paths and the GeoPackage's own bytes and sha256.

Prints one line per layer (rows, differences); exit status 1 on any difference.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

GPKG = "sosialisasi.gpkg"
MANIFEST = "manifest.json"
TOLERANCE = 1e-9
SOURCE_KEY = ["sumber_file", "sumber_lembar", "sumber_baris"]
RUN_KEYS = {"dibuat", "waktu_detik", "waktu_tulis_detik", "versi", "gpkg"}
"""Manifest keys that differ from run to run (``gpkg``: the file's bytes and sha256,
which hold the write time of each layer)."""


def outputs(folder: Path) -> tuple[Path, Path]:
    """(GeoPackage, manifest) of a version folder or of an output folder's current one."""
    if (folder / GPKG).is_file():
        return folder / GPKG, folder / MANIFEST
    pointer = folder / "terkini.txt"
    if pointer.is_file():
        current = folder / "versi" / pointer.read_text(encoding="utf-8").strip()
        return current / GPKG, current / MANIFEST
    raise SystemExit(f"{folder}: tidak ada {GPKG} maupun terkini.txt")


def layer_key(columns: Sequence[str]) -> list[str]:
    """The columns a layer's rows are sorted by before comparing."""
    if all(c in columns for c in SOURCE_KEY):
        return SOURCE_KEY
    if "kode" in columns:
        return ["kode"]
    return list(columns)


def compare_layer(old: Path, new: Path, layer: str) -> tuple[int, list[str]]:
    """(rows in the old layer, differences found) for one layer of both files."""
    problems: list[str] = []
    info_old, info_new = pyogrio.read_info(old, layer=layer), pyogrio.read_info(new, layer=layer)
    for what in ("fields", "dtypes", "geometry_type", "crs"):
        a, b = info_old.get(what), info_new.get(what)
        if not _same_value(a, b):
            problems.append(f"{what}: {_show(a)} != {_show(b)}")
    a_frame = pyogrio.read_dataframe(old, layer=layer)
    b_frame = pyogrio.read_dataframe(new, layer=layer)
    if len(a_frame) != len(b_frame):
        problems.append(f"baris: {len(a_frame)} != {len(b_frame)}")
    if problems:
        return len(a_frame), problems
    a_frame, b_frame = _sorted(a_frame), _sorted(b_frame)
    for column in a_frame.columns:
        if column == "geometry" and isinstance(a_frame, gpd.GeoDataFrame):
            bad = ~_geometries_equal(a_frame.geometry.array, b_frame.geometry.array)
        else:
            bad = ~_values_equal(a_frame[column], b_frame[column])
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            problems.append(
                f"kolom {column}: {int(bad.sum())} baris beda, mis. "
                f"{_show(a_frame[column].iloc[first])} != {_show(b_frame[column].iloc[first])}"
            )
    return len(a_frame), problems


def compare_manifests(old: Path, new: Path) -> list[str]:
    """Differences between two manifests, run-to-run keys left out."""
    a, b = (_comparable(json.loads(p.read_text(encoding="utf-8"))) for p in (old, new))
    return [f"manifest {path}: {x!r} != {y!r}" for path, x, y in _diff(a, b, "")]


def compare(old_dir: Path, new_dir: Path) -> list[str]:
    """Every difference between two outputs; prints one line per layer."""
    old_gpkg, old_manifest = outputs(old_dir)
    new_gpkg, new_manifest = outputs(new_dir)
    old_layers = [str(row[0]) for row in pyogrio.list_layers(old_gpkg)]
    new_layers = [str(row[0]) for row in pyogrio.list_layers(new_gpkg)]
    problems: list[str] = []
    if sorted(old_layers) != sorted(new_layers):
        problems.append(f"layer: {old_layers} != {new_layers}")
    elif old_layers != new_layers:  # the order GIS software lists them in; not the data
        print(f"  (urutan layer lain: {old_layers} -> {new_layers})")
    for layer in (name for name in old_layers if name in new_layers):
        rows, found = compare_layer(old_gpkg, new_gpkg, layer)
        state = "sama" if not found else f"{len(found)} beda"
        print(f"  {layer:<15} {rows:>9,} baris  {state}")
        problems += [f"{layer}: {p}" for p in found]
    found = compare_manifests(old_manifest, new_manifest)
    print(f"  {'manifest':<15} {'':>15}  {'sama' if not found else f'{len(found)} beda'}")
    return problems + found


def main(argv: Sequence[str]) -> int:
    """Compare ``OLD_DIR`` with ``NEW_DIR``; 0 when equal, 1 otherwise."""
    if len(argv) != 2:
        print("pakai: python -m tests.bench.compare_outputs OLD_DIR NEW_DIR", file=sys.stderr)
        return 2
    problems = compare(Path(argv[0]), Path(argv[1]))
    for problem in problems:
        print(f"BEDA {problem}")
    print("SAMA" if not problems else f"BEDA: {len(problems)} perbedaan")
    return 1 if problems else 0


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in frame.columns if c != "geometry"]
    key = layer_key(columns)
    rest = [c for c in columns if c not in key]
    order = frame[key + rest].astype(str).sort_values(key + rest, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _values_equal(a: pd.Series, b: pd.Series) -> np.ndarray:
    left, right = a.to_numpy(dtype=object), b.to_numpy(dtype=object)
    both_missing = pd.isna(a).to_numpy() & pd.isna(b).to_numpy()
    same = np.array([x == y for x, y in zip(left, right, strict=True)], dtype=bool)
    return np.asarray(same | both_missing, dtype=bool)


def _geometries_equal(a: Any, b: Any) -> np.ndarray:
    left, right = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    missing_a, missing_b = shapely.is_missing(left), shapely.is_missing(right)
    same = shapely.equals_exact(left, right, tolerance=TOLERANCE)
    return np.asarray(np.where(missing_a | missing_b, missing_a & missing_b, same), dtype=bool)


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    return bool(a == b)


def _comparable(manifest: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in manifest.items() if k not in RUN_KEYS}
    kept["masukan"] = [
        {k: v for k, v in entry.items() if k != "path"} for entry in kept.get("masukan", [])
    ]
    return kept


def _diff(a: Any, b: Any, path: str) -> list[tuple[str, Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        found: list[tuple[str, Any, Any]] = []
        for key in sorted(set(a) | set(b), key=str):
            found += _diff(a.get(key), b.get(key), f"{path}.{key}")
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in _diff(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [(path or ".", a, b)]


def _show(value: Any) -> str:
    text = repr(value.tolist() if isinstance(value, np.ndarray) else value)
    return text if len(text) <= 160 else text[:157] + "..."


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
