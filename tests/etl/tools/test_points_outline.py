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


@settings(max_examples=60)
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


def _shell_with_holes(x: int, y: int, size: int, holes: list[tuple[int, int, bool]]) -> Polygon:
    """A square shell (0.01-degree cells around 120E, 10S) with holes in the given cells:
    a whole cell (~1.2 km², kept) or a 0.005-degree one (~0.3 km², a sliver: filled)."""
    x0, y0 = 120.0 + x * 0.01, -10.0 + y * 0.01
    shell = box(x0, y0, x0 + size * 0.01, y0 + size * 0.01)
    rings = [
        box(x0 + hx * 0.01, y0 + hy * 0.01, x0 + hx * 0.01 + w, y0 + hy * 0.01 + w)
        for hx, hy, small in holes
        if 0 < hx < size - 1 and 0 < hy < size - 1
        for w in [0.005 if small else 0.01]
    ]
    return Polygon(shell.exterior, [r.exterior for r in rings])


outlines = st.lists(
    st.tuples(
        st.integers(0, 12),
        st.integers(0, 12),
        st.integers(3, 6),
        st.lists(
            st.tuples(st.integers(1, 4), st.integers(1, 4), st.booleans()),
            max_size=2,
            unique_by=lambda h: h[:2],
        ),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60)
@given(outlines, st.booleans())
def test_outline_index_answers_like_the_dissolved_outline(
    spec: list[tuple[int, int, int, list[tuple[int, int, bool]]]], island_in_hole: bool
) -> None:
    """Touching and overlapping squares, kept and filled holes, an island inside a hole;
    points on a grid of corners, edges and centres (boundaries included)."""
    from etl.tools._points_outline import OutlineIndex

    parts = [_shell_with_holes(x, y, size, holes) for x, y, size, holes in spec]
    if island_in_hole:
        x, y, _size, holes = spec[0]
        hx, hy, _ = next(iter(holes), (1, 1, True))
        cx, cy = 120.0 + (x + hx) * 0.01, -10.0 + (y + hy) * 0.01
        parts.append(box(cx + 0.001, cy + 0.001, cx + 0.004, cy + 0.004))
    geoms = np.array(parts, dtype=object)
    want = _fill_small_holes(_union_by_component(geoms, regroup=False))
    index = OutlineIndex.build(geoms)
    grid = np.arange(-1, 40) * 0.005
    gx, gy = np.meshgrid(120.0 + grid, -10.0 + grid)
    x, y = gx.ravel(), gy.ravel()
    expected = shapely.intersects(want, shapely.points(x, y))
    np.testing.assert_array_equal(index.intersects_xy(x, y), expected)


def test_outline_index_of_nothing_polygonal() -> None:
    from etl.tools._points_outline import OutlineIndex

    line = np.array([shapely.LineString([(0, 0), (1, 1)])], dtype=object)
    index = OutlineIndex.build(line)
    assert index.intersects_xy(np.array([0.5, 0.2]), np.array([0.5, 0.9])).tolist() == [True, False]
    assert index.intersects_xy(np.zeros(0), np.zeros(0)).tolist() == []
