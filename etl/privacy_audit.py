"""Protect and audit a whole published *view* (see :mod:`etl.privacy`): one flat vector
of counts and every sum equation that ties the published cells together, across tables.

A reader of a view knows every visible cell exactly, that a "<k" cell is 1..k-1, that a
secondary cell ("x") is at least k (complements are never zero or small), that counts
are whole numbers >= 0, and every sum equation. A hidden cell is *recoverable* when
that knowledge leaves it a single value. :func:`recoverable_cells` finds such cells two
ways: linear algebra (the reduced row echelon form of the equations on the hidden cells
has a row with that cell alone: "total minus the others", across any combination of
tables) and interval propagation of the reader's bounds through every equation and every
echelon row until nothing changes (subtraction with bounds: a "<5" cell squeezed to one
value, also when several equations must be combined first). Those two are fast but not
exact (bounds combined across several equations can still pin a cell), so every cell they
call safe is then checked exactly by an integer program (:mod:`etl._privacy_exact`).
:func:`protect_view` hides complements, round by round, until this audit finds nothing
(the greedy core of :mod:`etl._privacy_core` is made for one small table; a view of a
whole kabupaten has thousands of linked cells, so here every round audits the view once
and fixes every problem it found).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from etl._privacy_core import PRIMARY, SECONDARY, VISIBLE, Equation, check_k
from etl._privacy_exact import pinned_cells

_MAX_ROUNDS = 200
_TRIALS = 12  # complements tried per cell pinned only through other equations
WITHHELD = 3
"""Status of a cell withheld with everything around it (zeros included): the reader
knows only that it is a count >= 0."""
WIDE = 4
"""Status of a small total (1..k-1) shown as hidden ("x"), not as "<k": four "<5" desa
under a "<5" kecamatan total are each 1; with the total's upper bound gone they are not.
The reader knows only that it is at least 1 (zeros are always shown)."""


def reader_bounds(
    values: np.ndarray, status: np.ndarray, k: int
) -> tuple[list[float], list[float]]:
    """Lower and upper bound a reader knows for each cell before using the equations."""
    lo: list[float] = []
    hi: list[float] = []
    for v, s in zip(values.tolist(), status.tolist(), strict=True):
        if s == VISIBLE:
            lo.append(float(v))
            hi.append(float(v))
        elif s == PRIMARY:
            lo.append(1.0)
            hi.append(float(k - 1))
        elif s == WITHHELD:
            lo.append(0.0)
            hi.append(math.inf)
        elif s == WIDE:
            lo.append(1.0)
            hi.append(math.inf)
        else:
            lo.append(float(k))
            hi.append(math.inf)
    return lo, hi


def propagate(
    lo: list[float], hi: list[float], equations: Sequence[Sequence[tuple[int, float]]]
) -> tuple[list[float], list[float]]:
    """Tighten integer bounds through every equation (sum of a*x == 0) until stable."""
    lo, hi = list(lo), list(hi)
    for _ in range(_MAX_ROUNDS):
        changed = False
        for eq in equations:
            terms = [(a * lo[c], a * hi[c]) if a > 0 else (a * hi[c], a * lo[c]) for c, a in eq]
            low = _Sum([t[0] for t in terms])
            high = _Sum([t[1] for t in terms])
            for (c, a), (own_low, own_high) in zip(eq, terms, strict=True):
                # a*x = -(sum of the others)
                bound_lo, bound_hi = -high.without(own_high), -low.without(own_low)
                new_lo, new_hi = (
                    (bound_lo / a, bound_hi / a) if a > 0 else (bound_hi / a, bound_lo / a)
                )
                if math.isfinite(new_lo) and math.ceil(new_lo - 1e-9) > lo[c]:
                    lo[c], changed = float(math.ceil(new_lo - 1e-9)), True
                if math.isfinite(new_hi) and math.floor(new_hi + 1e-9) < hi[c]:
                    hi[c], changed = float(math.floor(new_hi + 1e-9)), True
        if not changed:
            break
    return lo, hi


class _Sum:
    """A sum of terms that may be +-inf, from which one term can be taken out again."""

    def __init__(self, terms: list[float]) -> None:
        self.finite = sum(t for t in terms if math.isfinite(t))
        self.pos = sum(1 for t in terms if t == math.inf)
        self.neg = sum(1 for t in terms if t == -math.inf)

    def without(self, term: float) -> float:
        pos = self.pos - (term == math.inf)
        neg = self.neg - (term == -math.inf)
        if pos and neg:
            return math.nan
        if pos:
            return math.inf
        if neg:
            return -math.inf
        return self.finite - (term if math.isfinite(term) else 0.0)


def _groups(
    status: np.ndarray, equations: list[Equation]
) -> list[tuple[list[int], list[Equation]]]:
    """Hidden cells split into groups no equation links (the echelon form is
    block-diagonal), each with the equations that touch it."""
    hidden = [int(c) for c in np.flatnonzero(status != VISIBLE)]
    parent = {c: c for c in hidden}

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    touching = [eq for eq in equations if any(status[c] != VISIBLE for c, _ in eq)]
    for eq in touching:
        cells = [c for c, _ in eq if status[c] != VISIBLE]
        first = root(cells[0])
        for c in cells[1:]:
            parent[root(c)] = first
    groups: dict[int, tuple[list[int], list[Equation]]] = {}
    for c in hidden:
        groups.setdefault(root(c), ([], []))[0].append(c)
    for eq in touching:
        first = next(c for c, _ in eq if status[c] != VISIBLE)
        groups[root(first)][1].append(eq)
    return list(groups.values())


def linearly_determined(status: np.ndarray, equations: list[Equation]) -> list[int]:
    """Hidden cells whose value follows from the equations alone (no bounds needed): in
    the reduced row echelon form of the equations on the hidden cells, a row that holds
    that cell alone."""
    values = np.zeros(len(status), dtype="int64")
    return _alone(echelon_rows(values, status, equations, len(status)), len(status))


def _alone(rows: list[list[tuple[int, float]]], const: int) -> list[int]:
    found = []
    for row in rows:
        cells = [c for c, _ in row if c != const]
        if len(cells) == 1:
            found.append(cells[0])
    return sorted(found)


def recoverable_cells(
    values: np.ndarray, status: np.ndarray, equations: list[Equation], k: int
) -> list[int]:
    """Hidden cells (flat indices) a reader can pin to one value; empty when safe.

    Bounds are propagated through the equations as given AND through their reduced row
    echelon form (totals eliminated first), so a pin that needs several equations
    combined ("this kecamatan total minus that desa row") is found fast; every cell still
    called safe is then checked exactly (integer program, :mod:`etl._privacy_exact`)."""
    check_k(k)
    flat = np.asarray(values).ravel().astype("int64")
    status = np.asarray(status).ravel()
    lo, hi = reader_bounds(flat, status, k)
    const = len(lo)  # a pseudo-cell fixed at 1 carries each derived row's constant
    echelon = echelon_rows(flat, status, equations, const)
    found = set(_alone(echelon, const))
    rows: list[list[tuple[int, float]]] = [[(c, float(a)) for c, a in eq] for eq in equations]
    rows += echelon
    plo, phi = propagate([*lo, 1.0], [*hi, 1.0], rows)
    for c in np.flatnonzero(status != VISIBLE):
        if plo[int(c)] >= phi[int(c)]:
            found.add(int(c))
    safe = {int(c) for c in np.flatnonzero(status != VISIBLE)} - found
    if safe:  # exact check of what the fast audit calls safe
        found.update(pinned_cells(flat, status, _groups(status, equations), plo, phi, safe))
    return sorted(found)


def echelon_rows(
    flat: np.ndarray, status: np.ndarray, equations: list[Equation], const: int
) -> list[list[tuple[int, float]]]:
    """The equations on the hidden cells in reduced row echelon form, per group of linked
    cells, columns ordered by value (largest first: totals are eliminated before their
    parts), as (cell, coef) rows with the constant on the pseudo-cell `const`."""
    out = []
    for cells, eqs in _groups(status, equations):
        if eqs:
            out += _echelon(flat, sorted(cells, key=lambda c: (-int(flat[c]), c)), eqs, const)
    return out


def _echelon(
    flat: np.ndarray, hidden: list[int], equations: list[Equation], const: int
) -> list[list[tuple[int, float]]]:
    col = {c: j for j, c in enumerate(hidden)}
    m = np.zeros((len(equations), len(hidden) + 1))
    for i, eq in enumerate(equations):
        for c, a in eq:
            if c in col:
                m[i, col[c]] += a
            else:
                m[i, -1] -= a * int(flat[c])
    pivot_row = 0
    for j in range(len(hidden)):
        if pivot_row == m.shape[0]:
            break
        r = pivot_row + int(np.argmax(np.abs(m[pivot_row:, j])))
        if abs(m[r, j]) < 1e-9:
            continue
        m[[pivot_row, r]] = m[[r, pivot_row]]
        m[pivot_row] /= m[pivot_row, j]
        others = np.arange(m.shape[0]) != pivot_row
        m[others] -= np.outer(m[others, j], m[pivot_row])
        m[np.abs(m) < 1e-9] = 0.0
        pivot_row += 1
    out = []
    for row in m[:pivot_row]:
        terms = [(hidden[j], float(a)) for j, a in enumerate(row[:-1]) if a != 0.0]
        out.append([*terms, (const, -float(row[-1]))] if row[-1] != 0.0 else terms)
    return out


def protect_view(
    values: np.ndarray,
    equations: list[Equation],
    margins: np.ndarray,
    k: int,
    fixed: np.ndarray | None = None,
) -> np.ndarray:
    """Flat status per cell (VISIBLE, PRIMARY, SECONDARY) such that
    :func:`recoverable_cells` finds nothing, unless only zeros or `fixed` cells are left
    to hide around a cell (the caller then sees it in its own audit).

    Rounds: audit, then for every recoverable cell hide one complement in the equation
    that exposes it most (fewest hidden cells): the lowest `margins` rank, then the
    smallest value, then table order; `fixed` cells are never hidden. When only small
    totals are left around a cell, they are widened (WIDE: "x", no upper bound)."""
    check_k(k)
    flat = np.asarray(values).ravel().astype("int64")
    keep = np.zeros(flat.size, dtype=bool) if fixed is None else np.asarray(fixed).ravel()
    margin = np.asarray(margins).ravel()
    status = np.where((flat > 0) & (flat < k), PRIMARY, VISIBLE)
    cell_eqs: dict[int, list[int]] = {}
    for e, eq in enumerate(equations):
        for c, _ in eq:
            cell_eqs.setdefault(c, []).append(e)
    stuck: set[int] = set()
    while True:
        problems = [c for c in recoverable_cells(flat, status, equations, k) if c not in stuck]
        if not problems:
            return status
        direct = [  # "total minus the others": fixing these first frees many of the rest
            c
            for c in problems
            if any(sum(status[x] != VISIBLE for x, _ in equations[e]) == 1 for e in cell_eqs[c])
        ]
        problems = direct or problems
        unsolved = []
        for cell in problems:
            chosen = _complement(cell, flat, status, equations, cell_eqs, margin, keep)
            if chosen is None:
                unsolved.append(cell)
            else:
                status[chosen] = SECONDARY
        if len(unsolved) < len(problems):
            continue  # complements first: they may free the other cells as well
        for cell in unsolved:
            small_totals = [
                c
                for e in cell_eqs.get(cell, [])
                for c, _ in equations[e]
                if margin[c] and status[c] == PRIMARY and not keep[c]
            ]
            if small_totals:
                status[small_totals] = WIDE
                continue
            rescue = _rescue(cell, flat, status, equations, margin, keep, k)
            if rescue is None:
                stuck.add(cell)
            else:
                status[rescue] = SECONDARY


def _rescue(
    cell: int,
    flat: np.ndarray,
    status: np.ndarray,
    equations: list[Equation],
    margin: np.ndarray,
    fixed: np.ndarray,
    k: int,
) -> int | None:
    """A cell pinned only through a chain of other equations: try, cheapest first, the
    visible cells of every equation that touches a hidden cell until one frees it."""
    touched = {
        c
        for eq in equations
        if any(status[x] != VISIBLE for x, _ in eq)
        for c, _ in eq
        if status[c] == VISIBLE and flat[c] > 0 and not fixed[c]
    }
    for candidate in sorted(touched, key=lambda c: (int(margin[c]), int(flat[c]), c))[:_TRIALS]:
        trial = status.copy()
        trial[candidate] = SECONDARY
        if cell not in recoverable_cells(flat, trial, equations, k):
            return candidate
    return None


def _complement(
    cell: int,
    flat: np.ndarray,
    status: np.ndarray,
    equations: list[Equation],
    cell_eqs: dict[int, list[int]],
    margin: np.ndarray,
    fixed: np.ndarray,
) -> int | None:
    """A complement for `cell` from its own equations, the most exposing first."""

    def ok(c: int) -> bool:
        return bool(status[c] == VISIBLE and flat[c] > 0 and not fixed[c])

    def cost(c: int) -> tuple[int, int, int]:
        return int(margin[c]), int(flat[c]), c

    own = sorted(
        cell_eqs.get(cell, []), key=lambda e: sum(status[c] != VISIBLE for c, _ in equations[e])
    )
    for e in own:
        candidates = [c for c, _ in equations[e] if ok(c)]
        if candidates:
            return min(candidates, key=cost)
    return None


__all__ = [
    "PRIMARY",
    "SECONDARY",
    "VISIBLE",
    "WIDE",
    "WITHHELD",
    "echelon_rows",
    "linearly_determined",
    "propagate",
    "protect_view",
    "reader_bounds",
    "recoverable_cells",
]
