"""Kecamatan label placement: no two shown labels touch at any zoom the map can take."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.services.label_layout import (
    HALO,
    MAX_ZOOM,
    MIN_ZOOM,
    SAFETY,
    abbreviate,
    label_box,
    overlapping_pairs,
    place_labels,
    text_width,
    world_pixels,
)


def _rects(placement, points, level: int, zoom: float | None = None):  # type: ignore[no-untyped-def]
    """Pixel boxes of the labels shown at `level`, drawn at `zoom` (default: the level)."""
    z = placement.min_zoom + level * placement.step if zoom is None else zoom
    out = []
    for i, v in placement.levels[level]:
        x, y = world_pixels(*points[i])
        box = placement.variants[i][v]
        cx, cy = x * 2**z, y * 2**z
        out.append(
            (cx - box.width / 2, cy - box.height / 2, cx + box.width / 2, cy + box.height / 2)
        )
    return out


def test_world_pixels_match_web_mercator() -> None:
    assert world_pixels(0.0, 0.0) == pytest.approx((128.0, 128.0))
    assert world_pixels(0.0, 180.0)[0] == pytest.approx(256.0)
    north = world_pixels(85.0511287798, 0.0)[1]
    assert north == pytest.approx(0.0, abs=1e-6)


def test_text_width_and_box_from_arial_bold_widths() -> None:
    assert text_width("I", 10) == pytest.approx(0.278 * 10 * SAFETY)
    assert text_width("MW", 10) == pytest.approx((0.833 + 0.944) * 10 * SAFETY)
    box = label_box("Soe", 16)
    expected = math.ceil((0.667 + 0.611 + 0.556) * 16 * SAFETY) + 2 * HALO
    assert (box.text, box.width, box.height) == ("Soe", expected, 20 + 2 * HALO)


def test_abbreviate_compass_words_only() -> None:
    assert abbreviate("Amanuban Selatan") == "Amanuban Sel."
    assert abbreviate("Mollo Utara") == "Mollo Ut."
    assert abbreviate("Kuatnana") == "Kuatnana"


def test_two_labels_on_one_point_never_both_shown() -> None:
    points = [(-9.8, 124.3), (-9.8, 124.3)]
    placement = place_labels(points, ["Boking", "Toianas"], font_px=16)
    assert all(level == [(0, 0)] for level in placement.levels)


def test_far_apart_labels_always_shown_in_full() -> None:
    points = [(-9.0, 123.0), (-10.5, 125.0)]
    placement = place_labels(points, ["Fatumnasi", "Kualin"], font_px=16)
    assert all(level == [(0, 0), (1, 0)] for level in placement.levels)


def test_close_labels_appear_when_zoomed_in_and_abbreviation_is_tried() -> None:
    # 0.05 degrees apart east-west: overlapping at zoom 6, apart at zoom 14
    points = [(-9.8, 124.30), (-9.8, 124.35)]
    placement = place_labels(points, ["Kota Soe", "Amanuban Selatan"], font_px=16)
    assert placement.levels[0] == [(0, 0)]
    assert placement.levels[-1] == [(0, 0), (1, 0)]
    abbreviated = [k for k, level in enumerate(placement.levels) if (1, 1) in level]
    full = [k for k, level in enumerate(placement.levels) if (1, 0) in level]
    assert abbreviated and full and max(abbreviated) < min(full)


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.floats(-10.6, -9.2), st.floats(123.9, 125.0),
                  st.sampled_from(["Soe", "Mollo Utara", "Amanatun Selatan", "KI'E", "Boking"])),
        min_size=1, max_size=25,
    )
)  # fmt: skip
def test_no_shown_labels_overlap_at_or_between_levels(
    items: list[tuple[float, float, str]],
) -> None:
    points = [(lat, lon) for lat, lon, _ in items]
    placement = place_labels(points, [n for *_, n in items], font_px=16)
    assert len(placement.levels) == round((MAX_ZOOM - MIN_ZOOM) / placement.step) + 1
    for k, level in enumerate(placement.levels):
        assert level and level[0][0] == 0  # the first (highest-priority) label is always shown
        assert len({i for i, _ in level}) == len(level)
        z = placement.min_zoom + k * placement.step
        for zoom in (z, z + placement.step / 2):
            assert overlapping_pairs(_rects(placement, points, k, zoom)) == 0


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="jumlah"):
        place_labels([(0.0, 0.0)], ["a", "b"], font_px=12)
    with pytest.raises(ValueError, match="zoom"):
        place_labels([(0.0, 0.0)], ["a"], font_px=12, step=0)
