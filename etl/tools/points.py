"""Locate report points (lat/lon) in the official desa polygons.

Rules (issue 3): a point inside a desa polygon gets that desa (``titik``; on a shared
border the lowest kode). A point inside the kabupaten but in a sliver gap between desa
goes to the nearest desa within ``snap_m`` metres (``nearest``, distance kept). A point at
(0, 0), not numeric, out of the lat/lon range or outside the kabupaten goes to review with
a reason. A pair whose latitude and longitude were swapped is corrected only when the
swapped point lies inside the kabupaten, and is then flagged ``tukar``. The desa polygons
take precedence over the outline: a point inside a desa polygon that pokes out of the
(separately sourced) kabupaten outline still gets that desa.

Library calls on whole arrays: ``gpd.sjoin`` (intersects) for the containment test, an
indexed query of the hole-filled kabupaten outline (:mod:`etl.tools._points_outline`) for
the inside test, ``gpd.sjoin_nearest(max_distance=snap_m)`` in EPSG:32750 for the gap
points, on the desa near them only.

Scores: ``titik`` 100; ``nearest`` 100 - 50 * distance / snap_m (50..100); ``tukar`` 90,
minus 40 * distance / snap_m when it also needed snapping.
"""

from __future__ import annotations

import functools
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.tools._points_outline import M_PER_DEG_LAT, M_PER_DEG_LON, OutlineIndex

__all__ = ["METRIC_CRS", "POINT_COLUMNS", "locate_points"]

METRIC_CRS: Final = "EPSG:32750"
POINT_COLUMNS: Final = ("desa_kode", "cara_cocok", "skor_cocok", "jarak_m", "lat", "lon", "alasan")


def locate_points(
    points: pd.DataFrame,
    desa: gpd.GeoDataFrame,
    kabupaten_outline: gpd.GeoDataFrame,
    *,
    snap_m: float = 250.0,
    fix_swapped: bool = True,
    kabupaten_lain: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """Assign each (``lat``, ``lon``) row of ``points`` to a desa ``kode``.

    ``desa`` needs ``kode`` and full-detail geometry, ``kabupaten_outline`` the outline
    (both with a CRS; converted to EPSG:4326). ``kabupaten_lain`` (optional, ``nama`` +
    geometry) names the neighbouring kabupaten in the reason of a point that lies there.

    Returns a new frame with the index of ``points`` and :data:`POINT_COLUMNS`:
    ``desa_kode`` (None when not accepted), ``cara_cocok`` (``titik``/``nearest``/
    ``tukar``, None when not accepted), ``skor_cocok`` (0..100, NaN when not accepted),
    ``jarak_m`` (0 inside, the gap distance for snapped points, NaN when not accepted),
    ``lat``/``lon`` (swapped back for ``tukar``, else as given; non-numbers become NaN) and
    ``alasan`` (Indonesian reason, "" when accepted).
    """
    _check_inputs(points, desa, kabupaten_outline, snap_m)
    lat = pd.to_numeric(points["lat"], errors="coerce").to_numpy(dtype=np.float64)
    lon = pd.to_numeric(points["lon"], errors="coerce").to_numpy(dtype=np.float64)
    polygons = desa.to_crs(4326).sort_values("kode", kind="stable", ignore_index=True)
    kode = polygons["kode"].astype(str).to_numpy(dtype=object)
    locator = _Locator(polygons, kabupaten_outline, float(snap_m))

    n = len(points)
    desa_pos = np.full(n, -1, dtype=np.int64)
    dist = np.full(n, np.nan)
    cara = np.full(n, None, dtype=object)
    alasan = np.full(n, "", dtype=object)
    out_lat, out_lon = lat.copy(), lon.copy()

    finite = np.isfinite(lat) & np.isfinite(lon)
    zero = finite & (lat == 0) & (lon == 0)
    in_range = finite & ~zero & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    alasan[~finite] = "Koordinat kosong atau bukan angka"
    alasan[zero] = "Koordinat (0, 0) tidak sah; GPS belum terkunci atau sel koordinat kosong"

    first = np.flatnonzero(in_range)
    pos, d, inside = locator.locate(lon[first], lat[first])
    found = pos >= 0
    desa_pos[first[found]], dist[first[found]] = pos[found], d[found]
    cara[first[found]] = np.where(d[found] > 0, "nearest", "titik")
    gap = first[~found & inside]
    alasan[gap] = (
        f"Titik di dalam kabupaten tetapi tidak di desa mana pun (desa terdekat > {snap_m:.0f} m)"
    )

    outside = np.zeros(n, dtype=bool)
    outside[first[~inside]] = True
    looks_swapped = finite & ~zero & ~in_range
    swap = np.flatnonzero(
        (outside | looks_swapped) & (np.abs(lon) <= 90) & (np.abs(lat) <= 180) & (lat != lon)
    )
    s_pos, s_d, s_inside = locator.locate(lat[swap], lon[swap])
    fixed = swap[s_inside & (s_pos >= 0)] if fix_swapped else swap[:0]
    keep = s_inside & (s_pos >= 0) if fix_swapped else np.zeros(len(swap), dtype=bool)
    desa_pos[fixed], dist[fixed], cara[fixed] = s_pos[keep], s_d[keep], "tukar"
    out_lat[fixed], out_lon[fixed] = lon[fixed], lat[fixed]
    alasan[swap[s_inside & (s_pos < 0)]] = (
        "Lintang dan bujur tertukar; setelah ditukar titik di dalam kabupaten tetapi "
        f"tidak di desa mana pun (desa terdekat > {snap_m:.0f} m)"
    )
    if not fix_swapped:
        alasan[swap[s_inside & (s_pos >= 0)]] = (
            "Lintang dan bujur tertukar (setelah ditukar titik ada di kabupaten); "
            "perbaiki koordinat"
        )
    still_out = np.zeros(n, dtype=bool)
    still_out[swap[~s_inside]] = True
    alasan[looks_swapped & still_out] = (
        "Lintang dan bujur tampaknya tertukar, tetapi setelah ditukar titik tetap di luar kabupaten"
    )
    no_swap = looks_swapped & ~np.isin(np.arange(n), swap)
    alasan[no_swap] = "Koordinat di luar rentang sah (lintang -90..90, bujur -180..180)"
    far = np.flatnonzero(outside & (alasan == "") & (desa_pos < 0))
    alasan[far] = _outside_reason(lon[far], lat[far], kabupaten_lain)

    ok = desa_pos >= 0
    return _assemble(points.index, kode, desa_pos, ok, cara, dist, out_lat, out_lon, alasan, snap_m)


class _Locator:
    """Point-in-desa (``gpd.sjoin``), inside-the-kabupaten and nearest-desa
    (``gpd.sjoin_nearest``) tests for arrays of lon, lat."""

    def __init__(self, desa: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, snap_m: float) -> None:
        self.desa, self.snap_m = desa[["geometry"]], snap_m  # one spatial index for all
        self._outline_frame = outline
        self._outline: OutlineIndex | None = None

    @property
    def outline(self) -> OutlineIndex:
        """The kabupaten outline (small holes filled), built only when a point falls
        outside every desa: dissolving a large outline is the costly part."""
        if self._outline is None:
            geoms = np.asarray(self._outline_frame.to_crs(4326).geometry.array, dtype=object)
            self._outline = _outline_index(tuple(shapely.to_wkb(geoms).tolist()))
        return self._outline

    def locate(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(desa position or -1, distance in m, inside the kabupaten) for each point."""
        n = len(x)
        pos = np.full(n, -1, dtype=np.int64)
        dist = np.full(n, np.nan)
        if n == 0:
            return pos, dist, np.zeros(0, dtype=bool)
        hits = gpd.sjoin(_points(x, y), self.desa, predicate="intersects")
        lowest = hits["index_right"].groupby(level=0).min()  # sorted by kode: lowest kode
        pos[lowest.index], dist[lowest.index] = lowest.to_numpy(), 0.0
        inside = pos >= 0
        rest = np.flatnonzero(~inside)
        inside[rest] = self.outline.intersects_xy(x[rest], y[rest])
        gap = rest[inside[rest]]
        pos[gap], dist[gap] = self._nearest(x[gap], y[gap])
        return pos, dist, inside

    def _nearest(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest desa within ``snap_m`` (distance in EPSG:32750; on a tie the lowest
        kode), -1/NaN when none. Only the desa near the points are projected: projecting
        every polygon of the national bench (80,448 desa) takes 12 s, the search itself
        well under one."""
        pos = np.full(len(x), -1, dtype=np.int64)
        dist = np.full(len(x), np.nan)
        if len(x) == 0:
            return pos, dist
        dy = self.snap_m / M_PER_DEG_LAT * 1.1
        dx = self.snap_m / (M_PER_DEG_LON * np.maximum(np.cos(np.radians(y)), 0.01)) * 1.1
        near = np.unique(self.desa.sindex.query(shapely.box(x - dx, y - dy, x + dx, y + dy))[1])
        if len(near) == 0:
            return pos, dist
        found = gpd.sjoin_nearest(
            _points(x, y).to_crs(METRIC_CRS),
            self.desa.iloc[near].to_crs(METRIC_CRS),
            max_distance=self.snap_m,
            distance_col="jarak_m",
        )
        best = (
            found.rename_axis("titik")
            .reset_index()
            .sort_values(["titik", "jarak_m", "index_right"], kind="stable")
            .drop_duplicates("titik")
        )
        pos[best["titik"].to_numpy()] = best["index_right"].to_numpy()
        dist[best["titik"].to_numpy()] = best["jarak_m"].to_numpy()
        return pos, dist


def _points(x: np.ndarray, y: np.ndarray) -> gpd.GeoDataFrame:
    """Points (lon, lat) as a frame indexed 0..n-1."""
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=4326)


@functools.lru_cache(maxsize=4)
def _outline_index(wkb: tuple[bytes, ...]) -> OutlineIndex:
    """Dissolved, hole-filled outline as indexed polygons; kept for the next call with the
    same outline (venues and reports of one run share it)."""
    return OutlineIndex.build(np.asarray(shapely.from_wkb(list(wkb)), dtype=object))


def _check_inputs(
    points: pd.DataFrame, desa: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, snap_m: float
) -> None:
    missing = [c for c in ("lat", "lon") if c not in points.columns]
    if missing:
        raise ValueError(f"points: kolom wajib tidak ada: {', '.join(missing)}")
    if "kode" not in desa.columns:
        raise ValueError("desa: kolom wajib tidak ada: kode")
    for name, frame in (("desa", desa), ("kabupaten_outline", outline)):
        if frame.crs is None:
            raise ValueError(f"{name}: CRS tidak diketahui (harus EPSG:4326)")
    if outline.empty or desa.empty:
        raise ValueError("desa dan kabupaten_outline tidak boleh kosong")
    if not snap_m >= 0:
        raise ValueError(f"snap_m harus >= 0, bukan {snap_m}")


def _outside_reason(
    x: np.ndarray, y: np.ndarray, kabupaten_lain: gpd.GeoDataFrame | None
) -> np.ndarray:
    """Reason for points outside the kabupaten, naming the neighbour that holds them."""
    reasons = np.full(len(x), "Titik di luar kabupaten", dtype=object)
    if kabupaten_lain is None or kabupaten_lain.empty or len(x) == 0:
        return reasons
    other = kabupaten_lain.to_crs(4326)
    names = other["nama"].astype(str).to_numpy() if "nama" in other else None
    if names is None:
        return reasons
    pt, poly = other.sindex.query(shapely.points(x, y), predicate="intersects")
    order = np.lexsort((poly, pt))
    pt, poly = pt[order], poly[order]
    first = np.unique(pt, return_index=True)[1]
    reasons[pt[first]] = [f"Titik di luar kabupaten (di {names[p]})" for p in poly[first]]
    return reasons


def _assemble(
    index: pd.Index,
    kode: np.ndarray,
    desa_pos: np.ndarray,
    ok: np.ndarray,
    cara: np.ndarray,
    dist: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    alasan: np.ndarray,
    snap_m: float,
) -> pd.DataFrame:
    desa_kode = np.full(len(ok), None, dtype=object)
    desa_kode[ok] = kode[desa_pos[ok]]
    cara = cara.copy()
    cara[~ok] = None
    frac = np.divide(dist, snap_m, out=np.zeros_like(dist), where=snap_m > 0)
    skor = np.select(
        [cara == "titik", cara == "nearest", cara == "tukar"],
        [np.full_like(frac, 100.0), 100.0 - 50.0 * frac, 90.0 - 40.0 * frac],
        default=np.nan,
    )
    return pd.DataFrame(
        {
            "desa_kode": pd.Series(desa_kode, index=index, dtype=object),
            "cara_cocok": pd.Series(cara, index=index, dtype=object),
            "skor_cocok": pd.Series(np.round(skor, 1), index=index, dtype="float64"),
            "jarak_m": pd.Series(np.where(ok, np.round(dist, 1), np.nan), index=index),
            "lat": pd.Series(lat, index=index, dtype="float64"),
            "lon": pd.Series(lon, index=index, dtype="float64"),
            "alasan": pd.Series(alasan, index=index, dtype="str"),
        },
        index=index,
    )
