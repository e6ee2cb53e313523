"""Mask phone numbers and NIK typed inside free text before anything is written.

Personal columns are dropped by their header (``etl.schema.PERSONAL_HEADER_PATTERNS``), but
officers also type "hubungi Pak Yohanes 0812-3456-7890" into ``catatan`` or a NIK into
``tema``. Every free-text column of the raw tables (:data:`FREE_TEXT_COLUMNS`) is masked
right after reading, so neither the accepted layers nor the review table (``nilai``) nor
any export carries them; the manifest counts the masks per column.

What is masked (each occurrence becomes :data:`MASK`):

* Indonesian mobile numbers: ``08xx`` and at least 9 digits in all (a real one has 9–13;
  a longer run is masked whole too), or the same after ``+62``/``62``/``(+62)`` with the
  leading 0 dropped; digits may be grouped by single spaces, dashes or dots in groups of
  two or more (``0812-3456-7890``, ``+62 812 3456 7890``);
* a NIK: 16 digits, consecutive (any longer run of digits is masked whole) or in four
  groups of four (``5302 0112 3456 0001``).

Not masked: dates (``11/03/2024``, ``08-03-2024 10.30``), counts (``RT 05``, ``5 orang``),
official codes (``53.02.01.1001``), amounts (``Rp 1.500.000``): a phone number's first
group has at least four digits (``08xx``), which no date or time has.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import numpy as np
import pandas as pd

from etl.schema import Kind

__all__ = ["FREE_TEXT_COLUMNS", "MASK", "mask_frame", "mask_text"]

MASK: Final = "[nomor disamarkan]"

FREE_TEXT_COLUMNS: Final[Mapping[Kind, tuple[str, ...]]] = {
    "kegiatan": ("tema", "narasumber", "penyelenggara", "catatan", "kecamatan", "desa"),
    "peserta": ("kecamatan", "desa", "peran"),
    "laporan": ("jenis", "status", "sumber", "kecamatan", "desa"),
}
"""Text columns that reach an output (a layer, the review table or an export). Place
names are included: a number typed there lands in the review table as typed."""

_SEP = r"[ \-.]"
_NIK = re.compile(rf"(?<!\d)(?:\d{{16,}}|\d{{4}}(?:{_SEP}\d{{4}}){{3}})(?!\d)")
_PHONE = re.compile(
    rf"(?<![\d+])(?:0|\+62{_SEP}?|62{_SEP}?|\(\+?62\){_SEP}?)8\d{{2,}}(?:{_SEP}\d{{2,}})*(?!\d)"
)
"""A mobile number's prefix, its first group (``8xx...``) and further groups of two or more
digits; masked when it has at least :data:`_PHONE_DIGITS` digits (the prefix's 0 or 62 not
counted). A lone digit after it ("... 7890 5 orang") is not part of it."""
_PHONE_DIGITS: Final = 8
_CANDIDATE = re.compile(r"\d(?:[ \-.()+]{0,2}\d){8}")
"""Cheap pre-check: nine digits close together (anything masked has at least nine)."""


def mask_text(text: str) -> tuple[str, int]:
    """``text`` with every NIK and phone number replaced by :data:`MASK`, and the count."""
    if not _CANDIDATE.search(text):
        return text, 0
    text, n_nik = _NIK.subn(MASK, text)
    n_phone = 0

    def _phone(match: re.Match[str]) -> str:
        nonlocal n_phone
        number = match.group(0)
        national = re.sub(r"\D", "", number)[1 if number.startswith("0") else 2 :]
        if len(national) < _PHONE_DIGITS:
            return number
        n_phone += 1
        return MASK

    text = _PHONE.sub(_phone, text)
    return text, n_nik + n_phone


def mask_frame(frame: pd.DataFrame, kind: Kind) -> tuple[pd.DataFrame, dict[str, int]]:
    """A copy of ``frame`` with :data:`FREE_TEXT_COLUMNS` of ``kind`` masked, and the masks
    per column (only columns with at least one). ``frame`` itself is not changed.

    Each distinct text is checked once (place names and roles repeat thousands of times)."""
    counts: dict[str, int] = {}
    replaced: dict[str, pd.Series] = {}
    for column in FREE_TEXT_COLUMNS[kind]:
        if column not in frame.columns:
            continue
        values = frame[column]
        mapping: dict[str, str] = {}
        total = 0
        for text, times in values.value_counts(sort=False, dropna=True).items():
            if not isinstance(text, str):
                continue
            masked, n = mask_text(text)
            if n:
                mapping[text] = masked
                total += n * int(times)
        if mapping:
            column_values = values.to_numpy(dtype=object, copy=True)
            hit = np.asarray(values.isin(list(mapping)), dtype=bool)
            column_values[hit] = [mapping[v] for v in column_values[hit]]
            replaced[column] = pd.Series(column_values, index=frame.index, dtype=values.dtype)
            counts[column] = total
    if not replaced:
        return frame, counts
    return frame.assign(**replaced), counts
