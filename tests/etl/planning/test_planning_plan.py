"""make_plan end to end on a synthetic kabupaten: JSON shape and determinism."""

from __future__ import annotations

import json

import pytest
from planning_fixtures import synthetic_kabupaten

from etl.planning.plan import DEFAULT_BASE, make_plan, plan_to_json
from etl.planning.priority import COMPONENTS


def test_json_has_exactly_the_documented_shape() -> None:
    plan = make_plan(synthetic_kabupaten(), k=10, radius_km=10, budget_km=200)
    data = plan_to_json(plan)
    assert set(data) == {"skor", "sesi", "trip"}
    assert len(data["skor"]) == 278
    for item in data["skor"]:
        assert set(item) == {"kode", "skor", "komponen"}
        assert set(item["komponen"]) == set(COMPONENTS)
        assert sum(item["komponen"][c] for c in COMPONENTS) == item["skor"]
    assert 1 <= len(data["sesi"]) <= 10
    trip_numbers = {t["trip"] for t in data["trip"]}
    for sesi in data["sesi"]:
        assert set(sesi) == {"venue_kode", "venue_lat", "venue_lon", "trip", "undangan"}
        assert sesi["trip"] in trip_numbers
        assert all(set(u) == {"kode", "jarak_km"} for u in sesi["undangan"])
    for trip in data["trip"]:
        assert set(trip) == {"trip", "km", "urutan"}
    venues = sorted(v for t in data["trip"] for v in t["urutan"])
    assert venues == sorted(s["venue_kode"] for s in data["sesi"])
    json.dumps(data)  # serialisable as is


def test_same_input_gives_the_same_plan() -> None:
    desa = synthetic_kabupaten()
    first = plan_to_json(make_plan(desa))
    assert plan_to_json(make_plan(desa)) == first
    assert plan_to_json(make_plan(desa.sample(frac=1.0, random_state=9))) == first


def test_plan_keeps_parameters_and_base() -> None:
    plan = make_plan(synthetic_kabupaten(60), k=3, radius_km=6, weights={"laporan": 1.0})
    assert plan.base == DEFAULT_BASE
    assert plan.parameters["bobot"]["laporan"] == 1.0
    assert plan.parameters["bobot"]["celah_cakupan"] == 0.0
    assert len(plan.sessions) <= 3
    assert all(plan.trip_of(s.venue_kode) is not None for s in plan.sessions)
    assert plan.trip_of("tidak-ada") is None
    with pytest.raises(ValueError):
        make_plan(synthetic_kabupaten(10), k=-1)
