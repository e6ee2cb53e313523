"""Where a kegiatan/laporan row is: ``lat``/``lon`` columns or a ``koordinat`` pair cell.

Part of ``etl.nodes.validate``; works on the factorised columns of ``Cells`` and returns
plain per-row arrays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.nodes._validate_cells import Cells, Reasons, join_reasons, labels
from etl.tools.parse import parse_coordinate_pair, parse_coordinate_series


def locate(cells: Cells) -> tuple[np.ndarray, np.ndarray, Reasons, np.ndarray]:
    """(lat, lon, problem, has a valid point) per row from ``lat``/``lon``/``koordinat``;
    both coordinates typed into the ``lat`` (or ``lon``) cell with the other blank count as a
    pair. Coordinates are NaN unless the row has a valid point."""
    lat_blank, lon_blank = cells.blank("lat"), cells.blank("lon")
    pair_blank = cells.blank("koordinat")
    lat_parsed = cells.parse("lat", lambda v: parse_coordinate_series(v, "lat"))
    lon_parsed = cells.parse("lon", lambda v: parse_coordinate_series(v, "lon"))
    lat, lon = (
        _per_row(lat_parsed.values, lat_parsed.codes),
        _per_row(lon_parsed.values, lon_parsed.codes),
    )
    lat_problem = lat_parsed.problems[lat_parsed.codes]
    lon_problem = lon_parsed.problems[lon_parsed.codes]
    pair_lat, pair_lon, pair_problem = _pairs(cells, "koordinat")
    for source, other_blank in (("lat", lon_blank), ("lon", lat_blank)):
        use = other_blank & ~cells.blank(source) & pair_blank
        if use.any():
            s_lat, s_lon, s_problem = _pairs(cells, source, use)
            use = use & pd.isna(s_problem)
            pair_lat, pair_lon = np.where(use, s_lat, pair_lat), np.where(use, s_lon, pair_lon)
            pair_blank = pair_blank & ~use
            lat_problem = np.where(use, None, lat_problem)
            lon_problem = np.where(use, None, lon_problem)
            lat_blank, lon_blank = lat_blank | use, lon_blank | use
    one_missing = labels(~lat_blank & lon_blank, "lintang diisi tetapi bujur kosong")
    one_missing = labels(lat_blank & ~lon_blank, "bujur diisi tetapi lintang kosong", one_missing)
    has_columns = ~lat_blank & ~lon_blank & pd.isna(lat_problem) & pd.isna(lon_problem)
    has_pair = ~pair_blank & pd.isna(pair_problem)
    with np.errstate(invalid="ignore"):
        far = (np.abs(lat - pair_lat) > 1e-6) | (np.abs(lon - pair_lon) > 1e-6)
    differ = labels(has_columns & has_pair & far, "koordinat berbeda dengan kolom lat/lon")
    problem = _join([lat_problem, lon_problem, one_missing, pair_problem, differ])
    final_lat = np.where(has_columns, lat, np.where(has_pair, pair_lat, np.nan))
    final_lon = np.where(has_columns, lon, np.where(has_pair, pair_lon, np.nan))
    has_point = (has_columns | has_pair) & pd.isna(problem)
    return (
        np.where(has_point, final_lat, np.nan),
        np.where(has_point, final_lon, np.nan),
        Reasons(problem),
        has_point,
    )


# --- helpers -----------------------------------------------------------------------------
def _per_row(values: pd.Series, codes: np.ndarray) -> np.ndarray:
    return values.to_numpy(dtype="float64")[codes]


def _pairs(
    cells: Cells, column: str, rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lat, lon, problem) per row of cells holding both coordinates; blank (or outside
    ``rows``) -> NaN, NaN, None. Each distinct cell is parsed once."""
    codes, values = cells.factors(column)
    if rows is not None:
        codes = np.where(rows, codes, len(values) - 1)
    lat = np.full(len(values), np.nan)
    lon = np.full(len(values), np.nan)
    problems = np.full(len(values), None, dtype=object)
    for i in np.unique(codes).tolist():
        point, problem = parse_coordinate_pair(values[i])
        if point is not None:
            lat[i], lon[i] = point
        problems[i] = problem
    return lat[codes], lon[codes], problems[codes]


def _join(problems: list[np.ndarray]) -> np.ndarray:
    """Row-wise ``"; "``-join of the reasons present (``None`` when there are none)."""
    reasons = [Reasons(np.asarray(problem, dtype=object)) for problem in problems]
    out = np.full(len(problems[0]), None, dtype=object)
    rows = np.flatnonzero(np.logical_or.reduce([r.present() for r in reasons]))
    if len(rows):
        out[rows] = join_reasons(reasons, rows)
    return out
