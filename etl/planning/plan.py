"""The whole plan in one call: priority -> sessions -> trips, and its JSON form.

`make_plan` is the core; the Prioritas Kunjungan page and the `rencana` CLI both reach
it through `etl.planning.service` (same inputs, same plan). `plan_to_json` is the
documented machine-readable shape (issue 5 item 5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import networkx as nx
import pandas as pd

from etl.io.contract import DEFAULT_WINDOW_MONTHS
from etl.planning.bases import CAPITALS
from etl.planning.covering import Session, propose_sessions, representative_points
from etl.planning.priority import COMPONENTS, resolve_weights, score_priority
from etl.planning.reasons import add_reasons, start_place
from etl.planning.trips import DEFAULT_DETOUR, Trip, plan_trips

__all__ = ["DEFAULT_BASE", "Plan", "make_plan", "plan_to_json"]

DEFAULT_BASE: tuple[float, float] = CAPITALS["53.02"]
"""Kota Soe (around the kantor camat / Kelurahan SoE), as (lat, lon): the start of a
plan of TTS; the front doors start from the area's own base
(:func:`etl.planning.bases.default_base`)."""


@dataclass(frozen=True)
class Plan:
    """A complete proposal: ranked desa, sessions (selection order) and day trips."""

    skor: pd.DataFrame
    sessions: tuple[Session, ...]
    trips: tuple[Trip, ...]
    base: tuple[float, float]
    parameters: dict[str, Any] = field(default_factory=dict)

    def trip_of(self, venue_kode: str) -> int | None:
        """Number of the trip that visits `venue_kode` (None if not planned)."""
        for trip in self.trips:
            if venue_kode in trip.urutan:
                return trip.number
        return None


def make_plan(
    desa: gpd.GeoDataFrame,
    *,
    weights: Mapping[str, float] | None = None,
    k: int = 10,
    radius_km: float = 10.0,
    base: tuple[float, float] = DEFAULT_BASE,
    budget_km: float = 200.0,
    detour: float = DEFAULT_DETOUR,
    risk: pd.DataFrame | None = None,
    venues: gpd.GeoDataFrame | None = None,
    network: nx.Graph | None = None,
    window_months: int = DEFAULT_WINDOW_MONTHS,
    points: gpd.GeoDataFrame | None = None,
) -> Plan:
    """Score the desa, propose up to `k` sessions of radius `radius_km`, group them into trips.

    `desa` is the ETL `desa` layer; `points` its representative points (computed from
    `desa` when not given); see `score_priority`, `propose_sessions` and `plan_trips` for
    the rules. Both front doors call it through `etl.planning.service`, with the ETL's
    window and the full-detail geometry. Pure: inputs are not modified.
    """
    points = representative_points(desa) if points is None else points
    skor = score_priority(
        desa, weights=weights, base=base, risk=risk, window_months=window_months, points=points
    )
    start = start_place(desa, base)
    skor = add_reasons(skor, desa, start.nama)
    sessions = propose_sessions(skor, points, k=k, radius_km=radius_km, venues=venues)
    trips = plan_trips(sessions, base=base, budget_km=budget_km, detour=detour, network=network)
    parameters: dict[str, Any] = {
        "bobot": resolve_weights(weights),
        "k": k,
        "radius_km": radius_km,
        "base": [float(base[0]), float(base[1])],
        "anggaran_km": budget_km,
        "detour": detour,
        "jaringan_jalan": network is not None,
        "jendela_bulan": window_months,
        "basis_nama": start.nama,
        "basis_lengkap": start.lengkap,
    }
    return Plan(
        skor=skor,
        sessions=tuple(sessions),
        trips=tuple(trips),
        base=(float(base[0]), float(base[1])),
        parameters=parameters,
    )


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as `{"skor": [...], "sesi": [...], "trip": [...]}` (issue 5 item 5).

    `skor`: `{kode, skor, komponen: {name: contribution}}` in rank order (the
    contributions add up to skor); `sesi`: `{venue_kode, venue_lat, venue_lon,
    trip, undangan: [{kode, jarak_km}]}` in selection order; `trip`: `{trip, km,
    urutan: [venue_kode, ...]}`. Distances in km (estimates unless a road
    network was used).
    """
    skor = [
        {
            "kode": str(row["kode"]),
            "skor": float(row["skor"]),
            "komponen": {name: float(row[f"kontribusi_{name}"]) for name in COMPONENTS},
        }
        for _, row in plan.skor.iterrows()
    ]
    sesi = [
        {
            "venue_kode": s.venue_kode,
            "venue_lat": round(s.venue_lat, 6),
            "venue_lon": round(s.venue_lon, 6),
            "trip": plan.trip_of(s.venue_kode),
            "undangan": [{"kode": i.kode, "jarak_km": round(i.jarak_km, 3)} for i in s.invited],
        }
        for s in plan.sessions
    ]
    trip = [{"trip": t.number, "km": round(t.km, 2), "urutan": list(t.urutan)} for t in plan.trips]
    return {"skor": skor, "sesi": sesi, "trip": trip}
