"""The kabupaten outline of :mod:`etl.tools.points`: dissolve, then fill sliver holes.

Desa polygons of one kabupaten leave thin gaps between them; the outline used for the
"inside the kabupaten" test is their union with interior rings under about 1 km² filled.
Dissolving is done per group of touching bounding boxes and gives the same point set as a
single ``union_all``, which GEOS does far more slowly: the 24 outlines of the national
bench dissolve in 0.14 s this way and in 5.7 s by ``shapely.union_all`` (0.84 s by
``coverage_union_all``, which needs a valid coverage).

For the point test itself the filled polygons need no second dissolve:
:class:`OutlineIndex` keeps them (they come from the parts of one valid union, so they
never cross; at most a filled polygon covers an island that sat in its sliver hole) in a
spatial index, and a point is inside when it intersects any of them, which is the point
set of their union.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, cast

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

M_PER_DEG_LAT: Final = 110_574.0
M_PER_DEG_LON: Final = 111_320.0
_SMALL_HOLE_M2: Final = 1_000_000.0  # holes below 1 km² in the outline are sliver gaps


@dataclass(frozen=True)
class OutlineIndex:
    """The hole-filled outline as its polygons plus a spatial index over them."""

    parts: np.ndarray
    tree: shapely.STRtree

    @classmethod
    def build(cls, geoms: np.ndarray) -> OutlineIndex:
        """Dissolve ``geoms`` (as :func:`union_by_component` with ``regroup=False``) and
        fill its small holes, without the final union of :func:`fill_small_holes`."""
        parts = filled_parts(union_by_component(geoms, regroup=False))
        return cls(parts, shapely.STRtree(parts))

    def intersects_xy(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether each point (x, y) intersects the outline (boundary included): the
        same answer as ``shapely.intersects(fill_small_holes(...), points)``."""
        inside = np.zeros(len(x), dtype=bool)
        if len(x) == 0:
            return inside
        pt, part = self.tree.query(shapely.points(x, y))
        hit = shapely.intersects_xy(self.parts[part], x[pt], y[pt])
        inside[pt[hit]] = True
        return inside


def fill_small_holes(geom: BaseGeometry) -> BaseGeometry:
    """The outline without interior rings smaller than about 1 km² (sliver gaps)."""
    parts = shapely.get_parts(geom)
    if not (shapely.get_type_id(parts) == 3).any():
        return geom
    return union_by_component(filled_parts(geom))


def filled_parts(geom: BaseGeometry) -> np.ndarray:
    """The polygons of ``geom`` with interior rings under about 1 km² removed, not
    dissolved; ``[geom]`` when it has no polygon part (then nothing is filled)."""
    parts = shapely.get_parts(geom)
    polygons = parts[shapely.get_type_id(parts) == 3]
    if len(polygons) == 0:
        return np.array([geom], dtype=object)
    n_holes = shapely.get_num_interior_rings(polygons)
    owner = np.repeat(np.arange(len(polygons)), n_holes)
    starts = np.concatenate([[0], np.cumsum(n_holes)[:-1]])
    which = np.arange(len(owner)) - np.repeat(starts, n_holes)
    rings = shapely.get_interior_ring(polygons[owner], which)
    holes = shapely.polygons(rings)
    scale = (
        M_PER_DEG_LAT * M_PER_DEG_LON * np.cos(np.radians(shapely.get_y(shapely.centroid(holes))))
    )
    keep = shapely.area(holes) * np.abs(scale) >= _SMALL_HOLE_M2
    ring_all = np.concatenate([shapely.get_exterior_ring(polygons), rings[keep]])
    owner_all = np.concatenate([np.arange(len(polygons)), owner[keep]])
    is_hole = np.concatenate([np.zeros(len(polygons)), np.ones(int(keep.sum()))])
    order = np.lexsort((is_hole, owner_all))  # shell first, then its kept holes in order
    filled = shapely.polygons(ring_all[order], indices=owner_all[order])
    return np.asarray(filled, dtype=object)


def union_by_component(geoms: np.ndarray, *, regroup: bool = True) -> BaseGeometry:
    """``union_all`` of ``geoms``, dissolving separately each group whose bounding boxes
    touch: groups with disjoint boxes cannot share area, and GEOS dissolves many small
    groups far faster than one large multi-part input. Same point set as one union.

    ``regroup=False``: only when no group needs dissolving (every group is one valid
    (multi)polygon) are the parts just collected; otherwise one ``union_all`` of all, so
    the rings are exactly what a single union gives (holes are filled from them next)."""
    geoms = geoms[~shapely.is_missing(geoms)]
    if len(geoms) < 2:
        return shapely.union_all(geoms)
    left, right = shapely.STRtree(geoms).query(geoms)
    labels = _components(left, right, len(geoms))
    uniq, inverse = np.unique(labels, return_inverse=True)
    if len(uniq) == 1:
        return shapely.union_all(geoms)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(uniq) + 1))
    single = np.diff(bounds) == 1
    solo = order[bounds[:-1][single]]
    kind = shapely.get_type_id(geoms[solo])
    simple = shapely.is_valid(geoms[solo]) & ((kind == 3) | (kind == 6))  # (multi)polygon
    groups = [order[bounds[k] : bounds[k + 1]] for k in np.flatnonzero(~single)]
    groups += [solo[k : k + 1] for k in np.flatnonzero(~simple)]
    if groups and not regroup:
        return shapely.union_all(geoms)
    pieces = [shapely.get_parts(geoms[solo[simple]])]
    for group in groups:  # one GEOS union per touching group, not per geometry
        pieces.append(shapely.get_parts(shapely.union_all(geoms[group])))
    parts = np.concatenate(pieces)
    if not (shapely.get_type_id(parts) == 3).all():
        return shapely.union_all(geoms)
    merged = parts[0] if len(parts) == 1 else shapely.multipolygons(parts)
    return cast(BaseGeometry, merged)


def _components(left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
    """Connected-component label (smallest member) of each node of an edge list."""
    labels = np.arange(n)
    while True:
        low = np.minimum(labels[left], labels[right])
        new = labels.copy()
        np.minimum.at(new, left, low)
        np.minimum.at(new, right, low)
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new
