"""Parse cahyadsn's SQL dumps without a database.

Boundary rows are ``(kode, nama, lat, lng, path)`` where ``path`` is JSON rings whose
points are ``[lat, lng]`` (latitude first); we build shapely geometries in lon/lat
(EPSG:4326). Names escape a quote by doubling it (``'Kot''olin'``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

_SQL_STR = r"'((?:[^']|'')*)'"
_NUM = r"(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NULL)"
_BOUNDARY_ROW = re.compile(
    rf"\(\s*{_SQL_STR}\s*,\s*{_SQL_STR}\s*,\s*{_NUM}\s*,\s*{_NUM}\s*,\s*'([^']*)'\s*\)"
)
_CODE_ROW = re.compile(rf"\(\s*'([\d.]+)'\s*,\s*{_SQL_STR}\s*\)")
_LUAS_ROW = re.compile(rf"\(\s*'([\d.]+)'\s*,\s*{_SQL_STR}\s*,\s*{_NUM}\s*\)")


def parse_boundaries(text: str, prefix: str = "") -> gpd.GeoDataFrame:
    """Parse a ``wilayah_boundaries`` dump into ``kode, nama, lat, lng, geometry``.

    Only rows whose ``kode`` starts with ``prefix`` are kept (all when empty).
    """
    records: list[dict[str, Any]] = []
    for kode, nama, lat, lng, path in _BOUNDARY_ROW.findall(_strip_comments(text)):
        if prefix and not kode.startswith(prefix):
            continue
        records.append(
            {
                "kode": kode,
                "nama": _unquote(nama),
                "lat": _num(lat),
                "lng": _num(lng),
                "geometry": rings_to_geometry(json.loads(path), kode),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=["kode", "nama", "lat", "lng", "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def parse_code_list(text: str) -> pd.DataFrame:
    """Parse ``wilayah.sql`` into ``kode, nama`` (all levels, official names)."""
    rows = [(k, _unquote(n)) for k, n in _CODE_ROW.findall(_strip_comments(text))]
    return pd.DataFrame(rows, columns=["kode", "nama"])


def parse_luas(text: str) -> pd.DataFrame:
    """Parse ``wilayah_luas.sql`` into ``kode, nama, luas_km2``."""
    rows = [(k, _unquote(n), _num(v)) for k, n, v in _LUAS_ROW.findall(_strip_comments(text))]
    return pd.DataFrame(rows, columns=["kode", "nama", "luas_km2"])


def read_text(path: Path) -> str:
    """Read an upstream dump as UTF-8."""
    return path.read_text(encoding="utf-8")


def rings_to_geometry(rings: Any, kode: str = "?") -> BaseGeometry:
    """Turn upstream JSON rings of ``[lat, lng]`` points into a lon/lat (Multi)Polygon.

    Depth 3 (list of rings) is one polygon part per ring: a ring lying inside an earlier
    ring is a hole, otherwise a separate part. Depth 4 is a list of polygons of rings.
    """
    depth = _depth(rings)
    if depth == 3:
        parts = _rings_to_polygons(rings, kode)
    elif depth == 4:
        parts = [part for poly in rings for part in _rings_to_polygons(poly, kode)]
    else:
        raise ValueError(f"Struktur path tidak dikenal untuk {kode} (kedalaman {depth})")
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _rings_to_polygons(rings: list[list[list[float]]], kode: str) -> list[Polygon]:
    shells: list[tuple[list[tuple[float, float]], list[list[tuple[float, float]]]]] = []
    for ring in rings:
        coords = [(float(p[1]), float(p[0])) for p in ring]  # [lat, lng] -> (lon, lat)
        if len(coords) < 3:
            raise ValueError(f"Cincin poligon {kode} punya kurang dari 3 titik")
        ring_poly = Polygon(coords)
        for shell, holes in shells:
            if Polygon(shell).contains(ring_poly.representative_point()) and (
                shapely.area(ring_poly) < shapely.area(Polygon(shell))
            ):
                holes.append(coords)
                break
        else:
            shells.append((coords, []))
    return [Polygon(shell, holes) for shell, holes in shells]


def _depth(value: Any) -> int:
    depth = 0
    while isinstance(value, list) and value:
        value = value[0]
        depth += 1
    return depth


def _unquote(text: str) -> str:
    return text.replace("''", "'")


def _num(text: str) -> float:
    return float("nan") if text == "NULL" else float(text)


def _strip_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)
