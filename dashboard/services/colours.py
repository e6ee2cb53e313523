"""Colour checks for map classes (pure; no streamlit import).

Why: a status map is read on washed-out office projectors, printed in greyscale and seen by
people with a colour-vision deficiency. The class colours must stay apart in all of these,
so the checks are numbers, not taste:

- WCAG relative luminance and contrast ratio (greyscale distinctness: a grey print keeps
  only luminance);
- wash-out: a projector in a lit room, simulated as blending each colour 40 % with white;
- colour-vision deficiency: Machado, Oliveira & Fernandes (2009) matrices at full
  severity (protan, deutan, tritan), compared by CIE76 ΔE in CIELAB.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

WASH_OUT = 0.4
CVD_MATRICES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protan": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deutan": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritan": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
_WHITE_XYZ = (0.95047, 1.0, 1.08883)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``"#D55E00"`` -> ``(213, 94, 0)``; anything else raises ValueError."""
    text = colour.strip().lstrip("#")
    if len(text) != 6:
        raise ValueError(f"warna harus #RRGGBB: {colour!r}")
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError as exc:
        raise ValueError(f"warna harus #RRGGBB: {colour!r}") from exc


def _linear(rgb: Sequence[float]) -> np.ndarray:
    c = np.asarray(rgb, dtype="float64") / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _encode(linear: np.ndarray) -> tuple[float, float, float]:
    c = np.clip(linear, 0.0, 1.0)
    srgb = np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055) * 255.0
    return float(srgb[0]), float(srgb[1]), float(srgb[2])


def relative_luminance(rgb: Sequence[float]) -> float:
    """WCAG 2 relative luminance (0 black .. 1 white) of an sRGB colour (0..255)."""
    return float(_linear(rgb) @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(a: Sequence[float], b: Sequence[float]) -> float:
    """WCAG contrast ratio (1..21) between two sRGB colours; symmetric."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def wash_out(rgb: Sequence[float], amount: float = WASH_OUT) -> tuple[float, float, float]:
    """The colour seen on a washed-out projector: blended ``amount`` with white."""
    r, g, b = (float(v) * (1.0 - amount) + 255.0 * amount for v in rgb)
    return r, g, b


def simulate_cvd(rgb: Sequence[float], kind: str) -> tuple[float, float, float]:
    """The colour as seen with a full protan, deutan or tritan deficiency (Machado 2009)."""
    if kind not in CVD_MATRICES:
        raise ValueError(f"jenis buta warna tidak dikenal: {kind!r}")
    return _encode(np.array(CVD_MATRICES[kind]) @ _linear(rgb))


def _lab(rgb: Sequence[float]) -> np.ndarray:
    lin = _linear(rgb)
    xyz = np.array(
        [
            lin @ np.array([0.4124, 0.3576, 0.1805]),
            lin @ np.array([0.2126, 0.7152, 0.0722]),
            lin @ np.array([0.0193, 0.1192, 0.9505]),
        ]
    ) / np.array(_WHITE_XYZ)
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: Sequence[float], b: Sequence[float]) -> float:
    """CIE76 colour difference (ΔE in CIELAB); about 2 is just noticeable, 20+ is obvious."""
    return float(np.linalg.norm(_lab(a) - _lab(b)))


def palette_report(colours: dict[str, str]) -> list[dict[str, float | str]]:
    """For each pair of named colours: contrast ratio as drawn and washed out, and the
    smallest ΔE over the three colour-vision deficiencies, as drawn and washed out."""
    rows: list[dict[str, float | str]] = []
    for (na, ca), (nb, cb) in itertools.combinations(colours.items(), 2):
        a, b = hex_to_rgb(ca), hex_to_rgb(cb)
        wa, wb = wash_out(a), wash_out(b)
        rows.append(
            {
                "a": na,
                "b": nb,
                "kontras": contrast_ratio(a, b),
                "kontras_pudar": contrast_ratio(wa, wb),
                "de_cvd": min(
                    delta_e(simulate_cvd(a, k), simulate_cvd(b, k)) for k in CVD_MATRICES
                ),
                "de_cvd_pudar": min(
                    delta_e(simulate_cvd(wa, k), simulate_cvd(wb, k)) for k in CVD_MATRICES
                ),
            }
        )
    return rows
