"""Prepare a layer's geometry for writing ahead of its attributes.

The ``desa`` layer of an ETL run is the official polygons plus metrics computed last.
Turning 80,000 detailed polygons into GeoPackage-ready WKB (single parts promoted to
multi, as GDAL's GeoPackage driver wants one type per layer) takes longer than writing
the metrics, so :func:`prepare_geometry` does it as soon as the boundaries are loaded and
:func:`write_layer_with_geometry` later joins the attributes to it. The result is the
file :func:`geodata.io.gpkg.write_layer` writes for the whole GeoDataFrame (tested).
:func:`geometry_source` (WKB and per-row facts) and :func:`prepare_geometry` (layer type,
promotion, Arrow) are separate steps so that a writer process can take the WKB alone.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from pyogrio.raw import write_arrow

from geodata.io.gpkg import GeoPackageError, fast_sqlite, objects_as_text

_SINGLE_TO_MULTI = {
    "Point": "MultiPoint",
    "LineString": "MultiLineString",
    "Polygon": "MultiPolygon",
}


@dataclass(frozen=True)
class GeometrySource:
    """A layer's geometry as little-endian WKB with what :func:`prepare_geometry` needs
    to know about each row (type code, 3D), so no geometry objects have to be rebuilt."""

    keys: np.ndarray | None
    wkb: np.ndarray
    type_ids: np.ndarray
    has_z: np.ndarray
    crs: str | None
    name: str


@dataclass(frozen=True)
class PreparedGeometry:
    """A geometry column ready for a GeoPackage: the key of each row (in row order),
    the WKB, the layer's geometry type and CRS, and the geometry column's name."""

    keys: np.ndarray | None
    wkb: pa.Array
    geometry_type: str
    crs: str | None
    name: str


def geometry_source(frame: gpd.GeoDataFrame, key: str | None = None) -> GeometrySource:
    """The geometry of ``frame`` as WKB, keyed by ``frame[key]`` (``None``: by row)."""
    if key is not None and key not in frame.columns:
        raise ValueError(f"kolom kunci '{key}' tidak ada")
    geoms = np.asarray(frame.geometry.array, dtype=object)
    missing = shapely.is_missing(geoms)
    visible = ~missing & ~shapely.is_empty(geoms)
    return GeometrySource(
        keys=None if key is None else frame[key].to_numpy(dtype=object),
        wkb=np.asarray(shapely.to_wkb(geoms, byte_order=1), dtype=object),
        type_ids=np.where(missing, -1, shapely.get_type_id(geoms)).astype(np.int8),
        has_z=visible & shapely.has_z(geoms),
        crs=_crs_text(frame),
        name=str(frame.geometry.name),
    )


def prepare_geometry(source: GeometrySource) -> PreparedGeometry:
    """The geometry as the GeoPackage writer stores it.

    Same rules as pyogrio's writer for a GeoPackage: one geometry type per layer; a mix
    of single and multi parts of one kind is stored as multi (the single part's WKB
    wrapped in a one-part multi header, byte for byte what GEOS writes); any 3D geometry
    adds " Z"."""
    present = source.type_ids[source.type_ids >= 0]
    names = [_TYPE_NAMES[int(code)] for code in np.unique(present)]
    geometry_type = "Unknown"
    heads = None
    if len(names) == 1:
        geometry_type = names[0]
    elif len(names) == 2 and set(names) in ({s, m} for s, m in _SINGLE_TO_MULTI.items()):
        geometry_type = next(m for m in names if m.startswith("Multi"))
        single = source.type_ids == _TYPE_IDS[geometry_type[5:]]
        heads = _multi_heads(single, source.has_z, _TYPE_IDS[geometry_type])
    if geometry_type != "Unknown" and source.has_z.any():
        geometry_type = f"{geometry_type} Z"
    wkb = _binary(source.wkb, heads)
    return PreparedGeometry(source.keys, wkb, geometry_type, source.crs, source.name)


def write_layer_with_geometry(
    path: Path,
    name: str,
    attributes: pd.DataFrame,
    geometry: PreparedGeometry,
    key: str | None = None,
) -> None:
    """Write ``attributes`` (no geometry column; rows in the order of ``geometry.keys``
    when ``key`` is given, checked) with the prepared geometry as layer ``name``."""
    if len(attributes) != len(geometry.wkb):
        raise GeoPackageError(f"layer '{name}': jumlah baris tidak sama dengan geometrinya")
    if key is not None:
        if key not in attributes.columns or geometry.keys is None:
            raise GeoPackageError(f"layer '{name}': kolom kunci '{key}' tidak ada")
        if not (attributes[key].to_numpy(dtype=object) == geometry.keys).all():
            raise GeoPackageError(f"layer '{name}': urutan baris tidak sama dengan geometrinya")
    table = pa.Table.from_pandas(objects_as_text(attributes), preserve_index=False)
    for index, field in enumerate(table.schema):
        if pa.types.is_null(field.type):
            table = table.set_column(
                index, field.with_type(pa.string()), table[index].cast(pa.string())
            )
    table = table.append_column(geometry.name, geometry.wkb)
    with fast_sqlite():
        write_arrow(
            table,
            path,
            layer=name,
            driver="GPKG",
            geometry_name=geometry.name,
            geometry_type=geometry.geometry_type,
            crs=geometry.crs,
        )


_TYPE_NAMES = {
    0: "Point",
    1: "LineString",
    2: "LinearRing",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
    7: "GeometryCollection",
}
_TYPE_IDS = {name: code for code, name in _TYPE_NAMES.items()}
_WKB_Z = 0x80000000  # extended WKB: the geometry has Z


def _multi_heads(single: np.ndarray, has_z: np.ndarray, multi: int) -> np.ndarray:
    """Per row the bytes that make a single part's little-endian WKB a one-part multi
    geometry (byte order, the multi type with the extended-WKB 3D flag when the part is
    3D, one part); empty bytes for rows that stay as they are."""
    flat = struct.pack("<BII", 1, multi, 1)
    raised = struct.pack("<BII", 1, multi | _WKB_Z, 1)
    heads = np.full(len(single), b"", dtype=object)
    heads[single & ~has_z] = flat
    heads[single & has_z] = raised
    return heads


def _binary(wkb: np.ndarray, heads: np.ndarray | None = None) -> pa.Array:
    """An Arrow binary array of WKB values (None stays null), built in one buffer by
    one join of the values, each after its ``heads`` bytes when given."""
    n = len(wkb)
    missing = np.fromiter((value is None for value in wkb), bool, n)
    values = np.where(missing, b"", wkb) if missing.any() else wkb
    if heads is not None:
        values = np.column_stack([heads, values]).ravel()  # head, value, head, value, ...
    sizes = np.fromiter(map(len, values), np.int64, len(values))
    if heads is not None:
        sizes = sizes.reshape(n, 2).sum(axis=1)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    data = pa.py_buffer(b"".join(values.tolist()))
    validity = pa.array(~missing).buffers()[1] if missing.any() else None
    if offsets[-1] < 2**31:
        buffers = [validity, pa.py_buffer(offsets.astype(np.int32)), data]
        return pa.Array.from_buffers(pa.binary(), n, buffers)
    return pa.Array.from_buffers(pa.large_binary(), n, [validity, pa.py_buffer(offsets), data])


def _crs_text(frame: gpd.GeoDataFrame) -> str | None:
    crs = frame.geometry.crs
    if not crs:
        return None
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else str(crs.to_wkt("WKT1_GDAL"))
