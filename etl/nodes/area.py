"""The working area: one kabupaten or several, as ONE reference to match against.

An office covers several kabupaten/kota (``--kabupaten 53.02,53.03``). Each kabupaten's
boundaries are built and read on their own (``geodata``); :func:`combine_references`
concatenates them, so the matcher sees one official list (codes unique; kecamatan names
unique within a kabupaten, and a desa name shared by two kabupaten is ambiguous unless
the typed kecamatan decides), the point locator one set of polygons and one outline.
The kabupaten of a desa, kecamatan or row is the first five characters of its code
(``53.02.01.2001`` -> ``53.02``), the same rule everywhere (:func:`kabupaten_of`).
Pure: frames in, new frames out.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import geopandas as gpd
import pandas as pd

from etl.nodes.join import Reference
from geodata.sources import kabupaten_text

KABUPATEN_CODE_LENGTH = 5
"""``53.02``: the kabupaten part of every desa and kecamatan code."""


def kabupaten_of(codes: pd.Series) -> pd.Series:
    """The kabupaten code of each desa/kecamatan code (missing stays missing)."""
    return codes.astype("string").str[:KABUPATEN_CODE_LENGTH].astype(object)


def in_kabupaten(codes: pd.Series, kabupaten: Collection[str]) -> pd.Series:
    """True where the code lies in one of ``kabupaten`` (all true when none is chosen)."""
    if not kabupaten:
        return pd.Series(True, index=codes.index)
    return kabupaten_of(codes).isin(list(kabupaten)).fillna(False).astype(bool)


def combine_references(parts: Sequence[Reference], aliases: pd.DataFrame | None) -> Reference:
    """One reference for the kabupaten of ``parts`` (in their order): official lists,
    polygons, outlines and kecamatan concatenated; the neighbours are those of any part
    minus the chosen ones. ``aliases`` (read against the combined list) apply to the
    whole area: with several kabupaten their ``kabupaten`` is blanked for rows of the
    area, so the matcher applies them by their (known) desa code."""
    if not parts:
        raise ValueError("Tidak ada kabupaten yang dipilih.")
    codes = [p.kabupaten for p in parts]
    if len(set(codes)) != len(codes):
        raise ValueError(f"Kabupaten ganda di daftar: {', '.join(codes)}")
    official = pd.concat([p.official for p in parts], ignore_index=True)
    duplicated = official["kode"][official["kode"].duplicated()]
    if len(duplicated):
        raise ValueError(f"Kode desa ganda di antara kabupaten: {', '.join(duplicated[:5])}")
    if len(parts) > 1 and aliases is not None and len(aliases):
        ours = aliases["kabupaten"].isin(codes)
        aliases = aliases.assign(kabupaten=aliases["kabupaten"].where(~ours, ""))
    others = _concat_gdf([p.other_kabupaten for p in parts])
    others = others[~others["kode"].isin(codes)].drop_duplicates("kode").reset_index(drop=True)
    other_desa = pd.concat([p.other_desa for p in parts], ignore_index=True)
    other_desa = other_desa[~other_desa["kode"].isin(official["kode"])]
    return Reference(
        kabupaten=kabupaten_text(codes),
        official=official,
        desa=_concat_gdf([p.desa for p in parts]),
        outline=_concat_gdf([p.outline for p in parts]),
        kecamatan=_concat_gdf([p.kecamatan for p in parts]),
        desa_tampilan=_concat_gdf([p.desa_tampilan for p in parts]),
        other_kabupaten=others,
        other_desa=other_desa.drop_duplicates("kode").reset_index(drop=True),
        aliases=aliases,
        peringatan=tuple(w for p in parts for w in p.peringatan),
    )


def _concat_gdf(frames: Sequence[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    crs = frames[0].crs
    same = [f if f.crs == crs else f.to_crs(crs) for f in frames]
    return gpd.GeoDataFrame(pd.concat(same, ignore_index=True), geometry="geometry", crs=crs)
