"""Explainable priority score per desa for planning the next sosialisasi.

The score is a weighted sum of five components, each scaled 0..1, so that every
number on the page can be explained in one sentence (see `explain_components`):

    skor = sum(kontribusi_<c>)   with   kontribusi_<c> = bobot_<c> * komp_<c>

and the distance component is a cost: its contribution is always <= 0, whatever
sign its weight is given with. Default weights (`DEFAULT_WEIGHTS`):

    celah_cakupan     0.40  never reached > lapsed (growing with age) > covered
    pemimpin_belum    0.20  kepala desa/lurah and RT/RW heads not yet reached
    laporan           0.25  reports in the window; reports without coverage count double
    risiko_eksternal  0.15  optional external indicators (CSV), already 0..1 per desa
    jarak            -0.10  distance from the base / the largest distance (a cost)
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from etl.io.contract import DEFAULT_WINDOW_MONTHS

__all__ = [
    "COMPONENTS",
    "COST_COMPONENTS",
    "DEFAULT_WEIGHTS",
    "LAPORAN_CAP",
    "METRIC_CRS",
    "REQUIRED_COLUMNS",
    "explain_components",
    "resolve_weights",
    "score_priority",
]

COMPONENTS: tuple[str, ...] = (
    "celah_cakupan",
    "pemimpin_belum",
    "laporan",
    "risiko_eksternal",
    "jarak",
)
COST_COMPONENTS: frozenset[str] = frozenset({"jarak"})
DEFAULT_WEIGHTS: dict[str, float] = {
    "celah_cakupan": 0.40,
    "pemimpin_belum": 0.20,
    "laporan": 0.25,
    "risiko_eksternal": 0.15,
    "jarak": -0.10,
}
REQUIRED_COLUMNS: tuple[str, ...] = (
    "kode",
    "nama",
    "kecamatan",
    "status_cakupan",
    "hari_sejak_kunjungan",
    "peserta_kades_lurah",
    "peserta_rt_rw",
    "laporan",
    "laporan_tanpa_cakupan",
)
METRIC_CRS = "EPSG:32750"
LAPORAN_CAP = 5.0
"""Weighted report count at which the report component is full (1.0)."""

DAYS_PER_MONTH = 365.25 / 12
# Coverage gap levels (documented in explain_components):
GAP_BELUM = 1.0
GAP_LAPSED_MIN = 0.5  # just lapsed (age == window)
GAP_LAPSED_MAX = 0.9  # lapsed for two windows or more
GAP_COVERED_MAX = 0.2  # covered, reached just before the window ends
_STATUSES = frozenset({"belum", "kedaluwarsa", "tercakup"})


def explain_components() -> dict[str, str]:
    """One plain-Indonesian sentence per component, for the page and the exports."""
    return {
        "celah_cakupan": (
            "Desa yang belum pernah dijangkau bernilai 1; desa yang kunjungan terakhirnya "
            "sudah lewat jendela bernilai 0,5 dan naik sampai 0,9 bila sudah lewat dua kali "
            "jendela; desa yang masih tercakup bernilai 0 sampai 0,2 sesuai umur kunjungannya."
        ),
        "pemimpin_belum": (
            "Bernilai 0,5 bila kepala desa/lurah belum hadir dalam jendela waktu dan 0,5 "
            "lagi bila belum ada ketua RT/RW yang hadir dalam jendela waktu."
        ),
        "laporan": (
            f"Jumlah laporan dalam jendela waktu, dengan laporan di desa yang belum tercakup "
            f"dihitung dua kali, dibagi {LAPORAN_CAP:g} (nilai penuh 1 bila {LAPORAN_CAP:g} "
            f"atau lebih)."
        ),
        "risiko_eksternal": (
            "Rata-rata indikator risiko dari berkas CSV (misalnya calon pekerja migran atau "
            "permohonan paspor), tiap indikator dibagi nilai tertinggi di kabupaten; 0 bila "
            "tidak ada data."
        ),
        "jarak": (
            "Jarak garis lurus dari titik berangkat dibagi jarak desa terjauh; ini biaya, "
            "jadi makin jauh makin mengurangi skor."
        ),
    }


def score_priority(
    desa: gpd.GeoDataFrame,
    *,
    weights: Mapping[str, float] | None = None,
    base: tuple[float, float],
    risk: pd.DataFrame | None = None,
    window_months: int = DEFAULT_WINDOW_MONTHS,
    points: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """Score every desa and rank them, returning a NEW frame (one row per desa).

    `desa` is the ETL `desa` layer (EPSG:4326). `weights` defaults to
    `DEFAULT_WEIGHTS`; components missing from a given mapping get weight 0.
    `base` is the (lat, lon) the team drives from. `risk` (optional) has columns
    `kode, risiko` with risiko in 0..1 (see `etl.planning.risk`); desa without a
    row get 0. `points` (`kode`, point geometry; see `representative_points`) are where
    each desa is measured from the base; by default a point inside each desa's geometry.
    Columns: kode, nama, kecamatan, [jenis], status_cakupan, jarak_km,
    kades_lurah_belum, rt_rw_belum, komp_<c>, kontribusi_<c> for each component,
    skor (exactly the left-to-right sum of the contributions) and peringkat
    (1 = highest; ties broken by kode ascending).
    """
    resolved = resolve_weights(weights)
    _check_desa(desa)
    if window_months <= 0:
        raise ValueError("Jendela waktu (bulan) harus lebih dari 0.")
    lat, lon = _check_base(base)

    status = desa["status_cakupan"].fillna("").astype("str").str.strip().str.lower()
    status = status.to_numpy(dtype=object)
    unknown = sorted(str(v) or "(kosong)" for v in set(status) - _STATUSES)
    if unknown:
        raise ValueError(
            "Nilai status_cakupan tidak dikenal: "
            + ", ".join(unknown)
            + " (harus belum, kedaluwarsa, atau tercakup)."
        )
    months = _numeric(desa["hari_sejak_kunjungan"]) / DAYS_PER_MONTH
    kades = _numeric(desa["peserta_kades_lurah"])
    rtrw = _numeric(desa["peserta_rt_rw"])
    kades_belum = ~(np.nan_to_num(kades) > 0)
    rtrw_belum = ~(np.nan_to_num(rtrw) > 0)
    distance_km = _distance_from_base_km(desa, lat, lon, points)
    max_km = float(distance_km.max()) if len(distance_km) else 0.0

    components: dict[str, np.ndarray] = {
        "celah_cakupan": _coverage_gap(status, months, float(window_months)),
        "pemimpin_belum": 0.5 * kades_belum + 0.5 * rtrw_belum,
        "laporan": np.minimum(
            (
                np.nan_to_num(_numeric(desa["laporan"]))
                + np.nan_to_num(_numeric(desa["laporan_tanpa_cakupan"]))
            )
            / LAPORAN_CAP,
            1.0,
        ),
        "risiko_eksternal": _risk_component(desa["kode"], risk),
        "jarak": distance_km / max_km if max_km > 0 else np.zeros(len(desa)),
    }

    out = pd.DataFrame(
        {
            "kode": desa["kode"].astype("str").to_numpy(),
            "nama": desa["nama"].astype("str").to_numpy(),
            "kecamatan": desa["kecamatan"].astype("str").to_numpy(),
        }
    )
    if "jenis" in desa.columns:
        out["jenis"] = desa["jenis"].astype("str").to_numpy()
    out["status_cakupan"] = status
    out["jarak_km"] = distance_km
    out["kades_lurah_belum"] = kades_belum
    out["rt_rw_belum"] = rtrw_belum
    skor = np.zeros(len(desa))
    for name in COMPONENTS:
        value = np.clip(components[name].astype("float64"), 0.0, 1.0)
        weight = 0.0 - abs(resolved[name]) if name in COST_COMPONENTS else resolved[name]
        contribution = weight * value
        out[f"komp_{name}"] = value
        out[f"kontribusi_{name}"] = contribution
        skor = skor + contribution  # left to right, so the sum is reproducible exactly
    out["skor"] = skor
    out = out.sort_values(["skor", "kode"], ascending=[False, True], kind="mergesort")
    out = out.reset_index(drop=True)
    out["peringkat"] = np.arange(1, len(out) + 1)
    return out


def resolve_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Complete and check a weight mapping: None -> defaults, missing components -> 0."""
    if weights is None:
        return dict(DEFAULT_WEIGHTS)
    unknown = sorted(set(weights) - set(COMPONENTS))
    if unknown:
        raise ValueError(
            "Komponen bobot tidak dikenal: "
            + ", ".join(unknown)
            + ". Yang dikenal: "
            + ", ".join(COMPONENTS)
            + "."
        )
    resolved: dict[str, float] = {}
    for name in COMPONENTS:
        value = float(weights.get(name, 0.0))
        if not math.isfinite(value):
            raise ValueError(f"Bobot {name} harus berupa angka.")
        if value < 0 and name not in COST_COMPONENTS:
            raise ValueError(f"Bobot {name} tidak boleh negatif.")
        resolved[name] = value
    return resolved


def _check_desa(desa: gpd.GeoDataFrame) -> None:
    if not isinstance(desa, gpd.GeoDataFrame):
        raise ValueError("Data desa harus berupa GeoDataFrame (lapisan 'desa').")
    missing = [c for c in REQUIRED_COLUMNS if c not in desa.columns]
    if missing:
        raise ValueError("Kolom wajib tidak ada di lapisan desa: " + ", ".join(missing) + ".")
    if desa.crs is None or desa.crs.to_epsg() != 4326:
        raise ValueError("Lapisan desa harus memakai CRS EPSG:4326.")
    if desa["kode"].duplicated().any():
        dup = desa.loc[desa["kode"].duplicated(), "kode"].astype("str").iloc[0]
        raise ValueError(f"Kode desa ganda di lapisan desa: {dup}.")
    if desa.geometry.isna().any() or desa.geometry.is_empty.any():
        raise ValueError("Ada desa tanpa geometri di lapisan desa.")


def _check_base(base: tuple[float, float]) -> tuple[float, float]:
    lat, lon = float(base[0]), float(base[1])
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"Titik berangkat tidak sah: lintang {lat}, bujur {lon}.")
    return lat, lon


def _numeric(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _coverage_gap(status: np.ndarray, months: np.ndarray, window: float) -> np.ndarray:
    lapsed_age = np.where(np.isnan(months), 1.0, np.clip((months - window) / window, 0.0, 1.0))
    lapsed = GAP_LAPSED_MIN + (GAP_LAPSED_MAX - GAP_LAPSED_MIN) * lapsed_age
    covered = GAP_COVERED_MAX * np.where(np.isnan(months), 0.0, np.clip(months / window, 0, 1))
    return np.select(
        [status == "belum", status == "kedaluwarsa"], [GAP_BELUM, lapsed], default=covered
    )


def _risk_component(kode: pd.Series, risk: pd.DataFrame | None) -> np.ndarray:
    if risk is None:
        return np.zeros(len(kode))
    missing = [c for c in ("kode", "risiko") if c not in risk.columns]
    if missing:
        raise ValueError("Tabel risiko harus punya kolom: " + ", ".join(missing) + ".")
    values = pd.to_numeric(risk["risiko"], errors="coerce")
    if ((values < 0) | (values > 1)).any():
        raise ValueError("Nilai risiko harus antara 0 dan 1.")
    if risk["kode"].duplicated().any():
        raise ValueError("Kode desa ganda di tabel risiko.")
    lookup = pd.Series(values.to_numpy(), index=risk["kode"].astype("str").to_numpy())
    mapped = kode.astype("str").map(lookup)
    return mapped.fillna(0.0).to_numpy(dtype="float64")


def _distance_from_base_km(
    desa: gpd.GeoDataFrame, lat: float, lon: float, given: gpd.GeoDataFrame | None
) -> np.ndarray:
    if given is None:
        points = desa.geometry.to_crs(METRIC_CRS).representative_point()
    else:
        where = given.set_index(given["kode"].astype("str")).geometry
        points = where.reindex(desa["kode"].astype("str").to_numpy()).to_crs(METRIC_CRS)
        if points.isna().any():
            raise ValueError("Titik wakil tidak ada untuk sebagian desa (kode tidak cocok).")
    base = gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs="EPSG:4326").to_crs(METRIC_CRS)
    dx = points.x.to_numpy() - float(base.x.iloc[0])
    dy = points.y.to_numpy() - float(base.y.iloc[0])
    return np.hypot(dx, dy) / 1000.0
