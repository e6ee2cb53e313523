"""Locate report points (lat/lon) in the official desa polygons.

Rules (issue 3): a point inside a desa polygon gets that desa (``titik``; on a shared
border the lowest kode). A point inside the kabupaten but in a sliver gap between desa
goes to the nearest desa within ``snap_m`` metres (``nearest``, distance kept). A point at
(0, 0), not numeric, out of the lat/lon range or outside the kabupaten goes to review with
a reason. A pair whose latitude and longitude were swapped is corrected only when the
swapped point lies inside the kabupaten, and is then flagged ``tukar``. The desa polygons
take precedence over the outline: a point inside a desa polygon that pokes out of the
(separately sourced) kabupaten outline still gets that desa.

Everything is bulk work on shapely arrays and the STRtree spatial index: one bounding-box
query plus one vectorised exact test per candidate for the containment test (the same for
the kabupaten outline, kept as indexed hole-filled polygons), one bounding-box query plus
vectorised distances (in EPSG:32750, only for the few gap points and their nearby desa)
for the snapping.

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
from pyproj import Transformer

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
    polygons = desa.to_crs(4326).sort_values("kode", kind="stable")
    kode = polygons["kode"].astype(str).to_numpy(dtype=object)
    geoms = np.asarray(polygons.geometry.array, dtype=object)
    tree = shapely.STRtree(geoms)
    locator = _Locator(geoms, tree, kabupaten_outline, float(snap_m))

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
    """Bulk point-in-desa / nearest-desa / inside-kabupaten tests for arrays of lon, lat."""

    def __init__(
        self, geoms: np.ndarray, tree: shapely.STRtree, outline: gpd.GeoDataFrame, snap_m: float
    ) -> None:
        self.geoms, self.tree, self.snap_m = geoms, tree, snap_m
        self._outline_frame = outline
        self._outline: OutlineIndex | None = None
        self.to_metric = Transformer.from_crs(4326, METRIC_CRS, always_xy=True)

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
        # bounding-box candidates, then one exact test per candidate on the desa side
        # (cheaper than the query predicate, which prepares each point instead)
        cand_pt, cand_desa = self.tree.query(shapely.points(x, y))
        hit = shapely.intersects_xy(self.geoms[cand_desa], x[cand_pt], y[cand_pt])
        hit_pt, hit_desa = cand_pt[hit], cand_desa[hit]
        lowest = np.full(n, np.iinfo(np.int64).max)
        np.minimum.at(lowest, hit_pt, hit_desa)  # sorted by kode: lowest index = lowest kode
        in_desa = lowest < np.iinfo(np.int64).max
        pos[in_desa], dist[in_desa] = lowest[in_desa], 0.0
        inside = in_desa.copy()
        rest = np.flatnonzero(~in_desa)
        inside[rest] = self.outline.intersects_xy(x[rest], y[rest])
        gap = rest[inside[rest]]
        near_pos, near_dist = self._nearest(x[gap], y[gap])
        pos[gap], dist[gap] = near_pos, near_dist
        return pos, dist, inside

    def _nearest(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest desa within ``snap_m`` (metric distance), -1/NaN when none."""
        pos = np.full(len(x), -1, dtype=np.int64)
        dist = np.full(len(x), np.nan)
        if len(x) == 0:
            return pos, dist
        dy = self.snap_m / M_PER_DEG_LAT * 1.1
        dx = self.snap_m / (M_PER_DEG_LON * np.maximum(np.cos(np.radians(y)), 0.01)) * 1.1
        boxes = shapely.box(x - dx, y - dy, x + dx, y + dy)
        q_pt, q_desa = self.tree.query(boxes)
        if len(q_pt) == 0:
            return pos, dist
        uniq, inverse = np.unique(q_desa, return_inverse=True)
        metric_desa = shapely.transform(self.geoms[uniq], self._project)
        mx, my = self.to_metric.transform(x, y)
        metric_pts = shapely.points(mx, my)
        d = shapely.distance(metric_pts[q_pt], metric_desa[inverse])
        near = d <= self.snap_m
        frame = pd.DataFrame({"pt": q_pt[near], "desa": q_desa[near], "d": d[near]})
        best = frame.sort_values(["pt", "d", "desa"], kind="stable").drop_duplicates("pt")
        pos[best["pt"].to_numpy()] = best["desa"].to_numpy()
        dist[best["pt"].to_numpy()] = best["d"].to_numpy()
        return pos, dist

    def _project(self, coords: np.ndarray) -> np.ndarray:
        mx, my = self.to_metric.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([mx, my])


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
