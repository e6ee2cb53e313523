"""Geography and calendar of the synthetic sample (:mod:`etl.sample`).

:class:`Geo` holds the official desa of Kab. Timor Tengah Selatan in code order with
their polygons and metric centroid distances, and samples points inside a desa or in the
sea; :func:`plan_sessions` places the sessions (venue weighted by distance to Kota Soe,
invited villages within reach) and dates them in the sample period.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.tools.names import name_key

PERIOD_START: Final = date(2024, 3, 1)
PERIOD_END: Final = date(2026, 11, 30)
REAL_SESSION_ID: Final = "KGT-2024-03-11-SOE"
N_SESSIONS: Final = 150
VENUE_SCALE_KM: Final = 8.0
INVITE_RADIUS_KM: Final = 10.0
INVITE_COUNT: Final = (1, 5)  # invited villages besides the venue: 1..4
_PLACES: Final = ("kantor desa", "kantor camat", "gereja", "aula sekolah")


class Geo:
    """Official desa in code order with metric centroids, distances and polygons."""

    def __init__(self, official: pd.DataFrame, desa: gpd.GeoDataFrame) -> None:
        need = {"kode", "nama", "jenis", "kecamatan_kode", "kecamatan"}
        if missing := need - set(official.columns):
            raise ValueError(f"Daftar resmi tanpa kolom: {', '.join(sorted(missing))}")
        if "kode" not in desa.columns or desa.crs is None or desa.crs.to_epsg() != 4326:
            raise ValueError("Layer desa harus punya kolom kode dan CRS EPSG:4326.")
        self.o = official.sort_values("kode").reset_index(drop=True)
        geoms = desa.set_index("kode").geometry.reindex(self.o["kode"])
        if geoms.isna().any():
            raise ValueError("Ada desa di daftar resmi tanpa poligon.")
        if not (self.o["kecamatan"] == "Kota Soe").any():
            raise ValueError("Contoh hanya untuk Kab. Timor Tengah Selatan (53.02).")
        self.geoms = np.asarray(geoms.to_numpy(), dtype=object)
        self.outline = shapely.union_all(self.geoms)
        pts = gpd.GeoSeries(geoms.to_numpy(), crs=4326).to_crs(32750).representative_point()
        xy = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()]) / 1000.0
        self.dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        soe = np.flatnonzero((self.o["kecamatan"] == "Kota Soe").to_numpy())
        self.d_soe = self.dist[:, soe].min(axis=1)
        keys = self.o["nama"].map(name_key)
        self.keys = keys.tolist()
        self.unique_key = (~keys.duplicated(keep=False)).to_numpy()

    def point_in(self, i: int, rng: np.random.Generator) -> tuple[float, float]:
        """(lat, lon) rounded to 6 decimals, uniformly inside polygon ``i`` (rejection)."""
        geom = self.geoms[i]
        minx, miny, maxx, maxy = geom.bounds
        while True:
            x = round(float(rng.uniform(minx, maxx)), 6)
            y = round(float(rng.uniform(miny, maxy)), 6)
            if shapely.contains_xy(geom, x, y):
                return y, x

    def sea_point(self) -> tuple[float, float]:
        """A point 0.1 degree south of the kabupaten's southernmost vertex (the Timor Sea)."""
        coords = shapely.get_coordinates(self.outline)
        x, y = coords[np.argmin(coords[:, 1])]
        return round(float(y) - 0.1, 5), round(float(x), 5)


def plan_sessions(geo: Geo, rng: np.random.Generator) -> list[dict[str, Any]]:
    """The real Kota Soe session first, then the synthetic ones by date and venue.

    Each session is ``{"id", "date", "venue", "place", "invited"}`` (``venue``: position
    in ``geo.o``; ``invited``: positions of the other villages invited).
    """
    weights = np.exp(-geo.d_soe / VENUE_SCALE_KM)
    venues = rng.choice(len(weights), size=N_SESSIONS - 1, p=weights / weights.sum())
    days = (PERIOD_END - PERIOD_START).days
    out: list[dict[str, Any]] = []
    for venue in venues:
        day = PERIOD_START + timedelta(days=int(rng.integers(0, days + 1)))
        day -= timedelta(days=max(0, day.weekday() - 4))  # weekends -> Friday
        place = str(rng.choice(_PLACES, p=[0.45, 0.2, 0.2, 0.15]))
        near = np.flatnonzero(geo.dist[venue] <= INVITE_RADIUS_KM)
        near = near[near != venue]
        k = min(len(near), int(rng.integers(*INVITE_COUNT)))
        w = np.exp(-geo.dist[venue, near] / 5.0)
        invited = rng.choice(near, size=k, replace=False, p=w / w.sum()) if k else near
        out.append({"date": day, "venue": int(venue), "place": place, "invited": invited})
    out.sort(key=lambda s: (s["date"], s["venue"]))
    per_year: dict[int, int] = {}
    for s in out:
        per_year[s["date"].year] = per_year.get(s["date"].year, 0) + 1
        s["id"] = f"KGT-{s['date'].year}-{per_year[s['date'].year]:03d}"
    return [_real_session(geo), *out]


def _real_session(geo: Geo) -> dict[str, Any]:
    soe = np.flatnonzero((geo.o["kecamatan"] == "Kota Soe").to_numpy())
    venue = int(soe[geo.o.loc[soe, "nama"].str.casefold().to_numpy() == "soe"][0])
    return {"id": REAL_SESSION_ID, "date": date(2024, 3, 11), "venue": venue, "place": "nyata",
            "invited": soe[soe != venue]}  # fmt: skip
