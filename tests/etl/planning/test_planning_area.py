"""The planner within a subset of the working area's kabupaten, or across all of it."""

from __future__ import annotations

import pytest
from planning_fixtures import desa_frame

from etl.io.contract import Manifest
from etl.planning.service import PlanOptions, plan_from_inputs, plan_inputs, replan_venues

MANIFEST = Manifest.from_json(
    {"kabupaten": "53.02,53.71", "parameter": {"per_tanggal": "2026-11-30"}}
)


def _inputs():  # type: ignore[no-untyped-def]
    # two never-reached desa in 53.02 near the base, one in 53.71 (Kupang, ~90 km away)
    desa = desa_frame([
        {"kode": "53.02.01.2001", "nama": "Alfa", "lat": -9.86, "lon": 124.27},
        {"kode": "53.02.01.2002", "nama": "Bravo", "lat": -9.88, "lon": 124.27},
        {"kode": "53.71.01.1001", "nama": "Kupang", "lat": -10.17, "lon": 123.60,
         "kecamatan_kode": "53.71.01", "kecamatan": "Alak", "jenis": "kelurahan"},
    ])  # fmt: skip
    return plan_inputs(desa, MANIFEST)


def test_across_all_kabupaten_every_desa_is_ranked() -> None:
    plan = plan_from_inputs(_inputs(), PlanOptions(k=3, radius_km=5.0))
    assert sorted(plan.skor["kode"]) == ["53.02.01.2001", "53.02.01.2002", "53.71.01.1001"]
    invited = {i.kode for s in plan.sessions for i in s.invited}
    assert invited == set(plan.skor["kode"])


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [(("53.71",), ["53.71.01.1001"]), (("53.02",), ["53.02.01.2001", "53.02.01.2002"])],
)
def test_within_a_kabupaten_only_its_desa_are_ranked_and_visited(
    chosen: tuple[str, ...], expected: list[str]
) -> None:
    options = PlanOptions(k=3, radius_km=5.0, kabupaten=chosen)
    plan = plan_from_inputs(_inputs(), options)
    assert sorted(plan.skor["kode"]) == expected
    assert {i.kode for s in plan.sessions for i in s.invited} == set(expected)
    # re-planning with a venue chosen by hand keeps to the same subset
    moved = replan_venues(plan, _inputs(), [expected[0]], options)
    assert [s.venue_kode for s in moved.sessions] == [expected[0]]


def test_an_unknown_kabupaten_names_the_ones_the_data_has() -> None:
    with pytest.raises(
        ValueError, match=r"Kabupaten 53\.03 tidak ada di data \(ada: 53\.02, 53\.71\)"
    ):
        plan_from_inputs(_inputs(), PlanOptions(kabupaten=("53.03",)))
    assert _inputs().kabupaten() == ["53.02", "53.71"]
