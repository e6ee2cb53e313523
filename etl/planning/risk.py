"""Optional external risk indicators per desa (e.g. calon PMI, passport applications).

Input: a CSV keyed by desa code (`kode`, `kode desa`, ...) or by name (`desa`,
`nama desa`, `desa/kelurahan`, ... plus optional `kecamatan`), with any number
of numeric columns. Rows keyed by name are matched with the project's matcher
(`etl.tools.matching.match_village_names`), so the same spellings are accepted
as in the ETL and ambiguous names go to review instead of a guess.

Scaling: each indicator is scaled 0..1 by min-max over the desa present in the
file, with the minimum taken as min(0, smallest value) -- for counts that is
simply value / largest value ("half of the top desa" = 0.5). Several rows for
one desa are summed (counts add up). `risiko` is the mean of the scaled
indicators a desa has; desa absent from the file are left out (the priority
score then uses 0 for them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from etl.schema import REVIEW_COLUMNS
from etl.tools.matching import match_village_names

__all__ = ["REVIEW_COLUMNS", "join_risk_indicators", "read_risk_indicators"]

KEY_COLUMNS = ("kode", "desa", "kecamatan")
_HEADER_ALIASES = {
    "kode": {"kode", "kode_desa", "kode_wilayah", "kode_kemendagri", "kd_desa", "kode_kelurahan"},
    "desa": {
        "desa",
        "nama_desa",
        "desa_kelurahan",
        "nama_desa_kelurahan",
        "kel_desa",
        "kelurahan",
        "nama_kelurahan",
        "nama",
    },
    "kecamatan": {"kecamatan", "nama_kecamatan", "kec"},
}
_RESERVED = frozenset(
    {*KEY_COLUMNS, "sumber_file", "sumber_baris", "catatan_baca", "sumber_lembar"}
)
_MISSING = {"", "-", "na", "n/a", "#n/a", "null", "none", "nan"}
_NUMBER = re.compile(r"^([+-]?[\d.,]+)\s*[^\d\s.,]*$")
_AMBIGUOUS = re.compile(r"^[+-]?\d{1,3}([.,]\d{3})+$")
_KODE_DIGITS = re.compile(r"^\d{10}$")

Matcher = Callable[..., pd.DataFrame]


def read_risk_indicators(path: str | Path) -> pd.DataFrame:
    """Read a risk-indicator CSV into a NEW frame of key columns and float indicators.

    Columns: `kode`, `desa`, `kecamatan` (text, "" when absent), `sumber_file`,
    `sumber_baris` (line number, header = 1), `catatan_baca` (why a cell was not
    read; "" when all fine) and one float column per indicator. A column is an
    indicator when at least half of its filled cells are numbers; other cells of
    it become NaN and are explained in `catatan_baca` (never dropped silently).
    `1.000` / `1,000` are ambiguous (thousands or decimals) and are not guessed.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"Berkas indikator risiko tidak ditemukan: {path}")
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        raise ValueError(f"Berkas {path.name} adalah Excel, bukan CSV. Simpan sebagai CSV.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ValueError(f"Berkas {path.name} bukan CSV yang dapat dibaca ({exc}).") from None
    if len(rows) < 2:
        raise ValueError(f"Berkas {path.name} tidak berisi data.")
    header = [_header_key(h) for h in rows[0]]
    body = [r + [""] * (len(header) - len(r)) for r in rows[1:] if any(c.strip() for c in r)]
    lines = [i + 2 for i, r in enumerate(rows[1:]) if any(c.strip() for c in r)]
    data = pd.DataFrame([r[: len(header)] for r in body], columns=range(len(header)), dtype=str)

    out = pd.DataFrame(index=range(len(body)))
    key_pos: dict[str, int] = {}
    for pos, name in enumerate(header):
        for key, aliases in _HEADER_ALIASES.items():
            if name in aliases and key not in key_pos:
                key_pos[key] = pos
    if "kode" not in key_pos and "desa" not in key_pos:
        raise ValueError(
            f"Berkas {path.name} perlu kolom kode desa atau nama desa (mis. 'kode' atau 'desa')."
        )
    for key in KEY_COLUMNS:
        out[key] = data[key_pos[key]].str.strip() if key in key_pos else ""
    out["sumber_file"] = path.name
    out["sumber_baris"] = lines
    notes: list[list[str]] = [[] for _ in body]
    indicators = 0
    for pos, name in enumerate(header):
        if pos in key_pos.values() or not name:
            continue
        parsed = [_parse_number(v) for v in data[pos]]
        filled = [p for p in parsed if p != "kosong"]
        numbers = [p for p in filled if isinstance(p, float)]
        if not numbers or len(numbers) * 2 < len(filled):
            continue
        indicators += 1
        column = rows[0][pos].strip()
        cells = [str(v) for v in data[pos]]
        for i, p in enumerate(parsed):
            if isinstance(p, str) and p != "kosong":
                notes[i].append(f"kolom '{column}': {p} '{cells[i]}'")
        while name in out.columns or name in _RESERVED:
            name += "_2"
        out[name] = [p if isinstance(p, float) else np.nan for p in parsed]
    if indicators == 0:
        raise ValueError(f"Berkas {path.name} tidak punya kolom angka sebagai indikator.")
    out["catatan_baca"] = ["; ".join(n) for n in notes]
    return out


def join_risk_indicators(
    frame: pd.DataFrame,
    official: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None = None,
    kabupaten: str | None = None,
    matcher: Matcher | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Join indicator rows to official desa; return (per-desa risk, review rows).

    `official` has `kode, nama, kecamatan_kode, kecamatan`. Rows with a known
    code are taken as is; rows with an unknown code, and rows whose name the
    matcher does not accept, go to review (`REVIEW_COLUMNS`, jenis_data
    "risiko"). The per-desa frame has `kode, nama, kecamatan, risiko` plus the
    summed raw indicators, one row per desa present in the file.
    """
    for col in ("kode", "nama", "kecamatan"):
        if col not in official.columns:
            raise ValueError(f"Daftar desa resmi tidak punya kolom {col}.")
    indicator_cols = [c for c in frame.columns if _is_indicator(frame, c)]
    if not indicator_cols:
        raise ValueError("Tabel indikator risiko tidak punya kolom angka.")
    data = frame.reset_index(drop=True)
    official_kode = set(official["kode"].astype("str"))
    kode = data["kode"].fillna("").astype("str").map(_normalise_kode)
    matched = pd.Series([""] * len(data), dtype="str")
    reasons = pd.Series([""] * len(data), dtype="str")
    candidates = pd.Series([""] * len(data), dtype="str")

    has_kode = kode != ""
    matched[has_kode & kode.isin(official_kode)] = kode[has_kode & kode.isin(official_kode)]
    reasons[has_kode & ~kode.isin(official_kode)] = "Kode desa tidak ada di daftar resmi kabupaten."
    by_name = ~has_kode & (data["desa"].fillna("").astype("str").str.strip() != "")
    reasons[~has_kode & ~by_name] = "Baris tanpa kode dan tanpa nama desa."
    if by_name.any():
        result = _match_names(data.loc[by_name], official, aliases, kabupaten, matcher)
        desa_kode = result["desa_kode"].fillna("").astype("str").to_numpy()
        matched[by_name] = desa_kode
        reasons[by_name] = np.where(
            desa_kode == "",
            result["alasan"].fillna("Nama desa tidak dapat dicocokkan.").astype("str"),
            "",
        )
        candidates[by_name] = result["kandidat"].fillna("").astype("str").to_numpy()

    review = _review_rows(data, reasons, candidates, indicator_cols)
    accepted = data.assign(kode=matched)[matched != ""]
    summed = accepted.groupby("kode", sort=True)[indicator_cols].sum(min_count=1)
    scaled = summed.apply(_scale_column)
    names = official.assign(kode=official["kode"].astype("str")).set_index("kode")
    per_desa = pd.DataFrame(
        {
            "kode": summed.index.to_numpy(),
            "nama": names["nama"].reindex(summed.index).to_numpy(),
            "kecamatan": names["kecamatan"].reindex(summed.index).to_numpy(),
            "risiko": scaled.mean(axis=1, skipna=True).fillna(0.0).to_numpy(),
        }
    )
    for col in indicator_cols:
        per_desa[col] = summed[col].to_numpy()
    return per_desa, review


def _match_names(
    rows: pd.DataFrame,
    official: pd.DataFrame,
    aliases: pd.DataFrame | None,
    kabupaten: str | None,
    matcher: Matcher | None,
) -> pd.DataFrame:
    if matcher is None:
        matcher = match_village_names
    if kabupaten is None:
        kabupaten = str(official["kode"].astype("str").iloc[0])[:5]
    result = matcher(rows.reset_index(drop=True), official, aliases, kabupaten=kabupaten)
    if len(result) != len(rows):
        raise ValueError("Hasil pencocokan nama tidak sepanjang data masukan.")
    for col in ("desa_kode", "alasan", "kandidat"):
        if col not in result.columns:
            result = result.assign(**{col: None})
    return result.reset_index(drop=True)


def _review_rows(
    data: pd.DataFrame, reasons: pd.Series, candidates: pd.Series, indicators: Sequence[str]
) -> pd.DataFrame:
    records: list[dict[str, Any]] = []
    for i, row in enumerate(data.to_dict("records")):
        reason = str(reasons.iloc[i])
        note = str(row.get("catatan_baca") or "")
        if not reason and not note:
            continue
        if note:
            note = "Nilai tidak terbaca sebagai angka dan diabaikan: " + note + "."
            reason = f"{reason} {note}".strip()
        values = [str(row[c]) for c in KEY_COLUMNS if row.get(c)]
        values += [f"{c}={row[c]:g}" for c in indicators if pd.notna(row[c])]
        records.append(
            {
                "sumber_file": str(row.get("sumber_file", "")),
                "sumber_lembar": "",
                "sumber_baris": int(row.get("sumber_baris", 0)),
                "jenis_data": "risiko",
                "alasan": reason,
                "nilai": "; ".join(values),
                "kandidat": str(candidates.iloc[i]),
            }
        )
    return pd.DataFrame(records, columns=list(REVIEW_COLUMNS))


def _scale_column(values: pd.Series) -> pd.Series:
    lo = min(0.0, float(values.min(skipna=True)))
    hi = float(values.max(skipna=True))
    if not np.isfinite(hi) or hi <= lo:
        return values * 0.0
    return (values - lo) / (hi - lo)


def _is_indicator(frame: pd.DataFrame, col: str) -> bool:
    return col not in _RESERVED and pd.api.types.is_numeric_dtype(frame[col])


def _normalise_kode(value: str) -> str:
    text = value.strip()
    if _KODE_DIGITS.match(text):
        return f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    return text


def _header_key(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


def _parse_number(value: str) -> float | str:
    """A float, "kosong" for an empty cell, or the Indonesian reason it is not a number."""
    text = value.strip()
    if text.lower() in _MISSING:
        return "kosong"
    if _AMBIGUOUS.match(text.split()[0] if text.split() else text):
        return "angka ambigu (ribuan atau desimal?)"
    match = _NUMBER.match(text)
    if not match:
        return "bukan angka"
    number = match.group(1)
    if "," in number and "." in number:
        decimal = "," if number.rfind(",") > number.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        number = number.replace(thousands, "").replace(decimal, ".")
    else:
        number = number.replace(",", ".")
    try:
        return float(number)
    except ValueError:
        return "bukan angka"
