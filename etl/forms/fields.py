"""Names shared by the form builder and the export reader (the forms' contract).

The XLSForm field names below are what KoboToolbox and ODK Central put in their export
headers; the reader maps them back onto the ETL's canonical columns
(``etl.schema.COLUMNS``). Choice names of roles, report types and statuses are slugs of
the product's vocabularies so a label can change without changing the data.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Final

from etl.schema import JENIS_LAPORAN, PERAN_PILIHAN

if TYPE_CHECKING:
    import pandas as pd

FORM_KEGIATAN: Final = "sosialisasi_kegiatan"
FORM_LAPORAN: Final = "sosialisasi_laporan"
REPEAT_PESERTA: Final = "peserta"

VERSION_FIELD: Final = "versi_formulir"
"""A calculate holding the form's version, so every export (any platform) carries it."""
PARENT_ID_FIELD: Final = "id_kegiatan_induk"
"""A calculate inside the attendance repeat: the session id, so a repeat sheet or CSV
stands on its own."""
LUAR: Final = "luar"
"""Choice name of "di luar kabupaten" in the home-kecamatan list."""
LUAR_LABEL: Final = "Di luar kabupaten"
"""Its label (what an export "with labels" holds)."""

STATUS_PILIHAN: Final = ("baru", "diproses", "diteruskan ke Polres", "selesai")
"""Report statuses (the same as the Excel template's drop-down)."""
SUMBER_PILIHAN: Final = ("masyarakat", "aparat desa", "media", "instansi lain", "lainnya")


def slug(text: str) -> str:
    """A choice name for a label: lower case, words joined by ``_`` (``ketua RT`` ->
    ``ketua_rt``)."""
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


PERAN_BY_SLUG: Final[dict[str, str]] = {slug(p): p for p in PERAN_PILIHAN}
JENIS_BY_SLUG: Final[dict[str, str]] = {slug(j): j for j in JENIS_LAPORAN}
STATUS_BY_SLUG: Final[dict[str, str]] = {slug(s): s for s in STATUS_PILIHAN}
SUMBER_BY_SLUG: Final[dict[str, str]] = {slug(s): s for s in SUMBER_PILIHAN}


def form_version(official: pd.DataFrame, kabupaten: str) -> str:
    """``<kabupaten>-<10 hex>``: a digest of the official list (codes, names, kecamatan),
    so it changes exactly when the choices would."""
    missing = [c for c in ("kode", "nama", "kecamatan_kode", "kecamatan") if c not in official]
    if missing:
        raise ValueError(f"Daftar desa resmi tanpa kolom: {', '.join(missing)}")
    rows = official.sort_values("kode")[["kode", "nama", "kecamatan_kode", "kecamatan"]]
    text = "\n".join("|".join(str(v) for v in row) for row in rows.itertuples(index=False))
    return f"{kabupaten}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}"
