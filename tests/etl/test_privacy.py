"""Small-count suppression: primary (<5), secondary (no recovery from totals)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from etl.privacy import (
    TANDA_SEKUNDER,
    aggregate_reports_for_public,
    mask_small,
    suppress_counts,
    suppress_series,
    suppression_status,
)

X = TANDA_SEKUNDER


def crosstab(rows: list[list[int]], *, with_total_row: bool = True) -> pd.DataFrame:
    """Body rows D0..Dn x columns c0..cm, a `jumlah` row total and a "Jumlah" total row."""
    cols = [f"c{j}" for j in range(len(rows[0]))]
    frame = pd.DataFrame(rows, columns=cols, index=[f"D{i}" for i in range(len(rows))])
    frame["jumlah"] = frame[cols].sum(axis=1)
    if with_total_row:
        frame.loc["Jumlah"] = frame.sum(axis=0)
    return frame


def hidden_cells(status: pd.DataFrame) -> np.ndarray:
    return (status != "tampil").to_numpy()


def determined_cells(hidden: np.ndarray, *, rows: bool, cols: bool) -> list[tuple[int, int]]:
    """Independent check (matrix rank, not the module's SVD): hidden cells whose value
    follows from the row/column sum equations of a table whose last column/row are totals."""
    n_r, n_c = hidden.shape
    equations: list[dict[tuple[int, int], int]] = []
    if rows:
        for i in range(n_r):
            equations.append({**{(i, j): 1 for j in range(n_c - 1)}, (i, n_c - 1): -1})
    if cols:
        for j in range(n_c):
            equations.append({**{(i, j): 1 for i in range(n_r - 1)}, (n_r - 1, j): -1})
    cells = [(int(i), int(j)) for i, j in zip(*np.nonzero(hidden), strict=True)]
    if not cells:
        return []
    a = np.array([[eq.get(c, 0) for c in cells] for eq in equations], dtype=float)
    rank = np.linalg.matrix_rank(a) if a.size else 0
    out = []
    for n, cell in enumerate(cells):
        unit = np.zeros((1, len(cells)))
        unit[0, n] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            out.append(cell)
    return out


def lines_with_one_hidden(hidden: np.ndarray) -> list[str]:
    bad = [f"row {i}" for i in range(hidden.shape[0]) if hidden[i].sum() == 1]
    return bad + [f"column {j}" for j in range(hidden.shape[1]) if hidden[:, j].sum() == 1]


# --- mask_small -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (120, "120")]
)
def test_mask_small(value: int, shown: str) -> None:
    assert mask_small(value) == shown


def test_mask_small_rejects_negative_and_bad_k() -> None:
    with pytest.raises(ValueError):
        mask_small(-1)
    with pytest.raises(ValueError):
        mask_small(3, k=1)


# --- hand-checked cross-tabs ----------------------------------------------------------


def test_row_with_one_small_cell_and_visible_row_total_gets_a_second_hidden_cell() -> None:
    # D0 = 3 + 20 + 7 = 30: showing 20, 7 and 30 would give 30-20-7 = 3. The smallest
    # other cell (7) is hidden too. D1 has no small count and is untouched.
    table = crosstab([[3, 20, 7], [10, 30, 8]], with_total_row=False)
    shown = suppress_counts(
        table, row_total="jumlah", col_total=None, count_columns=["c0", "c1", "c2"]
    )
    assert shown.loc["D0"].tolist() == ["<5", "20", X, "30"]
    assert shown.loc["D1"].tolist() == ["10", "30", "8", "48"]


def test_recoverable_by_subtraction_in_rows_and_columns() -> None:
    # Row and column totals shown. 3 at (D0,c0): hiding 7 in its row leaves column c0
    # (3 + 10 = 13) and column c2 (7 + 8 = 15) with one hidden cell each, so D1's 10 and 8
    # are hidden as well: a 2x2 rectangle, nothing recoverable, no total hidden.
    table = crosstab([[3, 20, 7], [10, 30, 8]])
    shown = suppress_counts(
        table, row_total="jumlah", col_total="Jumlah", count_columns=["c0", "c1", "c2"]
    )
    assert shown.loc["D0"].tolist() == ["<5", "20", X, "30"]
    assert shown.loc["D1"].tolist() == [X, "30", X, "48"]
    assert shown.loc["Jumlah"].tolist() == ["13", "50", "15", "78"]


def test_no_total_row_or_column_ever_has_exactly_one_hidden_cell() -> None:
    """Fails if secondary suppression is removed (each 1..4 would stand alone)."""
    table = crosstab([[3, 12, 9, 40], [6, 1, 15, 22], [30, 25, 2, 8], [11, 14, 19, 4]])
    status = suppression_status(
        table, row_total="jumlah", col_total="Jumlah", count_columns=["c0", "c1", "c2", "c3"]
    )
    hidden = hidden_cells(status)
    assert (status == "primer").to_numpy().sum() == 4
    assert lines_with_one_hidden(hidden) == []
    assert determined_cells(hidden, rows=True, cols=True) == []


def test_table_without_small_counts_is_unchanged() -> None:
    table = crosstab([[0, 12, 9], [6, 0, 15]])
    shown = suppress_counts(
        table, row_total="jumlah", col_total="Jumlah", count_columns=["c0", "c1", "c2"]
    )
    assert shown.to_numpy().tolist() == table.astype("int64").astype("str").to_numpy().tolist()


def test_small_cell_is_not_pinned_by_the_bounds_a_reader_knows() -> None:
    # 1 + 5 = 6: with 5 hidden as "x" a reader knows x >= 5, so the "<5" is at most
    # 6 - 5 = 1, i.e. exactly 1. The total has to be hidden as well.
    table = crosstab([[1, 5]], with_total_row=False)
    shown = suppress_counts(table, row_total="jumlah", col_total=None, count_columns=["c0", "c1"])
    assert shown.loc["D0"].tolist() == ["<5", X, X]


def test_desa_by_role_by_gender_with_subtotals() -> None:
    # rt_rw = rt_L + rt_P is shown, so the 2 needs a partner inside the rt_rw group:
    # rt_P (10) rather than the subtotal; tokoh and the row total stay visible.
    table = pd.DataFrame(
        {
            "rt_L": [2],
            "rt_P": [10],
            "tokoh_L": [6],
            "tokoh_P": [9],
            "rt_rw": [12],
            "tokoh": [15],
            "jumlah": [27],
        },
        index=["SoE"],
    )
    shown = suppress_counts(
        table,
        row_total="jumlah",
        col_total=None,
        count_columns=["rt_L", "rt_P", "tokoh_L", "tokoh_P"],
        column_groups={"rt_rw": ["rt_L", "rt_P"], "tokoh": ["tokoh_L", "tokoh_P"]},
    )
    assert shown.loc["SoE"].tolist() == ["<5", X, "6", "9", "12", "15", "27"]


def test_other_columns_are_kept_and_input_not_mutated() -> None:
    table = crosstab([[3, 20, 7], [10, 30, 8]]).assign(nama=["A", "B", "Kabupaten"])
    before = table.copy()
    shown = suppress_counts(
        table, row_total="jumlah", col_total="Jumlah", count_columns=["c0", "c1", "c2"]
    )
    pd.testing.assert_frame_equal(table, before)
    assert shown["nama"].tolist() == ["A", "B", "Kabupaten"]


def test_bad_input_raises_value_error() -> None:
    table = crosstab([[3, 20, 7], [10, 30, 8]])
    with pytest.raises(ValueError, match="missing"):
        suppress_counts(table, row_total="jumlah", col_total=None, count_columns=["c0", "zz"])
    with pytest.raises(ValueError, match="not the sum"):
        suppress_counts(
            table.assign(jumlah=1),
            row_total="jumlah",
            col_total=None,
            count_columns=["c0", "c1", "c2"],
        )
    with pytest.raises(ValueError, match=">= 0"):
        suppress_counts(table.assign(c0=-1), row_total=None, col_total=None, count_columns=["c0"])
    with pytest.raises(ValueError, match="col_total"):
        suppress_counts(table, row_total=None, col_total="Total", count_columns=["c0"])


# --- one column with a published total ------------------------------------------------


def test_series_with_one_small_item_hides_the_next_smallest() -> None:
    series = pd.Series([0, 3, 10, 12, 0, 7], index=list("abcdef"), name="laporan")
    assert suppress_series(series).tolist() == ["0", "<5", "10", "12", "0", X]
    assert suppress_series(series, total_known=False).tolist() == ["0", "<5", "10", "12", "0", "7"]


def test_series_two_fours_summing_to_eight_are_protected() -> None:
    # total 18 - 10 = 8 = 4 + 4 would pin both "<5" to 4: the 10 is hidden too.
    assert suppress_series(pd.Series([4, 4, 10])).tolist() == ["<5", "<5", X]


# --- desa x report type for the public --------------------------------------------------


def test_aggregate_reports_for_public() -> None:
    laporan = pd.DataFrame(
        {
            "desa_kode": ["1", "1", "2", "3", "3", "3", "3", "3", "3"],
            "jenis": ["TPPO", "PMI", "TPPO", "TPPO", "TPPO", "TPPO", "TPPO", "TPPO", None],
            "lintang": [-9.8] * 9,
            "bujur": [124.2] * 9,
            "tanggal": ["2025-03-04"] * 9,
        }
    )
    desa = pd.DataFrame({"kode": ["1", "2", "3", "4"], "nama": ["A", "B", "C", "D"]})
    out = aggregate_reports_for_public(laporan, desa)
    assert out.columns.tolist() == ["kode", "nama", "PMI", "TPPO", "Tidak disebut", "jumlah"]
    # Desa C: 5 TPPO + 1 unknown = 6; the 1 needs a partner (TPPO 5). Then TPPO column
    # 1 + 1 + 5 = 7 would pin the two "<5" (7 - 5 - 1 = 1), so its total 7 is hidden;
    # and row C, 1 + x = 6 with x >= 5 pins the 1, so C's total 6 is hidden too. The
    # kabupaten total 9 (shown in the headline) is never hidden.
    assert out.drop(columns=["kode", "nama"]).to_numpy().tolist() == [
        ["<5", "<5", "0", "<5"],
        ["0", "<5", "0", "<5"],
        ["0", X, "<5", X],
        ["0", "0", "0", "0"],
        ["<5", X, "<5", "9"],
    ]
    assert out["nama"].tolist()[-1] == "Jumlah"
    assert len(aggregate_reports_for_public(laporan, desa, include_total_row=False)) == 4


def test_aggregate_reports_without_any_report_shows_zeros() -> None:
    desa = pd.DataFrame({"kode": ["1", "2"], "nama": ["A", "B"]})
    empty = pd.DataFrame(
        {"desa_kode": pd.Series([], dtype="str"), "jenis": pd.Series([], dtype="str")}
    )
    out = aggregate_reports_for_public(empty, desa)
    assert out.to_numpy().tolist() == [["1", "A", "0"], ["2", "B", "0"], ["", "Jumlah", "0"]]


def test_aggregate_reports_rejects_unknown_desa_and_missing_columns() -> None:
    desa = pd.DataFrame({"kode": ["1"], "nama": ["A"]})
    with pytest.raises(ValueError, match="not in the desa list"):
        aggregate_reports_for_public(pd.DataFrame({"desa_kode": ["9"], "jenis": ["TPPO"]}), desa)
    with pytest.raises(ValueError, match="missing"):
        aggregate_reports_for_public(pd.DataFrame({"desa_kode": ["1"]}), desa)


# --- the invariant, on random tables -----------------------------------------------------

small_tables = st.integers(2, 5).flatmap(
    lambda n_cols: st.lists(
        st.lists(
            st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=n_cols, max_size=n_cols
        ),
        min_size=2,
        max_size=5,
    )
)


@settings(max_examples=150)
@given(rows=small_tables, with_total_row=st.booleans())
@example(rows=[[0, 0, 0, 5], [1, 1, 1, 1]], with_total_row=True)  # once missed: 9 - 5 = 4
@example(
    rows=[[0, 0, 0, 0, 0], [0, 0, 0, 0, 4], [0, 0, 0, 1, 1], [0, 0, 2, 3, 0]], with_total_row=True
)
def test_no_hidden_cell_can_be_recovered_from_totals(
    rows: list[list[int]], with_total_row: bool
) -> None:
    table = crosstab(rows, with_total_row=with_total_row)
    columns = [c for c in table.columns if c != "jumlah"]
    kwargs = {
        "row_total": "jumlah",
        "col_total": "Jumlah" if with_total_row else None,
        "count_columns": columns,
    }
    status = suppression_status(table, **kwargs)  # type: ignore[arg-type]
    shown = suppress_counts(table, **kwargs)  # type: ignore[arg-type]
    values = table.to_numpy()
    primary = (status == "primer").to_numpy()
    assert (primary == ((values > 0) & (values < 5))).all()
    hidden = hidden_cells(status)
    assert (shown.to_numpy()[~hidden] == values[~hidden].astype(str)).all()
    assert (shown.to_numpy()[primary] == "<5").all()
    # total minus the visible cells of a line never equals one single hidden cell ...
    assert [
        line for line in lines_with_one_hidden(hidden) if with_total_row or line.startswith("row")
    ] == []
    # ... nor does any combination of rows and columns pin a hidden cell.
    assert determined_cells(hidden, rows=True, cols=with_total_row) == []
