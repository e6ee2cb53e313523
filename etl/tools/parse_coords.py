"""Coordinates as officers type them: decimal comma, hemisphere letters, DMS, pairs."""

from __future__ import annotations

import math
import re
from numbers import Real
from typing import Final, Literal

import numpy as np
import pandas as pd

from etl.tools._cells import EXCEL_ERRORS, clean_text, is_blank, problem_series

Axis = Literal["lat", "lon"]


def parse_coordinate(value: object, axis: Axis) -> tuple[float | None, str | None]:
    """Signed decimal degrees of one coordinate cell; blank gives ``(None, None)``."""
    name = "lintang" if axis == "lat" else "bujur"
    if is_blank(value):
        return None, None
    if isinstance(value, bool):
        return None, f"{name} bukan angka"
    if isinstance(value, Real):
        return _checked_degrees(float(value), name)
    text = clean_text(value)
    if text.upper() in EXCEL_ERRORS:
        return None, f"sel {name} berisi galat Excel {text.upper()}"
    try:
        return _checked_degrees(float(text), name)
    except ValueError:
        pass
    degrees, hint, problem = _coordinate_from_text(text)
    if problem is not None or degrees is None:
        if len(_NUMBER.findall(text)) == 2 and parse_coordinate_pair(text)[1] is None:
            return None, f"{name} berisi dua angka (lintang dan bujur dalam satu sel?)"
        if problem is None or problem == "koordinat tidak dikenali":
            return None, f"{name} tidak dikenali"
        return None, f"{name}: {problem}"
    if hint is not None and hint != axis:
        return None, f"huruf arah pada {name} menunjuk {'lintang' if hint == 'lat' else 'bujur'}"
    return _checked_degrees(degrees, name)


def parse_coordinate_pair(value: object) -> tuple[tuple[float, float] | None, str | None]:
    """``(lat, lon)`` from one cell holding both (``-9.8652, 124.2718``, ``-9,8652;124,2718``,
    ``9°51'55"S 124°16'19"E``). Written order is lat then lon unless hemisphere letters say
    otherwise. Blank gives ``(None, None)``."""
    if is_blank(value):
        return None, None
    if not isinstance(value, str):
        return None, "koordinat harus berisi lintang dan bujur"
    text = clean_text(value).strip("()[]{} ")
    for separator in _PAIR_SEPARATORS:
        parts = [part.strip() for part in separator.split(text)]
        if len(parts) != 2:
            continue
        first, second = (_coordinate_from_text(part) for part in parts)
        if first[2] is not None or second[2] is not None:
            continue
        if first[1] == "lon" or second[1] == "lat":
            first, second = second, first
        if first[1] == "lon" or second[1] == "lat":
            return None, "huruf arah koordinat bertentangan"
        lat, lat_problem = _checked_degrees(first[0], "lintang")
        lon, lon_problem = _checked_degrees(second[0], "bujur")
        if lat is None or lon is None:
            return None, lat_problem or lon_problem
        return (lat, lon), None
    return None, "koordinat dalam satu sel tidak dikenali (tulis lintang, bujur)"


def parse_coordinate_series(values: pd.Series, axis: Axis) -> tuple[pd.Series, pd.Series]:
    """Parse a column of one coordinate: (float64 series with NaN, problems series).
    Each distinct cell is parsed once: plain decimals (``-9.8652``, ASCII digits and one
    point, as GPS apps write them) by one vectorised ``float`` conversion with the range
    check of :func:`parse_coordinate` (same values, same problems), every other cell by
    :func:`parse_coordinate`. The national bench's 211,000 distinct coordinates took
    0.4 s one by one."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype=object)
    plain = np.array([type(v) is str and _PLAIN_DECIMAL.fullmatch(v) is not None for v in uniques],
                     dtype=bool)  # fmt: skip
    numbers = np.full(len(uniques) + 1, np.nan)  # the last: blank cells (code -1)
    problems = np.full(len(uniques) + 1, None, dtype=object)
    fast = np.flatnonzero(plain)
    degrees = distinct.iloc[fast].to_numpy(dtype=np.float64)
    outside = ~(np.abs(degrees) <= 180)
    numbers[fast] = np.where(outside, np.nan, degrees)
    problems[fast[outside]] = f"{'lintang' if axis == 'lat' else 'bujur'} di luar -180..180"
    for i in np.flatnonzero(~plain).tolist():
        number, problems[i] = parse_coordinate(uniques[i], axis)
        numbers[i] = np.nan if number is None else number
    return (
        pd.Series(numbers[codes], index=values.index, dtype="float64"),
        problem_series(problems, codes, values.index),
    )


# --- helpers -----------------------------------------------------------------------------
_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)?")
_PLAIN_DECIMAL: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_HEMISPHERES: Final[dict[str, tuple[int, Axis]]] = {
    "n": (1, "lat"),
    "u": (1, "lat"),
    "lu": (1, "lat"),
    "s": (-1, "lat"),
    "ls": (-1, "lat"),
    "e": (1, "lon"),
    "t": (1, "lon"),
    "bt": (1, "lon"),
    "w": (-1, "lon"),
    "b": (-1, "lon"),
    "bb": (-1, "lon"),
}
_NUM: Final = r"(\d+(?:[.,]\d+)?)"
_DMS: Final = re.compile(
    rf"^([+-])?\s*([a-z]{{1,2}})?\s*{_NUM}\s*(?:°|º|˚|\s)\s*"
    rf"(?:{_NUM}\s*(?:['′’‘`]|\s)\s*(?:{_NUM}\s*(?:\"|″|”|“|''|’’)?\s*)?)?([a-z]{{1,2}})?$"
)
_DECIMAL: Final = re.compile(rf"^([+-])?\s*([a-z]{{1,2}})?\s*{_NUM}\s*°?\s*([a-z]{{1,2}})?$")
_PAIR_SEPARATORS: Final = tuple(
    re.compile(pattern) for pattern in (r";", r"\|", r"\t", r"/", r",\s+", r",", r"\s+")
)


def _checked_degrees(value: float | None, name: str) -> tuple[float | None, str | None]:
    if value is None:
        return None, f"{name} tidak dikenali"
    if not math.isfinite(value) or abs(value) > 180:
        return None, f"{name} di luar -180..180"
    return value, None


def _number(text: str | None) -> float:
    return float(text.replace(",", ".")) if text else 0.0


def _coordinate_from_text(text: str) -> tuple[float | None, Axis | None, str | None]:
    """(degrees, axis named by a hemisphere letter, problem) of one coordinate string."""
    key = clean_text(text).casefold()
    if match := _DECIMAL.match(key):
        sign, before, number, after = match.groups()
        degrees, minutes, seconds = _number(number), 0.0, 0.0
    elif match := _DMS.match(key):
        sign, before, deg, mins, secs, after = match.groups()
        degrees, minutes, seconds = _number(deg), _number(mins), _number(secs)
        if minutes >= 60 or seconds >= 60:
            return None, None, "menit atau detik koordinat 60 atau lebih"
    else:
        return None, None, "koordinat tidak dikenali"
    letters = [letter for letter in (before, after) if letter]
    if len(letters) > 1 or any(letter not in _HEMISPHERES for letter in letters):
        return None, None, "huruf arah koordinat tidak dikenali"
    value = degrees + minutes / 60 + seconds / 3600
    hint: Axis | None = None
    if letters:
        direction, hint = _HEMISPHERES[letters[0]]
        if sign == "-" and direction > 0:
            return None, None, "tanda minus bertentangan dengan huruf arah"
        value *= direction
    elif sign == "-":
        value = -value
    return value, hint, None
