"""Charts and orderings on plotly figure objects: month names, axes from 0, gap first."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.services.charts import kecamatan_bar, trend_chart
from dashboard.services.public_tables import by_gap
from dashboard.strings import MONTHS, month_label

ENGLISH_MONTHS = ("January", "February", "March", "May", "June", "July", "August", "October",
                  "December")  # fmt: skip
"""The English names that differ from the Indonesian ones (April, September, November agree)."""


@pytest.mark.parametrize(
    ("value", "lang", "short", "expected"),
    [
        ("2026-05", "id", False, "Mei 2026"),
        ("2026-08", "id", True, "Agu 2026"),
        (date(2025, 12, 1), "id", False, "Desember 2025"),
        (pd.Timestamp("2026-10-31"), "id", True, "Okt 2026"),
        (pd.Period("2026-05", freq="M"), "en", False, "May 2026"),
        ("2026-05", "xx", False, "Mei 2026"),  # unknown language falls back to Indonesian
    ],
)
def test_month_label(value: object, lang: str, short: bool, expected: str) -> None:
    assert month_label(value, lang, short=short) == expected


def test_indonesian_month_names_never_english() -> None:
    labels = {month_label(f"2026-{m:02d}", "id") for m in range(1, 13)}
    assert len(labels) == 12
    assert not any(word in label for label in labels for word in ENGLISH_MONTHS)
    assert len(MONTHS["id"]) == len(MONTHS["en"]) == 12


def test_bad_month_is_refused() -> None:
    with pytest.raises(ValueError, match="bulan"):
        month_label("2026-13", "id")


def _trend() -> pd.DataFrame:
    # one active month between two empty ones: plotly's autorange padded the line below 0
    return pd.DataFrame({"bulan": ["2026-04", "2026-05", "2026-06"], "kegiatan": [0, 3, 0],
                         "peserta": [0, 120, 0], "desa_baru": [0, 2, 0]})  # fmt: skip


def test_trend_chart_uses_indonesian_months_and_axes_from_zero() -> None:
    fig = trend_chart(_trend(), "id")
    for trace in fig.data:
        assert list(trace.x) == ["Apr 2026", "Mei 2026", "Jun 2026"]
    assert fig.layout.xaxis.type == "category"
    assert fig.layout.yaxis.rangemode == "nonnegative"
    assert fig.layout.yaxis2.rangemode == "nonnegative"
    english = trend_chart(_trend(), "en")
    assert list(english.data[0].x) == ["Apr 2026", "May 2026", "Jun 2026"]


def _kec() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode": ["01", "02", "03", "04", "05"],
            "nama": ["Boking", "Amanatun Selatan", "Kota Soe", "Kolbano", "Toianas"],
            "desa_tercakup": [0, 0, 5, 1, 0],
            "desa_total": [7, 13, 10, 10, 9],
            "persen_tercakup": [0.0, 0.0, 50.0, 10.0, 0.0],
        }
    )


def test_by_gap_lowest_share_then_most_desa_not_reached_first() -> None:
    kec = _kec()
    before = kec.copy()
    ordered = by_gap(kec)
    pd.testing.assert_frame_equal(kec, before)
    # 0 % kecamatan first, the one with 13 unreached desa before 9 and 7; then 10 %, 50 %
    assert ordered["nama"].tolist() == [
        "Amanatun Selatan", "Toianas", "Boking", "Kolbano", "Kota Soe",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="desa_total"):
        by_gap(kec.drop(columns=["desa_total"]))


def test_kecamatan_chart_puts_the_biggest_gap_at_the_top() -> None:
    fig = kecamatan_bar(_kec(), "id")
    bars = fig.data[0]
    assert list(bars.y) == by_gap(_kec())["nama"].tolist()
    # plotly draws the first category at the bottom unless the axis is reversed
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(fig.layout.yaxis.categoryarray) == list(bars.y)
