"""Shape a visit plan for the planner page (no Streamlit): re-plan a hand-adjusted venue
selection, and the sessions as a table."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from etl.planning.covering import build_sessions, representative_points
from etl.planning.plan import Plan
from etl.planning.trips import plan_trips


def adjust_plan(plan: Plan, desa: gpd.GeoDataFrame, venues: list[str], *, radius_km: float,
                budget_km: float, detour: float) -> Plan:  # fmt: skip
    """The same plan with the venues a planner chose (in their order), re-invited and
    re-routed by the same rules. Unchanged when the venues are the proposed ones."""
    if venues == [s.venue_kode for s in plan.sessions]:
        return plan
    sessions = build_sessions(plan.skor, representative_points(desa), venues, radius_km=radius_km)
    trips = plan_trips(sessions, base=plan.base, budget_km=budget_km, detour=detour)
    return Plan(skor=plan.skor, sessions=tuple(sessions), trips=tuple(trips), base=plan.base,
                parameters=plan.parameters)  # fmt: skip


def session_table(plan: Plan) -> pd.DataFrame:
    """One row per session: venue, trip, invited desa with distance, roles, priority."""
    rows = [
        {"sesi": s.number, "tempat": s.venue_nama, "trip": plan.trip_of(s.venue_kode),
         "undangan": ", ".join(f"{i.nama} ({i.jarak_km:.1f} km)" for i in s.invited),
         "peran": ", ".join(sorted({r for i in s.invited for r in i.roles})),
         "prioritas": round(s.priority_covered, 2)}
        for s in plan.sessions
    ]  # fmt: skip
    columns = ["sesi", "tempat", "trip", "undangan", "peran", "prioritas"]
    return pd.DataFrame(rows, columns=columns)
