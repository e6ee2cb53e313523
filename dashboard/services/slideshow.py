"""Meeting-mode slideshow steps (pure): the whole kabupaten, then each kecamatan."""

from __future__ import annotations

import pandas as pd

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
