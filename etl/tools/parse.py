"""Parse hand-typed cell values; a value that cannot be trusted becomes a review reason.

Every scalar parser returns ``(value, problem)``: ``problem`` is ``None`` when the value is
good (or blank and optional) and otherwise a short reason in Bahasa Indonesia for the
review table. The ``*_series`` functions parse a whole column: each DISTINCT cell is parsed
once and mapped back (a million rows hold only a few hundred distinct dates or counts),
with a plain ``float()`` fast path for coordinates.

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
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from numbers import Real
from typing import Final, Literal, TypeVar

import numpy as np
import pandas as pd

from etl.schema import MAX_PLAUSIBLE_COUNT, MAX_YEAR, MIN_YEAR, PERAN_RT_RW

Axis = Literal["lat", "lon"]
T = TypeVar("T")

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

EXCEL_ERRORS: Final = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


def is_blank(value: object) -> bool:
    """True for ``None``, NaN/NaT/NA and strings that are empty or only whitespace."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def cell_text(value: object) -> str:
    """A cell as a person would read it (for ``nilai`` in the review table)."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
    text = _clean_text(value)
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
    parsed, problems, codes = _parse_unique(values, parse_date)
    unique_dates = pd.to_datetime(pd.Series(parsed, dtype=object)).to_numpy(dtype="datetime64[ns]")
    dates = pd.Series(unique_dates[codes], index=values.index, dtype="datetime64[ns]")
    return dates, _problem_series(problems, codes, values.index)


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
        text = _clean_text(value)
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

    parsed, problems, codes = _parse_unique(values, parse)
    numbers = np.array([np.nan if n is None else float(n) for n in parsed], dtype="float64")
    counts = pd.Series(pd.array(numbers[codes], dtype="Int64"), index=values.index)
    return counts, _problem_series(problems, codes, values.index)


# --- coordinates -------------------------------------------------------------------------
def parse_coordinate(value: object, axis: Axis) -> tuple[float | None, str | None]:
    """Signed decimal degrees of one coordinate cell; blank gives ``(None, None)``."""
    name = "lintang" if axis == "lat" else "bujur"
    if is_blank(value):
        return None, None
    if isinstance(value, bool):
        return None, f"{name} bukan angka"
    if isinstance(value, Real):
        return _checked_degrees(float(value), name)
    text = _clean_text(value)
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
    text = _clean_text(value).strip("()[]{} ")
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
    """Parse a column of one coordinate: (float64 series with NaN, problems series)."""
    parsed, problems, codes = _parse_unique(values, lambda value: parse_coordinate(value, axis))
    numbers = np.array([np.nan if n is None else n for n in parsed], dtype="float64")
    return (
        pd.Series(numbers[codes], index=values.index, dtype="float64"),
        _problem_series(problems, codes, values.index),
    )


# --- roles and report types --------------------------------------------------------------
def parse_role(text: object) -> tuple[str | None, str | None]:
    """Canonical role (``etl.schema.PERAN``) of a typed role; unknown -> ``lainnya``."""
    if is_blank(text):
        return None, "peran kosong"
    key = _word_key(text)
    has_rt = bool(_RT.search(key))
    has_rw = bool(_RW.search(key))
    if has_rt and has_rw:
        return PERAN_RT_RW, None
    for pattern, canonical in _ROLE_RULES:
        if pattern.search(key):
            return canonical, None
    if has_rt:
        return "ketua RT", None
    if has_rw:
        return "ketua RW", None
    for pattern, canonical in _ROLE_RULES_LATE:
        if pattern.search(key):
            return canonical, None
    return "lainnya", None


def parse_jenis_laporan(text: object) -> tuple[str | None, str | None]:
    """Canonical report type (``etl.schema.JENIS_LAPORAN``); unknown -> ``lainnya``."""
    if is_blank(text):
        return None, "jenis laporan kosong"
    key = _word_key(text)
    for pattern, canonical in _JENIS_RULES:
        if pattern.search(key):
            return canonical, None
    return "lainnya", None


def parse_role_series(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of roles: (canonical role series, problems series)."""
    return _object_series(values, parse_role)


def parse_jenis_series(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of report types: (canonical type series, problems series)."""
    return _object_series(values, parse_jenis_laporan)


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
_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)?")
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


def _clean_text(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text.replace("\u2212", "-").replace("\u2013", "-").replace("\u00a0", " ")


def _word_key(value: object) -> str:
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\b(rt|rw)(\d+)\b", r"\1 \2", text)
    return " " + re.sub(r"\b\d+\b", " ", text).strip() + " "


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
    key = _clean_text(text).casefold()
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


def _parse_unique(
    values: pd.Series, parse: Callable[[object], tuple[T | None, str | None]]
) -> tuple[list[T | None], np.ndarray, np.ndarray]:
    """Parse each distinct value once: (parsed per distinct value, problems per distinct
    value, code per row). The last entry is the blank cell, so code -1 finds it."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    results = [parse(value) for value in uniques]
    results.append(parse(None))
    problems = np.empty(len(results), dtype=object)
    problems[:] = [problem for _, problem in results]
    return [value for value, _ in results], problems, codes


def _problem_series(problems: np.ndarray, codes: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(problems[codes], index=index, dtype=object)


def _object_series(
    values: pd.Series, parse: Callable[[object], tuple[T | None, str | None]]
) -> tuple[pd.Series, pd.Series]:
    parsed, problems, codes = _parse_unique(values, parse)
    unique_values = np.empty(len(parsed), dtype=object)
    unique_values[:] = parsed
    return (
        pd.Series(unique_values[codes], index=values.index, dtype=object),
        _problem_series(problems, codes, values.index),
    )


def text_series(values: pd.Series) -> pd.Series:
    """Cells as stripped text (``cell_text``), blank -> missing, pandas string dtype.
    Each distinct cell is converted once."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    texts = pd.array([cell_text(value) or None for value in uniques], dtype="str")
    return pd.Series(texts.take(codes, allow_fill=True), index=values.index, dtype="str")


def _rules(*pairs: tuple[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf" ({pattern}) "), canonical) for pattern, canonical in pairs)


_RT: Final = re.compile(r" (rt|rukun tetangga) ")
_RW: Final = re.compile(r" (rw|rukun warga) ")
_ROLE_RULES: Final = _rules(
    (r"(purna|mantan|eks|bekas)( \w+)* (pmi|tki|tkw|pekerja migran)", "warga"),
    (
        r"sekdes|sekretaris|sekertaris|carik|kaur|kasi|kasie|kadus|kepala dusun|kepala urusan"
        r"|kepala seksi|staf|staff|aparat|aparatur|perangkat|bpd|pegawai|bendahara desa"
        r"|operator desa",
        "perangkat desa",
    ),
    (r"kepala desa|kades|kepdes|kep desa|kadesa|kepala kampung|kepala negeri", "kepala desa"),
    (r"lurah|kepala kelurahan|kalurah", "lurah"),
)
_ROLE_RULES_LATE: Final = _rules(
    (
        r"tokoh agama|toga|pendeta|pdt|pastor|pastur|romo|ustad|ustadz|ustaz|imam|majelis"
        r"|penatua|diaken|penginjil|pemuka agama|suster|katekis",
        "tokoh agama",
    ),
    (r"tokoh adat|toda|tua adat|ketua adat|tetua adat|pemangku adat|usif|amaf|adat", "tokoh adat"),
    (r"tokoh masyarakat|tomas|toma|tokoh( \w+)*", "tokoh masyarakat"),
    (r"guru|kepala sekolah|kepsek|pendidik|dosen|pengajar", "guru"),
    (
        r"calon pmi|calon tki|calon tkw|calon pekerja( migran)?|cpmi|pmi|tki|tkw|pekerja migran",
        "calon pekerja migran",
    ),
    (
        r"warga|masyarakat|umum|penduduk|pemuda|pelajar|siswa|mahasiswa|ibu rumah tangga|irt"
        r"|petani|nelayan|peserta",
        "warga",
    ),
)
_JENIS_RULES: Final = _rules(
    (
        r"tppo|perdagangan orang|perdagangan manusia|trafficking|trafiking|human( \w+)*",
        "dugaan TPPO",
    ),
    (
        r"non ?prosedural|nonprosedur|unprosedural|tidak prosedural|ilegal|illegal|tanpa dokumen"
        r"|pmi|tki|tkw",
        "PMI nonprosedural",
    ),
    (r"wna|orang asing|warga negara asing|asing|foreigner", "WNA mencurigakan"),
)
