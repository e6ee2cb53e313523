"""Wiring of the boundary build: fetch -> parse -> reconcile -> layers -> GeoPackage.

All IO of the build is declared here; the operations are pure functions in
``geodata.tools.build``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geodata.fetch import fetch_sources
from geodata.io.gpkg import write_layers_atomically
from geodata.io.sqldump import parse_boundaries, parse_code_list, parse_luas, read_text
from geodata.sources import DEFAULT_KABUPATEN, build_dir, sources_for
from geodata.tools import build as tools

DISPLAY_TOLERANCE_M = 100.0
LAYERS = (
    "desa",
    "desa_tampilan",
    "kecamatan",
    "kabupaten",
    "kualitas",
    "kabupaten_lain",
    "desa_lain",
)


@dataclass(frozen=True)
class BuildResult:
    """Where the build went and what it found."""

    path: Path
    desa: int
    kelurahan: int
    kecamatan: int
    quality: pd.DataFrame
    display_geojson_bytes: int


def fetch_kabupaten(
    kabupaten: str = DEFAULT_KABUPATEN, progress: Callable[[str], None] | None = None
) -> dict[str, Path]:
    """Fetch (or find cached) every file the kabupaten's build needs, keyed by role."""
    roles = sources_for(kabupaten)
    local = fetch_sources(roles.values(), progress=progress)
    return {role: local[src.mirror] for role, src in roles.items()}


def build_kabupaten(
    kabupaten: str = DEFAULT_KABUPATEN,
    out_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build ``<out_dir>/<kabupaten>.gpkg`` with the layers in :data:`LAYERS`."""
    say = progress or (lambda _msg: None)
    files = fetch_kabupaten(kabupaten, progress)
    say("membaca daftar kode resmi (wilayah.sql)")
    codes = parse_code_list(read_text(files["wilayah"]))
    if not (codes["kode"] == kabupaten).any():
        raise ValueError(f"Kode kabupaten/kota {kabupaten} tidak ada di daftar resmi.")
    official = tools.official_list(codes, kabupaten)
    kecamatan = tools.kecamatan_list(codes, kabupaten)
    say("membaca batas desa/kelurahan")
    boundaries = parse_boundaries(read_text(files["desa"]), prefix=kabupaten + ".")
    joined, problems = tools.reconcile(official, boundaries)
    joined, repaired = tools.make_valid(joined)
    desa = tools.desa_layer(joined)
    say("menyederhanakan geometri tampilan")
    display = tools.simplify_display(desa, DISPLAY_TOLERANCE_M)
    kab_outline, others = _kabupaten_outlines(files["kabupaten"], codes, kabupaten)
    luas = parse_luas(read_text(files["luas"]))
    official_luas = luas.loc[luas["kode"] == kabupaten, "luas_km2"]
    quality = tools.quality_figures(
        desa,
        repaired,
        problems,
        float(official_luas.iloc[0]) if len(official_luas) else None,
        kab_outline,
    )
    target = (out_dir or build_dir()) / f"{kabupaten}.gpkg"
    say(f"menulis {target}")
    write_layers_atomically(
        target,
        {
            "desa": desa,
            "desa_tampilan": display,
            "kecamatan": tools.kecamatan_layer(desa, kecamatan),
            "kabupaten": kab_outline,
            "kualitas": quality,
            "kabupaten_lain": others,
            "desa_lain": tools.other_desa(codes, kabupaten),
        },
    )
    return BuildResult(
        path=target,
        desa=int((desa["jenis"] == "desa").sum()),
        kelurahan=int((desa["jenis"] == "kelurahan").sum()),
        kecamatan=int(desa["kecamatan_kode"].nunique()),
        quality=quality,
        display_geojson_bytes=len(tools.geojson_bytes(display, ["kode", "nama"])),
    )


def _kabupaten_outlines(
    path: Path, codes: pd.DataFrame, kabupaten: str
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """This kabupaten's outline, and the other kabupaten/kota of the province (used to
    say *where* a misplaced report point lies)."""
    outlines = parse_boundaries(read_text(path))
    outlines, _ = tools.make_valid(outlines.reset_index(drop=True))
    names = codes.set_index("kode")["nama"].str.replace(r"\s+", " ", regex=True)
    outlines = outlines.assign(nama=outlines["kode"].map(names).fillna(outlines["nama"]))
    own = outlines[outlines["kode"] == kabupaten]
    if own.empty:
        raise ValueError(f"Batas kabupaten {kabupaten} tidak ada di {path.name}.")
    cols = ["kode", "nama", "geometry"]
    other = outlines[outlines["kode"] != kabupaten].sort_values("kode")
    return (
        gpd.GeoDataFrame(own[cols].reset_index(drop=True), geometry="geometry", crs="EPSG:4326"),
        gpd.GeoDataFrame(other[cols].reset_index(drop=True), geometry="geometry", crs="EPSG:4326"),
    )
