"""The planner page's plan and its shapes (no Streamlit): the plan itself (the one
planning service that ``rencana`` uses, on the data's plan inputs), a hand-adjusted venue
selection re-planned, the ranking and the sessions as tables, a trip as a line of place
names."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.services.dataset import Dataset
from dashboard.strings import t
from etl.planning.plan import Plan
from etl.planning.service import PlanOptions, plan_from_inputs, replan_venues
from etl.planning.trips import Trip

SCREEN_DECIMALS = 2
RANKING_COLUMNS = ("peringkat", "kode", "nama", "kecamatan", "status_cakupan", "skor", "alasan")


def page_plan(ds: Dataset, options: PlanOptions) -> Plan:
    """The plan the Prioritas page shows: what ``rencana --data FOLDER`` computes for the
    same options (the ETL's window, full-detail geometry; ``etl.planning.service``)."""
    return plan_from_inputs(ds.rencana, options)


def adjust_plan(plan: Plan, ds: Dataset, venues: list[str], options: PlanOptions) -> Plan:
    """The same plan with the venues a planner chose (in their order), re-invited and
    re-routed by the same rules and points. Unchanged when the venues are the proposed
    ones."""
    return replan_venues(plan, ds.rencana, venues, options)


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


def ranking_table(skor: pd.DataFrame, lang: str = "id", *, n: int = 50) -> pd.DataFrame:
    """The `n` highest-ranked desa as a person reads them: status in words, the one-line
    reason, score and contributions rounded to 2 decimals (a NEW frame)."""
    contributions = [c for c in skor.columns if c.startswith("kontribusi_")]
    missing = [c for c in RANKING_COLUMNS if c not in skor.columns]
    if missing:
        raise ValueError("Kolom peringkat tidak ada: " + ", ".join(missing) + ".")
    out = pd.DataFrame(skor[[*RANKING_COLUMNS, *contributions]].head(n)).reset_index(drop=True)
    words = {code: t(f"status.{code}", lang) for code in ("belum", "kedaluwarsa", "tercakup")}
    out["status_cakupan"] = out["status_cakupan"].map(lambda s: words.get(str(s), str(s)))
    numbers = ["skor", *contributions]
    out[numbers] = out[numbers].astype("float64").round(SCREEN_DECIMALS) + 0.0
    return out


def trip_route(trip: Trip, names: Mapping[str, str], start: str) -> str:
    """ "SoE → Supul → Fenun → SoE": the start, the venues in driving order, back."""
    return " → ".join([start, *(str(names.get(v, v)) for v in trip.urutan), start])
