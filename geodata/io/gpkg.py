"""GeoPackage IO: atomic multi-layer writes and checked reads.

A build writes every layer into a temporary file next to the target and then renames
it over the target, so a reader never sees a half-written GeoPackage and a failed or
killed run leaves the previous good file in place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio


class GeoPackageError(RuntimeError):
    """A GeoPackage is missing, corrupt, or lacks a layer."""


def write_layers_atomically(path: Path, layers: Mapping[str, pd.DataFrame]) -> Path:
    """Write ``layers`` (GeoDataFrames, or plain DataFrames as attribute tables) to
    ``path`` as one GeoPackage, replacing any previous file only once all are written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".gpkg")
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL must create the file itself
    try:
        for name, frame in layers.items():
            _write_layer(tmp, name, frame)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + "-journal").unlink(missing_ok=True)
    return path


def read_gpkg_layer(path: Path, layer: str) -> gpd.GeoDataFrame | pd.DataFrame:
    """Read one layer; a clear :class:`GeoPackageError` if the file or layer is bad."""
    if not path.is_file():
        raise GeoPackageError(f"Berkas {path} tidak ada.")
    try:
        available = {str(row[0]) for row in pyogrio.list_layers(path)}
    except Exception as exc:  # GDAL raises several error types for corrupt files
        raise GeoPackageError(f"Berkas {path} rusak atau bukan GeoPackage: {exc}") from exc
    if layer not in available:
        raise GeoPackageError(f"Berkas {path} tidak punya layer '{layer}'.")
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except Exception as exc:
        raise GeoPackageError(f"Layer '{layer}' di {path} tidak terbaca: {exc}") from exc
    if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in frame.columns:
        return frame
    return pd.DataFrame(frame)


def list_layers(path: Path) -> list[str]:
    """Names of the layers in a GeoPackage."""
    return [str(row[0]) for row in pyogrio.list_layers(path)]


def _write_layer(path: Path, name: str, frame: pd.DataFrame) -> None:
    table = frame if isinstance(frame, gpd.GeoDataFrame) else pd.DataFrame(frame)
    if _HAS_ARROW:
        # Arrow streams columns to GDAL (several times faster on large tables). Object
        # columns become text first, exactly as the row-by-row writer stores them.
        pyogrio.write_dataframe(
            _objects_as_text(table), path, layer=name, driver="GPKG", use_arrow=True
        )
    else:
        pyogrio.write_dataframe(table, path, layer=name, driver="GPKG")


def _objects_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Object (mixed / date) attribute columns as text the way the row-by-row writer
    stores them: ``str(value)``, None/NaN as null (and ``NaT`` as the text "NaT")."""
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    text = {}
    for column in frame.columns:
        if column == geometry or frame[column].dtype != object:
            continue
        values = frame[column]
        as_text = values.map(str)
        keep = values.notna() | (as_text == "NaT")
        text[column] = as_text.where(keep).astype("str")
    return frame.assign(**text) if text else frame


try:
    import pyarrow  # noqa: F401

    _HAS_ARROW = True
except ImportError:  # pragma: no cover - pyarrow is in the lock
    _HAS_ARROW = False
