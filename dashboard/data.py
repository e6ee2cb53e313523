"""The one data-access module: loading and caching, keyed by the files' version.

A GeoDataFrame cannot be a hashed ``st.cache_data`` argument, so cached functions take
the folder and its store's version string (:meth:`etl.store.Store.version`: mtime +
size of both output files, or the database's current load): replacing the data
invalidates every cache entry, and nothing is reloaded on a plain rerun.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.components import live_map
from dashboard.services import mapview
from dashboard.services.area_figures import area_public_figures
from dashboard.services.dataset import (
    DataError,
    Dataset,
    Filters,
    area_kecamatan,
    filtered_metrics,
    load_dataset,
    restrict_kecamatan,
)
from dashboard.services.map_live import style_group, style_payload, write_map_geometry
from dashboard.services.offline import ensure_static_assets
from dashboard.services.safe_text import md_escape
from dashboard.services.suppression import PublicFigures
from etl.store import StoreError, chosen_database, open_store

DEFAULT_FOLDER = Path("data/contoh")
STATIC_DIR = Path(__file__).resolve().parent / "static"  # served at /app/static/


def data_folder() -> Path:
    """The folder the app shows: ``$PETA_DATA_DIR`` (set by ``peta-sosialisasi dashboard``)."""
    return Path(os.environ.get("PETA_DATA_DIR", DEFAULT_FOLDER)).resolve()


def static_assets_ready() -> None:
    """Leaflet copied into the static folder (`offline.ensure_static_assets`): once per
    server process, not on every script run (the launcher did it before the server
    started; this covers a plain `streamlit run`)."""
    _static_assets(str(STATIC_DIR))


def get_dataset() -> Dataset:
    """The current dataset, or a clear Indonesian message and a stopped page."""
    folder = data_folder()
    try:
        return _load(str(folder), _version(folder))
    except DataError as exc:
        st.error(md_escape(exc), icon="⚠️")
        st.stop()
        raise  # unreachable: st.stop() raises


def get_metrics(ds: Dataset, flt: Filters) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Desa and kecamatan metrics for the filters. Computed once per (data version,
    period, roles, report types) for every kecamatan and cached; the kecamatan filter
    only selects rows of that cached table, so choosing a kecamatan recomputes nothing."""
    desa, kec = _metrics(str(ds.folder), ds.version, replace(flt, kecamatan=(), kabupaten=()))
    return restrict_kecamatan(desa, kec, area_kecamatan(ds, flt))


def map_geometry_url(ds: Dataset) -> str:
    """URL of the map's geometry file (desa + kecamatan polygons), written once per data
    version into the static folder, so reruns send only colours and values."""
    return _geometry_url(str(ds.folder), ds.version)


def get_live_map_parts(
    ds: Dataset, *, lang: str, tiles: bool, meeting: bool, highlight: str | None, key: str
) -> dict[str, Any]:
    """What the live map's component sends besides the per-rerun layer
    (`live_map.base_parts` of `mapview.build_map` with the geometry file, no data layer)
    for the dataset's kecamatan outlines. The base does not change with filters or
    measure, so it is built (kecamatan labels placed) and rendered once per (data version,
    language, tiles, meeting mode, highlighted kecamatan, widget key), not on every rerun.
    Read-only."""
    url = map_geometry_url(ds)
    return _base_parts(str(ds.folder), ds.version, lang, tiles, meeting, highlight, url, key)


def get_style_script(
    ds: Dataset,
    desa: gpd.GeoDataFrame,
    measure: str,
    *,
    lang: str,
    meeting: bool,
    bounds: tuple[float, float, float, float] | None,
    venues: gpd.GeoDataFrame | None = None,
    reports: pd.Series | None = None,
) -> str:
    """The script of the live map's per-rerun layer (`map_live.style_group`), as
    streamlit-folium sends it (`live_map.group_script`). Its colours and tooltip values
    (`map_live.style_payload`) are cached per (data version, the desa table's values,
    measure, language, meeting mode, bounds): reruns and sessions showing the same filter
    share one payload. The key hashes the table's values (not its polygons, fixed per
    data version), so any frame a page passes, filtered or protected, gets its own entry.
    With no report or venue circles the whole script is cached too, so a rerun does not
    render and JSON-encode the same 30 KB again."""
    digest = _values_digest(desa)
    key = (str(ds.folder), ds.version, digest, measure, lang, meeting, bounds, desa)
    if reports is None and (venues is None or len(venues) == 0):  # colours only
        return _style_script(*key)
    group = style_group(
        desa, measure, lang=lang, venues=venues, reports_per_desa=reports,
        meeting_mode=meeting, bounds=bounds, payload=_style_payload(*key),
    )  # fmt: skip
    return live_map.group_script([group])


_DIGESTS: dict[int, str] = {}
"""`_values_digest` per frame object still alive (frames are never changed in place: the
pure core returns new frames), so the cached metrics frames are hashed once, not on
every rerun; an entry goes when its frame is freed."""


def _values_digest(desa: gpd.GeoDataFrame) -> str:
    """A hash of the desa table's values and index (not its polygons, fixed per data
    version): the cache key of the map layer drawn from it."""
    known = _DIGESTS.get(id(desa))
    if known is None:
        known = _DIGESTS[id(desa)] = _hash_values(desa)
        weakref.finalize(desa, _DIGESTS.pop, id(desa), None)
    return known


def _hash_values(desa: gpd.GeoDataFrame) -> str:
    values = pd.DataFrame(desa.drop(columns=desa.geometry.name))
    try:
        hashed = pd.util.hash_pandas_object(values, index=True)
    except TypeError:  # a column pandas cannot hash as it is (e.g. lists): by its text
        hashed = pd.util.hash_pandas_object(values.astype(str), index=True)
    return f"{hashed.sum()}-{len(values)}-{'|'.join(map(str, values.columns))}"


def get_public_figures(ds: Dataset, flt: Filters) -> PublicFigures:
    """The protected counts a `rapat` view shows, computed for the WHOLE kabupaten under
    the period/role/report filters (the kecamatan filter only picks rows from them), so
    every kecamatan choice hides the same cells (a kabupaten choice too: its figures are
    the sum over its kecamatan, `area_kecamatan`). Cached per (data version, filters)."""
    return _public(str(ds.folder), ds.version, replace(flt, kecamatan=(), kabupaten=()))


def clear_caches() -> None:
    """Forget everything loaded (after an ETL rerun the version changes anyway)."""
    _load.clear()
    _metrics.clear()
    _geometry_url.clear()
    _public.clear()
    _base_parts.clear()
    _style_payload.clear()
    _style_script.clear()


@st.cache_resource(show_spinner=False, max_entries=1)
def _static_assets(static_dir: str) -> None:
    ensure_static_assets(Path(static_dir))


def _target(folder: str | Path) -> str | Path:
    """Where the data is read from: the shared database when ``$PETA_DB_URL`` names one,
    else the data folder (:func:`etl.store.open_store` opens either); as the page's
    :func:`~dashboard.services.etl_runner.shared_store` and the CLI decide it
    (:func:`etl.store.chosen_database`: a value that is no database URL is refused)."""
    return chosen_database(None) or Path(folder)


def _version(folder: Path) -> str:
    """The data's version key, from its store (:meth:`etl.store.Store.version`): the
    folder's pointer and files, or the database's current load (one query per rerun)."""
    try:
        return open_store(_target(folder)).version()
    except StoreError as exc:
        raise DataError(str(exc)) from None


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str, version: str) -> Dataset:
    # the dataset carries the key the other caches use (a load published between the
    # version query and the read is picked up on the next rerun)
    return replace(load_dataset(_target(folder), Path(folder)), version=version)


@st.cache_resource(show_spinner=False, max_entries=64)
def _metrics(folder: str, version: str, flt: Filters) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    return filtered_metrics(_load(folder, version), flt)


@st.cache_resource(show_spinner=False, max_entries=4)
def _geometry_url(folder: str, version: str) -> str:
    ds = _load(folder, version)
    return write_map_geometry(STATIC_DIR, ds.desa, ds.kecamatan_garis)


@st.cache_resource(show_spinner=False, max_entries=96)
def _base_parts(
    folder: str, version: str, lang: str, tiles: bool, meeting: bool, highlight: str | None,
    url: str, key: str,
) -> dict[str, Any]:  # fmt: skip
    # 96: every meeting slide (32 kecamatan + all) in both languages stays prepared; an
    # entry is the component's text only (~20 KB), the folium map is not kept
    ds = _load(folder, version)
    base = mapview.build_map(
        ds.desa, ds.kecamatan_garis, "status_cakupan", lang=lang, tiles=tiles,
        meeting_mode=meeting, include_data=False, highlight=highlight, geometry_url=url,
    )  # fmt: skip
    return live_map.base_parts(base, key=key)


@st.cache_resource(show_spinner=False, max_entries=256)
def _style_script(
    folder: str, version: str, digest: str, measure: str, lang: str, meeting: bool,
    bounds: tuple[float, float, float, float] | None, _desa: gpd.GeoDataFrame,
) -> str:  # fmt: skip
    payload = _style_payload(folder, version, digest, measure, lang, meeting, bounds, _desa)
    group = style_group(_desa, measure, lang=lang, meeting_mode=meeting, bounds=bounds,
                        payload=payload)  # fmt: skip
    return live_map.group_script([group])


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
    return area_public_figures(_metrics(folder, version, flt)[0])
