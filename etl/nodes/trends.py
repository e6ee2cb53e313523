"""Trends over time and the history of one desa (pure functions)."""

from __future__ import annotations

from datetime import date

import pandas as pd

CHANGE_NEW = "baru_tercakup"
CHANGE_KEPT = "tetap_tercakup"
CHANGE_LAPSED = "lepas"
CHANGE_NONE = "tidak_tercakup"


def monthly_trend(attendance: pd.DataFrame, *, start: date, end: date) -> pd.DataFrame:
    """Per month in ``[start, end]``: sessions, participants and newly reached desa.

    A desa is *newly reached* in the month of its first-ever session (history before
    ``start`` counts, so a village reached in 2024 is not "new" again in 2026).
    Months without activity are present with zeros.
    """
    _require(attendance, ["id_kegiatan", "desa_kode", "jumlah", "tanggal"])
    att = attendance[attendance["desa_kode"].notna() & (attendance["jumlah"] > 0)]
    att = att.assign(tanggal=pd.to_datetime(att["tanggal"]))
    att = att[att["tanggal"] <= pd.Timestamp(end)]
    months = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq="M")
    first = att.groupby("desa_kode")["tanggal"].min().dt.to_period("M")
    in_range = att[att["tanggal"] >= pd.Timestamp(start)]
    month = in_range["tanggal"].dt.to_period("M")
    frame = pd.DataFrame(
        {
            "kegiatan": in_range.groupby(month)["id_kegiatan"].nunique(),
            "peserta": in_range.groupby(month)["jumlah"].sum(),
            "desa_baru": first.value_counts(),
        }
    ).reindex(months, fill_value=0)
    frame = frame.fillna(0).astype("int64")
    frame.index = frame.index.astype(str)
    return frame.rename_axis("bulan").reset_index()


def compare_periods(
    desa_kode: pd.Series, attendance: pd.DataFrame, *, start: date, end: date
) -> pd.DataFrame:
    """Each desa's reach in ``[start, end]`` against the previous period of equal length.

    ``perubahan``: ``baru_tercakup`` (reached now, not before), ``tetap_tercakup`` (both),
    ``lepas`` (reached before, not now), ``tidak_tercakup`` (neither).
    """
    _require(attendance, ["desa_kode", "jumlah", "tanggal"])
    length = pd.Timestamp(end) - pd.Timestamp(start)
    prev_end = pd.Timestamp(start) - pd.Timedelta(days=1)
    prev_start = prev_end - length
    att = attendance[attendance["desa_kode"].notna() & (attendance["jumlah"] > 0)]
    dates = pd.to_datetime(att["tanggal"])
    now = set(att.loc[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end)), "desa_kode"])
    before = set(att.loc[(dates >= prev_start) & (dates <= prev_end), "desa_kode"])
    in_now = desa_kode.isin(list(now))
    in_before = desa_kode.isin(list(before))
    change = pd.Series(CHANGE_NONE, index=desa_kode.index)
    change[in_now & ~in_before] = CHANGE_NEW
    change[in_now & in_before] = CHANGE_KEPT
    change[~in_now & in_before] = CHANGE_LAPSED
    return pd.DataFrame(
        {
            "kode": desa_kode.to_numpy(),
            "perubahan": change.to_numpy(),
            "periode_lalu_mulai": prev_start.date(),
            "periode_lalu_akhir": prev_end.date(),
        }
    )


def desa_history(attendance: pd.DataFrame, kegiatan: pd.DataFrame, kode: str) -> pd.DataFrame:
    """Sessions that reached one desa, newest first: date, session id, venue, roles
    (with counts) and participants from this desa."""
    _require(attendance, ["id_kegiatan", "desa_kode", "peran", "jumlah", "tanggal"])
    rows = attendance[(attendance["desa_kode"] == kode) & (attendance["jumlah"] > 0)]
    if rows.empty:
        return pd.DataFrame(columns=["tanggal", "id_kegiatan", "tempat", "peran", "peserta"])
    roles = (
        rows.groupby(["id_kegiatan", "peran"])["jumlah"].sum().reset_index()
        .assign(label=lambda f: f["peran"].astype(str) + " (" + f["jumlah"].astype(str) + ")")
        .groupby("id_kegiatan")["label"].agg(", ".join)
    )  # fmt: skip
    summary = rows.groupby("id_kegiatan").agg(tanggal=("tanggal", "min"), peserta=("jumlah", "sum"))
    summary = summary.join(roles.rename("peran"))
    venue_cols = [c for c in ("id_kegiatan", "desa", "kecamatan") if c in kegiatan.columns]
    venues = kegiatan[venue_cols].drop_duplicates("id_kegiatan").set_index("id_kegiatan")
    tempat = venues["desa"].astype(str) if "desa" in venues else pd.Series(dtype=str)
    summary = summary.join(tempat.rename("tempat"))
    summary["tanggal"] = pd.to_datetime(summary["tanggal"]).dt.date
    out = summary.reset_index().sort_values(["tanggal", "id_kegiatan"], ascending=[False, True])
    return out[["tanggal", "id_kegiatan", "tempat", "peran", "peserta"]].reset_index(drop=True)


def _require(frame: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"Kolom wajib tidak ada: {', '.join(missing)}")
