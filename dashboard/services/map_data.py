"""Desa/kecamatan data prepared for the map: safe GeoJSON, outlines, CRS checks.

No streamlit import. Every text property is HTML-escaped here, before it reaches folium
(whose tooltips render properties as HTML).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from dashboard.services.measures import (
    NO_DATA,
    Measure,
    class_lookup,
    classify,
    format_count,
    format_shown,
    get_measure,
    measure_values,
)
from dashboard.strings import t

# Decimal degrees kept in map coordinates: ~11 m, ample for geometry simplified at 100 m.
PRECISION = 4


def desa_geojson(
    desa: gpd.GeoDataFrame, measure: str | Measure, *, lang: str = "id", meeting_mode: bool = False
) -> dict[str, Any]:
    """GeoJSON FeatureCollection of the desa with ONLY safe, display-ready properties.

    Properties: `kode`, `kelas` (class id), and HTML-escaped text `nama`, `kecamatan`,
    `status`, `kunjungan`, `peserta`, `nilai`. Geometry rounded to PRECISION decimals.
    In meeting mode the counts are the protected `tampil_<measure>` columns when the
    frame has them (pages attach them with `suppression.with_public_columns`).
    """
    m = get_measure(measure)
    desa = to_wgs84(desa, ("kode", "nama", "kecamatan"), "desa_display")
    classes = classify(desa, m, meeting_mode=meeting_mode)
    lookup = class_lookup(m, meeting_mode=meeting_mode)
    n = len(desa)
    status = (
        desa["status_cakupan"]
        if "status_cakupan" in desa
        else pd.Series([None] * n, index=desa.index)
    )
    visits = pd.to_datetime(
        desa.get("kunjungan_terakhir", pd.Series([None] * n, index=desa.index)), errors="coerce"
    )
    peserta = pd.to_numeric(
        desa.get("peserta", pd.Series([None] * n, index=desa.index)), errors="coerce"
    )
    values = measure_values(desa, m) if m.kind != "categorical" else None
    peserta_text = _count_texts(desa, "peserta", peserta, lang, meeting_mode)
    value_texts = (
        _count_texts(desa, m.key, values, lang, meeting_mode)
        if values is not None and m.kind == "count"
        else None
    )
    date_fmt = t("fmt.date", lang)
    never, empty = t("tooltip.belum_pernah", lang), t("tooltip.kosong", lang)
    has_data = status.notna().tolist()
    geoms = shapely.transform(desa.geometry.values, lambda c: np.round(c, PRECISION))
    features = []
    rows = zip(
        desa["kode"].astype(str).tolist(),
        desa["nama"].astype(str).tolist(),
        desa["kecamatan"].astype(str).tolist(),
        status.tolist(),
        has_data,
        visits.tolist(),
        peserta.tolist(),
        classes.tolist(),
        geoms,
        strict=True,
    )
    for pos, (kode, nama, kec, status_value, known, visit, _, cls, geom) in enumerate(rows):
        if geom is None or geom.is_empty:
            continue
        kunjungan = visit.strftime(date_fmt) if pd.notna(visit) else (never if known else empty)
        status_text = t(f"status.{status_value}" if known else "status.tidak_ada_data", lang)
        value_text = (
            value_texts[pos]
            if value_texts is not None and cls != NO_DATA
            else _value_text(m, values, pos, cls, lookup, lang, meeting_mode)
        )
        props = {
            "kode": html.escape(kode),
            "kelas": cls,
            "nama": html.escape(nama),
            "kecamatan": html.escape(kec),
            "status": html.escape(status_text),
            "kunjungan": html.escape(kunjungan),
            "peserta": html.escape(peserta_text[pos]),
            "nilai": html.escape(value_text),
        }
        features.append(
            {"type": "Feature", "id": props["kode"], "properties": props, "geometry": mapping(geom)}
        )
    return {"type": "FeatureCollection", "features": features}


def _count_texts(
    desa: pd.DataFrame, key: str, values: pd.Series, lang: str, meeting_mode: bool
) -> list[str]:
    """Tooltip text of one count per desa: in meeting mode the protected figures
    (`tampil_<key>` from `dashboard.services.suppression`) where the frame has them."""
    shown = f"tampil_{key}"
    if meeting_mode and shown in desa.columns:
        return [
            format_shown(str(text), lang) if pd.notna(v) else t("tooltip.kosong", lang)
            for text, v in zip(desa[shown].tolist(), values.tolist(), strict=True)
        ]
    return [format_count(v, lang, meeting_mode=meeting_mode) for v in values.tolist()]


def kecamatan_outlines(desa_display: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Kecamatan outlines (`kode`, `nama`, geometry) dissolved from the display desa layer.

    Lighter than the full-detail `kecamatan` layer (about 6 000 vs 26 000 vertices for TTS)
    and drawn exactly on the simplified desa edges. Pass the UNFILTERED desa layer, so the
    base map (and its component key) does not change with the filters.
    """
    desa = to_wgs84(desa_display, ("kecamatan_kode", "kecamatan"), "desa_display")
    rows = []
    for kode, part in desa.groupby("kecamatan_kode", sort=True):
        geoms = part.geometry.values
        outline = (
            shapely.coverage_union_all(geoms)
            if bool(shapely.coverage_is_valid(geoms))
            else shapely.union_all(geoms)
        )
        rows.append(
            {"kode": str(kode), "nama": str(part["kecamatan"].iloc[0]), "geometry": outline}
        )
    return gpd.GeoDataFrame(
        rows, columns=["kode", "nama", "geometry"], geometry="geometry", crs=4326
    )


def rounded_geometry(geom: Any) -> dict[str, Any]:
    """GeoJSON geometry with coordinates rounded to PRECISION decimals (fewer bytes)."""
    return dict(mapping(shapely.transform(geom, lambda c: np.round(c, PRECISION))))


def _value_text(
    m: Measure,
    values: pd.Series | None,
    pos: int,
    cls: str,
    lookup: Mapping[str, Any],
    lang: str,
    meeting_mode: bool,
) -> str:
    if values is None or cls == NO_DATA:
        return lookup[cls].label(lang)
    value = values.iloc[pos]
    if m.kind == "days":
        if pd.isna(value):
            return lookup[cls].label(lang)
        return t("tooltip.hari", lang, n=int(value))
    return format_count(value, lang, meeting_mode=meeting_mode)


def to_wgs84(frame: gpd.GeoDataFrame, columns: tuple[str, ...], what: str) -> gpd.GeoDataFrame:
    if not isinstance(frame, gpd.GeoDataFrame):
        raise ValueError(f"{what} harus GeoDataFrame")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"kolom wajib {what} tidak ada: {missing}")
    if frame.crs is None:
        raise ValueError(f"{what} tidak punya CRS (harus EPSG:4326)")
    return frame if frame.crs.to_epsg() == 4326 else frame.to_crs(4326)


def extent(frame: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    if not len(frame):
        raise ValueError("tidak ada geometri untuk menentukan batas peta")
    minx, miny, maxx, maxy = frame.total_bounds
    return float(minx), float(miny), float(maxx), float(maxy)
