"""The column helpers behind validation: factorising, text, str arrays, distinct coordinates.

``factorize_cells`` has three ways (group by object, Arrow dictionary, ``pd.factorize``)
chosen by what the column holds; every way must give exactly ``pd.factorize``'s codes and
distinct cells, which these tests check for all three layouts of the same cells.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from etl.tools._cells import cell_texts, factorize_cells, repeat_str, str_array, text_series
from etl.tools.parse import parse_coordinate, parse_coordinate_cells

_CELL = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.sampled_from(["", " ", "Soe", " Soe ", "soe", "5", "5.0", "-9,8652", "\u00a0x\t"]),
    st.text(max_size=6),
    st.integers(-3, 300),
    st.floats(allow_nan=False, allow_infinity=True),
    st.booleans(),
    st.binary(max_size=3),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
)


def _reference(values: pd.Series) -> tuple[np.ndarray, list[object]]:
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    return np.where(codes < 0, len(uniques), codes), [*uniques, None]


def _assert_same_as_pandas(values: pd.Series) -> None:
    codes, distinct = factorize_cells(values)
    expected_codes, expected_distinct = _reference(values)
    assert codes.dtype == np.intp
    np.testing.assert_array_equal(codes, expected_codes)
    assert [type(v) for v in distinct] == [type(v) for v in expected_distinct]
    assert distinct.tolist() == expected_distinct


def _fresh(value: object) -> object:
    """An equal but distinct object (as a reader that does not reuse strings would give)."""
    return (value + "\0")[:-1] if isinstance(value, str) else value


def _rows(pool: list[object], count: int, *, shared: bool) -> pd.Series:
    picked = [pool[(i * 7919) % len(pool)] for i in range(count)]
    return pd.Series(picked if shared else [_fresh(v) for v in picked], dtype=object)


@settings(max_examples=60)
@given(pool=st.lists(_CELL, min_size=1, max_size=12), shared=st.booleans())
@example(pool=[datetime(2000, 1, 1), "Soe", 9.223372036854776e18], shared=False)  # overflow
def test_factorize_cells_equals_pd_factorize_for_any_cells(
    pool: list[object], shared: bool
) -> None:
    _assert_same_as_pandas(_rows(pool, 5000, shared=shared))
    _assert_same_as_pandas(pd.Series(pool, dtype=object))


@settings(max_examples=30)
@given(
    pool=st.lists(st.one_of(st.none(), st.text(max_size=5)), min_size=1, max_size=8),
    shared=st.booleans(),
)
def test_many_distinct_text_cells_take_the_arrow_way_with_the_same_result(
    pool: list[str | None], shared: bool
) -> None:
    many = [*pool, *(f" Desa {i} " for i in range(400))]
    values = _rows(many, 6000, shared=shared)
    _assert_same_as_pandas(values)
    as_str = factorize_cells(pd.Series(values, dtype="str"))
    expected_codes, expected_distinct = _reference(values)
    np.testing.assert_array_equal(as_str[0], expected_codes)
    assert as_str[1].tolist() == expected_distinct


@pytest.mark.parametrize("odd", [b"bytes", 5, 2.5, datetime(2024, 1, 2), "\ud800"])
def test_one_non_text_cell_among_many_texts_keeps_pandas_semantics(odd: object) -> None:
    cells = [_fresh(f"x{i % 700}") for i in range(5000)]
    cells[4321] = odd
    _assert_same_as_pandas(pd.Series(cells, dtype=object))


def test_factorize_cells_of_empty_and_all_blank_columns() -> None:
    for values in (
        pd.Series([], dtype=object),
        pd.Series([], dtype="str"),
        pd.Series([None] * 5000, dtype=object),
        pd.Series([None, float("nan")] * 3000, dtype=object),
    ):
        codes, distinct = factorize_cells(values)
        assert distinct.tolist() == [None]
        assert (codes == 0).all() and len(codes) == len(values)


def test_cell_texts_strip_and_blank_each_distinct_cell() -> None:
    cells = np.array([" Soe ", "", "  ", None, 5, 5.0, 2.5, datetime(2024, 1, 2)], dtype=object)
    texts = cell_texts(cells)
    assert texts.tolist() == ["Soe", None, None, None, "5", "5", "2.5", "02/01/2024"]


def test_str_array_and_repeat_str_build_pandas_str_columns() -> None:
    built = str_array(np.array(["a", None, "b"], dtype=object), np.array([2, 0, 1, 2]))
    assert pd.Series(built).equals(pd.Series(["b", "a", None, "b"], dtype="str"))
    assert built.dtype == "str"
    repeated = repeat_str("uji.csv", 3)
    assert repeated.dtype == "str" and list(repeated) == ["uji.csv"] * 3
    assert len(repeat_str("x", 0)) == 0


def test_text_series_of_many_rows_equals_cell_text_per_row() -> None:
    values = pd.Series([_fresh(f" K{i % 500} ") for i in range(6000)] + [None, 5], dtype=object)
    texts = text_series(values)
    assert texts.dtype == "str"
    assert texts.iloc[:6000].tolist() == [f"K{i % 500}" for i in range(6000)]
    assert pd.isna(texts.iloc[6000]) and texts.iloc[6001] == "5"


@given(st.lists(st.one_of(_CELL, st.sampled_from(["-9.8652", "124,27", "181", "9°51'55\"S"]))))
def test_parse_coordinate_cells_is_parse_coordinate_per_cell(cells: list[object]) -> None:
    numbers, problems = parse_coordinate_cells(np.array([*cells, None], dtype=object), "lat")
    expected = [parse_coordinate(cell, "lat") for cell in [*cells, None]]
    assert problems.tolist() == [problem for _, problem in expected]
    assert [None if np.isnan(n) else float(n) for n in numbers] == [v for v, _ in expected]
