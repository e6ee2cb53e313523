"""Building blocks of ``etl.nodes.validate``: factorised columns, coded reasons, checks.

A million-row table holds few distinct cells. ``Cells`` factorises each raw column once;
blank tests, text, parsers and duplicate checks then run on the distinct cells and only
the codes (one integer per row) are gathered. Reasons stay coded too (``Reasons``: the
distinct reasons + a code per row), so finding the rows with a problem is a cheap numpy
gather, and output columns are built only for the rows that end up in each frame
(``Gather``: row positions -> column values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from etl.tools._cells import cell_texts, factorize_cells, str_array

Gather = Callable[[np.ndarray], Any]
"""Column values (array-like) of the rows at the given positions."""


@dataclass(frozen=True)
class Reasons:
    """A review reason (``str``) or nothing (``None``/NaN) per row, stored as the distinct
    reasons and a code per row (``codes=None``: one entry per row)."""

    distinct: np.ndarray
    codes: np.ndarray | None = None

    def present(self) -> np.ndarray:
        """Boolean per row: the row has this reason."""
        flags = np.asarray(pd.notna(self.distinct), dtype=bool)
        return flags if self.codes is None else flags[self.codes]

    def at(self, rows: np.ndarray) -> np.ndarray:
        """The reasons of the rows at positions ``rows`` (object array)."""
        return self.distinct[rows if self.codes is None else self.codes[rows]]


@dataclass(frozen=True)
class Parsed:
    """A ``parse_*_series`` run on the distinct cells of a column: parsed value and
    problem per distinct cell, and the code of each row."""

    values: pd.Series
    problems: np.ndarray
    codes: np.ndarray

    @property
    def reasons(self) -> Reasons:
        """The parse problems as coded reasons."""
        return Reasons(self.problems, self.codes)

    def gather(self, rows: np.ndarray) -> Any:
        """Parsed values of the rows at positions ``rows`` (the parser's dtype)."""
        return self.values.array.take(self.codes[rows])


class Cells:
    """Each raw column of ``frame`` factorised once (cached per column).

    The checks and output columns ask for the same column up to 12 times (``desa``:
    required, text, matching columns, place); without the cache the national bench's
    validation takes 1.6 s instead of 0.9 s (median of 4 interleaved runs)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._factors: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._texts: dict[str, np.ndarray] = {}
        self._blanks: dict[str, np.ndarray] = {}

    def factors(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(code per row, distinct cells + a final ``None`` that blank/NA rows point to)."""
        if column not in self._factors:
            self._factors[column] = factorize_cells(self.frame[column])
        return self._factors[column]

    def distinct(self, column: str) -> pd.Series:
        """The distinct cells of ``column`` (the last one ``None``) as an object series."""
        return pd.Series(self.factors(column)[1], dtype=object)

    def texts(self, column: str) -> np.ndarray:
        """Stripped text (``None`` when blank) of each distinct cell of ``column``."""
        if column not in self._texts:
            self._texts[column] = cell_texts(self.factors(column)[1])
        return self._texts[column]

    def blank(self, column: str) -> np.ndarray:
        """Boolean per row: the cell is blank (its text would be missing)."""
        return self._blank_distinct(column)[self.factors(column)[0]]

    def required(self, column: str, reason: str) -> Reasons:
        """``reason`` for the rows whose ``column`` is blank."""
        return Reasons(labels(self._blank_distinct(column), reason), self.factors(column)[0])

    def parse(
        self, column: str, parse: Callable[[pd.Series], tuple[pd.Series, pd.Series]]
    ) -> Parsed:
        """``parse`` (a ``parse_*_series``) run on the distinct cells of ``column``."""
        codes, distinct = self.factors(column)
        values, problems = parse(pd.Series(distinct, dtype=object))
        return Parsed(values, problems.to_numpy(dtype=object), codes)

    def text(self, column: str) -> Gather:
        """Gather of ``column`` as stripped text, blank -> missing, pandas ``str`` dtype."""
        return self.mapped(column, self.texts(column))

    def mapped(self, column: str, values: np.ndarray | pd.Series) -> Gather:
        """Gather of a per-distinct-cell value of ``column`` as pandas ``str`` dtype."""
        codes = self.factors(column)[0]
        as_str = str_array(values, np.arange(len(values)))
        return lambda rows: as_str.take(codes[rows])

    def text_codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(code per row of its stripped text, -1 when blank; the distinct texts)."""
        codes, distinct = self.factors(column)
        texts = self.texts(column)
        if all(text is cell or text is None for text, cell in zip(texts, distinct, strict=True)):
            # Stripping changed no cell: distinct cells are distinct texts already.
            return np.where(self._blank_distinct(column), -1, np.arange(len(texts)))[codes], texts
        text_codes, uniques = pd.factorize(texts, use_na_sentinel=True)
        return text_codes[codes], np.asarray(uniques, dtype=object)

    def _blank_distinct(self, column: str) -> np.ndarray:
        """Boolean per distinct cell: blank (cached)."""
        if column not in self._blanks:
            self._blanks[column] = np.asarray(pd.isna(self.texts(column)), dtype=bool)
        return self._blanks[column]


def reason_where(mask: np.ndarray, reason: str) -> Reasons:
    """``reason`` where ``mask`` is true, nothing elsewhere."""
    return Reasons(np.array([None, reason], dtype=object), np.asarray(mask, dtype=np.intp))


def labels(mask: np.ndarray, reason: str, otherwise: np.ndarray | None = None) -> np.ndarray:
    """Object array: ``reason`` where ``mask`` is true, else ``otherwise`` (or ``None``)."""
    out = np.full(len(mask), None, dtype=object) if otherwise is None else otherwise.copy()
    out[mask] = reason
    return out


def duplicated(cells: Cells, column: str, label: str) -> Reasons:
    """A reason on every later row repeating the (stripped, non-blank) text of ``column``,
    naming the ``sumber_baris`` of its first row."""
    codes, texts = cells.text_codes(column)
    count = len(codes)
    out = np.full(count, None, dtype=object)
    if count == 0:
        return Reasons(out)
    present, first = np.unique(codes, return_index=True)
    first_of = np.full(len(texts) + 1, -1, dtype=np.intp)
    first_of[present] = first
    first_row = first_of[codes]
    repeated = np.flatnonzero((codes >= 0) & (first_row != np.arange(count)))
    if len(repeated):
        rows = cells.frame["sumber_baris"].to_numpy()[first_row[repeated]]
        out[repeated] = [
            f"{label} {value} sudah dipakai di baris {int(row)}"
            for value, row in zip(texts[codes[repeated]], rows, strict=True)
        ]
    return Reasons(out)


def gender_mismatch(jumlah: Parsed, laki: Parsed, perempuan: Parsed) -> Reasons:
    """Reason where ``laki_laki``/``perempuan`` contradict ``jumlah``; only rows with one of
    them filled in can (counts are >= 0 and <= 500, so float64 holds them exactly)."""
    has_m, has_f = (~np.isnan(_numbers(parsed)) for parsed in (laki, perempuan))
    out = np.full(len(jumlah.codes), None, dtype=object)
    rows = np.flatnonzero(has_m[laki.codes] | has_f[perempuan.codes])
    j, m, f = (_numbers(parsed)[parsed.codes[rows]] for parsed in (jumlah, laki, perempuan))
    has_j, has_m, has_f = ~np.isnan(j), ~np.isnan(m), ~np.isnan(f)
    both = has_j & has_m & has_f
    total = np.where(has_m, m, 0.0) + np.where(has_f, f, 0.0)
    out[rows[has_j & ~both & (total > np.where(has_j, j, 0.0))]] = (
        "laki-laki/perempuan lebih besar dari jumlah"
    )
    wrong = np.flatnonzero(both & (total != j))
    if len(wrong):
        out[rows[wrong]] = [
            f"laki-laki + perempuan ({int(mi)} + {int(fi)}) tidak sama dengan jumlah ({int(ji)})"
            for ji, mi, fi in zip(j[wrong], m[wrong], f[wrong], strict=True)
        ]
    return Reasons(out)


def join_reasons(reasons: list[Reasons], rows: np.ndarray) -> list[str]:
    """``"; "``-join of the reasons present at each of ``rows`` (positions)."""
    columns = [
        [value if isinstance(value, str) else None for value in r.at(rows).tolist()]
        for r in reasons
    ]
    return ["; ".join(v for v in row if v is not None) for row in zip(*columns, strict=True)]


def _numbers(parsed: Parsed) -> np.ndarray:
    """Per-distinct-cell float64 (NaN when missing) of a parsed ``Int64`` count column."""
    return parsed.values.to_numpy(dtype="float64", na_value=np.nan)
