"""Proposed joint sessions: choose venues by maximal covering (greedy).

A session at a venue invites the leaders of every desa whose representative
point lies within `radius_km` of the venue. We pick up to K venues to maximise
the total priority (`skor > 0` only) of the desa covered, each desa counted
once. The objective f(S) = sum of skor over desa covered by S is monotone and
submodular, so the greedy choice (each step takes the venue adding the most
not-yet-covered priority) reaches at least (1 - 1/e) ~ 63 % of the optimum
(Nemhauser, Wolsey & Fisher 1978); on small instances it is often optimal.
Ties go to the lowest venue kode, so the output is deterministic.

Each covered desa is invited to the first chosen session that covers it, so a
session's `priority_covered` equals its greedy gain and desa are never invited
twice. Roles to invite per desa: kepala desa (or lurah for a kelurahan) when
no kepala desa/lurah came in the window, ketua RT/RW when none came, and
tokoh masyarakat/agama always (they carry the message in every desa).
Distances are straight lines in EPSG:32750 (UTM 50S) metres.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.planning.priority import METRIC_CRS

__all__ = [
    "Invitation",
    "Session",
    "build_sessions",
    "propose_sessions",
    "representative_points",
    "roles_to_invite",
]

TOKOH = "Tokoh masyarakat/agama"
RT_RW = "Ketua RT/RW"


@dataclass(frozen=True)
class Invitation:
    """One desa invited to a session, with its distance to the venue."""

    kode: str
    nama: str
    kecamatan: str
    jarak_km: float
    skor: float
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Session:
    """One proposed session: the venue, who is invited and the priority it covers."""

    number: int
    venue_kode: str
    venue_nama: str
    venue_lat: float
    venue_lon: float
    invited: tuple[Invitation, ...]
    priority_covered: float


def representative_points(desa: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a NEW frame `kode, nama, geometry` with one point inside each desa (EPSG:4326).

    The point is computed in the metric CRS (guaranteed inside the polygon), so it
    is a fair stand-in for "the desa" when measuring distances to a venue.
    """
    for col in ("kode", "nama"):
        if col not in desa.columns:
            raise ValueError(f"Kolom wajib tidak ada di lapisan desa: {col}.")
    if desa.crs is None:
        raise ValueError("Lapisan desa tidak punya CRS.")
    points = desa.geometry.to_crs(METRIC_CRS).representative_point().to_crs("EPSG:4326")
    return gpd.GeoDataFrame(
        {"kode": desa["kode"].astype("str").to_numpy(), "nama": desa["nama"].to_numpy()},
        geometry=points.to_numpy(),
        crs="EPSG:4326",
    )


def roles_to_invite(jenis: str | None, kades_belum: bool, rt_rw_belum: bool) -> tuple[str, ...]:
    """Roles to invite from one desa, derived from who has not been reached yet."""
    roles: list[str] = []
    if kades_belum:
        roles.append(
            {"kelurahan": "Lurah", "desa": "Kepala Desa"}.get(str(jenis), "Kepala Desa/Lurah")
        )
    if rt_rw_belum:
        roles.append(RT_RW)
    roles.append(TOKOH)
    return tuple(roles)


def propose_sessions(
    priority: pd.DataFrame,
    desa_points: gpd.GeoDataFrame,
    *,
    k: int,
    radius_km: float,
    venues: gpd.GeoDataFrame | None = None,
) -> list[Session]:
    """Choose up to `k` venues greedily (maximal covering) and return their sessions.

    `priority` needs `kode, skor` (the output of `score_priority` also carries
    nama, kecamatan, jenis and the leader flags used for the roles). Candidate
    venues are every desa point, or `venues` (`kode, [nama], geometry`). Fewer
    than `k` sessions come back when no venue adds uncovered priority.
    """
    if k < 0:
        raise ValueError("Jumlah sesi (K) tidak boleh negatif.")
    inst = _Instance(priority, desa_points, radius_km, venues)
    covered = np.zeros(len(inst.desa_kode), dtype=bool)
    chosen: list[int] = []
    for _ in range(k):
        gain = np.bincount(
            inst.pair_venue,
            weights=inst.weight[inst.pair_desa] * ~covered[inst.pair_desa],
            minlength=len(inst.venue_kode),
        )
        best = float(gain.max()) if len(gain) else 0.0
        if best <= 0.0:
            break
        pick = int(np.flatnonzero(gain >= best - 1e-9 * max(1.0, best))[0])
        chosen.append(pick)
        covered[inst.pair_desa[inst.pair_venue == pick]] = True
    return inst.sessions(chosen)


def build_sessions(
    priority: pd.DataFrame,
    desa_points: gpd.GeoDataFrame,
    venue_kodes: Sequence[str],
    *,
    radius_km: float,
    venues: gpd.GeoDataFrame | None = None,
) -> list[Session]:
    """Sessions for a venue selection made by hand (same rules as `propose_sessions`).

    Venues are taken in the given order; each desa goes to the first venue that
    covers it. Lets the page re-compute after the user adjusts the selection.
    """
    inst = _Instance(priority, desa_points, radius_km, venues)
    index = {kode: i for i, kode in enumerate(inst.venue_kode)}
    unknown = [v for v in venue_kodes if v not in index]
    if unknown:
        raise ValueError("Lokasi sesi tidak dikenal: " + ", ".join(unknown) + ".")
    if len(set(venue_kodes)) != len(venue_kodes):
        raise ValueError("Lokasi sesi dipilih lebih dari sekali.")
    return inst.sessions([index[v] for v in venue_kodes])


class _Instance:
    """Arrays shared by the greedy and the session builder (venues sorted by kode)."""

    def __init__(
        self,
        priority: pd.DataFrame,
        desa_points: gpd.GeoDataFrame,
        radius_km: float,
        venues: gpd.GeoDataFrame | None,
    ) -> None:
        if not radius_km > 0:
            raise ValueError("Radius (km) harus lebih dari 0.")
        for col in ("kode", "skor"):
            if col not in priority.columns:
                raise ValueError(f"Tabel prioritas tidak punya kolom {col}.")
        _check_points(desa_points, "titik desa")
        if desa_points["kode"].duplicated().any():
            raise ValueError("Kode desa ganda di titik desa.")
        points = desa_points.set_axis(desa_points["kode"].astype("str").to_numpy())
        kode = priority["kode"].astype("str")
        if kode.duplicated().any():
            raise ValueError("Kode desa ganda di tabel prioritas.")
        missing = sorted(set(kode) - set(points.index))
        if missing:
            raise ValueError("Desa tanpa titik: " + ", ".join(missing[:5]) + ".")
        table = priority.assign(kode=kode).sort_values("kode", kind="mergesort")
        table = table.reset_index(drop=True)
        skor = pd.to_numeric(table["skor"], errors="coerce").fillna(0.0).to_numpy(float)
        self.desa_kode = table["kode"].to_numpy()
        self.nama = _column(table, "nama", "")
        self.kecamatan = _column(table, "kecamatan", "")
        self.jenis = _column(table, "jenis", "") if "jenis" in table.columns else None
        self.kades_belum = _flags(table, "kades_lurah_belum")
        self.rt_rw_belum = _flags(table, "rt_rw_belum")
        self.weight = np.where(skor > 0, skor, 0.0)
        desa_geom = points.loc[self.desa_kode].geometry.set_crs(
            desa_points.crs, allow_override=True
        )
        desa_xy = shapely.get_coordinates(_as_points(desa_geom.to_crs(METRIC_CRS)))

        if venues is None:
            venue_frame = gpd.GeoDataFrame(
                {"kode": points.index.to_numpy(), "nama": _column(points, "nama", "")},
                geometry=points.geometry.to_numpy(),
                crs=desa_points.crs,
            )
        else:
            _check_points(venues, "lokasi sesi")
            if venues["kode"].duplicated().any():
                raise ValueError("Kode lokasi sesi ganda.")
            venue_frame = venues.assign(
                kode=venues["kode"].astype("str"), nama=_column(venues, "nama", "")
            )
        venue_frame = venue_frame.sort_values("kode", kind="mergesort").reset_index(drop=True)
        self.venue_kode = venue_frame["kode"].astype("str").to_numpy()
        self.venue_nama = venue_frame["nama"].fillna("").astype("str").to_numpy()
        venue_metric = gpd.GeoSeries(
            _as_points(venue_frame.geometry.to_crs(METRIC_CRS)), crs=METRIC_CRS
        )
        venue_xy = shapely.get_coordinates(venue_metric.to_numpy())
        lonlat = shapely.get_coordinates(venue_metric.to_crs("EPSG:4326").to_numpy())
        self.venue_lon, self.venue_lat = lonlat[:, 0], lonlat[:, 1]

        eligible = np.flatnonzero(self.weight > 0)
        tree = shapely.STRtree(np.asarray(shapely.points(desa_xy[eligible])))
        pv, pt = tree.query(
            shapely.points(venue_xy), predicate="dwithin", distance=radius_km * 1000.0
        )
        pd_ = eligible[pt]
        dist = np.hypot(*(venue_xy[pv] - desa_xy[pd_]).T) / 1000.0
        keep = dist <= radius_km
        pv, pd_, dist = pv[keep], pd_[keep], dist[keep]
        order = np.lexsort((pd_, pv))
        self.pair_venue = pv[order].astype(np.intp)
        self.pair_desa = pd_[order].astype(np.intp)
        self.pair_km = dist[order]

    def sessions(self, chosen: Sequence[int]) -> list[Session]:
        assigned = np.zeros(len(self.desa_kode), dtype=bool)
        result: list[Session] = []
        for number, v in enumerate(chosen, start=1):
            mask = (self.pair_venue == v) & ~assigned[self.pair_desa]
            idx, km = self.pair_desa[mask], self.pair_km[mask]
            assigned[idx] = True
            order = np.lexsort((self.desa_kode[idx], km))
            invited = tuple(
                self._invitation(int(i), float(d))
                for i, d in zip(idx[order], km[order], strict=True)
            )
            result.append(
                Session(
                    number=number,
                    venue_kode=str(self.venue_kode[v]),
                    venue_nama=str(self.venue_nama[v]),
                    venue_lat=float(self.venue_lat[v]),
                    venue_lon=float(self.venue_lon[v]),
                    invited=invited,
                    priority_covered=float(self.weight[np.sort(idx)].sum()),
                )
            )
        return result

    def _invitation(self, i: int, km: float) -> Invitation:
        return Invitation(
            kode=str(self.desa_kode[i]),
            nama=str(self.nama[i]),
            kecamatan=str(self.kecamatan[i]),
            jarak_km=km,
            skor=float(self.weight[i]),
            roles=roles_to_invite(
                None if self.jenis is None else str(self.jenis[i]),
                bool(self.kades_belum[i]),
                bool(self.rt_rw_belum[i]),
            ),
        )


def _check_points(frame: gpd.GeoDataFrame, label: str) -> None:
    if not isinstance(frame, gpd.GeoDataFrame) or "kode" not in frame.columns:
        raise ValueError(f"Data {label} harus GeoDataFrame dengan kolom kode.")
    if frame.crs is None:
        raise ValueError(f"Data {label} tidak punya CRS.")
    if frame.geometry.isna().any() or frame.geometry.is_empty.any():
        raise ValueError(f"Ada {label} tanpa geometri.")


def _as_points(geoms: gpd.GeoSeries) -> np.ndarray:
    values = geoms.to_numpy()
    is_point = shapely.get_type_id(values) == 0
    return np.where(is_point, values, shapely.point_on_surface(values))


def _column(frame: pd.DataFrame, name: str, default: str) -> np.ndarray:
    if name in frame.columns:
        return frame[name].fillna(default).astype("str").to_numpy()
    return np.full(len(frame), default, dtype=object)


def _flags(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A not-reached flag column; missing column or value counts as not reached."""
    if name not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    return frame[name].astype("boolean").fillna(True).to_numpy(dtype=bool)
