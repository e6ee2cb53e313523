"""GeoPackage IO: atomic multi-layer writes and checked reads.

A build writes every layer into a temporary file next to the target and then renames
it over the target, so a reader never sees a half-written GeoPackage and a failed or
killed run leaves the previous good file in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
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
            write_layer(tmp, name, frame)
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


def write_layer(path: Path, name: str, frame: pd.DataFrame, *, append: bool = False) -> None:
    """Add ``frame`` to the GeoPackage at ``path`` as layer ``name`` (the file is created
    when missing; ``append``: add the rows to the existing layer ``name``); callers make
    ``path`` a temporary file and publish it atomically."""
    table = frame if isinstance(frame, gpd.GeoDataFrame) else pd.DataFrame(frame)
    if not _HAS_ARROW:
        pyogrio.write_dataframe(table, path, layer=name, driver="GPKG", append=append)
        return
    # Arrow streams columns to GDAL (several times faster on large tables); object
    # columns become text first, exactly as the row-by-row writer stores them.
    with fast_sqlite():
        pyogrio.write_dataframe(
            objects_as_text(table), path, layer=name, driver="GPKG", use_arrow=True, append=append
        )


@contextlib.contextmanager
def fast_sqlite() -> Iterator[None]:
    """GDAL settings for writing a temporary GeoPackage that is fsynced and renamed only
    once complete: no sync after each insert, large pages."""
    saved = {key: pyogrio.get_gdal_config_option(key) for key in _FAST_SQLITE}
    pyogrio.set_gdal_config_options(_FAST_SQLITE)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(saved)


def objects_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Object (mixed / date) attribute columns as text the way the row-by-row writer
    stores them: ``str(value)``, None/NaN/NaT as null; columns of dates stay dates.
    Each distinct value is converted once and gathered back by code (no per-row
    Python objects are built)."""
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    changed: dict[str, pd.Series] = {}
    for column in frame.columns:
        if column == geometry or frame[column].dtype != object:
            continue
        values = frame[column].to_numpy(dtype=object)
        present = [v for v in values[:1000] if v is not None and v is not pd.NaT and v == v]
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        codes = np.where(codes < 0, len(uniques), codes)
        if present and all(isinstance(v, (dt.date, pd.Timestamp)) for v in present):
            distinct = pd.to_datetime(pd.Series([*uniques, None], dtype=object), errors="coerce")
            changed[column] = distinct.take(codes).set_axis(frame.index)  # a Date field
            continue
        texts = pd.array([*(str(u) for u in uniques), None], dtype="str")
        changed[column] = pd.Series(texts.take(codes), index=frame.index, dtype="str")
    return frame.assign(**changed) if changed else frame


_FAST_SQLITE = {
    "OGR_SQLITE_SYNCHRONOUS": "OFF",
    # SQLite's default page cache: a 512 MB cache touched 170 MB more memory (42,000 more
    # page faults on the national bench) for no less CPU (3.1-3.4 s either way).
    # OGR_SQLITE_JOURNAL=OFF or MEMORY changed nothing measurable either.
    # SQLite's largest pages: the national bench's layers write in 4.2 s instead of 5.7 s
    # and take 385 MB instead of 432 MB (the TTS sample grows from 2.4 to 4.9 MB)
    "OGR_SQLITE_PRAGMA": "page_size=65536",
}

try:
    import pyarrow  # noqa: F401

    _HAS_ARROW = True
except ImportError:  # pragma: no cover - pyarrow is in the lock
    _HAS_ARROW = False
