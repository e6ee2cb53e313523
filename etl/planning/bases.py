"""Where the planner's trips start by default: the area's own base.

The official list has no "capital" flag, so the starting points are a small table keyed
by kabupaten code, each a point inside the kelurahan it names (a test checks that the
data's boundaries name it so):

- one kabupaten with a base in :data:`CAPITALS`: its capital, where officers lodge for
  a run of trips (TTS: Kota Soe, Kelurahan SoE, the default since the first planner);
  Kota Kupang: the office itself, Kantor Imigrasi Kelas I TPI Kupang in Kelurahan Kayu
  Putih, Kecamatan Oebobo;
- several kabupaten (the office's working area), or one without an entry: the office
  (:data:`OFFICE_BASE`). A plan across kabupaten is made by the office for the office:
  every trip starts and ends at Kantor Imigrasi Kupang, whichever kabupaten comes first.

Any other point is chosen with ``rencana --base LAT,LON`` or on the Prioritas page.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Final

__all__ = ["CAPITALS", "OFFICE_BASE", "default_base"]

OFFICE_BASE: Final[tuple[float, float]] = (-10.1637, 123.6205)
"""Kantor Imigrasi Kupang, Kelurahan Kayu Putih (Kecamatan Oebobo, Kota Kupang), (lat, lon)."""

CAPITALS: Final[Mapping[str, tuple[float, float]]] = {
    "53.02": (-9.8652, 124.2718),  # Kota Soe: Kelurahan SoE, around the kantor camat
    "53.71": OFFICE_BASE,  # Kota Kupang: the office is in the city
}
"""Kabupaten code -> its base (lat, lon) when the plan is within that kabupaten alone."""


def default_base(kabupaten: Collection[str]) -> tuple[float, float]:
    """The default start for a plan within ``kabupaten`` (codes ``53.02``): the capital
    of a single kabupaten in :data:`CAPITALS`, else the office."""
    codes = set(kabupaten)
    if len(codes) == 1:
        return CAPITALS.get(next(iter(codes)), OFFICE_BASE)
    return OFFICE_BASE
