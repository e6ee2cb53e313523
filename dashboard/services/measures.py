"""Map measures: fixed, meaningful classes, colours and legends (no streamlit import).

Every measure has fixed class breaks that mean something to an officer (e.g. "visited in
the last 90 days"), not quantiles that move with the data. Colours:
- status classes differ in hue AND lightness (dark navy covered, light yellow lapsed,
  mid vermillion never reached), so they stay apart in greyscale, on a washed-out
  projector and for the common colour-vision deficiencies (`colours.py` checks the
  numbers; a test holds them to thresholds);
- counts use ColorBrewer sequential ramps (YlGnBu, Blues, YlOrBr, RdPu) with big lightness
  steps between classes;
- "tidak ada data" (the desa has no row in the data) is never a colour of the ramp: a grey
  hatch with a dashed outline, so "no data" never looks like "zero reach".
In meeting mode (`meeting_mode=True`) count measures show 0, one "< 5" class for 1..4 and
a "disembunyikan" class for cells hidden as complements (the `tampil_<measure>` columns
of `dashboard.services.suppression.with_public_columns`), so the colour reveals nothing
the numbers hide (k = 5 suppression).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.strings import t

NO_DATA = "tidak_ada_data"
HATCH_FILL = "url(#ps-hatch)"
HATCH_CSS = "repeating-linear-gradient(45deg, #FFFFFF 0 3px, #8C8C8C 3px 5px)"
SUPPRESSION_K = 5

Style = Literal["solid", "hatch"]


@dataclass(frozen=True)
class MapClass:
    """One legend class: id (stored per desa), label key in `dashboard.strings`, colour."""

    id: str
    label_key: str
    colour: str
    style: Style = "solid"
    lo: float | None = None  # lower bound (inclusive) for numeric classes
    label_fmt: tuple[tuple[str, int], ...] = ()

    def label(self, lang: str) -> str:
        """The class label in `lang`."""
        return t(self.label_key, lang, **dict(self.label_fmt))


@dataclass(frozen=True)
class Measure:
    """A way of colouring the desa map."""

    key: str
    kind: Literal["categorical", "days", "count"]
    columns: tuple[str, ...]
    classes: tuple[MapClass, ...]
    meeting_classes: tuple[MapClass, ...] | None = None

    def title(self, lang: str) -> str:
        """Legend title in `lang`."""
        return t(f"legend.{self.key}", lang)

    def name(self, lang: str) -> str:
        """Measure name for selectors in `lang`."""
        return t(f"measure.{self.key}", lang)

    def active_classes(self, meeting_mode: bool) -> tuple[MapClass, ...]:
        """Classes in use (meeting mode merges small counts), "tidak ada data" last."""
        chosen = self.meeting_classes if meeting_mode and self.meeting_classes else self.classes
        return (*chosen, NO_DATA_CLASS)


NO_DATA_CLASS = MapClass(NO_DATA, "class.tidak_ada_data", "#FFFFFF", "hatch")


def _counts(key: str, edges: Sequence[int], colours: Sequence[str]) -> tuple[MapClass, ...]:
    """Count classes from lower edges, e.g. (0, 1, 5, 20, 50) -> 0, 1–4, 5–19, 20–49, ≥50."""
    out = []
    for i, (lo, colour) in enumerate(zip(edges, colours, strict=True)):
        hi = edges[i + 1] - 1 if i + 1 < len(edges) else None
        if hi is None:
            label, fmt = "class.count.atleast", (("lo", lo),)
        elif lo == hi == 0:
            label, fmt = "class.count.zero", ()
        elif lo == hi == 1:
            label, fmt = "class.count.one", ()
        else:
            label, fmt = "class.count.range", (("lo", lo), ("hi", hi))
        cid = f"{key}_ge{lo}" if hi is None else f"{key}_{lo}" if lo == hi else f"{key}_{lo}_{hi}"
        out.append(MapClass(cid, label, colour, "solid", float(lo), fmt))
    return tuple(out)


def _meeting(key: str, classes: tuple[MapClass, ...]) -> tuple[MapClass, ...]:
    """Meeting classes: 0, "< 5" (1..4), the classes from 5 up and "disembunyikan"."""
    kept = tuple(c for c in classes if c.lo is not None and c.lo >= SUPPRESSION_K)
    if not any(c.lo == SUPPRESSION_K for c in kept):
        raise ValueError(f"measure {key}: class edges must include {SUPPRESSION_K}")
    zero = MapClass(f"{key}_0", "class.count.zero", classes[0].colour, "solid", 0.0)
    small = MapClass(f"{key}_lt5", "class.count.lt5", classes[1].colour, "solid", 1.0)
    hidden = MapClass(f"{key}_x", "class.count.tersembunyi", HIDDEN_COLOUR, "solid")
    return (zero, small, *kept, hidden)


HIDDEN_COLOUR = "#7F7F7F"  # mid grey: not a step of any ramp, not the no-data hatch
_YLGNBU = ("#FFFFCC", "#A1DAB4", "#41B6C4", "#2C7FB8", "#253494")
_YLORBR = ("#FFFFD4", "#FED98E", "#FE9929", "#D95F0E", "#993404")
_RDPU = ("#FEEBE2", "#FBB4B9", "#F768A1", "#AE017E")

# Gap first: never reached, then lapsed, then covered (legend and counts in that order).
_STATUS = (
    MapClass("belum", "status.belum", "#D55E00"),  # vermillion, mid lightness: needs a visit
    MapClass("kedaluwarsa", "status.kedaluwarsa", "#F0E442"),  # Okabe-Ito yellow, light
    MapClass("tercakup", "status.tercakup", "#08306B"),  # navy, dark
)


@dataclass(frozen=True)
class PointStyle:
    """How a point symbol is drawn on the map and in the legend."""

    fill_color: str
    color: str
    weight: float
    radius: float = 0.0


# A white ring reads on every status colour (yellow "kedaluwarsa" included).
VENUE_STYLE = PointStyle("#FFFFFF", "#000000", 2.5, 5.0)
REPORT_STYLE = PointStyle("#CC79A7", "#000000", 1.5)
REPORT_LEGEND_COUNTS = (1, 5, 20)
REPORT_LEGEND_COUNTS_MEETING = (5, 10, 20)
_HARI = (
    MapClass("hari_le90", "class.hari.le90", "#08519C", lo=0.0),
    MapClass("hari_91_180", "class.hari.91_180", "#3182BD", lo=91.0),
    MapClass("hari_181_365", "class.hari.181_365", "#9ECAE1", lo=181.0),
    MapClass("hari_gt365", "class.hari.gt365", "#DEEBF7", lo=366.0),
    MapClass("belum_pernah", "class.hari.belum_pernah", "#D55E00"),
)
_PESERTA = _counts("peserta", (0, 1, 5, 20, 50), _YLGNBU)
_PEMIMPIN = _counts("pemimpin", (0, 1, 2, 5, 10), _YLGNBU)
_LAPORAN = _counts("laporan", (0, 1, 2, 5, 10), _YLORBR)
_LTC = _counts("laporan_tanpa_cakupan", (0, 1, 2, 5), _RDPU)

MEASURES: dict[str, Measure] = {
    "status_cakupan": Measure("status_cakupan", "categorical", ("status_cakupan",), _STATUS),
    "hari_sejak_kunjungan": Measure(
        "hari_sejak_kunjungan", "days", ("hari_sejak_kunjungan", "status_cakupan"), _HARI
    ),
    "peserta": Measure("peserta", "count", ("peserta",), _PESERTA, _meeting("peserta", _PESERTA)),
    "pemimpin": Measure(
        "pemimpin",
        "count",
        ("peserta_kades_lurah", "peserta_rt_rw"),
        _PEMIMPIN,
        _meeting("pemimpin", _PEMIMPIN),
    ),
    "laporan": Measure("laporan", "count", ("laporan",), _LAPORAN, _meeting("laporan", _LAPORAN)),
    "laporan_tanpa_cakupan": Measure(
        "laporan_tanpa_cakupan",
        "count",
        ("laporan_tanpa_cakupan",),
        _LTC,
        _meeting("laporan_tanpa_cakupan", _LTC),
    ),
}


def get_measure(measure: str | Measure) -> Measure:
    """Resolve a measure key (or pass a `Measure` through); unknown keys raise ValueError."""
    if isinstance(measure, Measure):
        return measure
    if measure not in MEASURES:
        raise ValueError(f"ukuran peta tidak dikenal: {measure!r} (pilihan: {sorted(MEASURES)})")
    return MEASURES[measure]


def measure_values(desa: pd.DataFrame, measure: str | Measure) -> pd.Series:
    """The raw numeric value of a count/days measure per desa (NaN = no data)."""
    m = get_measure(measure)
    _require(desa, m)
    if m.kind == "categorical":
        raise ValueError(f"ukuran {m.key} bukan angka")
    if m.key == "pemimpin":
        parts = desa[list(m.columns)].apply(pd.to_numeric, errors="coerce")
        return parts.sum(axis=1, min_count=1).astype("float64").rename(m.key)
    values = pd.to_numeric(desa[m.columns[0]], errors="coerce").astype("float64")
    return values.rename(m.key)


def classify(
    desa: pd.DataFrame, measure: str | Measure, *, meeting_mode: bool = False
) -> pd.Series:
    """Class id per desa (same index as `desa`), e.g. "tercakup", "peserta_5_19", NO_DATA.

    "Tidak ada data" means the desa has no row in the data (status/value missing), which is
    different from zero reach: a desa with 0 participants is class "peserta_0_0".
    For days since the last visit, a desa with a status but no visit is "belum_pernah".
    Negative counts or unknown status values raise `ValueError` (they are bugs upstream).
    """
    m = get_measure(measure)
    _require(desa, m)
    if m.kind == "categorical":
        status = desa["status_cakupan"].astype("object")
        known = {c.id for c in m.classes}
        bad = sorted({str(v) for v in status.dropna() if v not in known})
        if bad:
            raise ValueError(f"status_cakupan tidak dikenal: {bad}")
        return status.where(status.notna(), NO_DATA).astype("str").rename("kelas")
    values = measure_values(desa, m)
    if (values < 0).any():
        raise ValueError(f"ukuran {m.key} berisi nilai negatif")
    classes = m.active_classes(meeting_mode)
    numeric = [c for c in classes if c.lo is not None]
    edges = np.array([c.lo for c in numeric], dtype="float64")
    ids = np.array([c.id for c in numeric], dtype=object)
    position = np.searchsorted(edges, values.fillna(0.0).to_numpy(), side="right") - 1
    result = pd.Series(ids[np.clip(position, 0, len(ids) - 1)], index=desa.index, dtype="object")
    shown = f"tampil_{m.key}"
    if meeting_mode and shown in desa.columns:  # the protected figures decide the class
        text = desa[shown].astype("str")
        result = result.where(text != "<5", f"{m.key}_lt5").where(text != "x", f"{m.key}_x")
    missing = values.isna()
    if m.kind == "days":
        has_status = desa["status_cakupan"].notna()
        result = result.where(~(missing & has_status), "belum_pernah")
        missing = missing & ~has_status
    return result.where(~missing, NO_DATA).astype("str").rename("kelas")


def class_lookup(measure: str | Measure, *, meeting_mode: bool = False) -> dict[str, MapClass]:
    """Class id -> MapClass for the classes in use."""
    m = get_measure(measure)
    return {c.id: c for c in m.active_classes(meeting_mode)}


def report_radius(count: float) -> float:
    """Circle radius (px) for a desa's report count: the AREA grows with the count
    (radius with its square root), capped so a hot spot does not hide its neighbours."""
    return min(3.0 + 3.0 * math.sqrt(max(float(count), 0.0)), 21.0)


def class_counts(
    desa: pd.DataFrame, measure: str | Measure, *, meeting_mode: bool = False
) -> dict[str, int]:
    """Number of desa per class id (every class in use, zeros included), for the legend."""
    m = get_measure(measure)
    found = classify(desa, m, meeting_mode=meeting_mode).value_counts()
    return {c.id: int(found.get(c.id, 0)) for c in m.active_classes(meeting_mode)}


def format_count(value: float | int | None, lang: str = "id", *, meeting_mode: bool = False) -> str:
    """A count as text; in meeting mode a count of 1..4 is shown as "<5" (0 stays 0: a
    never-reached desa is no disclosure risk). Meeting views take their numbers from
    `dashboard.services.suppression`; this is for a lone figure without totals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("tooltip.kosong", lang)
    number = round(float(value))
    if meeting_mode and 0 < number < SUPPRESSION_K:
        return t("suppressed", lang)
    return f"{number:,}".replace(",", "." if lang == "id" else ",")


def format_shown(text: str, lang: str = "id") -> str:
    """A protected display string ("0", "<5", "x", digits) for the UI: digits grouped
    as `format_count` does, "x" read as the "disembunyikan" label."""
    if text.isdigit():
        return format_count(int(text), lang)
    return t("tersembunyi", lang) if text == "x" else text


def _require(desa: pd.DataFrame, m: Measure) -> None:
    missing = [c for c in m.columns if c not in desa.columns]
    if missing:
        raise ValueError(f"kolom wajib untuk ukuran {m.key} tidak ada: {missing}")
