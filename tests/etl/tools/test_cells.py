"""The column helpers behind validation: factorising, text, str arrays."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from etl.tools._cells import cell_texts, factorize_cells, repeat_str, str_array, text_series

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


def test_factorize_cells_codes_first_seen_and_missing_last() -> None:
    values = pd.Series(["Soe", None, 5, "Soe", float("nan"), "soe", 5.0], dtype=object)
    codes, distinct = factorize_cells(values)
    assert codes.tolist() == [0, 3, 1, 0, 3, 2, 1]
    assert distinct.tolist() == ["Soe", 5, "soe", None]


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
    values = pd.Series([f" K{i % 500} " for i in range(6000)] + [None, 5], dtype=object)
    texts = text_series(values)
    assert texts.dtype == "str"
    assert texts.iloc[:6000].tolist() == [f"K{i % 500}" for i in range(6000)]
    assert pd.isna(texts.iloc[6000]) and texts.iloc[6001] == "5"
