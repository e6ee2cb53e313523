"""The layers of a GeoPackage just written, without reading it again.

``etl --db`` publishes the pair it has just written to its folder into the database, and
the database must hold exactly the GeoPackage's layers and fields (same columns, same
dtypes, same values: the dashboard reads either store and shows the same). Reading the
GeoPackage back gives that by construction but costs seconds at national scale (GDAL
parses every row again). The frames the ETL handed to the writer are still in memory,
though, and what the reader returns for them follows a handful of rules of pyogrio and
the GeoPackage format (measured on the sample, pandas 3, pyogrio 0.13):

- object columns are written as text (:func:`geodata.io.gpkg.objects_as_text`) and read
  back as pandas' ``str`` dtype (``object`` of ``None`` when no row has a text); columns of
  dates are written as Date fields and read back as ``datetime64[ms]`` at midnight;
- ``datetime64[s]`` columns come back as ``datetime64[ms]``; nullable integers
  (``Int64``) come back as ``int64``, or ``float64`` when a value is missing;
- the geometry column comes last, named ``geometry``, with the layer's CRS; the index is
  a plain range; in a layer mixing single- and multi-part shapes, the writer promotes
  the single ones (``Polygon`` -> one-part ``MultiPolygon``).

:func:`as_read` applies these rules, checked against the GeoPackage's own schema
(``pyogrio.read_info``: field names, field dtypes, geometry type, row count; metadata
only). A layer whose frame the rules do not cover (another field dtype such as a
boolean, a timezone, empty geometries, a geometry type or a row count that differs) is
read back from the GeoPackage instead, so the guarantee holds for every
layer; ``tests/etl/store/test_published.py`` compares the two readings column by column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geodata.io.gpkg import objects_as_text, read_gpkg_layer

__all__ = ["as_read", "layers_as_read"]

_GEOMETRY = "geometry"
_MULTI: dict[str, Callable[..., Any]] = {
    "Polygon": shapely.multipolygons,
    "LineString": shapely.multilinestrings,
    "Point": shapely.multipoints,
}
"""How the writer promotes a single-part shape in a multi-part layer (one part each)."""
_TYPES: dict[int, str] = {0: "Point", 1: "LineString", 3: "Polygon", 4: "MultiPoint",
                          5: "MultiLineString", 6: "MultiPolygon"}  # fmt: skip
"""``shapely.get_type_id`` -> the GeoPackage's geometry type name."""
_TYPE_IDS: dict[str, int] = {name: code for code, name in _TYPES.items()}


def layers_as_read(gpkg: Path, layers: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each of ``layers`` (the frames written into ``gpkg``) as :func:`read_gpkg_layer`
    returns it: converted by :func:`as_read` where the rules cover it, else read back."""
    out: dict[str, pd.DataFrame] = {}
    for name, frame in layers.items():
        info = pyogrio.read_info(gpkg, layer=name)
        converted = as_read(frame, info)
        out[name] = read_gpkg_layer(gpkg, name) if converted is None else converted
    return out


def as_read(frame: pd.DataFrame, info: Mapping[str, Any]) -> pd.DataFrame | None:
    """``frame`` as reading it back from the layer described by ``info`` (pyogrio's
    ``read_info``) gives it, or ``None`` when the rules of this module do not cover it."""
    written = objects_as_text(frame)
    geometry = written.geometry.name if isinstance(written, gpd.GeoDataFrame) else None
    fields = [str(f) for f in info["fields"]]
    attributes = [c for c in written.columns if c != geometry]
    if attributes != fields or int(info["features"]) != len(written):
        return None
    if (geometry is None) != (info.get("geometry_type") is None):
        return None
    columns: dict[str, Any] = {}
    for name, dtype in zip(fields, info["dtypes"], strict=True):
        column = _as_read_column(written[name], str(dtype))
        if column is None:
            return None
        columns[name] = column
    table = pd.DataFrame(columns, index=pd.RangeIndex(len(written)))
    if geometry is None:
        return table
    shapes = _as_read_geometry(written, str(info["geometry_type"]), info.get("crs"))
    if shapes is None:
        return None
    return gpd.GeoDataFrame(table, geometry=shapes, crs=shapes.crs)


def _as_read_column(values: pd.Series, dtype: str) -> Any:
    """One attribute column as read back, or ``None`` for a dtype not covered."""
    if dtype == "object":  # text
        if not (pd.api.types.is_string_dtype(values.dtype) or values.dtype == object):
            return None
        if values.isna().all():  # no text to infer ``str`` from (or no rows): None each
            return np.full(len(values), None, dtype=object)
        return values.astype("str").array
    if dtype == "float64":
        return values.astype("float64").to_numpy() if _is_number(values) else None
    if dtype == "int64":
        if not pd.api.types.is_integer_dtype(values.dtype):
            return None
        if values.isna().any():
            return values.astype("float64").to_numpy()
        return values.astype("int64").to_numpy()
    if dtype == "datetime64[ms]":
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            return None
        if not pd.api.types.is_datetime64_dtype(values.dtype):
            return None
        return values.astype("datetime64[ms]").to_numpy()
    return None


def _is_number(values: pd.Series) -> bool:
    return pd.api.types.is_float_dtype(values.dtype) or pd.api.types.is_integer_dtype(values.dtype)


def _as_read_geometry(frame: gpd.GeoDataFrame, layer_type: str, crs: Any) -> gpd.GeoSeries | None:
    """The geometry column as read back (single parts promoted where the writer promotes
    them), or ``None`` for empty geometries, another CRS or a type the layer does not
    take."""
    shapes = frame.geometry
    if crs is None or shapes.crs is None or shapes.crs != gpd.GeoSeries(crs=crs).crs:
        return None
    values = np.array(shapes.array, dtype=object)  # shapely geometries and None
    present = ~shapely.is_missing(values)
    if shapely.is_empty(values[present]).any():
        return None
    kinds = np.array(shapely.get_type_id(values), dtype=np.int64)
    names = {_TYPES[k] for k in np.unique(kinds[present]) if k in _TYPES}
    if len(names) != len(np.unique(kinds[present])):
        return None  # a type without a name here (collections, rings): not covered
    single = layer_type.removeprefix("Multi")
    if layer_type.startswith("Multi") and single in names and names <= {layer_type, single}:
        parts = np.flatnonzero(present & (kinds == _TYPE_IDS[single]))
        values[parts] = _MULTI[single](values[parts], indices=np.arange(len(parts)))
    elif layer_type not in ("Unknown", "Geometry") and names - {layer_type}:
        return None
    return gpd.GeoSeries(values, index=pd.RangeIndex(len(frame)), crs=crs, name=_GEOMETRY)
