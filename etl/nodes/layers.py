"""Shape the output layers of ``sosialisasi.gpkg`` (names are part of the contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from etl.schema import REVIEW_COLUMNS

if TYPE_CHECKING:
    from etl.nodes.join import Reference

MATCH = ["desa_kode", "cara_cocok", "skor_cocok"]
SOURCE = ["sumber_file", "sumber_lembar", "sumber_baris"]
KEGIATAN_COLUMNS = [
    "id_kegiatan",
    "tanggal",
    "kecamatan",
    "desa",
    "tema",
    "narasumber",
    "penyelenggara",
    "catatan",
    "lat",
    "lon",
    "lokasi",
    *MATCH,
    *SOURCE,
]
PESERTA_COLUMNS = [
    "id_kegiatan",
    "tanggal",
    "kecamatan",
    "desa",
    "peran",
    "kelompok_peran",
    "jumlah",
    "laki_laki",
    "perempuan",
    *MATCH,
    "catatan_cocok",
    *SOURCE,
]
LAPORAN_COLUMNS = [
    "id_laporan",
    "tanggal",
    "jenis",
    "status",
    "sumber",
    "kecamatan",
    "desa",
    "lat",
    "lon",
    "jarak_m",
    "lokasi",
    *MATCH,
    *SOURCE,
]
_VALID_COLUMNS = {
    "kegiatan": ["id_kegiatan", "tanggal", "kecamatan", "desa", "lat", "lon", *SOURCE],
    "peserta": ["id_kegiatan", "kecamatan", "desa", "peran", "kelompok_peran", "jumlah", *SOURCE],
    "laporan": ["id_laporan", "tanggal", "jenis", "lat", "lon", "kecamatan", "desa", *SOURCE],
}


def empty_valid(kind: str) -> pd.DataFrame:
    """An empty frame of validated rows of one kind (when no input had that sheet)."""
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _VALID_COLUMNS[kind]})
    if "tanggal" in frame:
        frame["tanggal"] = pd.Series(dtype="datetime64[ns]")
    return frame.astype({"sumber_baris": "int64"})


def reference_layers(ref: Reference) -> dict[str, pd.DataFrame]:
    """The layers that come straight from the official boundaries (ready before any row
    is read): simplified desa polygons for the dashboard. The ``kabupaten`` layer (one
    outline per kabupaten with its totals) follows the metrics."""
    return {"desa_tampilan": ref.desa_tampilan[["kode", "nama", "geometry"]]}


def kegiatan_layer(kegiatan: pd.DataFrame, ref: Reference) -> gpd.GeoDataFrame:
    """Accepted sessions as points (venue coordinates, else the venue desa's point)."""
    return _points(kegiatan, KEGIATAN_COLUMNS, ref)


def peserta_layer(peserta: pd.DataFrame) -> pd.DataFrame:
    """Accepted attendance rows as an attribute table."""
    return _table(peserta, PESERTA_COLUMNS)


def laporan_layer(laporan: pd.DataFrame, ref: Reference) -> gpd.GeoDataFrame:
    """Accepted reports as points (their coordinates, else their desa's point)."""
    return _points(laporan, LAPORAN_COLUMNS, ref)


def review_layer(review: pd.DataFrame) -> pd.DataFrame:
    """The review queue (``tinjauan``): every row not accepted, with the typed names."""
    return (
        review.reset_index(drop=True)
        .reindex(columns=[*REVIEW_COLUMNS, "kecamatan_ketik", "desa_ketik"])
        .fillna({"kecamatan_ketik": "", "desa_ketik": ""})
        .astype({"sumber_baris": "int64"})
    )


def info_layer(*, contoh: bool, kabupaten: str) -> pd.DataFrame:
    """Dataset flags: ``contoh`` (synthetic sample) and the kabupaten code."""
    return pd.DataFrame(
        {"kunci": ["contoh", "kabupaten"], "nilai": ["true" if contoh else "false", kabupaten]}
    )


_NUMBERS = ("lat", "lon", "jarak_m", "skor_cocok")


def _table(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame.reindex(columns=columns).reset_index(drop=True)
    if "tanggal" in out:
        stamps = pd.to_datetime(out["tanggal"])
        if stamps.iloc[:1000].notna().any():
            # What the GeoPackage writer makes of a column of dates (a date-time field
            # at midnight), built directly instead of through a million date objects.
            out["tanggal"] = stamps.dt.normalize().astype("datetime64[s]")
        else:
            out["tanggal"] = stamps.dt.date
    return out


def _points(frame: pd.DataFrame, columns: list[str], ref: Reference) -> gpd.GeoDataFrame:
    """Points from the row's own coordinates; otherwise, when its desa is known, that
    desa's representative point (``lokasi = 'titik_desa'``). Coordinates, distance and
    score are real numbers (QGIS can sort and filter them), missing where unknown."""
    table = _table(frame, columns)
    for column in _NUMBERS:
        if column in table:
            table[column] = pd.to_numeric(table[column], errors="raise").astype("float64")
    lat, lon = table["lat"], table["lon"]
    own = lat.notna() & lon.notna()
    needed = ref.desa["kode"].isin(table.loc[~own, "desa_kode"].dropna().unique())
    reps = ref.desa[needed].set_index("kode").geometry.representative_point()
    fallback = table["desa_kode"].where(~own).map(reps)
    geoms = np.where(own, gpd.points_from_xy(lon, lat), fallback.to_numpy())
    table["lokasi"] = np.where(own, "koordinat", np.where(fallback.notna(), "titik_desa", ""))
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"))
