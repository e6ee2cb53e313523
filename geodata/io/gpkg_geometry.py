"""Prepare a layer's geometry for writing ahead of its attributes.

The ``desa`` layer of an ETL run is the official polygons plus metrics computed last.
Turning 80,000 detailed polygons into GeoPackage-ready WKB (single parts promoted to
multi, as GDAL's GeoPackage driver wants one type per layer) takes longer than writing
the metrics, so :func:`prepare_geometry` does it as soon as the boundaries are loaded and
:func:`write_layer_with_geometry` later joins the attributes to it. The result is the
file :func:`geodata.io.gpkg.write_layer` writes for the whole GeoDataFrame (tested).
"""

from __future__ import annotations

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
class PreparedGeometry:
    """A geometry column ready for a GeoPackage: the key of each row (in row order),
    the WKB, the layer's geometry type and CRS, and the geometry column's name."""

    keys: np.ndarray
    wkb: pa.Array
    geometry_type: str
    crs: str | None
    name: str


def prepare_geometry(frame: gpd.GeoDataFrame, key: str) -> PreparedGeometry:
    """Geometry of ``frame`` as the GeoPackage writer stores it, keyed by ``frame[key]``.

    Same rules as pyogrio's writer for a GeoPackage: one geometry type per layer; a mix
    of single and multi parts of one kind is stored as multi; a 3D geometry adds " Z"."""
    if key not in frame.columns:
        raise ValueError(f"kolom kunci '{key}' tidak ada")
    geoms = np.asarray(frame.geometry.array, dtype=object)
    present = geoms[~shapely.is_missing(geoms)]
    names = [_TYPE_NAMES[int(code)] for code in np.unique(shapely.get_type_id(present))]
    geometry_type = "Unknown"
    if len(names) == 1:
        geometry_type = names[0]
    elif len(names) == 2 and set(names) in ({s, m} for s, m in _SINGLE_TO_MULTI.items()):
        geometry_type = next(m for m in names if m.startswith("Multi"))
        single = shapely.get_type_id(geoms) == _TYPE_IDS[geometry_type[5:]]
        geoms = geoms.copy()
        geoms[single] = _as_multi(geometry_type, geoms[single])
    visible = present[~shapely.is_empty(present)]
    if geometry_type != "Unknown" and len(visible) and shapely.has_z(visible).any():
        geometry_type = f"{geometry_type} Z"
    wkb = shapely.to_wkb(geoms)
    return PreparedGeometry(
        keys=frame[key].to_numpy(dtype=object),
        wkb=_binary(wkb),
        geometry_type=geometry_type,
        crs=_crs_text(frame),
        name=str(frame.geometry.name),
    )


def write_layer_with_geometry(
    path: Path, name: str, attributes: pd.DataFrame, geometry: PreparedGeometry, key: str
) -> None:
    """Write ``attributes`` (no geometry column; rows in the order of ``geometry.keys``,
    checked) with the prepared geometry as layer ``name`` of the GeoPackage ``path``."""
    if key not in attributes.columns:
        raise GeoPackageError(f"layer '{name}': kolom kunci '{key}' tidak ada")
    keys = attributes[key].to_numpy(dtype=object)
    if len(keys) != len(geometry.keys) or not (keys == geometry.keys).all():
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


def _as_multi(kind: str, geoms: np.ndarray) -> np.ndarray:
    """Each single part as a one-part multi geometry (as pyogrio promotes them)."""
    parts = geoms[:, np.newaxis]  # one row of one part per geometry
    if kind == "MultiPoint":
        return np.asarray(shapely.multipoints(parts), dtype=object)
    if kind == "MultiLineString":
        return np.asarray(shapely.multilinestrings(parts), dtype=object)
    return np.asarray(shapely.multipolygons(parts), dtype=object)


def _binary(wkb: np.ndarray) -> pa.Array:
    """An Arrow binary array of WKB values built from one buffer (None stays null)."""
    missing = np.fromiter((value is None for value in wkb), bool, len(wkb))
    sizes = np.fromiter((0 if value is None else len(value) for value in wkb), np.int64, len(wkb))
    offsets = np.zeros(len(wkb) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    data = pa.py_buffer(b"".join(value for value in wkb if value is not None))
    validity = pa.array(~missing).buffers()[1] if missing.any() else None
    if offsets[-1] < 2**31:
        return pa.Array.from_buffers(
            pa.binary(), len(wkb), [validity, pa.py_buffer(offsets.astype(np.int32)), data]
        )
    return pa.Array.from_buffers(
        pa.large_binary(), len(wkb), [validity, pa.py_buffer(offsets), data]
    )


def _crs_text(frame: gpd.GeoDataFrame) -> str | None:
    crs = frame.geometry.crs
    if not crs:
        return None
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else str(crs.to_wkt("WKT1_GDAL"))
