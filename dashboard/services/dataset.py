"""Load the ETL's current output from its store (an output folder's current
``sosialisasi.gpkg`` + ``manifest.json`` pair, or the shared PostGIS database; see
:mod:`etl.store`) and derive what the pages show. No Streamlit here:
caching lives in ``dashboard/data.py``.

Every figure is computed by the tested core (``etl.nodes``); this module only selects,
filters and shapes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard.services.mapview import kecamatan_outlines
from etl.io.contract import Manifest
from etl.nodes.area import in_kabupaten, kabupaten_of
from etl.nodes.metrics import compute_desa_metrics, compute_kecamatan_metrics, window_start
from etl.planning.service import PlanInputs, plan_inputs
from etl.store import StoreError, open_store

REQUIRED_LAYERS = ("desa", "kecamatan", "kegiatan", "peserta", "laporan", "tinjauan")


class DataError(Exception):
    """The data folder cannot be shown; the message (Indonesian) says how to fix it."""


@dataclass(frozen=True)
class Filters:
    """What the user chose: period, kecamatan, role groups, report types, and the
    kabupaten (empty: all kabupaten of the data; chosen only when it has several)."""

    start: date
    end: date
    kecamatan: tuple[str, ...] = ()
    role_groups: tuple[str, ...] | None = None
    jenis_laporan: tuple[str, ...] | None = None
    kabupaten: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    """Everything one data folder holds, loaded once per file version."""

    folder: Path
    version: str
    manifest: Manifest
    desa: gpd.GeoDataFrame  # metrics + display geometry
    kecamatan: gpd.GeoDataFrame
    kegiatan: gpd.GeoDataFrame
    peserta: pd.DataFrame
    laporan: gpd.GeoDataFrame
    tinjauan: pd.DataFrame
    kecamatan_garis: gpd.GeoDataFrame  # light outlines on the simplified desa edges
    rencana: PlanInputs  # what the planner plans from: full-detail geometry, the ETL's window
    extra: dict[str, Any] = field(default_factory=dict)
    cadangan: str = ""
    """Why the current version could not be shown when an earlier one is (else "")."""
    kabupaten_nama: dict[str, str] = field(default_factory=dict)
    """Kabupaten code -> name, from the ``kabupaten`` layer (empty in older outputs)."""

    @property
    def contoh(self) -> bool:
        """True for the synthetic sample (shown with the "DATA CONTOH" banner)."""
        return self.manifest.contoh

    @property
    def per_tanggal(self) -> date:
        """End of the window the ETL was run for (checked present at loading)."""
        end = self.manifest.parameter.per_tanggal
        assert end is not None
        return end

    @property
    def default_filters(self) -> Filters:
        """The ETL's own window, all kecamatan, all roles and report types."""
        start = window_start(self.per_tanggal, self.manifest.window_months)
        return Filters(start=start, end=self.per_tanggal)


def load_dataset(target: str | Path, folder: Path | None = None) -> Dataset:
    """Read and check the current output of ``target`` (an output folder, or a
    ``postgresql://`` URL) through its store (:func:`etl.store.open_store`, the one path
    the dashboard and ``rencana`` read by): when a folder's current version is damaged,
    the newest earlier version that is consistent is shown (its ``cadangan`` says why;
    the manifest's sha256 must match the GeoPackage, so a mismatched pair is never
    shown). ``folder`` is the place of uploads and aliases (bawaan: ``target`` itself).
    Raise :class:`DataError` with the fix (password masked), never a traceback."""
    store = open_store(target)
    folder = Path(target) if folder is None else Path(folder)
    try:
        stored = store.read_outputs((*REQUIRED_LAYERS, "desa_tampilan", "kabupaten"))
    except FileNotFoundError:
        raise DataError(
            f"Data belum dibangun di {store.location}: jalankan `make run` (data contoh) atau "
            "`peta-sosialisasi etl BERKAS.xlsx --out FOLDER`."
        ) from None
    except StoreError as exc:
        raise DataError(str(exc)) from None
    missing = [name for name in REQUIRED_LAYERS if name not in stored.layers]
    if missing:
        raise DataError(
            f"{stored.location} tidak lengkap (layer {', '.join(missing)} tidak ada); "
            "jalankan ETL lagi."
        )
    if stored.manifest.parameter.per_tanggal is None:
        raise DataError(f"{stored.location}: manifest tidak mencatat per_tanggal; jalankan ETL.")
    frames = {name: stored.layers[name] for name in REQUIRED_LAYERS}
    return _assemble(frames, stored.layers.get("desa_tampilan"), stored.manifest, folder,
                     stored.version, stored.fallback, where=stored.location,
                     kabupaten=stored.layers.get("kabupaten"))  # fmt: skip


def _assemble(
    frames: dict[str, Any],
    display: Any,
    manifest: Manifest,
    folder: Path,
    version: str,
    fallback: str,
    *,
    where: str,
    kabupaten: pd.DataFrame | None = None,
) -> Dataset:
    try:
        rencana = plan_inputs(frames["desa"], manifest)  # full geometry, before display
    except ValueError as exc:
        raise DataError(f"{where}: {exc} Jalankan ETL lagi.") from exc
    desa = _as_gdf(frames["desa"])
    if isinstance(display, gpd.GeoDataFrame):
        geom = display.set_index("kode").geometry
        desa = desa.set_geometry(desa["kode"].map(geom).fillna(desa.geometry).to_numpy())
        desa = desa.set_crs("EPSG:4326", allow_override=True)
    peserta = pd.DataFrame(frames["peserta"])
    if "tanggal" in peserta:
        peserta["tanggal"] = pd.to_datetime(peserta["tanggal"])
    return Dataset(
        folder=folder,
        version=version,
        manifest=manifest,
        desa=desa,
        kecamatan=_as_gdf(frames["kecamatan"]),
        kegiatan=_as_gdf(frames["kegiatan"]),
        peserta=peserta,
        laporan=_as_gdf(frames["laporan"]),
        tinjauan=pd.DataFrame(frames["tinjauan"]),
        kecamatan_garis=kecamatan_outlines(desa),
        rencana=rencana,
        cadangan=fallback,
        kabupaten_nama=_names(kabupaten),
    )


def _names(kabupaten: pd.DataFrame | None) -> dict[str, str]:
    if kabupaten is None or not {"kode", "nama"} <= set(kabupaten.columns):
        return {}
    return {str(k): str(n) for k, n in zip(kabupaten["kode"], kabupaten["nama"], strict=True)}


def kabupaten_options(ds: Dataset) -> dict[str, str]:
    """The kabupaten of the data (code -> name, by code): from the desa codes, named by
    the ``kabupaten`` layer (the code when a name is missing)."""
    codes = sorted(set(kabupaten_of(ds.desa["kode"]).dropna().astype(str)))
    return {code: ds.kabupaten_nama.get(code, code) for code in codes}


def area_kecamatan(ds: Dataset, flt: Filters) -> tuple[str, ...]:
    """The kecamatan a view shows: the chosen kecamatan; else every kecamatan of the
    chosen kabupaten; else none (meaning all). Every page restricts, zooms and sums
    over these, so the kabupaten choice filters map, headline, tables and trends alike."""
    if flt.kecamatan or not flt.kabupaten:
        return flt.kecamatan
    codes = ds.kecamatan["kode"].astype(str)
    return tuple(sorted(codes[in_kabupaten(codes, flt.kabupaten)]))


def filtered_metrics(ds: Dataset, flt: Filters) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Desa and kecamatan metrics recomputed for the user's filters (kecamatan filter
    restricts which rows are returned, not how they are computed)."""
    laporan = pd.DataFrame(ds.laporan.drop(columns="geometry"))
    area = area_kecamatan(ds, flt)
    desa_base = ds.desa[["kode", "nama", "jenis", "kecamatan_kode", "kecamatan", "geometry"]]
    desa = compute_desa_metrics(
        desa_base, ds.peserta, laporan, start=flt.start, end=flt.end,
        role_groups=flt.role_groups, jenis_laporan=flt.jenis_laporan,
    )  # fmt: skip
    kec = compute_kecamatan_metrics(
        ds.kecamatan[["kode", "nama", "geometry"]], desa, ds.peserta,
        start=flt.start, end=flt.end, role_groups=flt.role_groups,
    )  # fmt: skip
    return restrict_kecamatan(desa, kec, area)


def restrict_kecamatan(
    desa: gpd.GeoDataFrame, kec: gpd.GeoDataFrame, codes: Collection[str]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The rows of the chosen kecamatan (all rows when ``codes`` is empty)."""
    if not codes:
        return desa, kec
    return desa[desa["kecamatan_kode"].isin(list(codes))], kec[kec["kode"].isin(list(codes))]


def report_types(ds: Dataset) -> list[str]:
    """Report types present in the data, sorted."""
    return sorted(str(v) for v in ds.laporan.get("jenis", pd.Series(dtype=str)).dropna().unique())


def reports_per_desa(ds: Dataset, flt: Filters) -> pd.Series:
    """Report counts per desa code in the filtered period (aggregated: no points)."""
    rep = ds.laporan
    dates = pd.to_datetime(rep["tanggal"])
    mask = (dates >= pd.Timestamp(flt.start)) & (dates <= pd.Timestamp(flt.end))
    if flt.jenis_laporan is not None:
        mask &= rep["jenis"].isin(list(flt.jenis_laporan))
    return rep.loc[mask & rep["desa_kode"].notna()].groupby("desa_kode").size()


def kecamatan_bounds(ds: Dataset, codes: Collection[str]) -> tuple[float, float, float, float]:
    """Bounds (minx, miny, maxx, maxy) of the chosen kecamatan, or of all."""
    kec = ds.kecamatan[ds.kecamatan["kode"].isin(list(codes))] if codes else ds.kecamatan
    minx, miny, maxx, maxy = (float(v) for v in kec.total_bounds)
    return minx, miny, maxx, maxy


def export_bounds(ds: Dataset, flt: Filters) -> tuple[float, float, float, float] | None:
    """Where an exported map (HTML/PNG) is zoomed: the filtered kecamatan, or the whole
    area (None) when neither a kecamatan nor a kabupaten is chosen."""
    area = area_kecamatan(ds, flt)
    return kecamatan_bounds(ds, area) if area else None


def _as_gdf(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    if isinstance(frame, gpd.GeoDataFrame):
        return frame.to_crs("EPSG:4326") if frame.crs is not None else frame.set_crs("EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame)), crs="EPSG:4326")


def previous_filters(flt: Filters) -> Filters:
    """The same filters for the period of equal length just before ``flt.start``."""
    from datetime import timedelta

    length = flt.end - flt.start
    end = flt.start - timedelta(days=1)
    return Filters(
        start=end - length,
        end=end,
        kecamatan=flt.kecamatan,
        role_groups=flt.role_groups,
        jenis_laporan=flt.jenis_laporan,
        kabupaten=flt.kabupaten,
    )


def venue_points(ds: Dataset, flt: Filters) -> gpd.GeoDataFrame:
    """Session venues in the filtered period, labelled "dd/mm/yyyy — tema" (text; the map
    escapes it)."""
    keg = ds.kegiatan
    dates = pd.to_datetime(keg["tanggal"])
    keep = (dates >= pd.Timestamp(flt.start)) & (dates <= pd.Timestamp(flt.end))
    area = area_kecamatan(ds, flt)
    if area:
        keep &= keg["desa_kode"].astype(str).str[:8].isin(area)
    chosen = keg[keep & keg.geometry.notna()]
    tema = chosen["tema"].fillna("").astype(str) if "tema" in chosen else ""
    label = pd.to_datetime(chosen["tanggal"]).dt.strftime("%d/%m/%Y") + " — " + tema
    return chosen.assign(label=label.str.rstrip(" —"))


def filtered_attendance(ds: Dataset, flt: Filters) -> pd.DataFrame:
    """Attendance rows restricted to the chosen role groups and kecamatan (all dates: the
    trend functions window them themselves)."""
    rows = ds.peserta
    if flt.role_groups:
        rows = rows[rows["kelompok_peran"].isin(list(flt.role_groups))]
    area = area_kecamatan(ds, flt)
    if area:
        rows = rows[rows["desa_kode"].astype(str).str[:8].isin(list(area))]
    return rows
