"""The ``kiriman`` table: one row per field-form submission kept (id, form, record id,
form version, content hash, file; no personal data), and the manifest's comparison with
the previous published version (part of :mod:`etl.forms.submissions`)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from etl.schema import COLUMNS

if TYPE_CHECKING:
    from etl.io.readers import RawTable
    from etl.store import Store

__all__ = ["KIRIMAN_COLUMNS", "previous_submissions", "submission_layer", "summary"]

KIRIMAN_COLUMNS: Final = ("id_kiriman", "formulir", "id", "versi_formulir", "hash", "sumber_file")


def previous_submissions(out_dir: Path, store: Store | None = None) -> pd.DataFrame | None:
    """The ``kiriman`` table of the current published output: of ``store`` (the shared
    database, the truth when several machines load into it) when given and it has one,
    else of the current version of ``out_dir`` (``None`` when nothing was published or
    it has no such table)."""
    from etl.io.versions import current_outputs
    from geodata.io.gpkg import read_gpkg_layer

    if store is not None:
        try:
            return pd.DataFrame(store.read_layer("kiriman"))
        except (FileNotFoundError, ValueError):  # nothing loaded yet, or no such layer
            pass
    try:
        gpkg, _ = current_outputs(out_dir)
        return pd.DataFrame(read_gpkg_layer(gpkg, "kiriman"))
    except Exception:  # no version yet, an older version without the table, a damaged file
        return None


def submission_layer(tables: list[RawTable], kept: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per submission kept: id, form, record id, version, content hash, file."""
    parts = []
    for table, frame in zip(tables, kept, strict=True):
        if frame.empty:
            continue
        cells = frame[list(COLUMNS[table.kind])].astype(object)
        content = cells.where(cells.notna(), "").map(str)
        parts.append(
            pd.DataFrame(
                {
                    "id_kiriman": frame["id_kiriman"],
                    "formulir": "laporan" if table.kind == "laporan" else "kegiatan",
                    "id": frame["id_laporan" if table.kind == "laporan" else "id_kegiatan"],
                    "versi_formulir": frame["versi_formulir"],
                    "baris": table.kind + "|" + content.agg("|".join, axis=1),
                    "sumber_file": table.sumber_file,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=list(KIRIMAN_COLUMNS))
    rows = pd.concat(parts, ignore_index=True)
    rows = rows[rows["id_kiriman"].notna()]
    grouped = rows.groupby("id_kiriman", sort=True)
    layer = grouped.agg(
        formulir=("formulir", "first"),
        id=("id", lambda s: s.dropna().iloc[0] if s.notna().any() else None),
        versi_formulir=("versi_formulir", "first"),
        hash=("baris", lambda s: hashlib.sha256("\n".join(sorted(s)).encode()).hexdigest()),
        sumber_file=("sumber_file", "first"),
    ).reset_index()
    return layer[list(KIRIMAN_COLUMNS)].astype(object)


def summary(
    layer: pd.DataFrame,
    previous: pd.DataFrame | None,
    current: str,
    reasons: dict[str, int],
    tables: list[RawTable],
) -> dict[str, Any]:
    before = (
        previous.set_index("id_kiriman")["hash"]
        if previous is not None and {"id_kiriman", "hash"} <= set(previous.columns)
        else pd.Series(dtype=object)
    )
    seen = layer["id_kiriman"].isin(before.index)
    same = seen & (layer["hash"].to_numpy() == before.reindex(layer["id_kiriman"]).to_numpy())
    return {
        "versi_formulir_sekarang": current,
        "baris_dibaca": int(sum(t.rows for t in tables)),
        "kiriman": len(layer),
        "baru": int((~seen).sum()),
        "diubah": int((seen & ~same).sum()),
        "tetap": int(same.sum()),
        "tidak_ada_lagi": int((~before.index.isin(layer["id_kiriman"])).sum()),
        "versi": {str(k): int(v) for k, v in layer["versi_formulir"].value_counts().items()},
        "ditinjau": dict(sorted(reasons.items())),
    }
