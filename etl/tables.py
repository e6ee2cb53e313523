"""The record that passes from reading to validation: one sheet's raw rows.

Kept apart from :mod:`etl.io.readers` (which builds it from files) so that the pure nodes
(:mod:`etl.nodes.validate`) take it without importing any IO.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.io.contract import DEFAULT_INSTANSI, DEFAULT_KANTOR
from etl.schema import Kind

__all__ = ["InputSource", "RawTable"]


@dataclass(frozen=True)
class InputSource:
    """One input file and where it comes from: the office (``kantor``, e.g. "Kanim
    Kupang") and the agency (``sumber_instansi``: Imigrasi, Disnakertrans, BP3MI, Polres,
    Dinsos, ... free text). Every record read from it carries both and the file's sha256.
    ``berkas`` is the file's own name when ``path`` is a kept copy named otherwise
    (``""``: ``path.name``)."""

    path: Path
    kantor: str = DEFAULT_KANTOR
    sumber_instansi: str = DEFAULT_INSTANSI
    berkas: str = ""

    @property
    def nama(self) -> str:
        """The file's own name (part of the input's identity)."""
        return self.berkas or Path(self.path).name


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
