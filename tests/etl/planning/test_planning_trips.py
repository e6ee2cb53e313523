"""Day trips: 2-opt never lengthens, budget respected, over-budget flag, road network."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString

from etl.planning.covering import Session
from etl.planning.trips import (
    distance_matrix,
    haversine_km,
    plan_trips,
    read_road_network,
    route_length,
    two_opt,
)

BASE = (-9.80, 124.30)


def _session(kode: str, lat: float, lon: float) -> Session:
    return Session(
        number=1,
        venue_kode=kode,
        venue_nama=f"Lokasi {kode}",
        venue_lat=lat,
        venue_lon=lon,
        invited=(),
        priority_covered=1.0,
    )


@st.composite
def _instances(draw: st.DrawFn) -> tuple[list[int], np.ndarray]:
    n = draw(st.integers(2, 9))
    values = draw(st.lists(st.floats(0, 100, allow_nan=False), min_size=n * n, max_size=n * n))
    matrix = np.array(values).reshape(n, n)
    if draw(st.booleans()):
        matrix = (matrix + matrix.T) / 2
    middle = draw(st.permutations(list(range(1, n))))
    return [0, *middle, 0], matrix


@settings(max_examples=200)
@given(_instances())
def test_two_opt_never_lengthens_and_keeps_the_stops(case: tuple[list[int], np.ndarray]) -> None:
    route, matrix = case
    improved = two_opt(route, matrix)
    assert route_length(improved, matrix) <= route_length(route, matrix) + 1e-9
    assert improved[0] == route[0] and improved[-1] == route[-1]
    assert sorted(improved) == sorted(route)


def test_two_opt_untangles_a_crossing() -> None:
    # square corners 0..3; route 0-2-1-3-0 crosses itself
    xy = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    matrix = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    assert route_length(two_opt([0, 2, 1, 3, 0], matrix), matrix) == pytest.approx(4.0)


def test_trips_respect_the_budget_and_visit_every_session_once() -> None:
    rng = np.random.default_rng(5)
    sessions = [
        _session(f"V{i:02d}", -9.8 + float(a), 124.3 + float(b))
        for i, (a, b) in enumerate(rng.uniform(-0.3, 0.3, size=(15, 2)))
    ]
    trips = plan_trips(sessions, base=BASE, budget_km=150, detour=1.4)
    visited = [k for t in trips for k in t.urutan]
    assert sorted(visited) == sorted(s.venue_kode for s in sessions)
    for t in trips:
        assert not t.melebihi_anggaran
        assert t.km <= 150 + 1e-6
        assert t.km == pytest.approx(sum(t.legs_km))
        assert len(t.legs_km) == len(t.urutan) + 1
        assert t.perkiraan
    assert [t.number for t in trips] == list(range(1, len(trips) + 1))
    # same input, any order -> same trips
    assert plan_trips(sessions[::-1], base=BASE, budget_km=150) == trips


def test_far_session_gets_its_own_flagged_trip() -> None:
    near = _session("A", -9.81, 124.31)
    far = _session("Z", -10.9, 124.3)  # ~121 km away, round trip ~340 km with detour
    trips = plan_trips([near, far], base=BASE, budget_km=200)
    by_kode = {t.urutan: t for t in trips}
    assert by_kode[("Z",)].melebihi_anggaran
    assert by_kode[("A",)].melebihi_anggaran is False
    assert by_kode[("Z",)].km == pytest.approx(2 * 1.4 * haversine_km(BASE, (-10.9, 124.3)))


def test_straight_line_distances_use_the_detour_factor() -> None:
    matrix, estimate = distance_matrix([BASE, (-9.9, 124.3)], detour=1.4)
    assert estimate
    assert matrix[0, 1] == pytest.approx(1.4 * 11.12, rel=1e-3)  # 0.1 deg of latitude
    with pytest.raises(ValueError, match="belokan"):
        plan_trips([near_session()], base=BASE, budget_km=100, detour=0.9)
    with pytest.raises(ValueError, match="Anggaran"):
        plan_trips([near_session()], base=BASE, budget_km=0)


def near_session() -> Session:
    return _session("A", -9.81, 124.31)


def test_road_network_distances_replace_the_estimate(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a road that goes north, east, then south: the straight line east is not a road
    road = LineString([(124.30, -9.80), (124.30, -9.70), (124.40, -9.70), (124.40, -9.80)])
    path = tmp_path / "jalan.gpkg"
    gpd.GeoDataFrame({"nama": ["jalan"]}, geometry=[road], crs="EPSG:4326").to_file(path)
    graph = read_road_network(path)
    assert graph.number_of_nodes() == 4
    trips = plan_trips([_session("E", -9.80, 124.40)], base=BASE, budget_km=500, network=graph)
    legs = (
        haversine_km((-9.80, 124.30), (-9.70, 124.30))
        + haversine_km((-9.70, 124.30), (-9.70, 124.40))
        + haversine_km((-9.70, 124.40), (-9.80, 124.40))
    )
    assert not trips[0].perkiraan
    assert trips[0].km == pytest.approx(2 * legs, rel=0.01)  # UTM 50S vs sphere
    with pytest.raises(ValueError, match="tidak ditemukan"):
        read_road_network(tmp_path / "tidak-ada.gpkg")


def test_crossing_roads_are_connected(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a plus sign drawn as two separate lines that do not share a vertex
    lines = [
        LineString([(124.20, -9.80), (124.40, -9.80)]),
        LineString([(124.30, -9.70), (124.30, -9.90)]),
    ]
    path = tmp_path / "silang.gpkg"
    gpd.GeoDataFrame(geometry=lines, crs="EPSG:4326").to_file(path)
    graph = read_road_network(path)
    trips = plan_trips(
        [_session("N", -9.70, 124.30)], base=(-9.80, 124.20), budget_km=500, network=graph
    )
    assert not trips[0].perkiraan
    expected = haversine_km((-9.80, 124.20), (-9.80, 124.30)) + haversine_km(
        (-9.80, 124.30), (-9.70, 124.30)
    )
    assert trips[0].km == pytest.approx(2 * expected, rel=0.01)
