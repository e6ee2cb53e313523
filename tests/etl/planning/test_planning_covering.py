"""Maximal covering: greedy vs brute force, each desa once, roles, determinism."""

from __future__ import annotations

import itertools
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from planning_fixtures import four_desa, synthetic_kabupaten

from etl.planning.covering import (
    build_sessions,
    propose_sessions,
    representative_points,
    roles_to_invite,
)
from etl.planning.priority import score_priority

KM_LAT = 1 / 110.6  # degrees of latitude per km, roughly, at 10 S


def _points(coords: list[tuple[float, float]]) -> gpd.GeoDataFrame:
    """Desa points from (north km, east km) offsets around (-9.9, 124.3)."""
    lat = [-9.9 + n * KM_LAT for n, _ in coords]
    lon = [124.3 + e * KM_LAT / math.cos(math.radians(9.9)) for _, e in coords]
    kode = [f"53.02.01.{2001 + i}" for i in range(len(coords))]
    return gpd.GeoDataFrame(
        {"kode": kode, "nama": [f"D{i}" for i in range(len(coords))]},
        geometry=gpd.points_from_xy(lon, lat),
        crs="EPSG:4326",
    )


def _total(sessions: list) -> float:  # type: ignore[type-arg]
    return sum(s.priority_covered for s in sessions)


def test_designed_fixture_greedy_equals_optimum() -> None:
    # three clusters 50 km apart; one venue per cluster covers it
    coords = [(0, 0), (0, 2), (2, 0), (0, 50), (1, 51), (50, 0), (51, 1), (52, 0)]
    points = _points(coords)
    priority = pd.DataFrame({"kode": points["kode"], "skor": [3, 2, 2, 4, 4, 1, 1, 1.5]})
    sessions = propose_sessions(priority, points, k=3, radius_km=5)
    assert _total(sessions) == pytest.approx(priority["skor"].sum())
    assert [s.priority_covered for s in sessions] == pytest.approx([8, 7, 3.5])
    assert _total(sessions) == pytest.approx(_brute_force(priority, points, 3, 5.0))


def test_greedy_is_at_least_63_percent_of_optimum_on_random_instances() -> None:
    rng = np.random.default_rng(11)
    for _ in range(60):
        n = int(rng.integers(4, 9))
        coords = [(float(a), float(b)) for a, b in rng.uniform(0, 30, size=(n, 2))]
        points = _points(coords)
        skor = np.round(rng.uniform(-0.2, 1.0, size=n), 3)
        priority = pd.DataFrame({"kode": points["kode"], "skor": skor})
        k = int(rng.integers(1, 4))
        radius = float(rng.uniform(3, 15))
        greedy = _total(propose_sessions(priority, points, k=k, radius_km=radius))
        best = _brute_force(priority, points, k, radius)
        assert greedy <= best + 1e-9
        assert greedy >= (1 - 1 / math.e) * best - 1e-9


def test_greedy_below_optimum_but_within_guarantee() -> None:
    # a middle venue grabs the most at first; the two side venues together are better
    points = _points([(0, -6), (0, -4), (0, 4), (0, 6), (0, 0)])
    priority = pd.DataFrame({"kode": points["kode"], "skor": [1, 1, 1, 1, 0.5]})
    venues = _points([(0, -5), (0, 5), (0, 0)]).assign(
        kode=["V1", "V2", "V3"], nama=["Kiri", "Kanan", "Tengah"]
    )
    sessions = propose_sessions(priority, points, k=2, radius_km=4.5, venues=venues)
    # V3 gains 2.5 first; then V1 and V2 both gain 1 and the tie goes to the lower kode
    assert [s.venue_kode for s in sessions] == ["V3", "V1"]
    assert _total(sessions) == pytest.approx(3.5)
    best = _brute_force(priority, points, 2, 4.5, venues)
    assert best == pytest.approx(4.0)
    assert _total(sessions) >= (1 - 1 / math.e) * best


def test_each_desa_is_invited_once_and_only_positive_priority_counts() -> None:
    desa = synthetic_kabupaten(120)
    priority = score_priority(desa, base=(-9.86, 124.27))
    points = representative_points(desa)
    sessions = propose_sessions(priority, points, k=8, radius_km=8)
    invited = [inv.kode for s in sessions for inv in s.invited]
    assert len(invited) == len(set(invited))
    skor = priority.set_index("kode")["skor"]
    assert all(skor[k] > 0 for k in invited)
    for s in sessions:
        assert s.priority_covered == pytest.approx(sum(skor[i.kode] for i in s.invited))
        assert all(i.jarak_km <= 8 for i in s.invited)
        assert [i.jarak_km for i in s.invited] == sorted(i.jarak_km for i in s.invited)
    gains = [s.priority_covered for s in sessions]
    assert gains == sorted(gains, reverse=True)  # greedy gains never increase


def test_sessions_are_deterministic_and_independent_of_row_order() -> None:
    desa = synthetic_kabupaten(100)
    priority = score_priority(desa, base=(-9.86, 124.27))
    points = representative_points(desa)
    first = propose_sessions(priority, points, k=6, radius_km=7)
    again = propose_sessions(
        priority.sample(frac=1, random_state=1),
        points.sample(frac=1, random_state=2),
        k=6,
        radius_km=7,
    )
    assert first == again


def test_stops_when_nothing_left_to_cover() -> None:
    points = _points([(0, 0), (0, 1)])
    priority = pd.DataFrame({"kode": points["kode"], "skor": [1.0, -0.5]})
    sessions = propose_sessions(priority, points, k=5, radius_km=3)
    assert len(sessions) == 1
    assert [i.kode for i in sessions[0].invited] == ["53.02.01.2001"]
    assert propose_sessions(priority, points, k=0, radius_km=3) == []


def test_roles_follow_who_was_not_reached() -> None:
    frame = four_desa()
    priority = score_priority(frame, weights={"celah_cakupan": 1.0}, base=(-9.86, 124.27))
    sessions = propose_sessions(priority, representative_points(frame), k=1, radius_km=20)
    roles = {i.nama: i.roles for i in sessions[0].invited}
    assert roles["Alfa"] == ("Kepala Desa", "Ketua RT/RW", "Tokoh masyarakat/agama")
    assert roles["Bravo"] == ("Ketua RT/RW", "Tokoh masyarakat/agama")
    assert roles["Charlie"] == ("Tokoh masyarakat/agama",)
    assert roles["Delta"] == ("Kepala Desa", "Tokoh masyarakat/agama")
    assert roles_to_invite("kelurahan", True, False) == ("Lurah", "Tokoh masyarakat/agama")


def test_build_sessions_for_a_hand_selection() -> None:
    points = _points([(0, 0), (0, 3), (0, 6)])
    priority = pd.DataFrame({"kode": points["kode"], "skor": [1.0, 2.0, 3.0]})
    kodes = ["53.02.01.2003", "53.02.01.2001"]
    sessions = build_sessions(priority, points, kodes, radius_km=3.5)
    assert [s.venue_kode for s in sessions] == kodes
    assert [[i.kode for i in s.invited] for s in sessions] == [
        ["53.02.01.2003", "53.02.01.2002"],
        ["53.02.01.2001"],
    ]
    with pytest.raises(ValueError, match="tidak dikenal"):
        build_sessions(priority, points, ["X"], radius_km=3)
    with pytest.raises(ValueError, match="Radius"):
        propose_sessions(priority, points, k=1, radius_km=0)


def _brute_force(
    priority: pd.DataFrame,
    points: gpd.GeoDataFrame,
    k: int,
    radius_km: float,
    venues: gpd.GeoDataFrame | None = None,
) -> float:
    """Optimum by enumeration, with its own distance computation as an independent oracle."""
    venues = points if venues is None else venues
    desa_xy = np.column_stack(_xy(points))
    venue_xy = np.column_stack(_xy(venues))
    weight = dict(
        zip(points["kode"], priority.set_index("kode").loc[points["kode"], "skor"], strict=True)
    )
    covers = [
        {kode for kode, (x, y) in zip(points["kode"], desa_xy, strict=True)
         if math.hypot(x - vx, y - vy) <= radius_km * 1000 and weight[kode] > 0}
        for vx, vy in venue_xy
    ]  # fmt: skip
    best = 0.0
    for size in range(1, min(k, len(covers)) + 1):
        for combo in itertools.combinations(covers, size):
            best = max(best, sum(weight[kode] for kode in set().union(*combo)))
    return best


def _xy(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    metric = frame.geometry.to_crs("EPSG:32750")
    return metric.x.to_numpy(), metric.y.to_numpy()
