"""Day trips: group proposed sessions into drives from the base within a daily km budget.

Road data is usually not available offline, so a distance is the great-circle
(haversine) distance x a detour factor (default 1.4: roads in Timor wind, a
road trip is typically 1.3-1.5x the straight line). Such trips carry
`perkiraan=True` and must be labelled as estimates. With a road network
(`read_road_network`) the shortest path on the network is used instead, same
interface; points are snapped to the nearest network node and the snap
distance is added as a straight line.

Grouping (deterministic): a new trip starts at the unassigned session farthest
from the base; sessions are then added by cheapest insertion while the round
trip stays within `budget_km`. A session whose own round trip exceeds the
budget becomes a trip of its own flagged `melebihi_anggaran`. The visiting
order is the shorter of nearest neighbour + 2-opt and insertion + 2-opt; since
2-opt never lengthens a route, every trip not flagged respects the budget.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely

from etl.planning.covering import Session
from etl.planning.priority import METRIC_CRS

__all__ = [
    "DEFAULT_DETOUR",
    "Trip",
    "distance_matrix",
    "haversine_km",
    "plan_trips",
    "read_road_network",
    "route_length",
    "two_opt",
]

DEFAULT_DETOUR = 1.4
EARTH_RADIUS_KM = 6371.0088
_EPS = 1e-9


@dataclass(frozen=True)
class Trip:
    """One day trip: base -> venues in `urutan` -> base."""

    number: int
    urutan: tuple[str, ...]
    km: float
    legs_km: tuple[float, ...]
    melebihi_anggaran: bool
    perkiraan: bool


def plan_trips(
    sessions: Sequence[Session],
    *,
    base: tuple[float, float],
    budget_km: float,
    detour: float = DEFAULT_DETOUR,
    network: nx.Graph | None = None,
) -> list[Trip]:
    """Group `sessions` into day trips from `base` (lat, lon), each within `budget_km`."""
    if not budget_km > 0:
        raise ValueError("Anggaran jarak harian (km) harus lebih dari 0.")
    if not detour >= 1.0:
        raise ValueError("Faktor belokan jalan harus minimal 1.")
    kodes = [s.venue_kode for s in sessions]
    if len(set(kodes)) != len(kodes):
        raise ValueError("Lokasi sesi ganda dalam daftar sesi.")
    points = [base, *((s.venue_lat, s.venue_lon) for s in sessions)]
    dist, estimate = distance_matrix(points, detour=detour, network=network)
    rank = {i + 1: kode for i, kode in enumerate(kodes)}
    unassigned = set(rank)
    trips: list[Trip] = []
    while unassigned:
        seed = min(unassigned, key=lambda i: (-(dist[0, i] + dist[i, 0]), rank[i]))
        unassigned.discard(seed)
        route = [0, seed, 0]
        if route_length(route, dist) <= budget_km + _EPS:
            route = _fill_by_insertion(route, unassigned, dist, budget_km, rank)
            unassigned.difference_update(route)
            route = _best_order(route, dist, rank)
        km = route_length(route, dist)
        trips.append(
            Trip(
                number=len(trips) + 1,
                urutan=tuple(rank[i] for i in route[1:-1]),
                km=km,
                legs_km=tuple(float(dist[a, b]) for a, b in itertools.pairwise(route)),
                melebihi_anggaran=km > budget_km + _EPS,
                perkiraan=estimate,
            )
        )
    return trips


def two_opt(route: Sequence[int], dist_matrix: np.ndarray) -> list[int]:
    """Improve `route` by 2-opt segment reversals; first and last nodes stay fixed.

    A move is accepted only if it makes the whole route strictly shorter, so the
    result is never longer than the input (also for asymmetric matrices).
    """
    best = list(route)
    best_len = route_length(best, dist_matrix)
    improved = True
    while improved:
        improved = False
        for i in range(1, len(best) - 2):
            for j in range(i + 1, len(best) - 1):
                candidate = best[:i] + best[i : j + 1][::-1] + best[j + 1 :]
                length = route_length(candidate, dist_matrix)
                if length < best_len - 1e-12:
                    best, best_len, improved = candidate, length, True
    return best


def route_length(route: Sequence[int], dist_matrix: np.ndarray) -> float:
    """Total length of the path visiting `route` in order."""
    idx = np.asarray(route, dtype=np.intp)
    if len(idx) < 2:
        return 0.0
    return float(dist_matrix[idx[:-1], idx[1:]].sum())


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_matrix(
    points: Sequence[tuple[float, float]],
    *,
    detour: float = DEFAULT_DETOUR,
    network: nx.Graph | None = None,
) -> tuple[np.ndarray, bool]:
    """Driving distance estimates (km) between (lat, lon) points, and whether any is estimated.

    Without `network`: haversine x `detour` (estimate). With `network` (from
    `read_road_network`): snap + shortest path; pairs the network cannot connect
    fall back to the estimate.
    """
    lat = np.radians([p[0] for p in points])
    lon = np.radians([p[1] for p in points])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    straight = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h))) * detour
    if network is None:
        return straight, True
    return _network_matrix(points, network, straight)


def read_road_network(path: str | Path, layer: str | None = None) -> nx.Graph:
    """Read road lines (GeoPackage) into an undirected graph with `length_km` edge weights.

    Lines are first split where they cross (so junctions connect even when the
    file does not share vertices there; a bridge over a road becomes a junction
    too), then consecutive vertices become edges. Nodes carry metric `x`, `y`
    (EPSG:32750) for snapping.
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(f"Berkas jaringan jalan tidak ditemukan: {path}")
    try:
        frame = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise ValueError(f"Berkas jaringan jalan {path.name} tidak dapat dibaca ({exc}).") from None
    if frame.crs is None:
        raise ValueError(f"Berkas jaringan jalan {path.name} tidak punya CRS.")
    lines = frame.geometry.to_crs(METRIC_CRS).explode(index_parts=False).to_numpy()
    lines = lines[np.isin(shapely.get_type_id(lines), [1, 2])]
    if len(lines) == 0:
        raise ValueError(f"Berkas jaringan jalan {path.name} tidak berisi garis.")
    lines = shapely.get_parts(shapely.union_all(lines))  # split lines where they cross
    coords, line_id = shapely.get_coordinates(lines, return_index=True)
    keys, node = np.unique(np.round(coords, 1), axis=0, return_inverse=True)
    node = node.reshape(-1)
    same_line = line_id[:-1] == line_id[1:]
    a, b = node[:-1][same_line], node[1:][same_line]
    length = np.hypot(*(coords[1:][same_line] - coords[:-1][same_line]).T) / 1000.0
    order = np.argsort(-length, kind="stable")  # shorter duplicates are added last and win
    graph = nx.Graph(crs=METRIC_CRS)
    graph.add_nodes_from((i, {"x": float(x), "y": float(y)}) for i, (x, y) in enumerate(keys))
    graph.add_weighted_edges_from(
        ((int(a[i]), int(b[i]), float(length[i])) for i in order if a[i] != b[i]),
        weight="length_km",
    )
    return graph


def _fill_by_insertion(
    route: list[int], pool: set[int], dist: np.ndarray, budget: float, rank: dict[int, str]
) -> list[int]:
    route = list(route)
    length = route_length(route, dist)
    candidates = set(pool)
    while candidates:
        best: tuple[float, str, int, int] | None = None
        for c in candidates:
            for p in range(1, len(route)):
                delta = dist[route[p - 1], c] + dist[c, route[p]] - dist[route[p - 1], route[p]]
                key = (float(delta), rank[c], p, c)
                if length + delta <= budget + _EPS and (best is None or key < best):
                    best = key
        if best is None:
            break
        delta, _, p, c = best
        route.insert(p, c)
        length += delta
        candidates.discard(c)
    return route


def _best_order(route: list[int], dist: np.ndarray, rank: dict[int, str]) -> list[int]:
    members = sorted(route[1:-1], key=lambda i: rank[i])
    nearest = [0]
    left = list(members)
    while left:
        here = nearest[-1]
        nxt = min(left, key=lambda i: (dist[here, i], rank[i]))
        nearest.append(nxt)
        left.remove(nxt)
    nearest.append(0)
    by_nn = two_opt(nearest, dist)
    by_insertion = two_opt(route, dist)
    if route_length(by_insertion, dist) < route_length(by_nn, dist) - 1e-12:
        return by_insertion
    return by_nn


def _network_matrix(
    points: Sequence[tuple[float, float]], network: nx.Graph, fallback: np.ndarray
) -> tuple[np.ndarray, bool]:
    if network.number_of_nodes() == 0:
        raise ValueError("Jaringan jalan kosong.")
    ids = np.array(list(network.nodes))
    xy = np.array([[network.nodes[n]["x"], network.nodes[n]["y"]] for n in ids])
    pts = gpd.GeoSeries(
        gpd.points_from_xy([p[1] for p in points], [p[0] for p in points]), crs="EPSG:4326"
    ).to_crs(METRIC_CRS)
    pxy = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])
    d2 = ((pxy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2)
    nearest = d2.argmin(axis=1)
    snap_km = np.sqrt(d2[np.arange(len(pxy)), nearest]) / 1000.0
    nodes = ids[nearest]
    result = fallback.copy()
    estimate = False
    for i, source in enumerate(nodes):
        reach = nx.single_source_dijkstra_path_length(network, source, weight="length_km")
        for j, target in enumerate(nodes):
            if i == j:
                result[i, j] = 0.0
            elif target in reach:
                result[i, j] = snap_km[i] + float(reach[target]) + snap_km[j]
            else:
                estimate = True
    return result, estimate
