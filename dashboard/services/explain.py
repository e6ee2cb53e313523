"""Why a desa is or is not covered — a string key plus values, translated by the page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd


def explain_status(row: pd.Series, *, start: date, end: date) -> tuple[str, dict[str, Any]]:
    """``(strings key, format values)`` explaining the desa's ``status_cakupan``."""
    status = row.get("status_cakupan")
    last = row.get("kunjungan_terakhir")
    fmt = {"mulai": _d(start), "akhir": _d(end)}
    if status == "tercakup":
        return "alasan.tercakup", {
            **fmt,
            "terakhir": _d(last),
            "kegiatan": int(row.get("jumlah_kegiatan", 0) or 0),
        }
    if status == "kedaluwarsa":
        return "alasan.kedaluwarsa", {**fmt, "terakhir": _d(last)}
    if status == "belum":
        return "alasan.belum", fmt
    return "alasan.tidak_ada_data", fmt


def _d(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "-"
    return pd.Timestamp(str(value)).strftime("%d/%m/%Y")
