"""The one suppression of a `rapat` view: 0 reads 0, 1..4 reads "<5", and no hidden cell
can be solved from everything the view publishes (desa cells, kecamatan and kabupaten
totals, headline, the Tren months)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.services.measures import format_count
from dashboard.services.suppression import (
    MEASURES,
    ROLE_PARTS,
    monthly_participants,
    plotted,
    public_figures,
)
from etl._privacy_core import PRIMARY, SECONDARY, VISIBLE
from etl.privacy_audit import WIDE, WITHHELD

Equation = list[tuple[int, int]]


def desa_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Desa rows (kode, kecamatan_kode, the four role parts, laporan, status); peserta is
    the sum of the parts."""
    frame = pd.DataFrame(rows)
    frame["peserta"] = frame[list(ROLE_PARTS)].sum(axis=1)
    if "status_cakupan" not in frame:
        frame["status_cakupan"] = np.where(frame["peserta"] > 0, "tercakup", "belum")
    return frame


def row(kode: str, kec: str, kl: int, rt: int, tk: int, wg: int, lap: int) -> dict[str, object]:
    return {
        "kode": kode,
        "kecamatan_kode": kec,
        "peserta_kades_lurah": kl,
        "peserta_rt_rw": rt,
        "peserta_tokoh": tk,
        "peserta_warga": wg,
        "laporan": lap,
    }


# --- an independent exact check: can a hidden cell take another whole value? ---------


def _tighten(lo: list[int], hi: list[int], eqs: list[Equation]) -> bool:
    """Bounds propagation to a fixed point; False when the system has no solution."""
    changed = True
    while changed:
        changed = False
        for eq in eqs:
            for c, a in eq:
                rest_lo = sum(b * (lo[x] if b > 0 else hi[x]) for x, b in eq if x != c)
                rest_hi = sum(b * (hi[x] if b > 0 else lo[x]) for x, b in eq if x != c)
                # a * x_c = -rest, a is +1 or -1
                new_lo, new_hi = (-rest_hi, -rest_lo) if a > 0 else (rest_lo, rest_hi)
                if new_lo > lo[c]:
                    lo[c], changed = new_lo, True
                if new_hi < hi[c]:
                    hi[c], changed = new_hi, True
                if lo[c] > hi[c]:
                    return False
    return True


def _solvable(lo: list[int], hi: list[int], eqs: list[Equation]) -> bool:
    """Is there a whole-number solution within the bounds? (propagate, then branch)"""
    lo, hi = list(lo), list(hi)
    if not _tighten(lo, hi, eqs):
        return False
    open_cells = [c for c in range(len(lo)) if lo[c] < hi[c]]
    if not open_cells:
        return all(sum(a * lo[c] for c, a in eq) == 0 for eq in eqs)
    c = min(open_cells, key=lambda x: hi[x] - lo[x])
    middle = (lo[c] + hi[c]) // 2
    return _solvable(lo, [*hi[:c], middle, *hi[c + 1 :]], eqs) or _solvable(
        [*lo[:c], middle + 1, *lo[c + 1 :]], hi, eqs
    )


def solvable_cells(values: np.ndarray, status: np.ndarray, eqs: list[Equation]) -> list[int]:
    """Hidden cells left with ONE possible value, given all published numbers: visible
    cells exact, "<5" = 1..4, a complement >= 5, a widened total >= 1, a withheld month
    >= 0. Hidden cells are searched up to twice the largest figure plus 10: a smaller
    search space can only make more cells look solvable, never fewer."""
    top = 2 * max(4, int(values.max()) if values.size else 0) + 10
    lo, hi = [], []
    for v, s in zip(values.tolist(), status.tolist(), strict=True):
        bounds = {
            VISIBLE: (v, v),
            PRIMARY: (1, 4),
            SECONDARY: (5, top),
            WIDE: (1, top),
            WITHHELD: (0, top),
        }[s]
        lo.append(bounds[0])
        hi.append(bounds[1])
    found = []
    for c in np.flatnonzero(status != VISIBLE).tolist():
        v = int(values[c])
        below = _solvable(lo, [*hi[:c], v - 1, *hi[c + 1 :]], eqs)
        if not below and not _solvable([*lo[:c], v + 1, *lo[c + 1 :]], hi, eqs):
            found.append(c)
    return found


def view_with_months(
    desa: pd.DataFrame, months: list[int], kec: str
) -> tuple[np.ndarray, np.ndarray, list[Equation]]:
    """The whole view as one system: the desa/kecamatan/kabupaten figures plus the Tren
    months of kecamatan `kec`, whose sum is that kecamatan's participants."""
    figures = public_figures(desa)
    system = figures.system
    trend = pd.DataFrame({"bulan": [f"2026-{i + 1:02d}" for i in range(len(months))]})
    trend["peserta"] = months
    shown, month_system = monthly_participants(trend, figures.headline((kec,))["peserta"])
    n = len(system.labels)
    total = system.labels.index(("kecamatan", kec, "peserta"))
    values = np.concatenate([system.values, month_system.values[:-1]])
    status = np.concatenate([system.status, month_system.status[:-1]])
    eqs = list(system.equations)
    eqs.append([*((n + i, 1) for i in range(len(months))), (total, -1)])
    # what is drawn matches the status: a hidden month is a gap, never its number
    for text, v, s in zip(shown, months, month_system.status[:-1], strict=True):
        assert text == (str(v) if s == VISIBLE else "<5" if s == PRIMARY else "x")
    # the month status bounds the reader assumes are the true ones
    assert all(v > 0 for v, s in zip(months, month_system.status[:-1], strict=True) if s == WIDE)
    return values, status, eqs


small = st.integers(0, 9).map(lambda v: v if v < 6 else v - 5)  # mostly 0..4


@st.composite
def small_views(draw: st.DrawFn) -> tuple[pd.DataFrame, list[int], str]:
    rows = []
    for k in range(draw(st.integers(1, 3))):
        for d in range(draw(st.integers(1, 3))):
            parts = [draw(small) for _ in range(4)]
            rows.append(row(f"K{k}.D{d}", f"K{k}", *parts, draw(small)))
    desa = desa_frame(rows)
    total = int(desa.loc[desa["kecamatan_kode"] == "K0", "peserta"].sum())
    n_months = draw(st.integers(1, 3))
    cuts = sorted(
        draw(st.lists(st.integers(0, total), min_size=n_months - 1, max_size=n_months - 1))
    )
    months = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    return desa, months, "K0"


@settings(max_examples=60)
@given(small_views())
def test_no_hidden_cell_is_recoverable_from_everything_a_view_publishes(
    view: tuple[pd.DataFrame, list[int], str],
) -> None:
    desa, months, kec = view
    values, status, eqs = view_with_months(desa, months, kec)
    assert all(sum(a * int(values[c]) for c, a in eq) == 0 for eq in eqs)  # true system
    assert not ((values > 0) & (values < 5) & (status == VISIBLE)).any()  # no raw 1..4
    assert solvable_cells(values, status, eqs) == [], desa.to_dict("list")


def test_pin_from_bounds_across_many_equations_is_found() -> None:
    """The view hypothesis found (seed 227428714363376286662402748643992591517) where
    bounds combined across several equations pinned hidden cells that echelon form plus
    interval propagation missed; the exact audit (integer program) must protect it."""
    parts = [(2, 4, 1, 0, 1), (4, 1, 4, 5, 3), (3, 4, 1, 3, 3), (3, 4, 4, 3, 2), (5, 3, 1, 1, 4)]
    kodes = [("K0.D0", "K0"), ("K0.D1", "K0"), ("K1.D0", "K1"), ("K1.D1", "K1"), ("K2.D0", "K2")]
    desa = desa_frame([row(k, kec, *p) for (k, kec), p in zip(kodes, parts, strict=True)])
    values, status, eqs = view_with_months(desa, [21], "K0")
    assert solvable_cells(values, status, eqs) == []


def test_zero_reads_zero_and_one_to_four_reads_less_than_five() -> None:
    desa = desa_frame([row("A", "K", 0, 0, 0, 0, 0), row("B", "K", 2, 30, 40, 50, 9),
                       row("C", "K", 8, 30, 40, 50, 9)])  # fmt: skip
    figures = public_figures(desa)
    assert (figures.desa.loc["A"] == "0").all()  # never reached: the gap stays visible
    assert figures.desa.loc["B", "peserta_kades_lurah"] == "<5"
    assert format_count(0, meeting_mode=True) == "0"
    assert format_count(4, meeting_mode=True) == "<5"


def test_kecamatan_total_next_to_one_small_desa_gets_a_complement() -> None:
    """The attack of the issue: a kecamatan headline of 428 with visible desa summing to
    424. The "<5" desa must not be the only hidden part of that total."""
    desa = desa_frame([row("A", "K", 0, 0, 0, 4, 0), row("B", "K", 0, 0, 0, 200, 0),
                       row("C", "K", 0, 0, 0, 224, 0)])  # fmt: skip
    figures = public_figures(desa)
    assert figures.headline(("K",))["peserta"] == "428"
    shown = figures.desa["peserta"]
    assert shown["A"] == "<5"
    assert (shown[["B", "C"]] == "x").any()  # a complement keeps 4 unsolvable
    s = figures.system
    assert solvable_cells(s.values, s.status, s.equations) == []


def test_five_single_reports_under_a_total_of_five_are_not_all_one() -> None:
    """Five "<5" desa under a kecamatan total of 5: each would be 1. The total may not
    keep both its value and its small parts."""
    desa = desa_frame(
        [row(f"D{i}", "K", 0, 0, 0, 0, 1) for i in range(5)] + [row("E", "L", 0, 0, 0, 0, 20)]
    )
    figures = public_figures(desa)
    assert figures.kecamatan.at["K", "laporan"] != "5"
    s = figures.system
    assert solvable_cells(s.values, s.status, s.equations) == []


def test_months_cannot_give_away_a_hidden_total_or_each_other() -> None:
    trend = pd.DataFrame({"bulan": ["2026-01", "2026-02", "2026-03"], "peserta": [2, 0, 40]})
    shown, _ = monthly_participants(trend, "42")
    assert shown.tolist() == ["<5", "0", "x"]  # 42 - 40 would give 2 away
    assert plotted(shown).isna().tolist() == [True, False, True]
    hidden_total, _ = monthly_participants(trend, "x")
    assert hidden_total.tolist() == ["x", "0", "x"]  # "<5" would cap the hidden total
    four_four = pd.DataFrame({"bulan": ["2026-01", "2026-02"], "peserta": [4, 4]})
    assert monthly_participants(four_four, "8")[0].tolist() == ["x", "x"]


def test_headline_over_several_kecamatan_hides_a_sum_with_a_hidden_part() -> None:
    desa = desa_frame([row("A", "K", 0, 0, 0, 3, 0), row("B", "N", 0, 0, 0, 7, 0),
                       row("C", "L", 0, 0, 0, 50, 0), row("D", "M", 0, 0, 0, 60, 0)])  # fmt: skip
    figures = public_figures(desa)
    kec = figures.kecamatan["peserta"]
    assert kec.tolist() == ["<5", "50", "60", "x"]  # K, L, M, N: N complements K
    assert figures.headline(())["peserta"] == "120"
    assert figures.headline(("L", "M"))["peserta"] == "110"
    assert figures.headline(("K", "L"))["peserta"] == "x"  # 53 - 50 would give K away
    assert set(figures.headline(()).keys()) == set(MEASURES)


def test_every_display_is_zero_small_hidden_or_at_least_five() -> None:
    desa = desa_frame([row(f"D{i}", f"K{i % 2}", i % 5, i, 2 * i, 3, i % 3) for i in range(8)])
    figures = public_figures(desa)
    cells = pd.concat([figures.desa.stack(), figures.kecamatan.stack(), figures.kabupaten])
    for text in cells:
        assert text in ("0", "<5", "x") or (text.isdigit() and int(text) >= 5), text
    assert not math.isnan(len(cells))
