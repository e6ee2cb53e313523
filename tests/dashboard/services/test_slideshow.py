"""Meeting slideshow: steps, the period line every slide carries, name lists."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.services.slideshow import ALL, name_list, padded, period_text, slides, step


def test_slides_and_steps_wrap() -> None:
    keys = slides(pd.DataFrame({"kode": ["53.02.02", "53.02.01"]}))
    assert keys == [ALL, "53.02.01", "53.02.02"]
    assert step(ALL, keys, -1) == "53.02.02"
    assert step("53.02.02", keys, +1) == ALL
    assert step("tidak-ada", keys, +1) == "53.02.01"


def test_period_text_names_period_and_data_date() -> None:
    text = period_text(date(2025, 12, 1), date(2026, 11, 30), date(2026, 11, 30), "id")
    assert text == "Periode 01/12/2025 – 30/11/2026 · data per 30/11/2026"
    english = period_text(date(2025, 12, 1), date(2026, 11, 30), date(2026, 11, 30), "en")
    assert english == "Period 2025-12-01 – 2026-11-30 · data as of 2026-11-30"


def test_name_list_counts_what_is_left_out() -> None:
    assert name_list([], "id") == "tidak ada"
    assert name_list(["A", "B"], "id") == "A, B"
    assert name_list(["A", "B", "C", "D"], "id", limit=2) == "A, B … +2"


def test_padded_bounds_grow_on_every_side() -> None:
    assert padded((124.0, -10.0, 125.0, -9.0), 0.1) == pytest.approx((123.9, -10.1, 125.1, -8.9))
    assert padded((1.0, 2.0, 1.0, 2.0)) == (1.0, 2.0, 1.0, 2.0)
