"""Outline helpers of etl.tools.points: same point set as one union, holes as before."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from etl.tools._points_outline import fill_small_holes as _fill_small_holes
from etl.tools._points_outline import union_by_component as _union_by_component


def _reference_fill(geom: shapely.Geometry) -> shapely.Geometry:
    """The former loop: drop interior rings under ~1 km², then one union."""
    polygons = []
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon":
            continue
        keep = []
        for ring in part.interiors:
            hole = Polygon(ring)
            scale = 110_574.0 * 111_320.0 * np.cos(np.radians(hole.centroid.y))
            if hole.area * abs(scale) >= 1_000_000.0:
                keep.append(ring)
        polygons.append(Polygon(part.exterior, keep))
    return shapely.union_all(polygons)


boxes = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(1, 6), st.integers(1, 6)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(boxes)
def test_union_by_component_is_the_union(spec: list[tuple[int, int, int, int]]) -> None:
    geoms = np.array([box(x, y, x + w, y + h) for x, y, w, h in spec], dtype=object)
    want = shapely.union_all(geoms)
    for regroup in (True, False):
        got = _union_by_component(geoms, regroup=regroup)
        assert shapely.equals(got, want)


def test_fill_small_holes_keeps_big_and_drops_small() -> None:
    shell = [(120.0, -10.0), (120.1, -10.0), (120.1, -9.9), (120.0, -9.9)]
    small = [(120.01, -9.99), (120.012, -9.99), (120.012, -9.988), (120.01, -9.988)]  # ~0.05 km²
    big = [(120.03, -9.97), (120.07, -9.97), (120.07, -9.93), (120.03, -9.93)]  # ~19 km²
    island = box(120.2, -10.0, 120.3, -9.9)
    geom = shapely.MultiPolygon([Polygon(shell, [small, big]), island])
    got = _fill_small_holes(geom)
    assert shapely.equals(got, _reference_fill(geom))
    assert shapely.intersects_xy(got, 120.011, -9.989)  # small hole filled
    assert not shapely.intersects_xy(got, 120.05, -9.95)  # big hole kept
    assert shapely.intersects_xy(got, 120.25, -9.95)
