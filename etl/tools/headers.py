"""Recognise header rows, column names and sheet kinds the way a person types them.

Officers add title rows above the header, write ``Desa/Kelurahan`` or ``Tgl.`` or
``Jumlah (orang)``, and name sheets ``Daftar Hadir``. Headers are compared after
``normalise_header`` (case, spaces, punctuation, accents and bracketed hints removed), first
against the alias table in ``etl.schema``, then against personal-data patterns (those columns
are dropped), then against a few prefix rules (``Tanggal Pelaksanaan`` -> ``tanggal``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from typing import Final, Literal

from etl.schema import (
    COLUMNS,
    HEADER_ALIASES,
    IGNORED_SHEET_WORDS,
    KIND_HEADER_ALIASES,
    KINDS,
    LAPORAN_PLACE_COLUMNS,
    PERSONAL_HEADER_PATTERNS,
    REQUIRED_COLUMNS,
    ROW_NUMBER_HEADERS,
    SHEET_NAME_WORDS,
    Kind,
)

HeaderClass = Literal["canonical", "personal", "row_number", "unknown", "empty"]

HEADER_SCAN_ROWS: Final = 20
"""How many rows from the top are searched for the header row."""
MIN_HEADER_SCORE: Final = 2
"""A header row must name at least this many distinct canonical columns."""

__all__ = [
    "HEADER_SCAN_ROWS",
    "MIN_HEADER_SCORE",
    "classify_header",
    "detect_kind",
    "find_header_row",
    "header_score",
    "is_ignored_sheet",
    "kind_from_sheet_name",
    "match_headers",
    "missing_columns",
    "normalise_header",
    "personal_columns",
]


def normalise_header(text: object) -> str:
    """Compact lower-case key of a header: ``' Desa / Kel. (asal)*'`` -> ``'desakel'``.

    Removes accents, text in brackets (hints such as ``(dd/mm/yyyy)``), and every character
    that is not a letter or a digit, so case, spacing and punctuation never matter.
    """
    if text is None:
        return ""
    value = unicodedata.normalize("NFKD", str(text))
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).casefold()
    value = _BRACKETS.sub(" ", value)
    return _NON_ALNUM.sub("", value)


def classify_header(text: object, kind: Kind | None = None) -> tuple[HeaderClass, str | None]:
    """What a header cell is: a canonical column (with its name), personal data, a running
    number, unknown, or empty. ``kind`` enables kind-specific spellings (``Kategori``)."""
    key = normalise_header(text)
    if not key:
        return "empty", None
    if kind is not None and key in _KIND_LOOKUP[kind]:
        return "canonical", _KIND_LOOKUP[kind][key]
    if key in _LOOKUP:
        return "canonical", _LOOKUP[key]
    if any(pattern.search(key) for pattern in _PERSONAL):
        return "personal", None
    if key in _ROW_NUMBER_KEYS:
        return "row_number", None
    for prefixes, canonical in _PREFIX_RULES:
        if key.startswith(prefixes) or (
            canonical in ("laki_laki", "perempuan") and _has(key, prefixes)
        ):
            return "canonical", canonical
    return "unknown", None


def match_headers(headers: Sequence[object], kind: Kind | None = None) -> dict[int, str]:
    """Column position -> canonical name for every recognised header.

    When two headers mean the same column, the first (left-most) wins; personal, unknown
    and empty headers are absent from the result.
    """
    found: dict[int, str] = {}
    seen: set[str] = set()
    for position, text in enumerate(headers):
        cls, canonical = classify_header(text, kind)
        if cls == "canonical" and canonical is not None and canonical not in seen:
            found[position] = canonical
            seen.add(canonical)
    return found


def personal_columns(headers: Sequence[object]) -> dict[int, str]:
    """Column position -> header text of personal-data columns (names, phone, NIK, address,
    e-mail, birth date), which must be dropped at ingestion."""
    return {
        position: str(text).strip()
        for position, text in enumerate(headers)
        if classify_header(text)[0] == "personal"
    }


def header_score(row: Sequence[object]) -> int:
    """Number of distinct canonical columns a row names (how header-like it is)."""
    return len(set(match_headers(row).values()))


def find_header_row(rows: Sequence[Sequence[object]]) -> int | None:
    """Index (0-based) of the header row among the first ``HEADER_SCAN_ROWS`` rows.

    The header is the row naming the most known columns (the earliest on a tie); title rows
    and blank rows above it are skipped. ``None`` when no row names at least
    ``MIN_HEADER_SCORE`` columns.
    """
    best, best_score = None, MIN_HEADER_SCORE - 1
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = header_score(row)
        if score > best_score:
            best, best_score = index, score
    return best


def kind_from_sheet_name(sheet_name: str) -> Kind | None:
    """Kind named by a sheet name (``Daftar Peserta`` -> peserta), or ``None``."""
    key = normalise_header(sheet_name)
    hits = [kind for kind in KINDS if any(word in key for word in SHEET_NAME_WORDS[kind])]
    return hits[0] if len(hits) == 1 else None


def is_ignored_sheet(sheet_name: str) -> bool:
    """True for helper sheets (``Petunjuk``, ``Daftar``, drop-down lists) that name no kind."""
    key = normalise_header(sheet_name)
    return kind_from_sheet_name(sheet_name) is None and key.startswith(IGNORED_SHEET_WORDS)


def detect_kind(headers: Sequence[object], sheet_name: str = "") -> Kind | None:
    """Kind of a sheet from its header row and (as a tie-breaker or fallback) its name.

    A kind whose required columns are all present wins; if several are complete, or none
    is, the sheet name decides, then the kind with most of its own columns present (at least
    two, and only if unique). ``None`` means the sheet is not a data sheet.
    """
    by_name = kind_from_sheet_name(sheet_name)
    present = {kind: set(match_headers(headers, kind).values()) for kind in KINDS}
    complete = [kind for kind in KINDS if not missing_columns(kind, present[kind])]
    if len(complete) == 1:
        return complete[0]
    if by_name is not None and (by_name in complete or not complete):
        return by_name
    # Several complete kinds, or none and no telling name: the most specific one wins.
    candidates = complete or [kind for kind in KINDS if present[kind] & _SIGNATURE[kind]]
    scores = {
        kind: len(present[kind] & set(COLUMNS[kind])) + len(present[kind] & _SIGNATURE[kind])
        for kind in candidates
    }
    if not scores:
        return None
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    return winners[0] if len(winners) == 1 and best >= MIN_HEADER_SCORE else None


def missing_columns(kind: Kind, present: Collection[str]) -> list[str]:
    """Required columns of ``kind`` not in ``present``, in words a person understands."""
    missing = [column for column in REQUIRED_COLUMNS[kind] if column not in present]
    if kind == "laporan" and not any(
        all(column in present for column in group) for group in LAPORAN_PLACE_COLUMNS
    ):
        missing.append("lat + lon (atau koordinat) atau desa")
    return missing


# --- helpers -----------------------------------------------------------------------------
_BRACKETS: Final = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_ALNUM: Final = re.compile(r"[^0-9a-z]+")

# Columns that only one kind has: needed before a sheet with missing columns is guessed.
_SIGNATURE: Final[dict[Kind, set[str]]] = {
    "kegiatan": {"tema", "narasumber", "penyelenggara"},
    "peserta": {"peran", "jumlah", "laki_laki", "perempuan"},
    "laporan": {"id_laporan", "jenis", "status", "sumber"},
}


def _has(key: str, words: tuple[str, ...]) -> bool:
    return any(word in key for word in words)


def _build_lookup(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canonical, spellings in aliases.items():
        for spelling in (canonical, *spellings):
            lookup.setdefault(normalise_header(spelling), canonical)
    return lookup


def _kind_lookups() -> dict[Kind, dict[str, str]]:
    return {kind: _build_lookup(KIND_HEADER_ALIASES.get(kind, {})) for kind in KINDS}


def _row_number_keys(values: Iterable[str]) -> frozenset[str]:
    return frozenset(normalise_header(value) for value in values) - {""}


_LOOKUP: Final = _build_lookup(HEADER_ALIASES)
_KIND_LOOKUP: Final = _kind_lookups()
_PERSONAL: Final = tuple(re.compile(pattern) for pattern in PERSONAL_HEADER_PATTERNS)
_ROW_NUMBER_KEYS: Final = _row_number_keys(ROW_NUMBER_HEADERS)
# (prefixes, canonical), first hit wins; gender columns match anywhere in the key.
_PREFIX_RULES: Final[tuple[tuple[tuple[str, ...], str], ...]] = (
    (("lakilaki", "pria"), "laki_laki"),
    (("perempuan", "wanita"), "perempuan"),
    (("idkegiatan", "nokegiatan", "nomorkegiatan", "kodekegiatan"), "id_kegiatan"),
    (("idlaporan", "nolaporan", "nomorlaporan", "kodelaporan"), "id_laporan"),
    (("tanggal", "tgl"), "tanggal"),
    (("kodedesa", "kodewilayah", "kodekelurahan"), "kode_desa"),
    (("koordinat",), "koordinat"),
    (("desa", "kelurahan", "keldesa", "namadesa"), "desa"),
    (("kecamatan", "kec"), "kecamatan"),
    (("jumlah", "jml"), "jumlah"),
    (("latitude", "lintang"), "lat"),
    (("longitude", "bujur"), "lon"),
    (("jenis",), "jenis"),
    (("peran", "jabatan"), "peran"),
    (("tema", "topik", "materi"), "tema"),
    (("narasumber", "pemateri"), "narasumber"),
    (("penyelenggara", "pelaksana"), "penyelenggara"),
    (("catatan", "keterangan"), "catatan"),
    (("status",), "status"),
    (("sumber",), "sumber"),
)
