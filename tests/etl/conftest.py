"""Fixtures shared by the ETL tests."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from etl.io.tabulate import tabulate_rows
from etl.io.text_table import iter_csv_rows, read_csv_columns


@pytest.fixture(scope="session")
def csv_frame() -> Callable[..., pd.DataFrame]:
    """``csv_frame(text, delimiter, fast=...)``: the frame the CSV reader makes of
    ``text``, by its bulk column readers (``fast=True``) or by the row-by-row walk."""

    def make(text: str, delimiter: str, *, fast: bool) -> pd.DataFrame:
        outcome = tabulate_rows(
            iter_csv_rows(text, delimiter, "x.csv"),
            where="x",
            sheet_name="",
            strict=True,
            source="csv",
            bulk=(lambda line, pos: read_csv_columns(text, delimiter, line, pos)) if fast else None,
        )
        assert outcome.frame is not None
        return outcome.frame

    return make
