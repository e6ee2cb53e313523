"""The record that passes from reading to validation: one sheet's raw rows.

Kept apart from :mod:`etl.io.readers` (which builds it from files) so that the pure nodes
(:mod:`etl.nodes.validate`) take it without importing any IO.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from etl.schema import Kind

__all__ = ["RawTable"]


@dataclass(frozen=True)
class RawTable:
    """One Kegiatan/Peserta/Laporan sheet (or CSV file) with canonical columns."""

    kind: Kind
    sumber_file: str
    sumber_lembar: str
    frame: pd.DataFrame
    read_rows: int | None = None
    """Rows read, when ``frame`` no longer holds them (see ``ReadResult.without_rows``)."""

    @property
    def rows(self) -> int:
        """Rows read from the sheet."""
        return len(self.frame) if self.read_rows is None else self.read_rows
