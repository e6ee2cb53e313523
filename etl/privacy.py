"""Small-count suppression for everything a `rapat` viewer (or their export) sees.

Primary suppression: any count 1..k-1 is shown as "<k" (zeros are shown). Secondary
(complementary) suppression: further cells are hidden, shown as `TANDA_SEKUNDER`, so that
no hidden cell can be recovered from the published totals — neither by subtracting the
visible cells of one row or column ("total minus the others") nor by combining several
rows and columns, and no "<k" cell is pinned to one value by the bounds a reader knows
("<5" means 1..4, a secondary cell means >= k). Zeros are never used as complements.
The choice is greedy and deterministic: the complement that opens no new problem line,
then a body cell before a total, then the smallest value, then table order.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

TANDA_SEKUNDER = "x"
"""Display for a complementary-suppressed cell (legend: "disembunyikan agar angka kecil
tidak dapat dihitung dari total")."""

STATUS_TAMPIL, STATUS_PRIMER, STATUS_SEKUNDER = "tampil", "primer", "sekunder"

_VISIBLE, _PRIMARY, _SECONDARY = 0, 1, 2
_STATUS_NAMES = {_VISIBLE: STATUS_TAMPIL, _PRIMARY: STATUS_PRIMER, _SECONDARY: STATUS_SEKUNDER}
_TOTAL_LABEL = "Jumlah"
_UNKNOWN_JENIS = "Tidak disebut"

Equation = list[tuple[int, int]]  # (flat cell index, coefficient +1 part / -1 total)


def mask_small(value: int, k: int = 5) -> str:
    """Show one count for the public: 1..k-1 becomes "<k", anything else its digits."""
    _check_k(k)
    if value < 0:
        raise ValueError(f"count must not be negative, got {value}")
    return f"<{k}" if 0 < value < k else str(int(value))


def suppress_counts(
    table: pd.DataFrame,
    *,
    k: int = 5,
    row_total: str | None,
    col_total: Hashable | None,
    count_columns: list[str],
    column_groups: Mapping[str, Sequence[str]] | None = None,
    keep_visible: Iterable[tuple[Hashable, str]] = (),
) -> pd.DataFrame:
    """Return a NEW frame where every count cell is a display string, suppressed.

    `count_columns` are the body cells of the cross-tab; `row_total` names the column
    holding each row's sum (None if not shown); `col_total` is the index label of the row
    holding each column's sum (None if not shown). `column_groups` maps a subtotal column
    to its member columns (desa x role x gender: {"rt_rw": ["rt_rw_L", "rt_rw_P"]}).
    `keep_visible` lists (index label, column) cells published elsewhere, e.g. the
    kabupaten total: never chosen as complements. Other columns are copied unchanged.
    Missing counts count as 0; totals must equal the sums they claim.
    """
    values, columns, shaped = _solve(
        table, k, row_total, col_total, count_columns, column_groups, keep_visible
    )
    out = table.copy()
    for j, column in enumerate(columns):
        shown = [
            _display(int(v), int(s), k) for v, s in zip(values[:, j], shaped[:, j], strict=True)
        ]
        out[column] = pd.Series(shown, index=table.index, dtype="str")
    return out


def suppression_status(
    table: pd.DataFrame,
    *,
    k: int = 5,
    row_total: str | None,
    col_total: Hashable | None,
    count_columns: list[str],
    column_groups: Mapping[str, Sequence[str]] | None = None,
    keep_visible: Iterable[tuple[Hashable, str]] = (),
) -> pd.DataFrame:
    """Same arguments as `suppress_counts`; returns "tampil"/"primer"/"sekunder" per count
    cell (only the count, subtotal and total columns), for styling and for auditing."""
    _, columns, status = _solve(
        table, k, row_total, col_total, count_columns, column_groups, keep_visible
    )
    names = np.vectorize(_STATUS_NAMES.__getitem__, otypes=[object])(status)
    return pd.DataFrame(names, index=table.index, columns=columns).astype("str")


def suppress_series(series: pd.Series, k: int = 5, *, total_known: bool = True) -> pd.Series:
    """Suppress one count per item (e.g. laporan per desa) as display strings.

    With `total_known` (the sum is published, e.g. the kabupaten figure in the headline)
    a single hidden item would be the total minus the rest, so a second smallest item
    is hidden too (shown as `TANDA_SEKUNDER`)."""
    counts = _as_counts(series.to_frame("n"), ["n"])[:, 0]
    values = np.append(counts, counts.sum()).reshape(-1, 1)
    n = len(counts)
    equations: list[Equation] = []
    if total_known:
        equations.append([*((i, 1) for i in range(n)), (n, -1)])
    total_cell = np.zeros(n + 1, dtype=bool)
    total_cell[n] = True
    status = _protect(values, equations, total_cell, total_cell, k)
    shown = [_display(int(v), int(s), k) for v, s in zip(counts, status[:n], strict=True)]
    return pd.Series(shown, index=series.index, name=series.name, dtype="str")


def aggregate_reports_for_public(
    laporan: pd.DataFrame, desa: pd.DataFrame, *, k: int = 5, include_total_row: bool = True
) -> pd.DataFrame:
    """Reports as counts per desa and report type, suppressed, safe for a `rapat` viewer.

    Returns columns `kode, nama, <one column per jenis, sorted>, jumlah` (display strings),
    one row per desa in `desa` order and, if asked, a last row "Jumlah" (kode ""). No
    coordinates, ids or dates leave this function. Use its `jumlah` column for report
    counts on the public map so both views hide the same cells.
    """
    _require(laporan, ["desa_kode", "jenis"], "laporan")
    _require(desa, ["kode", "nama"], "desa")
    kode = desa["kode"].astype("str").tolist()
    reports = laporan.loc[laporan["desa_kode"].notna(), ["desa_kode", "jenis"]]
    unknown = sorted(set(reports["desa_kode"].astype("str")) - set(kode))
    if unknown:
        raise ValueError(f"laporan refer to desa codes not in the desa list: {unknown[:5]}")
    jenis = reports["jenis"].astype("str").str.strip()
    jenis = jenis.where(reports["jenis"].notna() & (jenis != ""), _UNKNOWN_JENIS)
    jenis = jenis.where(~jenis.isin(["kode", "nama", "jumlah"]), jenis + " (jenis)")
    types = sorted(set(jenis))
    if not types:  # no reports at all: every desa shows 0
        empty = pd.DataFrame({"kode": kode, "nama": desa["nama"].astype("str").tolist()})
        empty["jumlah"] = pd.Series(["0"] * len(kode), dtype="str")
        total_row = pd.DataFrame([{"kode": "", "nama": _TOTAL_LABEL, "jumlah": "0"}]).astype("str")
        return pd.concat([empty, total_row], ignore_index=True) if include_total_row else empty
    counts = pd.crosstab(reports["desa_kode"].astype("str"), jenis)
    counts = counts.reindex(index=kode, columns=types, fill_value=0)
    body = pd.DataFrame({"kode": kode, "nama": desa["nama"].astype("str").tolist()})
    for t in types:
        body[t] = counts[t].to_numpy(dtype="int64")
    body["jumlah"] = counts.sum(axis=1).to_numpy(dtype="int64")
    total = {
        "kode": "",
        "nama": _TOTAL_LABEL,
        **{c: int(body[c].sum()) for c in [*types, "jumlah"]},
    }
    full = pd.concat([body, pd.DataFrame([total])], ignore_index=True)
    total_label = len(full) - 1
    shown = suppress_counts(
        full,
        k=k,
        row_total="jumlah",
        col_total=total_label,
        count_columns=types,
        keep_visible=[(total_label, "jumlah")],
    )
    return shown if include_total_row else shown.iloc[:-1].copy()


def _solve(
    table: pd.DataFrame,
    k: int,
    row_total: str | None,
    col_total: Hashable | None,
    count_columns: list[str],
    column_groups: Mapping[str, Sequence[str]] | None,
    keep_visible: Iterable[tuple[Hashable, str]],
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Grid values, its column names and the status of every grid cell (same shape)."""
    values, columns, equations, margins = _build_grid(
        table, row_total, col_total, count_columns, column_groups or {}
    )
    fixed = _fixed_mask(table, columns, keep_visible, values.shape)
    return values, columns, _protect(values, equations, margins, fixed, k).reshape(values.shape)


def _build_grid(
    table: pd.DataFrame,
    row_total: str | None,
    col_total: Hashable | None,
    count_columns: list[str],
    groups: Mapping[str, Sequence[str]],
) -> tuple[np.ndarray, list[str], list[Equation], np.ndarray]:
    """Numeric grid (rows x count/subtotal/total columns), its sum equations and the mask
    of total cells; validates that the totals add up."""
    if not count_columns:
        raise ValueError("count_columns must name at least one column")
    columns = [*count_columns, *groups, *([row_total] if row_total is not None else [])]
    if len(set(columns)) != len(columns):
        raise ValueError(f"count, group and total columns overlap: {columns}")
    _require(table, columns, "table")
    for group, members in groups.items():
        if not set(members) <= set(count_columns):
            raise ValueError(f"group {group!r} members must be count columns: {list(members)}")
    if not table.index.is_unique:
        raise ValueError("table index must be unique")
    values = _as_counts(table, columns)
    n_rows, n_cols = values.shape
    pos = {c: j for j, c in enumerate(columns)}
    margins = np.zeros(values.shape, dtype=bool)
    row_eqs: list[tuple[list[int], int]] = [([pos[m] for m in groups[g]], pos[g]) for g in groups]
    if row_total is not None:
        row_eqs.append(([pos[c] for c in count_columns], pos[row_total]))
    equations: list[Equation] = []
    for parts, total in row_eqs:
        margins[:, total] = True
        for i in range(n_rows):
            equations.append([*((i * n_cols + j, 1) for j in parts), (i * n_cols + total, -1)])
    if col_total is not None:
        if col_total not in table.index:
            raise ValueError(f"col_total row {col_total!r} is not in the table index")
        t = table.index.tolist().index(col_total)
        margins[t, :] = True
        body = [i for i in range(n_rows) if i != t]
        for j in range(n_cols):
            equations.append([*((i * n_cols + j, 1) for i in body), (t * n_cols + j, -1)])
    flat = values.ravel()
    for eq in equations:
        if sum(int(flat[c]) * a for c, a in eq) != 0:
            r, c = divmod(eq[-1][0], n_cols)
            raise ValueError(
                f"total at row {table.index[r]!r}, column {columns[c]!r} is not the sum of its parts"
            )
    return values, columns, equations, margins.ravel()


def _protect(
    values: np.ndarray, equations: list[Equation], margins: np.ndarray, fixed: np.ndarray, k: int
) -> np.ndarray:
    """Flat status per cell: primary for 1..k-1, then complements until nothing is
    disclosed. `margins` (totals) are complements of last resort, `fixed` cells never."""
    _check_k(k)
    flat = values.ravel().astype("int64")
    status = np.where((flat > 0) & (flat < k), _PRIMARY, _VISIBLE)
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
            status[chosen] = _SECONDARY


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
        hidden = [(c, a) for c, a in eq if status[c] != _VISIBLE]
        if len(hidden) == 1 and (hidden[0][0], e) not in given_up:
            return hidden[0][0], [e], False
        for c, _ in hidden:
            if (
                status[c] == _PRIMARY
                and (c, e) not in given_up
                and _is_pinned(c, hidden, flat, status, eq, k)
            ):
                return c, [e], False
    cells = [int(c) for c in np.flatnonzero(status != _VISIBLE) if (int(c), -1) not in given_up]
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
    s = -sum(int(flat[c]) * a for c, a in eq if status[c] == _VISIBLE)
    low_rest, high_rest, sign = 0.0, 0.0, 1
    for c, a in hidden:
        if c == target:
            sign = a
            continue
        lb, ub = (1.0, float(k - 1)) if status[c] == _PRIMARY else (float(k), float("inf"))
        low_rest += a * lb if a > 0 else a * ub
        high_rest += a * ub if a > 0 else a * lb
    lo, hi = (s - high_rest, s - low_rest) if sign > 0 else (low_rest - s, high_rest - s)
    return min(hi, k - 1) - max(lo, 1) < 1


def _linearly_determined(
    cells: list[int], status: np.ndarray, equations: list[Equation]
) -> int | None:
    """First hidden cell whose value follows from the equations alone (zero in every
    null-space vector of the equations restricted to the hidden cells)."""
    hidden = np.flatnonzero(status != _VISIBLE)
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
        if status[c] == _VISIBLE and flat[c] > 0 and not fixed[c]
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
    touched = [e for e, eq in enumerate(equations) if any(status[c] != _VISIBLE for c, _ in eq)]
    candidates = sorted(
        {
            c
            for e in touched
            for c, _ in equations[e]
            if status[c] == _VISIBLE and flat[c] > 0 and not fixed[c]
        },
        key=lambda c: _cost(c, flat, status, equations, cell_eqs, [], margins),
    )
    for candidate in candidates:
        trial = status.copy()
        trial[candidate] = _SECONDARY
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
    opens = sum(all(status[x] == _VISIBLE for x, _ in equations[e]) for e in others)
    return opens, bool(margins[c]), int(flat[c]), c


def _fixed_mask(
    table: pd.DataFrame,
    columns: list[str],
    cells: Iterable[tuple[Hashable, str]],
    shape: tuple[int, ...],
) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    for label, column in cells:
        if label not in table.index or column not in columns:
            raise ValueError(f"keep_visible cell ({label!r}, {column!r}) is not in the table")
        mask[table.index.tolist().index(label), columns.index(column)] = True
    return mask.ravel()


def _as_counts(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    numbers = frame[columns].apply(pd.to_numeric, errors="coerce").fillna(0)
    values = numbers.to_numpy(dtype="float64")
    if (values < 0).any() or (values != np.round(values)).any():
        raise ValueError(f"counts must be whole numbers >= 0 in columns {columns}")
    return values.astype("int64").reshape(len(frame), len(columns))


def _display(value: int, status: int, k: int) -> str:
    if status == _PRIMARY:
        return f"<{k}"
    return TANDA_SEKUNDER if status == _SECONDARY else str(value)


def _require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} is missing required columns: {missing}")


def _check_k(k: int) -> None:
    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
