from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.services.dataset import load_dataset
from dashboard.services.plan_map import plan_legend_html
from dashboard.services.plan_view import (
    adjust_plan,
    page_plan,
    ranking_table,
    session_table,
    trip_route,
)
from dashboard.strings import t
from etl.io.contract import MANIFEST_NAME
from etl.io.versions import current_dir, current_outputs
from etl.planning.covering import representative_points
from etl.planning.plan import make_plan, plan_to_json
from etl.planning.service import PlanOptions
from etl.planning.trips import Trip

ROOT = Path(__file__).resolve().parents[3]


def _with_window(sample_data: Path, folder: Path, months: int) -> Path:
    """A copy of the sample whose ETL ran with a window of ``months`` (the manifest says
    so; the GeoPackage is untouched, so the pair stays consistent)."""
    shutil.copytree(sample_data, folder)
    version = current_dir(folder)
    assert version is not None
    manifest = json.loads((version / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["parameter"]["jendela_bulan"] = months
    (version / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_page_plan_equals_rencana_json_for_the_same_data_and_options(
    sample_data: Path, tmp_path: Path
) -> None:
    data = _with_window(sample_data, tmp_path / "data", 6)
    options = PlanOptions(k=8, radius_km=9.5, base=(-9.8652, 124.2718), budget_km=180.0,
                          detour=1.3)  # fmt: skip
    ds = load_dataset(data)
    page = page_plan(ds, options)  # what the Prioritas page shows
    plan_json = tmp_path / "rencana.json"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "rencana", "--data", str(data), "--k", "8",
         "--radius-km", "9.5", "--base=-9.8652,124.2718", "--anggaran-km", "180",
         "--detour", "1.3", "--out", str(tmp_path / "rencana.xlsx"), "--json", str(plan_json)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(plan_json.read_text(encoding="utf-8")) == plan_to_json(page)
    assert page.parameters["jendela_bulan"] == 6  # the window the ETL ran with, both doors
    assert "Jendela cakupan: 6 bulan" in done.stdout
    # the window matters: the same data planned over 12 months ranks differently
    twelve = page_plan(load_dataset(sample_data), options)
    assert [r["kode"] for r in plan_to_json(twelve)["skor"]] != [
        r["kode"] for r in plan_to_json(page)["skor"]
    ]
    # and so does the geometry: the page draws display shapes, but plans on the full ones
    shown = representative_points(ds.desa).to_crs("EPSG:32750")
    full = ds.rencana.points.to_crs("EPSG:32750")
    assert (shown.distance(full, align=False) > 100).any()


def test_adjusting_venues_replans_by_the_same_rules(sample_data: Path) -> None:
    ds = load_dataset(sample_data)
    options = PlanOptions(k=3, radius_km=8, budget_km=200, detour=1.4)
    plan = page_plan(ds, options)
    proposed = [s.venue_kode for s in plan.sessions]
    assert adjust_plan(plan, ds, proposed, options) is plan
    chosen = [proposed[1], "53.02.01.1001"]
    adjusted = adjust_plan(plan, ds, chosen, options)
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
