from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from dashboard.services.plan_view import adjust_plan, session_table
from etl.io.versions import current_outputs
from etl.planning.plan import make_plan


def test_adjusting_venues_replans_by_the_same_rules(sample_data: Path) -> None:
    desa = gpd.read_file(current_outputs(sample_data)[0], layer="desa")
    plan = make_plan(desa, k=3, radius_km=8, budget_km=200, detour=1.4)
    proposed = [s.venue_kode for s in plan.sessions]
    assert adjust_plan(plan, desa, proposed, radius_km=8, budget_km=200, detour=1.4) is plan
    chosen = [proposed[1], "53.02.01.1001"]
    adjusted = adjust_plan(plan, desa, chosen, radius_km=8, budget_km=200, detour=1.4)
    assert [s.venue_kode for s in adjusted.sessions] == chosen
    invited = [i.kode for s in adjusted.sessions for i in s.invited]
    assert len(invited) == len(set(invited))  # each desa invited once
    assert sorted(v for t in adjusted.trips for v in t.urutan) == sorted(chosen)
    table = session_table(adjusted)
    assert list(table.columns) == ["sesi", "tempat", "trip", "undangan", "peran", "prioritas"]
    assert table["tempat"].tolist()[1] == "SoE"
