"""Coverage metrics per desa and per kecamatan.

Coverage is counted by the participant's HOME desa, never the venue: one session in
Kota Soe attended by twelve kepala desa reaches twelve villages. All functions are pure:
they take frames and return new frames.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

ROLE_GROUPS = ("kades_lurah", "rt_rw", "tokoh", "warga")
STATUS_BELUM = "belum"
STATUS_KEDALUWARSA = "kedaluwarsa"
STATUS_TERCAKUP = "tercakup"
METRIC_COLUMNS = [
    "jumlah_kegiatan",
    "peserta",
    *[f"peserta_{g}" for g in ROLE_GROUPS],
    "kunjungan_terakhir",
    "hari_sejak_kunjungan",
    "status_cakupan",
    "laporan",
    "laporan_tanpa_cakupan",
]
_DESA_REQUIRED = ["kode", "nama", "kecamatan_kode", "kecamatan", "geometry"]
_ATTENDANCE_REQUIRED = ["id_kegiatan", "desa_kode", "kelompok_peran", "jumlah", "tanggal"]
_LAPORAN_REQUIRED = ["desa_kode", "tanggal", "jenis"]


def window_start(end: date, months: int) -> date:
    """First day of the window of ``months`` months ending on ``end`` (inclusive).

    ``window_start(2026-11-30, 12) == 2025-12-01``: the window is (end - months, end].
    """
    start = (pd.Timestamp(end) - pd.DateOffset(months=months) + pd.Timedelta(days=1)).date()
    return start


def compute_desa_metrics(
    desa: gpd.GeoDataFrame,
    attendance: pd.DataFrame,
    laporan: pd.DataFrame,
    *,
    start: date,
    end: date,
    role_groups: Collection[str] | None = None,
    jenis_laporan: Collection[str] | None = None,
) -> gpd.GeoDataFrame:
    """Every desa with its coverage metrics for the window ``[start, end]``.

    ``attendance``: accepted peserta rows with their session's ``tanggal``;
    ``laporan``: accepted reports with ``desa_kode``, ``tanggal``, ``jenis``.
    ``role_groups`` / ``jenis_laporan`` restrict what counts (dashboard filters).
    Status: ``belum`` never reached up to ``end``; ``kedaluwarsa`` last reached before
    ``start``; ``tercakup`` reached within the window.
    """
    _require(desa, _DESA_REQUIRED, "desa")
    _require(attendance, _ATTENDANCE_REQUIRED, "peserta")
    _require(laporan, _LAPORAN_REQUIRED, "laporan")
    if start > end:
        raise ValueError(f"Awal periode ({start}) setelah akhir periode ({end}).")
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)

    att = attendance[attendance["desa_kode"].notna() & (attendance["jumlah"] > 0)]
    if role_groups is not None:
        att = att[att["kelompok_peran"].isin(list(role_groups))]
    att = att.assign(tanggal=pd.to_datetime(att["tanggal"]))
    att = att[att["tanggal"] <= end_ts]
    in_window = att[att["tanggal"] >= start_ts]

    counts = in_window.groupby("desa_kode").agg(
        jumlah_kegiatan=("id_kegiatan", "nunique"), peserta=("jumlah", "sum")
    )
    by_group = in_window.pivot_table(
        index="desa_kode", columns="kelompok_peran", values="jumlah", aggfunc="sum"
    ).reindex(columns=list(ROLE_GROUPS))
    by_group.columns = [f"peserta_{g}" for g in ROLE_GROUPS]
    last = att.groupby("desa_kode")["tanggal"].max().rename("kunjungan_terakhir")

    rep = laporan[laporan["desa_kode"].notna()]
    if jenis_laporan is not None:
        rep = rep[rep["jenis"].isin(list(jenis_laporan))]
    rep_dates = pd.to_datetime(rep["tanggal"])
    rep = rep[(rep_dates >= start_ts) & (rep_dates <= end_ts)]
    reports = rep.groupby("desa_kode").size().rename("laporan")

    out = desa.set_index("kode", drop=False)
    table = pd.concat([counts, by_group, last, reports], axis=1).reindex(out.index)
    ints = ["jumlah_kegiatan", "peserta", *by_group.columns, "laporan"]
    table[ints] = table[ints].fillna(0).astype("int64")
    days = (end_ts - table["kunjungan_terakhir"]).dt.days
    table["hari_sejak_kunjungan"] = days.astype("Int64")
    table["status_cakupan"] = np.select(
        [table["kunjungan_terakhir"].isna(), table["kunjungan_terakhir"] < start_ts],
        [STATUS_BELUM, STATUS_KEDALUWARSA],
        STATUS_TERCAKUP,
    )
    table["laporan_tanpa_cakupan"] = table["laporan"].where(
        table["status_cakupan"] != STATUS_TERCAKUP, 0
    )
    table["kunjungan_terakhir"] = table["kunjungan_terakhir"].dt.date
    result = pd.concat([out.drop(columns="geometry"), table[METRIC_COLUMNS]], axis=1)
    result = result.assign(geometry=out.geometry)
    return gpd.GeoDataFrame(result.reset_index(drop=True), geometry="geometry", crs=desa.crs)


def compute_kecamatan_metrics(
    kecamatan: gpd.GeoDataFrame,
    desa_metrics: pd.DataFrame,
    attendance: pd.DataFrame,
    *,
    start: date,
    end: date,
    role_groups: Collection[str] | None = None,
) -> gpd.GeoDataFrame:
    """Kecamatan totals of the desa metrics plus ``desa_tercakup``, ``desa_total``,
    ``persen_tercakup``. ``jumlah_kegiatan`` counts distinct sessions (not a sum)."""
    _require(kecamatan, ["kode", "nama", "geometry"], "kecamatan")
    _require(desa_metrics, ["kode", "kecamatan_kode", *METRIC_COLUMNS], "metrik desa")
    sums = ["peserta", *[f"peserta_{g}" for g in ROLE_GROUPS], "laporan", "laporan_tanpa_cakupan"]
    dm = desa_metrics.assign(
        _tercakup=(desa_metrics["status_cakupan"] == STATUS_TERCAKUP).astype("int64"),
        _last=pd.to_datetime(desa_metrics["kunjungan_terakhir"]),
    )
    agg = dm.groupby("kecamatan_kode").agg(
        **{c: (c, "sum") for c in sums},
        desa_tercakup=("_tercakup", "sum"),
        desa_total=("kode", "size"),
        kunjungan_terakhir=("_last", "max"),
    )
    att = attendance[attendance["desa_kode"].notna() & (attendance["jumlah"] > 0)]
    if role_groups is not None:
        att = att[att["kelompok_peran"].isin(list(role_groups))]
    dates = pd.to_datetime(att["tanggal"])
    att = att[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]
    sessions = (
        att.assign(kecamatan_kode=att["desa_kode"].str[:8])
        .groupby("kecamatan_kode")["id_kegiatan"]
        .nunique()
        .rename("jumlah_kegiatan")
    )
    agg = agg.join(sessions).fillna({"jumlah_kegiatan": 0})
    agg["jumlah_kegiatan"] = agg["jumlah_kegiatan"].astype("int64")
    agg["persen_tercakup"] = (100.0 * agg["desa_tercakup"] / agg["desa_total"]).round(1)
    agg["hari_sejak_kunjungan"] = (pd.Timestamp(end) - agg["kunjungan_terakhir"]).dt.days.astype(
        "Int64"
    )
    agg["kunjungan_terakhir"] = agg["kunjungan_terakhir"].dt.date
    merged = kecamatan.merge(agg, left_on="kode", right_index=True, how="left")
    cols = [
        "kode", "nama", "jumlah_kegiatan", *sums, "kunjungan_terakhir", "hari_sejak_kunjungan",
        "desa_tercakup", "desa_total", "persen_tercakup", "geometry",
    ]  # fmt: skip
    return gpd.GeoDataFrame(merged[cols], geometry="geometry", crs=kecamatan.crs)


def headline_figures(
    desa_metrics: pd.DataFrame, kecamatan_metrics: pd.DataFrame
) -> dict[str, float]:
    """The figures above the map: desa reached of total and %, kecamatan with zero reach,
    participants, leaders reached (kades/lurah + RT/RW), reports without coverage."""
    reached = int((desa_metrics["status_cakupan"] == STATUS_TERCAKUP).sum())
    total = len(desa_metrics)
    return {
        "desa_tercakup": reached,
        "desa_total": total,
        "persen_tercakup": round(100.0 * reached / total, 1) if total else 0.0,
        "kecamatan_tanpa_jangkauan": int((kecamatan_metrics["desa_tercakup"] == 0).sum()),
        "kecamatan_total": len(kecamatan_metrics),
        "peserta": int(desa_metrics["peserta"].sum()),
        "pemimpin": int(
            desa_metrics["peserta_kades_lurah"].sum() + desa_metrics["peserta_rt_rw"].sum()
        ),
        "laporan": int(desa_metrics["laporan"].sum()),
        "laporan_tanpa_cakupan": int(desa_metrics["laporan_tanpa_cakupan"].sum()),
    }


def _require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"Tabel {what}: kolom wajib tidak ada: {', '.join(missing)}")
