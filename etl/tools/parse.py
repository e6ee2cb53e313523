"""Parse hand-typed cell values; a value that cannot be trusted becomes a review reason.

Every scalar parser returns ``(value, problem)``: ``problem`` is ``None`` when the value is
good (or blank and optional) and otherwise a short reason in Bahasa Indonesia for the
review table. The ``*_series`` functions parse a whole column: each DISTINCT cell is parsed
once and mapped back (a million rows hold only a few hundred distinct dates or counts).

Coordinates live in ``etl.tools.parse_coords`` and roles/report types in
``etl.tools.parse_vocab``; everything is re-exported here, so import from this module.

Decisions (documented for officers in the README/template):

* Dates are always day first: ``03/04/2024`` is 3 April, never March 4. Accepted:
  ``dd/mm/yyyy``, ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``, two-digit years (``24`` ->
  2024), ISO ``yyyy-mm-dd`` (with or without a time), ``12 Maret 2024``, a leading weekday
  (``Senin, 12/03/2024``), datetime objects from openpyxl and Excel serial numbers
  (``45362``). ``31/02/2024`` and years outside 2000..2100 go to review.
* Counts: ``5``, ``" 5 "``, ``5 orang``, ``5,0``. Indonesian writes thousands with ``.``, so
  ``1.000`` is one thousand, and any count above ``MAX_PLAUSIBLE_COUNT`` (500) from one desa
  at one session is sent to review as implausible. Negative numbers, fractions, words and
  Excel errors (``#N/A``, ``#REF!``) go to review.
* Coordinates: decimal with ``.`` or ``,`` (``-9,8652``), hemisphere letters (``S``/``LS``,
  ``E``/``BT``, ...), DMS (``9°51'55"S``) -> signed decimal degrees. Only |value| <= 180 is
  checked here, so a latitude/longitude swap survives to the spatial step that detects it.
* Roles: tolerant spellings (``kades``, ``Ketua RT 05``, ``RT/RW``, ``Calon PMI``,
  ``sekdes``); an unknown but non-empty role is accepted as ``lainnya`` (the typed text is
  kept by the caller), a blank role is a problem. Report types likewise.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from numbers import Real
from typing import Final

import numpy as np
import pandas as pd

from etl.schema import MAX_PLAUSIBLE_COUNT, MAX_YEAR, MIN_YEAR
from etl.tools._cells import (
    EXCEL_ERRORS,
    cell_text,
    clean_text,
    is_blank,
    parse_unique,
    problem_series,
    text_series,
)
from etl.tools.parse_coords import (
    parse_coordinate,
    parse_coordinate_pair,
    parse_coordinate_series,
)
from etl.tools.parse_vocab import (
    parse_jenis_laporan,
    parse_jenis_series,
    parse_role,
    parse_role_series,
)

__all__ = [
    "EXCEL_ERRORS",
    "cell_text",
    "is_blank",
    "parse_coordinate",
    "parse_coordinate_pair",
    "parse_coordinate_series",
    "parse_count",
    "parse_count_series",
    "parse_date",
    "parse_date_series",
    "parse_jenis_laporan",
    "parse_jenis_series",
    "parse_role",
    "parse_role_series",
    "text_series",
]


# --- dates -------------------------------------------------------------------------------
def parse_date(value: object) -> tuple[date | None, str | None]:
    """Day-first date of a cell (see module notes); ``(None, reason)`` when unusable."""
    if is_blank(value):
        return None, "tanggal kosong"
    if isinstance(value, bool):
        return None, "tanggal tidak dikenali"
    if isinstance(value, datetime):
        return _checked_year(value.date())
    if isinstance(value, date):
        return _checked_year(value)
    if isinstance(value, time):
        return None, "sel berisi jam, bukan tanggal"
    if isinstance(value, Real):
        return _from_serial(float(value))
    text = clean_text(value)
    if text.upper() in EXCEL_ERRORS:
        return None, f"sel tanggal berisi galat Excel {text.upper()}"
    text = _WEEKDAY.sub("", text.casefold()).strip()
    if _SERIAL.match(text):
        return _from_serial(float(text))
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
        return _make_date(year + 2000 if year < 100 else year, month, day)
    if match := _YMD.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _make_date(year, month, day)
    if (match := _D_MONTHNAME_Y.match(text)) and match.group(2) in _MONTHS:
        year = int(match.group(3))
        year = year + 2000 if year < 100 else year
        return _make_date(year, _MONTHS[match.group(2)], int(match.group(1)))
    return None, "tanggal tidak dikenali (tulis hari/bulan/tahun, mis. 25/03/2024)"


def parse_date_series(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates: (datetime64 series with NaT, problems series)."""
    parsed, problems, codes = parse_unique(values, parse_date)
    unique_dates = pd.to_datetime(pd.Series(parsed, dtype=object)).to_numpy(dtype="datetime64[ns]")
    dates = pd.Series(unique_dates[codes], index=values.index, dtype="datetime64[ns]")
    return dates, problem_series(problems, codes, values.index)


# --- counts ------------------------------------------------------------------------------
def parse_count(
    value: object,
    *,
    label: str = "jumlah",
    required: bool = True,
    minimum: int = 0,
    maximum: int = MAX_PLAUSIBLE_COUNT,
) -> tuple[int | None, str | None]:
    """Whole number of people in a cell (``5``, ``" 5 "``, ``5 orang``, ``1.000``).

    ``label`` names the column in the reason. Blank is a problem only if ``required``;
    values below ``minimum`` or above ``maximum`` (implausible) are problems.
    """
    if is_blank(value):
        return None, (f"{label} kosong" if required else None)
    number: float | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, Real):
        number = float(value)
    else:
        text = clean_text(value)
        if text.upper() in EXCEL_ERRORS:
            return None, f"sel {label} berisi galat Excel {text.upper()}"
        if _COMMA_THOUSANDS.match(text.strip()):
            return None, f"{label} ambigu (koma bisa berarti desimal); tulis angka tanpa pemisah"
        number = _count_from_text(text)
    if number is None:
        return None, f"{label} bukan angka"
    if not number.is_integer():
        return None, f"{label} bukan bilangan bulat"
    count = int(number)
    if count < 0:
        return None, f"{label} negatif"
    if count < minimum:
        return None, f"{label} {count}: baris tanpa peserta"
    if count > maximum:
        return None, (
            f"{label} {count} tidak masuk akal untuk satu desa dalam satu kegiatan "
            f"(lebih dari {maximum}); periksa titik ribuan"
        )
    return count, None


def parse_count_series(
    values: pd.Series,
    *,
    label: str = "jumlah",
    required: bool = True,
    minimum: int = 0,
    maximum: int = MAX_PLAUSIBLE_COUNT,
) -> tuple[pd.Series, pd.Series]:
    """Parse a column of counts: (nullable ``Int64`` series, problems series)."""

    def parse(value: object) -> tuple[int | None, str | None]:
        return parse_count(value, label=label, required=required, minimum=minimum, maximum=maximum)

    parsed, problems, codes = parse_unique(values, parse)
    numbers = np.array([np.nan if n is None else float(n) for n in parsed], dtype="float64")
    counts = pd.Series(pd.array(numbers[codes], dtype="Int64"), index=values.index)
    return counts, problem_series(problems, codes, values.index)


# --- helpers -----------------------------------------------------------------------------
_EXCEL_EPOCH: Final = date(1899, 12, 30)
_SERIAL: Final = re.compile(r"^\d{5}(?:\.\d+)?$")
_TIME: Final = r"(?:[ t]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
_DMY: Final = re.compile(
    rf"^(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}})\s*[/.\-]\s*(\d{{4}}|\d{{2}}){_TIME}$"
)
_YMD: Final = re.compile(rf"^(\d{{4}})[/.\-](\d{{1,2}})[/.\-](\d{{1,2}}){_TIME}$")
_D_MONTHNAME_Y: Final = re.compile(r"^(\d{1,2})[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{4}|\d{2})$")
_WEEKDAY: Final = re.compile(
    r"^(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\b[\s,/\-]*"
)
_MONTHS: Final[dict[str, int]] = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "ags", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
_COUNT_WORDS: Final = re.compile(r"\s*(orang|org\.?|peserta|jiwa|pax|ps)$")
_INTEGER: Final = re.compile(r"^[+-]?\d+$")
_THOUSANDS: Final = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_ZERO_DECIMALS: Final = re.compile(r"^([+-]?\d+)[.,]0{1,2}$")
_COMMA_THOUSANDS: Final = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def _make_date(year: int, month: int, day: int) -> tuple[date | None, str | None]:
    if not 1 <= month <= 12:
        return None, f"bulan {month} tidak ada (tulis hari/bulan/tahun)"
    try:
        return _checked_year(date(year, month, day))
    except ValueError:
        return None, "tanggal tidak ada di kalender"


def _checked_year(value: date) -> tuple[date | None, str | None]:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None, f"tahun {value.year} tidak masuk akal"
    return value, None


def _from_serial(serial: float) -> tuple[date | None, str | None]:
    if not math.isfinite(serial) or not 1 <= serial <= 2_958_465:
        return None, "angka tanggal Excel tidak masuk akal"
    return _checked_year(_EXCEL_EPOCH + timedelta(days=int(serial)))


def _count_from_text(text: str) -> float | None:
    text = _COUNT_WORDS.sub("", text.casefold()).strip()
    if _INTEGER.match(text):
        return float(int(text))
    if _THOUSANDS.match(text):
        return float(int(text.replace(".", "")))
    if match := _ZERO_DECIMALS.match(text):
        return float(int(match.group(1)))
    if re.match(r"^[+-]?\d+[.,]\d+$", text):
        return float(text.replace(",", "."))  # a fraction: rejected by the caller
    return None
