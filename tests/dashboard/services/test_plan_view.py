from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.services.plan_map import plan_legend_html
from dashboard.services.plan_view import adjust_plan, ranking_table, session_table, trip_route
from dashboard.strings import t
from etl.io.versions import current_outputs
from etl.planning.plan import make_plan
from etl.planning.trips import Trip


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


def test_ranking_table_reads_in_words_with_two_decimals(sample_data: Path) -> None:
    desa = gpd.read_file(current_outputs(sample_data)[0], layer="desa")
    plan = make_plan(desa, k=3, radius_km=8)
    before = plan.skor.copy()
    table = ranking_table(plan.skor, "id", n=20)
    pd.testing.assert_frame_equal(plan.skor, before)
    assert len(table) == 20
    assert set(table["status_cakupan"]) <= {t(f"status.{c}", "id") for c in
                                            ("belum", "kedaluwarsa", "tercakup")}  # fmt: skip
    assert not set(table["status_cakupan"]) & {"belum", "kedaluwarsa", "tercakup"}
    numbers = ["skor", *[c for c in table.columns if c.startswith("kontribusi_")]]
    assert len(numbers) == 6
    for column in numbers:
        assert (table[column] == table[column].round(2)).all(), column
    assert table["alasan"].str.contains(" km dari SoE").all()
    english = ranking_table(plan.skor, "en", n=5)
    assert set(english["status_cakupan"]) <= {t(f"status.{c}", "en") for c in
                                              ("belum", "kedaluwarsa", "tercakup")}  # fmt: skip


def test_trip_route_starts_and_ends_at_the_named_start() -> None:
    trip = Trip(number=1, urutan=("a", "b"), km=12.0, legs_km=(5.0, 3.0, 4.0),
                melebihi_anggaran=False, perkiraan=True)  # fmt: skip
    assert trip_route(trip, {"a": "Supul", "b": "Fenun"}, "SoE") == "SoE → Supul → Fenun → SoE"


def test_plan_legend_names_start_venues_invited_and_each_trip(sample_data: Path) -> None:
    desa = gpd.read_file(current_outputs(sample_data)[0], layer="desa")
    plan = make_plan(desa, k=4, radius_km=8, budget_km=120)
    legend = plan_legend_html(plan, "id")
    assert "Titik berangkat: SoE" in legend
    assert "Tempat sesi" in legend and "Desa diundang" in legend
    for trip in plan.trips:
        assert f"Rute trip {trip.number} " in legend
    assert t("status.belum", "id") in legend  # the coverage colours are explained too
    assert "<script" not in legend
