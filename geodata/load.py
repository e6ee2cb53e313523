"""Read the built boundary layers (building them from pinned sources if missing)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geodata.io.gpkg import read_gpkg_layer
from geodata.sources import DEFAULT_KABUPATEN, build_dir


def gpkg_path(kabupaten: str = DEFAULT_KABUPATEN, out_dir: Path | None = None) -> Path:
    """Path of the built GeoPackage of one kabupaten."""
    return (out_dir or build_dir()) / f"{kabupaten}.gpkg"


def ensure_built(kabupaten: str = DEFAULT_KABUPATEN, out_dir: Path | None = None) -> Path:
    """Return the kabupaten's GeoPackage, building it (fetch + build) when missing."""
    path = gpkg_path(kabupaten, out_dir)
    if not path.is_file():
        from geodata.pipeline import build_kabupaten

        build_kabupaten(kabupaten, out_dir)
    return path


def read_layer(
    kabupaten: str = DEFAULT_KABUPATEN, layer: str = "desa", out_dir: Path | None = None
) -> gpd.GeoDataFrame:
    """One boundary layer (``desa``, ``desa_tampilan``, ``kecamatan``, ``kabupaten``)."""
    frame = read_gpkg_layer(ensure_built(kabupaten, out_dir), layer)
    if not isinstance(frame, gpd.GeoDataFrame):
        raise ValueError(f"Layer {layer} bukan layer geometri.")
    return frame


def read_official_list(
    kabupaten: str = DEFAULT_KABUPATEN, out_dir: Path | None = None
) -> pd.DataFrame:
    """The official desa list (``kode, nama, jenis, kecamatan_kode, kecamatan``)."""
    desa = read_layer(kabupaten, "desa", out_dir)
    return pd.DataFrame(desa.drop(columns="geometry"))[
        ["kode", "nama", "jenis", "kecamatan_kode", "kecamatan"]
    ]


def read_quality(kabupaten: str = DEFAULT_KABUPATEN, out_dir: Path | None = None) -> pd.DataFrame:
    """The ``kualitas`` table of the build."""
    return pd.DataFrame(read_gpkg_layer(ensure_built(kabupaten, out_dir), "kualitas"))


def read_other_desa(
    kabupaten: str = DEFAULT_KABUPATEN, out_dir: Path | None = None
) -> pd.DataFrame:
    """Desa (``kode, nama``) of the same province outside this kabupaten."""
    return pd.DataFrame(read_gpkg_layer(ensure_built(kabupaten, out_dir), "desa_lain"))
