"""The protection core of small-count suppression (see :mod:`etl.privacy`).

Works on a flat grid of counts and the sum equations that tie its cells together (each
equation: parts with coefficient +1, their total with -1). :func:`protect` marks cells
primary (1..k-1) and then hides complements, greedily and deterministically, until no
hidden cell can be pinned down by one equation with the reader's bounds or by the
equations together (linear algebra: a cell is determined when it is zero in every
null-space vector of the equations restricted to the hidden cells).
"""

from __future__ import annotations

import numpy as np

VISIBLE, PRIMARY, SECONDARY = 0, 1, 2

Equation = list[tuple[int, int]]  # (flat cell index, coefficient +1 part / -1 total)


def protect(
    values: np.ndarray, equations: list[Equation], margins: np.ndarray, fixed: np.ndarray, k: int
) -> np.ndarray:
    """Flat status per cell: primary for 1..k-1, then complements until nothing is
    disclosed. `margins` (totals) are complements of last resort, `fixed` cells never."""
    check_k(k)
    flat = values.ravel().astype("int64")
    status = np.where((flat > 0) & (flat < k), PRIMARY, VISIBLE)
    cell_eqs: dict[int, list[int]] = {}
    for e, eq in enumerate(equations):
        for c, _ in eq:
            cell_eqs.setdefault(c, []).append(e)
    given_up: set[tuple[int, int]] = set()  # (cell, equation or -1 for the linear check)
    while True:
        problem = _find_disclosure(flat, status, equations, cell_eqs, k, given_up)
        if problem is None:
            return status
        cell, eq_ids, linear = problem
        chosen = _choose_complement(flat, status, equations, cell_eqs, eq_ids, margins, fixed)
        if chosen is None and linear:
            chosen = _rescue(cell, flat, status, equations, cell_eqs, margins, fixed)
        if chosen is None:
            # only zeros left around it: nothing more can be hidden for this problem
            given_up.add((cell, -1 if linear else eq_ids[0]))
        else:
            status[chosen] = SECONDARY


def _find_disclosure(
    flat: np.ndarray,
    status: np.ndarray,
    equations: list[Equation],
    cell_eqs: dict[int, list[int]],
    k: int,
    given_up: set[tuple[int, int]],
) -> tuple[int, list[int], bool] | None:
    """First hidden cell a reader could pin down, the equations to fix it in, and whether
    it was found by the (global) linear check rather than within one equation."""
    for e, eq in enumerate(equations):
        hidden = [(c, a) for c, a in eq if status[c] != VISIBLE]
        if len(hidden) == 1 and (hidden[0][0], e) not in given_up:
            return hidden[0][0], [e], False
        for c, _ in hidden:
            if (
                status[c] == PRIMARY
                and (c, e) not in given_up
                and _is_pinned(c, hidden, flat, status, eq, k)
            ):
                return c, [e], False
    cells = [int(c) for c in np.flatnonzero(status != VISIBLE) if (int(c), -1) not in given_up]
    determined = _linearly_determined(cells, status, equations)
    if determined is None:
        return None
    return determined, cell_eqs.get(determined, []), True


def _is_pinned(
    target: int,
    hidden: list[tuple[int, int]],
    flat: np.ndarray,
    status: np.ndarray,
    eq: Equation,
    k: int,
) -> bool:
    """Does this one equation, with the reader's bounds, leave the target a single value?"""
    s = -sum(int(flat[c]) * a for c, a in eq if status[c] == VISIBLE)
    low_rest, high_rest, sign = 0.0, 0.0, 1
    for c, a in hidden:
        if c == target:
            sign = a
            continue
        lb, ub = (1.0, float(k - 1)) if status[c] == PRIMARY else (float(k), float("inf"))
        low_rest += a * lb if a > 0 else a * ub
        high_rest += a * ub if a > 0 else a * lb
    lo, hi = (s - high_rest, s - low_rest) if sign > 0 else (low_rest - s, high_rest - s)
    return min(hi, k - 1) - max(lo, 1) < 1


def _linearly_determined(
    cells: list[int], status: np.ndarray, equations: list[Equation]
) -> int | None:
    """First hidden cell whose value follows from the equations alone (zero in every
    null-space vector of the equations restricted to the hidden cells)."""
    hidden = np.flatnonzero(status != VISIBLE)
    if not cells or hidden.size == 0:
        return None
    col = {int(c): j for j, c in enumerate(hidden)}
    rows = []
    for eq in equations:
        row = np.zeros(hidden.size)
        for c, a in eq:
            if c in col:
                row[col[c]] = a
        if row.any():
            rows.append(row)
    if not rows:
        return None
    matrix = np.vstack(rows)
    _, sv, vt = np.linalg.svd(matrix)
    rank = int((sv > 1e-9).sum())
    null = vt[rank:]
    for c in cells:
        if null.shape[0] == 0 or float(np.abs(null[:, col[c]]).max()) < 1e-9:
            return c
    return None


def _choose_complement(
    flat: np.ndarray,
    status: np.ndarray,
    equations: list[Equation],
    cell_eqs: dict[int, list[int]],
    eq_ids: list[int],
    margins: np.ndarray,
    fixed: np.ndarray,
) -> int | None:
    """Cheapest visible non-zero cell of the given equations (see module docstring)."""
    candidates = {
        c
        for e in eq_ids
        for c, _ in equations[e]
        if status[c] == VISIBLE and flat[c] > 0 and not fixed[c]
    }
    if not candidates:
        return None

    return min(
        candidates, key=lambda c: _cost(c, flat, status, equations, cell_eqs, eq_ids, margins)
    )


def _rescue(
    cell: int,
    flat: np.ndarray,
    status: np.ndarray,
    equations: list[Equation],
    cell_eqs: dict[int, list[int]],
    margins: np.ndarray,
    fixed: np.ndarray,
) -> int | None:
    """A cell determined only through other equations (all around it already hidden):
    hide the cheapest cell, anywhere in the equations touching hidden cells, that frees it."""
    touched = [e for e, eq in enumerate(equations) if any(status[c] != VISIBLE for c, _ in eq)]
    candidates = sorted(
        {
            c
            for e in touched
            for c, _ in equations[e]
            if status[c] == VISIBLE and flat[c] > 0 and not fixed[c]
        },
        key=lambda c: _cost(c, flat, status, equations, cell_eqs, [], margins),
    )
    for candidate in candidates:
        trial = status.copy()
        trial[candidate] = SECONDARY
        if _linearly_determined([cell], trial, equations) is None:
            return candidate
    return candidates[0] if candidates else None


def _cost(
    c: int,
    flat: np.ndarray,
    status: np.ndarray,
    equations: list[Equation],
    cell_eqs: dict[int, list[int]],
    eq_ids: list[int],
    margins: np.ndarray,
) -> tuple[int, bool, int, int]:
    """Complement preference: opens fewest new one-hidden equations, body before total,
    smallest value, table order."""
    others = [e for e in cell_eqs.get(c, []) if e not in eq_ids]
    opens = sum(all(status[x] == VISIBLE for x, _ in equations[e]) for e in others)
    return opens, bool(margins[c]), int(flat[c]), c


def check_k(k: int) -> None:
    """Reject a threshold below 2: "<k" must cover at least the count 1."""
    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
