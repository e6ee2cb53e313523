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
ATTENDANCE_COLUMNS = ["id_kegiatan", "desa_kode", "kelompok_peran", "jumlah", "tanggal"]
"""The attendance columns the metrics count from."""
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
    _require(attendance, ATTENDANCE_COLUMNS, "peserta")
    _require(laporan, _LAPORAN_REQUIRED, "laporan")
    if start > end:
        raise ValueError(f"Awal periode ({start}) setelah akhir periode ({end}).")
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)

    out = desa.set_index("kode", drop=False)
    keys = out.index.unique()
    # Work on integer positions of the desa and boolean masks instead of the object
    # codes and filtered copies of the frame: same sums, counts and maxima (rows whose
    # code is missing or not a desa of ``desa`` count nowhere, as before).
    pos = keys.get_indexer(attendance["desa_kode"])
    tanggal = pd.to_datetime(attendance["tanggal"])
    keep = (pos >= 0) & _mask(attendance["jumlah"] > 0) & _mask(tanggal <= end_ts)
    if role_groups is not None:
        keep &= _mask(attendance["kelompok_peran"].isin(list(role_groups)))
    window = keep & _mask(tanggal >= start_ts)
    win_pos = pos[window]
    jumlah = attendance["jumlah"][window]
    counts = pd.DataFrame(
        {
            "jumlah_kegiatan": attendance["id_kegiatan"][window].groupby(win_pos).nunique(),
            "peserta": jumlah.groupby(win_pos).sum(),
        }
    )
    group = pd.Index(list(ROLE_GROUPS)).get_indexer(attendance["kelompok_peran"][window])
    known = group >= 0
    by_group = pd.DataFrame(index=pd.RangeIndex(0), columns=range(len(ROLE_GROUPS)))
    if known.any():
        by_group = (
            jumlah[known]
            .groupby([win_pos[known], group[known]])
            .sum()
            .unstack()
            .reindex(columns=range(len(ROLE_GROUPS)))
        )
    by_group.columns = [f"peserta_{g}" for g in ROLE_GROUPS]
    last = tanggal[keep].groupby(pos[keep]).max().rename("kunjungan_terakhir")

    rep = laporan[laporan["desa_kode"].notna()]
    if jenis_laporan is not None:
        rep = rep[rep["jenis"].isin(list(jenis_laporan))]
    rep_dates = pd.to_datetime(rep["tanggal"])
    rep = rep[(rep_dates >= start_ts) & (rep_dates <= end_ts)]
    rep_pos = keys.get_indexer(rep["desa_kode"])
    reports = pd.Series(
        np.bincount(rep_pos[rep_pos >= 0], minlength=len(keys)), dtype="int64"
    ).rename("laporan")

    table = pd.concat([counts, by_group, last, reports], axis=1).reindex(range(len(keys)))
    table = table.set_axis(keys).reindex(out.index)
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
    # Kecamatan of a row = first 8 characters of its desa code.
    row_kec = attendance["desa_kode"].astype("str").str[:8]
    dates = pd.to_datetime(attendance["tanggal"])
    keep = _mask(row_kec.notna()) & _mask(attendance["jumlah"] > 0)
    if role_groups is not None:
        keep &= _mask(attendance["kelompok_peran"].isin(list(role_groups)))
    keep &= _mask(dates >= pd.Timestamp(start)) & _mask(dates <= pd.Timestamp(end))
    sessions = attendance["id_kegiatan"][keep].groupby(row_kec[keep]).nunique()
    sessions = sessions.rename("jumlah_kegiatan")
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


KABUPATEN_COLUMNS = [
    "kode", "nama", "jumlah_kegiatan", "peserta", *[f"peserta_{g}" for g in ROLE_GROUPS],
    "laporan", "laporan_tanpa_cakupan", "kunjungan_terakhir", "hari_sejak_kunjungan",
    "desa_tercakup", "desa_total", "persen_tercakup", "kecamatan_tanpa_jangkauan",
    "kecamatan_total", "geometry",
]  # fmt: skip
"""Columns of the ``kabupaten`` layer: one row per kabupaten of the working area."""


def compute_kabupaten_metrics(
    outline: gpd.GeoDataFrame,
    kecamatan_metrics: pd.DataFrame,
    attendance: pd.DataFrame,
    *,
    start: date,
    end: date,
    role_groups: Collection[str] | None = None,
) -> gpd.GeoDataFrame:
    """One row per kabupaten of ``outline`` (``kode`` = ``53.02``): the sums of its
    kecamatan (a kecamatan's kabupaten is its code's first 5 characters), distinct
    sessions reaching it, ``persen_tercakup`` and the kecamatan with zero reach. The
    figures over ALL kabupaten are :func:`headline_figures` of the whole area."""
    _require(outline, ["kode", "nama", "geometry"], "kabupaten")
    _require(
        kecamatan_metrics,
        ["kode", "desa_tercakup", "desa_total", "laporan", "kunjungan_terakhir"],
        "metrik kecamatan",
    )
    sums = ["peserta", *[f"peserta_{g}" for g in ROLE_GROUPS], "laporan", "laporan_tanpa_cakupan",
            "desa_tercakup", "desa_total"]  # fmt: skip
    km = kecamatan_metrics.assign(
        _kab=kecamatan_metrics["kode"].astype(str).str[:5],
        _nol=(kecamatan_metrics["desa_tercakup"] == 0).astype("int64"),
        _last=pd.to_datetime(kecamatan_metrics["kunjungan_terakhir"]),
    )
    agg = km.groupby("_kab").agg(
        **{c: (c, "sum") for c in sums},
        kecamatan_tanpa_jangkauan=("_nol", "sum"),
        kecamatan_total=("kode", "size"),
        kunjungan_terakhir=("_last", "max"),
    )
    dates = pd.to_datetime(attendance["tanggal"])
    keep = attendance["desa_kode"].notna() & (attendance["jumlah"] > 0)
    keep &= (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))
    if role_groups is not None:
        keep &= attendance["kelompok_peran"].isin(list(role_groups))
    rows = attendance[_mask(keep)]
    sessions = rows["id_kegiatan"].groupby(rows["desa_kode"].astype(str).str[:5]).nunique()
    agg = agg.join(sessions.rename("jumlah_kegiatan")).fillna({"jumlah_kegiatan": 0})
    agg["jumlah_kegiatan"] = agg["jumlah_kegiatan"].astype("int64")
    agg["persen_tercakup"] = (100.0 * agg["desa_tercakup"] / agg["desa_total"]).round(1)
    agg["hari_sejak_kunjungan"] = (pd.Timestamp(end) - agg["kunjungan_terakhir"]).dt.days.astype(
        "Int64"
    )
    agg["kunjungan_terakhir"] = agg["kunjungan_terakhir"].dt.date
    merged = outline[["kode", "nama", "geometry"]].merge(
        agg, left_on="kode", right_index=True, how="left"
    )
    return gpd.GeoDataFrame(merged[KABUPATEN_COLUMNS], geometry="geometry", crs=outline.crs)


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


def _mask(condition: pd.Series) -> np.ndarray:
    """A comparison as a plain boolean array (missing counts as false)."""
    return np.asarray(condition.fillna(False), dtype=bool)


def _require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"Tabel {what}: kolom wajib tidak ada: {', '.join(missing)}")
