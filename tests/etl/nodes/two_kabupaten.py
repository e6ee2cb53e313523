"""A tiny hand-built working area of two kabupaten (imported by the test modules).

Kabupaten 53.02 ("Selatan"): kecamatan 53.02.01 Alfa (desa Oebobo 53.02.01.2001, Satu
53.02.01.2002) and 53.02.02 Beta (desa Dua 53.02.02.2001). Kabupaten 53.71 ("Kota"):
kecamatan 53.71.01 Gamma (kelurahan Oebobo 53.71.01.1001, Tiga 53.71.01.1002). The name
Oebobo is in both kabupaten. Every desa is a 0.01-degree square; the kabupaten outline is
the box around its desa.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from etl.nodes.join import Reference

DESA = [  # kode, nama, jenis, kecamatan_kode, kecamatan, lon of the square's west edge
    ("53.02.01.2001", "Oebobo", "desa", "53.02.01", "Alfa", 124.00),
    ("53.02.01.2002", "Satu", "desa", "53.02.01", "Alfa", 124.01),
    ("53.02.02.2001", "Dua", "desa", "53.02.02", "Beta", 124.02),
    ("53.71.01.1001", "Oebobo", "kelurahan", "53.71.01", "Gamma", 124.10),
    ("53.71.01.1002", "Tiga", "kelurahan", "53.71.01", "Gamma", 124.11),
]
KABUPATEN = {"53.02": "Kabupaten Selatan", "53.71": "Kota Kota"}
LAT = -10.0


def _square(west: float) -> object:
    return box(west, LAT, west + 0.01, LAT + 0.01)


def desa(kabupaten: str | None = None) -> gpd.GeoDataFrame:
    """The desa layer (``kode, nama, jenis, kecamatan_kode, kecamatan``) of one kabupaten,
    or of both."""
    rows = [r for r in DESA if kabupaten is None or r[0].startswith(kabupaten + ".")]
    frame = pd.DataFrame(
        [r[:5] for r in rows], columns=["kode", "nama", "jenis", "kecamatan_kode", "kecamatan"]
    )
    return gpd.GeoDataFrame(frame, geometry=[_square(r[5]) for r in rows], crs="EPSG:4326")


def kecamatan(kabupaten: str | None = None) -> gpd.GeoDataFrame:
    """Kecamatan dissolved from the desa."""
    d = desa(kabupaten)
    out = d.dissolve("kecamatan_kode", as_index=False)[["kecamatan_kode", "kecamatan", "geometry"]]
    return gpd.GeoDataFrame(
        out.rename(columns={"kecamatan_kode": "kode", "kecamatan": "nama"}), crs="EPSG:4326"
    )


def outline(kabupaten: str) -> gpd.GeoDataFrame:
    """The kabupaten's outline (``kode, nama, geometry``)."""
    d = desa(kabupaten)
    return gpd.GeoDataFrame(
        {"kode": [kabupaten], "nama": [KABUPATEN[kabupaten]]},
        geometry=[box(*d.total_bounds)],
        crs="EPSG:4326",
    )


def reference(kabupaten: str) -> Reference:
    """One kabupaten's reference; the other kabupaten is its neighbour."""
    other = next(k for k in KABUPATEN if k != kabupaten)
    d = desa(kabupaten)
    return Reference(
        kabupaten=kabupaten,
        official=pd.DataFrame(d.drop(columns="geometry")),
        desa=d,
        outline=outline(kabupaten),
        kecamatan=kecamatan(kabupaten),
        desa_tampilan=d[["kode", "nama", "geometry"]],
        other_kabupaten=outline(other),
        other_desa=pd.DataFrame(desa(other)[["kode", "nama"]]),
        aliases=None,
    )
