"""Collision-free placement of kecamatan names on the map (pure; no streamlit import).

Why: 32 names at their kecamatan's inner point overlap on a 1024 px projector. For every
zoom level the map can take (quarter steps, Leaflet's ``zoomSnap``) this decides, greedily
in priority order, which names are shown and whether in full or abbreviated ("Amanuban
Sel."): a name is drawn only if its box (text width estimated generously from Arial Bold
advance widths, plus the white halo) does not touch a box already placed. What does not
fit is left out at that zoom and appears when the room zooms in.

The browser shows, at zoom ``z``, the placement computed for the level ``floor(4 z) / 4``:
zooming in only moves points apart (boxes keep their pixel size), so a placement that is
free of collisions at its level stays free between levels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Advance widths of Arial Bold / Helvetica-Bold (1/1000 em); Liberation Sans has the same.
_GROUPS = (
    ("ABCDHKNRUX", 722), ("EPSVY", 667), ("FLTZ", 611), ("GOQ", 778), ("I", 278), ("J", 556),
    ("M", 833), ("W", 944), ("acekosvxy", 556), ("bdghnopqu", 611), ("fjilt", 278),
    ("m", 889), ("r", 389), ("w", 778), ("z", 500), (" ./'’", 278), ("-()", 333),
    ("0123456789", 556),
)  # fmt: skip
_WIDTHS = {ch: width for chars, width in _GROUPS for ch in chars}
_WIDTHS.update({"f": 333, "t": 333})
_DEFAULT_WIDTH = 778
SAFETY = 1.08  # estimate wider than the real text
HALO = 3  # px of white text-shadow on each side
ABBREVIATIONS = {
    "Selatan": "Sel.", "Utara": "Ut.", "Timur": "Tim.", "Barat": "Bar.", "Tengah": "Teng.",
}  # fmt: skip
MIN_ZOOM, MAX_ZOOM, ZOOM_STEP = 6.0, 14.0, 0.25


@dataclass(frozen=True)
class LabelBox:
    """One way of writing a label: its text and its box in CSS pixels."""

    text: str
    width: int
    height: int


@dataclass(frozen=True)
class Placement:
    """Label variants (index 0 full, 1 abbreviated if different) and, per zoom level
    ``MIN_ZOOM + k * ZOOM_STEP``, the ``(label, variant)`` pairs shown at that level."""

    variants: list[list[LabelBox]]
    levels: list[list[tuple[int, int]]]
    min_zoom: float = MIN_ZOOM
    step: float = ZOOM_STEP


def text_width(text: str, font_px: float) -> float:
    """Estimated rendered width (px) of ``text`` in bold Arial at ``font_px``."""
    units = sum(_WIDTHS.get(ch, _DEFAULT_WIDTH) for ch in text)
    return units / 1000.0 * font_px * SAFETY


def label_box(text: str, font_px: float) -> LabelBox:
    """The box a label needs: estimated text width and line height, plus the halo."""
    width = math.ceil(text_width(text, font_px)) + 2 * HALO
    height = math.ceil(font_px * 1.25) + 2 * HALO
    return LabelBox(text, width, height)


def abbreviate(name: str) -> str:
    """Shorter form of a kecamatan name: compass words abbreviated ("Mollo Utara" ->
    "Mollo Ut."); names without such words come back unchanged."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in name.split(" "))


def world_pixels(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator pixel position at zoom 0 (256 px world), as Leaflet computes it."""
    lat = max(min(lat, 85.0511287798), -85.0511287798)
    x = 256.0 * (lon + 180.0) / 360.0
    s = math.sin(math.radians(lat))
    y = 256.0 * (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi))
    return x, y


def place_labels(
    points: Sequence[tuple[float, float]],
    names: Sequence[str],
    *,
    font_px: float,
    min_zoom: float = MIN_ZOOM,
    max_zoom: float = MAX_ZOOM,
    step: float = ZOOM_STEP,
    gap_px: float = 2.0,
) -> Placement:
    """Place ``names`` at ``points`` (``(lat, lon)``), earlier names first (the caller
    orders them by priority), without any two boxes closer than ``gap_px`` at any zoom
    level from ``min_zoom`` to ``max_zoom``."""
    if len(points) != len(names):
        raise ValueError("jumlah titik dan nama label harus sama")
    if step <= 0 or max_zoom < min_zoom:
        raise ValueError("rentang zoom label tidak sah")
    variants = []
    for name in names:
        full = label_box(name, font_px)
        short = abbreviate(name)
        variants.append([full] if short == name else [full, label_box(short, font_px)])
    world = [world_pixels(lat, lon) for lat, lon in points]
    levels = []
    for k in range(round((max_zoom - min_zoom) / step) + 1):
        scale = 2.0 ** (min_zoom + k * step)
        placed: list[tuple[float, float, float, float]] = []
        shown: list[tuple[int, int]] = []
        for i, (wx, wy) in enumerate(world):
            cx, cy = wx * scale, wy * scale
            for v, box in enumerate(variants[i]):
                rect = (cx - box.width / 2, cy - box.height / 2,
                        cx + box.width / 2, cy + box.height / 2)  # fmt: skip
                if not any(_touch(rect, other, gap_px) for other in placed):
                    placed.append(rect)
                    shown.append((i, v))
                    break
        levels.append(shown)
    return Placement(variants, levels, min_zoom, step)


def overlapping_pairs(rects: Sequence[tuple[float, float, float, float]]) -> int:
    """How many pairs of ``(left, top, right, bottom)`` boxes intersect (for checks)."""
    return sum(_touch(a, b, 0.0) for i, a in enumerate(rects) for b in rects[i + 1 :])


def _touch(a: tuple[float, ...], b: tuple[float, ...], gap: float) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap
