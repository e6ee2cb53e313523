"""Roles (peran) and report types (jenis laporan) in the spellings people use."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

import pandas as pd

from etl.schema import PERAN_RT_RW
from etl.tools._cells import is_blank, object_series


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
    return object_series(values, parse_role)


def parse_jenis_series(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of report types: (canonical type series, problems series)."""
    return object_series(values, parse_jenis_laporan)


# --- helpers -----------------------------------------------------------------------------
def _word_key(value: object) -> str:
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\b(rt|rw)(\d+)\b", r"\1 \2", text)
    return " " + re.sub(r"\b\d+\b", " ", text).strip() + " "


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
