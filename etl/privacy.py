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

from etl._privacy_core import PRIMARY, SECONDARY, VISIBLE, Equation, check_k, protect

TANDA_SEKUNDER = "x"
"""Display for a complementary-suppressed cell (legend: "disembunyikan agar angka kecil
tidak dapat dihitung dari total")."""

STATUS_TAMPIL, STATUS_PRIMER, STATUS_SEKUNDER = "tampil", "primer", "sekunder"

_STATUS_NAMES = {VISIBLE: STATUS_TAMPIL, PRIMARY: STATUS_PRIMER, SECONDARY: STATUS_SEKUNDER}
_TOTAL_LABEL = "Jumlah"
_UNKNOWN_JENIS = "Tidak disebut"


def mask_small(value: int, k: int = 5) -> str:
    """Show one count for the public: 1..k-1 becomes "<k", anything else its digits."""
    check_k(k)
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
    status = protect(values, equations, total_cell, total_cell, k)
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
    return values, columns, protect(values, equations, margins, fixed, k).reshape(values.shape)


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
    if status == PRIMARY:
        return f"<{k}"
    return TANDA_SEKUNDER if status == SECONDARY else str(value)


def _require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} is missing required columns: {missing}")
