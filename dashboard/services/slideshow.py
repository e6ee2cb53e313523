"""Meeting-mode slideshow (pure): the steps (the whole kabupaten, then each kecamatan)
and the texts every slide carries."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.strings import t

ALL = ""


def slides(kecamatan: pd.DataFrame) -> list[str]:
    """Slide keys: ``""`` for the whole kabupaten, then kecamatan codes in code order."""
    return [ALL, *sorted(str(k) for k in kecamatan["kode"])]


def step(current: str, keys: list[str], delta: int) -> str:
    """The slide ``delta`` steps from ``current`` (wrapping around)."""
    if not keys:
        return ALL
    index = keys.index(current) if current in keys else 0
    return keys[(index + delta) % len(keys)]


def period_text(start: date, end: date, per_tanggal: date, lang: str) -> str:
    """The line every slide carries: which period the figures cover and the date the data
    is as of (the ETL's ``per_tanggal``)."""
    fmt = t("fmt.date", lang)
    return t(
        "rapat.periode", lang, mulai=start.strftime(fmt), akhir=end.strftime(fmt),
        per_tanggal=per_tanggal.strftime(fmt),
    )  # fmt: skip


def name_list(names: list[str], lang: str, *, limit: int = 30) -> str:
    """Names joined with commas; past ``limit`` the rest is counted ("… +4"); none reads
    "tidak ada"."""
    if not names:
        return t("rapat.tidak_ada", lang)
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} … +{len(names) - limit}"


def padded(
    bounds: tuple[float, float, float, float], fraction: float = 0.12
) -> tuple[float, float, float, float]:
    """``(minx, miny, maxx, maxy)`` grown by ``fraction`` of its size on every side, so a
    kecamatan slide shows the outline with some of its neighbours around it."""
    minx, miny, maxx, maxy = bounds
    dx, dy = (maxx - minx) * fraction, (maxy - miny) * fraction
    return minx - dx, miny - dy, maxx + dx, maxy + dy
