"""The one planning service behind both front doors: the ``rencana`` command and the
Prioritas Kunjungan page.

Both plan from the same :class:`PlanInputs`, built once per published output by
:func:`plan_inputs`: the ``desa`` layer of ``sosialisasi.gpkg`` with its full-detail
geometry (never the simplified display geometry, whose representative points lie up to
806 m from the full ones on the sample: sessions near the radius would differ), the
representative point of every desa computed from it, and the coverage window the ETL ran
with (read from the manifest, so a 6-month run is planned with a 6-month lapse scale).
So for the same options the page's plan is the command's plan.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pandas as pd

from etl.io.contract import Manifest
from etl.nodes.area import in_kabupaten, kabupaten_of
from etl.planning.bases import default_base
from etl.planning.covering import build_sessions, representative_points
from etl.planning.plan import Plan, make_plan
from etl.planning.risk import join_risk_indicators, read_risk_indicators
from etl.planning.trips import DEFAULT_DETOUR, plan_trips
from etl.store import StoredOutputs

__all__ = [
    "PlanInputs",
    "PlanOptions",
    "plan_from_inputs",
    "plan_from_outputs",
    "plan_inputs",
    "read_plan_inputs",
    "replan_venues",
    "risk_from_csv",
]


@dataclass(frozen=True)
class PlanOptions:
    """What the planner chooses (the command's options, the page's sliders)."""

    weights: Mapping[str, float] | None = None
    k: int = 10
    radius_km: float = 10.0
    base: tuple[float, float] | None = None
    """Where trips start; ``None``: the area's own base (:meth:`PlanInputs.default_base`)."""
    budget_km: float = 200.0
    detour: float = DEFAULT_DETOUR
    risk: pd.DataFrame | None = None
    """``kode, risiko`` (0..1), see :func:`risk_from_csv`."""
    network: nx.Graph | None = None
    kabupaten: tuple[str, ...] = ()
    """Plan within these kabupaten only (codes ``53.02``); empty: across the whole
    working area of the data."""


@dataclass(frozen=True)
class PlanInputs:
    """What a plan is made from, read once per published output."""

    desa: gpd.GeoDataFrame
    """The ``desa`` layer: metrics and full-detail geometry."""
    points: gpd.GeoDataFrame
    """``kode, nama`` and one point inside each desa (EPSG:4326), from ``desa``."""
    window_months: int
    """The coverage window the ETL ran with."""
    contoh: bool
    """True for the synthetic sample."""

    def official(self) -> pd.DataFrame:
        """The desa list without geometry (for joining indicator files)."""
        return pd.DataFrame(self.desa.drop(columns=self.desa.geometry.name))

    def kabupaten(self) -> list[str]:
        """The kabupaten codes of the data, sorted (``53.02``, ...)."""
        return sorted(set(kabupaten_of(self.desa["kode"]).dropna().astype(str)))

    def default_base(self, kabupaten: Collection[str] = ()) -> tuple[float, float]:
        """Where a plan within ``kabupaten`` (all kabupaten of the data when empty)
        starts unless told otherwise (:func:`etl.planning.bases.default_base`)."""
        return default_base(kabupaten or self.kabupaten())

    def within(self, kabupaten: Collection[str]) -> PlanInputs:
        """The inputs restricted to the desa of ``kabupaten`` (all when empty). An
        unknown code is an error naming the kabupaten the data has."""
        if not kabupaten:
            return self
        unknown = sorted(set(kabupaten) - set(self.kabupaten()))
        if unknown:
            raise ValueError(
                f"Kabupaten {', '.join(unknown)} tidak ada di data "
                f"(ada: {', '.join(self.kabupaten())})."
            )
        keep = in_kabupaten(self.desa["kode"], kabupaten).to_numpy()
        points = in_kabupaten(self.points["kode"], kabupaten).to_numpy()
        return replace(self, desa=self.desa[keep], points=self.points[points])


def plan_inputs(desa: pd.DataFrame, manifest: Manifest) -> PlanInputs:
    """Inputs from the ``desa`` layer as read from the GeoPackage (full geometry) and the
    manifest written with it."""
    if not isinstance(desa, gpd.GeoDataFrame):
        raise ValueError("Lapisan 'desa' tidak punya geometri.")
    return PlanInputs(
        desa=desa,
        points=representative_points(desa),
        window_months=manifest.window_months,
        contoh=manifest.contoh,
    )


def read_plan_inputs(stored: StoredOutputs) -> PlanInputs:
    """The :class:`PlanInputs` of an output as read from its store (a folder or the
    database, :meth:`etl.store.Store.read_outputs`); a clear error when it has no
    ``desa`` layer."""
    if "desa" not in stored.layers:
        raise ValueError(f"{stored.location} tidak punya layer 'desa'. Jalankan ETL lagi.")
    return plan_inputs(stored.layers["desa"], stored.manifest)


def plan_from_inputs(inputs: PlanInputs, options: PlanOptions) -> Plan:
    """The plan for ``options``, with the ETL's window and the full-geometry points,
    within ``options.kabupaten`` (all kabupaten of the data when empty)."""
    base = options.base or inputs.default_base(options.kabupaten)
    inputs = inputs.within(options.kabupaten)
    return make_plan(
        inputs.desa,
        weights=options.weights,
        k=options.k,
        radius_km=options.radius_km,
        base=base,
        budget_km=options.budget_km,
        detour=options.detour,
        risk=options.risk,
        network=options.network,
        window_months=inputs.window_months,
        points=inputs.points,
    )


def plan_from_outputs(stored: StoredOutputs, options: PlanOptions) -> Plan:
    """Plan from an output as read from its store (what ``rencana`` does)."""
    return plan_from_inputs(read_plan_inputs(stored), options)


def replan_venues(plan: Plan, inputs: PlanInputs, venues: list[str], options: PlanOptions) -> Plan:
    """The same plan with the venues a planner chose (in their order), re-invited and
    re-routed by the same rules and points. Unchanged when the venues are the proposed
    ones."""
    if venues == [s.venue_kode for s in plan.sessions]:
        return plan
    inputs = inputs.within(options.kabupaten)
    sessions = build_sessions(plan.skor, inputs.points, venues, radius_km=options.radius_km)
    trips = plan_trips(sessions, base=plan.base, budget_km=options.budget_km,
                       detour=options.detour, network=options.network)  # fmt: skip
    return Plan(skor=plan.skor, sessions=tuple(sessions), trips=tuple(trips), base=plan.base,
                parameters=plan.parameters)  # fmt: skip


def risk_from_csv(path: Path, inputs: PlanInputs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read an indicator CSV and join it to the desa list: ``(risk, review)``, the rows
    that matched no desa in ``review``."""
    return join_risk_indicators(read_risk_indicators(path), inputs.official())
