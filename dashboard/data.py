"""The one data-access module: loading and caching, keyed by the files' version.

A GeoDataFrame cannot be a hashed ``st.cache_data`` argument, so cached functions take
the folder and its version string (mtime + size of both output files): replacing the
data invalidates every cache entry, and nothing is reloaded on a plain rerun.
"""

from __future__ import annotations

import copy
import os
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.services import mapview
from dashboard.services.dataset import (
    DataError,
    Dataset,
    Filters,
    data_version,
    filtered_metrics,
    load_dataset,
    restrict_kecamatan,
)
from dashboard.services.map_live import style_payload, write_map_geometry
from dashboard.services.safe_text import md_escape
from dashboard.services.suppression import PublicFigures, public_figures

DEFAULT_FOLDER = Path("data/contoh")
STATIC_DIR = Path(__file__).resolve().parent / "static"  # served at /app/static/


def data_folder() -> Path:
    """The folder the app shows: ``$PETA_DATA_DIR`` (set by ``peta-sosialisasi dashboard``)."""
    return Path(os.environ.get("PETA_DATA_DIR", DEFAULT_FOLDER)).resolve()


def get_dataset() -> Dataset:
    """The current dataset, or a clear Indonesian message and a stopped page."""
    folder = data_folder()
    try:
        return _load(str(folder), data_version(folder))
    except DataError as exc:
        st.error(md_escape(exc), icon="⚠️")
        st.stop()
        raise  # unreachable: st.stop() raises


def get_metrics(ds: Dataset, flt: Filters) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Desa and kecamatan metrics for the filters. Computed once per (data version,
    period, roles, report types) for every kecamatan and cached; the kecamatan filter
    only selects rows of that cached table, so choosing a kecamatan recomputes nothing."""
    desa, kec = _metrics(str(ds.folder), ds.version, replace(flt, kecamatan=()))
    return restrict_kecamatan(desa, kec, flt.kecamatan)


def map_geometry_url(ds: Dataset) -> str:
    """URL of the map's geometry file (desa + kecamatan polygons), written once per data
    version into the static folder, so reruns send only colours and values."""
    return _geometry_url(str(ds.folder), ds.version)


def get_live_base_map(
    ds: Dataset, *, lang: str, tiles: bool, meeting: bool, highlight: str | None
) -> object:
    """A fresh copy of the live map's base (`mapview.build_map` with the geometry file,
    no data layer) for the dataset's kecamatan outlines. The base does not change with
    filters or measure, so it is built (kecamatan labels placed) once per (data version,
    language, tiles, meeting mode, highlighted kecamatan) and only copied on a rerun:
    streamlit-folium attaches the per-rerun layer to the map it is given, so every run
    needs its own object."""
    url = map_geometry_url(ds)
    base = _base_map(str(ds.folder), ds.version, lang, tiles, meeting, highlight, url)
    return copy.deepcopy(base)


def get_style_payload(
    ds: Dataset,
    desa: gpd.GeoDataFrame,
    measure: str,
    *,
    lang: str,
    meeting: bool,
    bounds: tuple[float, float, float, float] | None,
) -> dict[str, object]:
    """The live map's per-rerun colours and tooltip values (`map_live.style_payload`),
    cached per (data version, the desa table's values, measure, language, meeting mode,
    bounds): reruns and sessions showing the same filter share one payload. The key hashes
    the table's values (not its polygons, fixed per data version), so any frame a page
    passes, filtered or protected, gets its own entry. The payload is read-only."""
    values = pd.DataFrame(desa.drop(columns=desa.geometry.name))
    digest = str(pd.util.hash_pandas_object(values.astype(str), index=True).sum())
    return _style_payload(str(ds.folder), ds.version, digest, measure, lang, meeting, bounds, desa)


def get_public_figures(ds: Dataset, flt: Filters) -> PublicFigures:
    """The protected counts a `rapat` view shows, computed for the WHOLE kabupaten under
    the period/role/report filters (the kecamatan filter only picks rows from them), so
    every kecamatan choice hides the same cells. Cached per (data version, filters)."""
    return _public(str(ds.folder), ds.version, replace(flt, kecamatan=()))


def clear_caches() -> None:
    """Forget everything loaded (after an ETL rerun the version changes anyway)."""
    _load.clear()
    _metrics.clear()
    _geometry_url.clear()
    _public.clear()
    _base_map.clear()
    _style_payload.clear()


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str, version: str) -> Dataset:
    return load_dataset(Path(folder))


@st.cache_resource(show_spinner=False, max_entries=64)
def _metrics(folder: str, version: str, flt: Filters) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    return filtered_metrics(_load(folder, version), flt)


@st.cache_resource(show_spinner=False, max_entries=4)
def _geometry_url(folder: str, version: str) -> str:
    ds = _load(folder, version)
    return write_map_geometry(STATIC_DIR, ds.desa, ds.kecamatan_garis)


@st.cache_resource(show_spinner=False, max_entries=16)
def _base_map(
    folder: str, version: str, lang: str, tiles: bool, meeting: bool, highlight: str | None,
    url: str,
) -> object:  # fmt: skip
    ds = _load(folder, version)
    return mapview.build_map(
        ds.desa, ds.kecamatan_garis, "status_cakupan", lang=lang, tiles=tiles,
        meeting_mode=meeting, include_data=False, highlight=highlight, geometry_url=url,
    )  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=256)
def _style_payload(
    folder: str, version: str, digest: str, measure: str, lang: str, meeting: bool,
    bounds: tuple[float, float, float, float] | None, _desa: gpd.GeoDataFrame,
) -> dict[str, object]:  # fmt: skip
    return style_payload(_desa, measure, lang=lang, meeting_mode=meeting, bounds=bounds)


def as_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A GeoDataFrame without its geometry, for tables and downloads."""
    return pd.DataFrame(frame.drop(columns=[c for c in ("geometry",) if c in frame]))


@st.cache_resource(show_spinner=False, max_entries=16)
def _public(folder: str, version: str, flt: Filters) -> PublicFigures:
    return public_figures(_metrics(folder, version, flt)[0])
