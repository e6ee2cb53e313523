"""Status colours stay apart in greyscale, washed out on a projector and for colour-vision
deficiencies; the checks themselves are verified on colours with known answers."""

from __future__ import annotations

import pytest

from dashboard.services.colours import (
    CVD_MATRICES,
    contrast_ratio,
    delta_e,
    hex_to_rgb,
    palette_report,
    relative_luminance,
    simulate_cvd,
    wash_out,
)
from dashboard.services.measures import MEASURES

# Thresholds: the old palette (lapsed = light shade of the covered blue, covered and never
# reached at nearly equal lightness) fails them; the current one passes.
MIN_CONTRAST = 2.5  # WCAG ratio between any two status classes (greyscale print)
MIN_CONTRAST_WASHED = 1.6  # after blending 40 % with white (projector in a lit room)
MIN_DE_CVD = 25.0  # CIE76 ΔE under protan/deutan/tritan simulation
MIN_DE_CVD_WASHED = 15.0
OLD_STATUS = {"tercakup": "#0072B2", "kedaluwarsa": "#56B4E9", "belum": "#D55E00"}


def _status_palette() -> dict[str, str]:
    return {c.id: c.colour for c in MEASURES["status_cakupan"].classes}


def _failures(palette: dict[str, str]) -> list[str]:
    bad = []
    for row in palette_report(palette):
        pair = f"{row['a']}/{row['b']}"
        for key, limit in (("kontras", MIN_CONTRAST), ("kontras_pudar", MIN_CONTRAST_WASHED),
                           ("de_cvd", MIN_DE_CVD), ("de_cvd_pudar", MIN_DE_CVD_WASHED)):  # fmt: skip
            if float(row[key]) < limit:
                bad.append(f"{pair} {key}={float(row[key]):.2f} < {limit}")
    return bad


def test_status_classes_are_distinct_in_grey_washed_out_and_for_colour_blindness() -> None:
    palette = _status_palette()
    assert set(palette) == {"belum", "kedaluwarsa", "tercakup"}
    assert _failures(palette) == []


def test_lapsed_is_not_a_shade_of_covered() -> None:
    palette = _status_palette()
    lapsed, covered = hex_to_rgb(palette["kedaluwarsa"]), hex_to_rgb(palette["tercakup"])
    assert contrast_ratio(wash_out(lapsed), wash_out(covered)) >= 2.5
    assert delta_e(lapsed, covered) >= 60


def test_the_check_rejects_the_old_palette() -> None:
    failures = _failures(OLD_STATUS)
    assert any(f.startswith("tercakup/belum kontras=") for f in failures)
    assert any("tercakup/kedaluwarsa kontras_pudar" in f for f in failures)


def test_known_values() -> None:
    assert relative_luminance((0, 0, 0)) == 0.0
    assert relative_luminance((255, 255, 255)) == pytest.approx(1.0)
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((10, 20, 30), (10, 20, 30)) == pytest.approx(1.0)
    assert contrast_ratio((0, 0, 0), (119, 119, 119)) == contrast_ratio((119, 119, 119), (0, 0, 0))
    assert wash_out((0, 0, 0)) == pytest.approx((102.0, 102.0, 102.0))
    assert wash_out((255, 255, 255)) == pytest.approx((255.0, 255.0, 255.0))
    assert delta_e((0, 0, 0), (255, 255, 255)) == pytest.approx(100.0, abs=0.1)
    assert hex_to_rgb("#D55E00") == (213, 94, 0)
    with pytest.raises(ValueError, match="#RRGGBB"):
        hex_to_rgb("#12")


def test_colour_blind_simulation_keeps_greys_and_merges_red_green() -> None:
    for kind in CVD_MATRICES:
        assert simulate_cvd((128, 128, 128), kind) == pytest.approx((128, 128, 128), abs=1.5)
    red, green = (200, 60, 60), (110, 110, 40)
    assert delta_e(red, green) > 40
    assert delta_e(simulate_cvd(red, "deutan"), simulate_cvd(green, "deutan")) < 20
    with pytest.raises(ValueError, match="buta warna"):
        simulate_cvd(red, "x")
