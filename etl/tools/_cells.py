"""Shared basics of the cell parsers: blank test, display text, per-distinct-value mapping.

A million-row column holds few distinct cells, so columns are factorised once
(``factorize_cells``, i.e. ``pd.factorize``) and every conversion runs on the distinct
cells; pandas ``str`` columns are built from the distinct values and the codes in one
step (``str_array``).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Final, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

T = TypeVar("T")

EXCEL_ERRORS: Final = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


def is_blank(value: object) -> bool:
    """True for ``None``, NaN/NaT/NA and strings that are empty or only whitespace."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def cell_text(value: object) -> str:
    """A cell as a person would read it (for ``nilai`` in the review table)."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def clean_text(value: object) -> str:
    """Stripped NFKC text with unicode minus/dash and no-break space made plain."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text.replace("\u2212", "-").replace("\u2013", "-").replace("\u00a0", " ")


def parse_unique(
    values: pd.Series, parse: Callable[[object], tuple[T | None, str | None]]
) -> tuple[list[T | None], np.ndarray, np.ndarray]:
    """Parse each distinct value once: (parsed per distinct value, problems per distinct
    value, code per row). The last entry is the blank cell, so code -1 finds it."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    results = [parse(value) for value in uniques]
    results.append(parse(None))
    problems = np.empty(len(results), dtype=object)
    problems[:] = [problem for _, problem in results]
    return [value for value, _ in results], problems, codes


def problem_series(problems: np.ndarray, codes: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(problems[codes], index=index, dtype=object)


def object_series(
    values: pd.Series, parse: Callable[[object], tuple[T | None, str | None]]
) -> tuple[pd.Series, pd.Series]:
    parsed, problems, codes = parse_unique(values, parse)
    unique_values = np.empty(len(parsed), dtype=object)
    unique_values[:] = parsed
    return (
        pd.Series(unique_values[codes], index=values.index, dtype=object),
        problem_series(problems, codes, values.index),
    )


def text_series(values: pd.Series) -> pd.Series:
    """Cells as stripped text (``cell_text``), blank -> missing, pandas string dtype.
    Each distinct cell is converted once."""
    codes, distinct = factorize_cells(values)
    return pd.Series(str_array(cell_texts(distinct), codes), index=values.index, dtype="str")


def factorize_cells(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, distinct cells in first-seen order + a final ``None`` that
    blank/NA rows point to): ``pd.factorize`` with the missing cells last. A pandas
    ``str`` column is factorised as it is (no Python object per row)."""
    cells = (
        values.array if isinstance(values.dtype, pd.StringDtype) else values.to_numpy(dtype=object)
    )
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return np.where(codes < 0, len(uniques), codes).astype(np.intp, copy=False), _with_blank(
        uniques
    )


def cell_texts(distinct: np.ndarray) -> np.ndarray:
    """``cell_text(value) or None`` of each value of an object array (a new object array)."""
    texts = np.empty(len(distinct), dtype=object)
    texts[:] = [
        (value.strip() or None) if type(value) is str else _text_or_none(value)
        for value in distinct.tolist()
    ]
    return texts


def str_array(
    values: np.ndarray | pd.Series, codes: np.ndarray
) -> pd.api.extensions.ExtensionArray:
    """``values[codes]`` as a pandas ``str`` array (``None``/NaN -> missing): only the
    distinct ``values`` are converted, then one Arrow ``take`` builds the column."""
    return pd.array(np.asarray(values, dtype=object), dtype="str").take(codes)


def repeat_str(value: str, length: int) -> pd.api.extensions.ExtensionArray:
    """A pandas ``str`` array of ``length`` copies of ``value`` (e.g. ``sumber_file``)."""
    return pd.array(pa.repeat(pa.scalar(value, type=pa.large_string()), length), dtype="str")


def _with_blank(uniques: np.ndarray) -> np.ndarray:
    """The distinct cells + a final ``None`` (object array)."""
    distinct = np.empty(len(uniques) + 1, dtype=object)
    distinct[:-1] = uniques
    distinct[-1] = None
    return distinct


def _text_or_none(value: object) -> str | None:
    """``cell_text(value) or None``; plain strings take the short way (same result)."""
    if type(value) is str:
        return value.strip() or None
    return cell_text(value) or None
