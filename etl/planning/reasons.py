"""Plain-Indonesian words for a plan: status names, the start town, one reason per desa.

A planner (or a driver) acts on words, not on five decimals: "belum pernah dijangkau;
3 laporan tanpa cakupan; 42 km dari Soe" says why a desa is high on the list. The texts are
built here, once, so the page, the Excel plan and the printed handout say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.planning.priority import DAYS_PER_MONTH, METRIC_CRS

__all__ = [
    "REASON_COLUMNS",
    "STATUS_LABELS",
    "StartPlace",
    "add_reasons",
    "reason_text",
    "start_place",
    "status_label",
]

STATUS_LABELS: dict[str, str] = {
    "belum": "belum pernah dijangkau",
    "kedaluwarsa": "kedaluwarsa",
    "tercakup": "tercakup",
}
REASON_COLUMNS: tuple[str, ...] = (
    "kode",
    "status_cakupan",
    "jarak_km",
    "kades_lurah_belum",
    "rt_rw_belum",
)
_DESA_COLUMNS = ("kode", "hari_sejak_kunjungan", "laporan", "laporan_tanpa_cakupan")
NEAREST_MAX_KM = 2.0
"""A base outside every polygon (e.g. on the coast) is named after a desa this close."""


@dataclass(frozen=True)
class StartPlace:
    """Where the trips start: `nama` for short texts ("42 km dari Soe"), `lengkap` for
    the handout ("Kelurahan Soe, Kecamatan Kota Soe")."""

    nama: str
    lengkap: str


def status_label(status: str) -> str:
    """The words for a status code (`belum` -> "belum pernah dijangkau"); unknown codes
    are returned unchanged so nothing typed disappears."""
    return STATUS_LABELS.get(str(status).strip().lower(), str(status))


def start_place(desa: gpd.GeoDataFrame, base: tuple[float, float]) -> StartPlace:
    """Name the start point `base` (lat, lon) after the desa/kelurahan that contains it,
    or the nearest one within `NEAREST_MAX_KM`; otherwise by its coordinates.

    `desa` needs `nama`, `kecamatan` and a CRS; `jenis` (desa|kelurahan) is used when there.
    """
    missing = [c for c in ("nama", "kecamatan") if c not in desa.columns]
    if missing or desa.crs is None:
        raise ValueError("Lapisan desa perlu kolom nama, kecamatan dan CRS untuk titik berangkat.")
    lat, lon = float(base[0]), float(base[1])
    fallback = f"titik {lat:.4f}, {lon:.4f}".replace(".", ",")
    if not len(desa):
        return StartPlace(fallback, fallback)
    shapes = desa.to_crs(METRIC_CRS)
    point = gpd.GeoSeries([shapely.Point(lon, lat)], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
    distance_km = shapes.geometry.distance(point).to_numpy() / 1000.0
    i = int(np.argmin(distance_km))
    if distance_km[i] > NEAREST_MAX_KM:
        return StartPlace(fallback, fallback)
    row = desa.iloc[i]
    jenis = str(row["jenis"]).strip().capitalize() if "jenis" in desa.columns else "Desa"
    nama = str(row["nama"])
    return StartPlace(nama, f"{jenis or 'Desa'} {nama}, Kecamatan {row['kecamatan']}")


def reason_text(
    *,
    status: str,
    hari_sejak_kunjungan: float | None,
    kades_lurah_belum: bool,
    rt_rw_belum: bool,
    laporan: float,
    laporan_tanpa_cakupan: float,
    risiko: float,
    jarak_km: float,
    start: str,
) -> str:
    """One line saying why a desa ranks where it does, in the order a planner weighs it:
    coverage, leaders, reports, external risk, distance from the start.

    >>> reason_text(status="belum", hari_sejak_kunjungan=None, kades_lurah_belum=True,
    ...             rt_rw_belum=True, laporan=3, laporan_tanpa_cakupan=3, risiko=0.0,
    ...             jarak_km=41.6, start="Soe")
    'belum pernah dijangkau; 3 laporan tanpa cakupan; 42 km dari Soe'
    """
    parts: list[str] = []
    code = str(status).strip().lower()
    months = _months(hari_sejak_kunjungan)
    if code == "kedaluwarsa":
        parts.append(
            f"kedaluwarsa, terakhir {months} bulan lalu" if months is not None else "kedaluwarsa"
        )
    elif code == "tercakup":
        parts.append(
            f"tercakup, terakhir {months} bulan lalu" if months is not None else "tercakup"
        )
    else:
        parts.append(status_label(code))
    if code == "tercakup":  # otherwise no leader came in the window, by definition
        if kades_lurah_belum and rt_rw_belum:
            parts.append("kades/lurah dan ketua RT/RW belum hadir")
        elif kades_lurah_belum:
            parts.append("kades/lurah belum hadir")
        elif rt_rw_belum:
            parts.append("ketua RT/RW belum hadir")
    without = _count(laporan_tanpa_cakupan)
    total = _count(laporan)
    if without > 0:
        parts.append(f"{without} laporan tanpa cakupan")
    elif total > 0:
        parts.append(f"{total} laporan")
    if risiko > 0:
        parts.append(f"indeks risiko {risiko:.2f}".replace(".", ","))
    parts.append(f"{jarak_km:.0f} km dari {start}")
    return "; ".join(parts)


def add_reasons(skor: pd.DataFrame, desa: pd.DataFrame, start: str) -> pd.DataFrame:
    """A NEW score frame with an `alasan` column (see `reason_text`), one line per desa.

    `skor` is `score_priority`'s frame; `desa` (the ETL layer) gives the days since the last
    visit and the report counts, matched by `kode`.
    """
    missing = [c for c in REASON_COLUMNS if c not in skor.columns]
    missing += [c for c in _DESA_COLUMNS if c not in desa.columns]
    if missing:
        raise ValueError("Kolom untuk alasan prioritas tidak ada: " + ", ".join(missing) + ".")
    extra = pd.DataFrame(desa[list(_DESA_COLUMNS)]).assign(kode=desa["kode"].astype("str"))
    extra = extra.set_index("kode").reindex(skor["kode"].astype("str").to_numpy())
    risiko = (
        skor["komp_risiko_eksternal"].to_numpy(dtype="float64")
        if "komp_risiko_eksternal" in skor.columns
        else np.zeros(len(skor))
    )
    texts = [
        reason_text(
            status=str(status),
            hari_sejak_kunjungan=_float(hari),
            kades_lurah_belum=bool(kades),
            rt_rw_belum=bool(rtrw),
            laporan=_float(lap) or 0.0,
            laporan_tanpa_cakupan=_float(tanpa) or 0.0,
            risiko=float(r),
            jarak_km=float(km),
            start=start,
        )
        for status, km, kades, rtrw, hari, lap, tanpa, r in zip(
            skor["status_cakupan"],
            skor["jarak_km"],
            skor["kades_lurah_belum"],
            skor["rt_rw_belum"],
            extra["hari_sejak_kunjungan"],
            extra["laporan"],
            extra["laporan_tanpa_cakupan"],
            risiko,
            strict=True,
        )
    ]
    return skor.assign(alasan=texts)


def _float(value: object) -> float | None:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number) else float(number)


def _months(days: float | None) -> int | None:
    if days is None or not np.isfinite(days):
        return None
    return max(1, round(days / DAYS_PER_MONTH))


def _count(value: float) -> int:
    return int(value) if np.isfinite(value) else 0
