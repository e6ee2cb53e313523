"""The alias file ``aliases.csv``: typed names people resolved after review.

Columns: ``kabupaten, kecamatan, nama_ketik, desa_kode, dibuat_oleh, dibuat_pada``. The
file is append-only (an audit trail of who decided what): :func:`append_alias` only ever
adds a line, never rewrites, and on reading a later line for the same (kabupaten,
kecamatan, typed name) wins over an earlier one. ``kecamatan`` may be blank: the alias
then applies wherever the typed name comes without a recognisable kecamatan.

Two processes may append at once (two reviewers confirming at the same moment): each
append holds an exclusive lock on the file while it reads what is there and writes its
line, so the header is written once. A repeated header line (left by an older version
without the lock) is skipped on reading, with a warning that names the line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import pandas as pd

from etl.schema import DESA_CODE
from etl.tools.names import name_key
from geodata.io.locking import locked_file

__all__ = [
    "ALIAS_COLUMNS",
    "append_alias",
    "read_alias_rows",
    "read_aliases",
    "read_aliases_with_warnings",
]

ALIAS_COLUMNS: Final = (
    "kabupaten",
    "kecamatan",
    "nama_ketik",
    "desa_kode",
    "dibuat_oleh",
    "dibuat_pada",
)
_REQUIRED: Final = ("kabupaten", "kecamatan", "nama_ketik", "desa_kode")
LOCK_WAIT_SECONDS: Final = 30.0
"""How long an append waits for another process's append to finish."""


def read_aliases(
    path: str | Path, official: pd.DataFrame | None = None, *, kabupaten: str | None = None
) -> pd.DataFrame:
    """Read ``aliases.csv`` into a frame of :data:`ALIAS_COLUMNS` plus ``baris`` (line).

    A missing file gives an empty frame. UTF-8 (with or without BOM) or cp1252, comma or
    semicolon separated. With ``official`` (``kode`` column, one kabupaten's list), every
    row of that kabupaten (``kabupaten`` equal to ``kabupaten`` or to the list's own code,
    or blank) must name a code in the list. ``kabupaten`` alone keeps only that
    kabupaten's rows. Later rows win: one row per (kabupaten, kecamatan, typed name).

    Raises ``ValueError`` naming the file and line for a bad header, a wrong number of
    fields, an empty typed name, a malformed code or a code missing from the list. A
    repeated header line is skipped (see :func:`read_aliases_with_warnings`).
    """
    return read_aliases_with_warnings(path, official, kabupaten=kabupaten)[0]


def read_aliases_with_warnings(
    path: str | Path, official: pd.DataFrame | None = None, *, kabupaten: str | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """:func:`read_aliases`, plus one Indonesian warning per line that was skipped (a
    repeated header line), for the run's manifest."""
    path = Path(path)
    frame, warnings = read_alias_rows(path)
    if frame.empty:
        return frame, warnings
    kab_codes = _kabupaten_codes(official, kabupaten)
    if official is not None:
        _validate_codes(frame, set(official["kode"].astype(str).str.strip()), kab_codes, path)
    if kabupaten is not None:
        frame = frame[frame["kabupaten"].isin({kabupaten.strip(), ""})]
    kept = merge_aliases([frame])
    assert kept is not None
    return kept.astype({"baris": "int64"}), warnings


def read_alias_rows(path: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """Every line of ``aliases.csv`` in file order (:data:`ALIAS_COLUMNS` plus ``baris``),
    none dropped for being superseded and none checked against an official list: the
    file as the log of decisions it is. A missing file gives an empty frame. Raises
    ``ValueError`` naming the line for a malformed line; the warnings name the repeated
    header lines skipped."""
    path = Path(path)
    if not path.is_file():
        return _empty(), []
    reader = _Rows(_decode(path.read_bytes()), path)
    rows = list(reader)
    if not rows:
        return _empty(), reader.warnings
    frame = pd.DataFrame(rows, columns=[*ALIAS_COLUMNS, "baris"]).astype({"baris": "int64"})
    return frame, reader.warnings


def append_alias(
    path: str | Path,
    *,
    kabupaten: str,
    kecamatan: str,
    nama_ketik: str,
    desa_kode: str,
    user: str,
    timestamp: datetime | str | None = None,
    official: pd.DataFrame | None = None,
) -> None:
    """Append one alias line to ``path`` (created with a header when missing).

    Never rewrites existing lines. The file is locked while its end is read and the line
    written, so appends racing from several processes each land whole, under a single
    header (waits up to :data:`LOCK_WAIT_SECONDS`). Checks first: non-blank typed name and user, a
    Kepmendagri-shaped code (``53.02.01.1001``) inside ``kabupaten``, and, when
    ``official`` is given, a code present in that list; an existing file must carry the
    alias header. ``timestamp`` defaults to now (UTC, ISO 8601).
    """
    path = Path(path)
    kabupaten, desa_kode = kabupaten.strip(), desa_kode.strip()
    if not nama_ketik.strip():
        raise ValueError(f"{path}: nama_ketik kosong; alias tidak ditambahkan")
    if not user.strip():
        raise ValueError(f"{path}: dibuat_oleh (pengguna) kosong; alias tidak ditambahkan")
    if not DESA_CODE.match(desa_kode) or not desa_kode.startswith(kabupaten + "."):
        raise ValueError(
            f"{path}: kode desa '{desa_kode}' tidak berbentuk kode desa Kab. {kabupaten} "
            "(contoh 53.02.01.1001)"
        )
    if official is not None and desa_kode not in set(official["kode"].astype(str).str.strip()):
        raise ValueError(f"{path}: kode desa '{desa_kode}' tidak ada di daftar resmi")
    when = timestamp or datetime.now(UTC).replace(microsecond=0)
    stamp = when.isoformat() if isinstance(when, datetime) else str(when)
    values = [kabupaten, kecamatan.strip(), nama_ketik.strip(), desa_kode, user.strip(), stamp]
    with locked_file(path, wait=LOCK_WAIT_SECONDS, append=True) as fd:
        existing = _read_all(fd)
        encoding, delimiter = "utf-8", ","
        if existing.strip():
            text = _decode(existing)
            encoding = "utf-8" if _is_utf8(existing) else "cp1252"
            delimiter = _delimiter(text)
            next(_Rows(text, path), None)  # validates the header
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        if not existing.strip():
            writer.writerow(ALIAS_COLUMNS)
        writer.writerow(values)
        prefix = "\n" if existing and not existing.endswith(b"\n") else ""
        data = (prefix + buffer.getvalue()).encode(encoding)
        while data:  # O_APPEND: every write lands at the end
            data = data[os.write(fd, data) :]
        os.fsync(fd)


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in ALIAS_COLUMNS})
    return frame.assign(baris=pd.Series(dtype="int64"))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes) -> str:
    return data.decode("utf-8-sig") if _is_utf8(data) else data.decode("cp1252", "replace")


def _delimiter(text: str) -> str:
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    return ";" if header.count(";") > header.count(",") else ","


class _Rows:
    """Iterate ``[*ALIAS_COLUMNS, line]`` rows of an alias file, checking as it goes."""

    def __init__(self, text: str, path: Path) -> None:
        self._reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
        self._path = path
        self._columns: list[str] | None = None
        self.warnings: list[str] = []

    def __iter__(self) -> _Rows:
        return self

    def __next__(self) -> list[object]:
        for cells in self._reader:
            line = self._reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if self._columns is None:
                self._columns = self._header(cells, line)
                continue
            if set(_REQUIRED) <= {c.strip().lower() for c in cells}:
                self.warnings.append(
                    f"{self._path}, baris {line}: header alias terulang (dua penulisan "
                    "bersamaan?); baris ini dilewati"
                )
                continue
            return self._row(cells, line)
        raise StopIteration

    def _header(self, cells: list[str], line: int) -> list[str]:
        columns = [c.strip().lower() for c in cells]
        missing = [c for c in _REQUIRED if c not in columns]
        if missing:
            raise ValueError(
                f"{self._path}, baris {line}: header alias tidak lengkap, kurang kolom "
                + ", ".join(missing)
            )
        return columns

    def _row(self, cells: list[str], line: int) -> list[object]:
        assert self._columns is not None
        if len(cells) > len(self._columns):
            raise ValueError(
                f"{self._path}, baris {line}: {len(cells)} kolom, header hanya {len(self._columns)}"
            )
        record = dict(zip(self._columns, (c.strip() for c in cells), strict=False))
        values = [record.get(c, "") for c in ALIAS_COLUMNS]
        if not values[2]:
            raise ValueError(f"{self._path}, baris {line}: nama_ketik kosong")
        if not DESA_CODE.match(values[3]):
            raise ValueError(
                f"{self._path}, baris {line}: kode desa '{values[3]}' tidak berbentuk "
                "kode Kepmendagri (contoh 53.02.01.1001)"
            )
        return [*values, line]


def _kabupaten_codes(official: pd.DataFrame | None, kabupaten: str | None) -> set[str]:
    codes = {kabupaten.strip()} if kabupaten else set()
    if official is not None:
        if "kode" not in official.columns:
            raise ValueError("official: kolom wajib tidak ada: kode")
        codes |= set(official["kode"].astype(str).str.strip().str[:5])
    return codes


def _validate_codes(frame: pd.DataFrame, known: set[str], kab_codes: set[str], path: Path) -> None:
    ours = frame["kabupaten"].isin(kab_codes) | (
        (frame["kabupaten"] == "") & frame["desa_kode"].str[:5].isin(kab_codes)
    )
    for kab, kode, line in frame.loc[ours, ["kabupaten", "desa_kode", "baris"]].itertuples(
        index=False
    ):
        if kode not in known:
            raise ValueError(
                f"{path}, baris {line}: kode desa '{kode}' tidak ada di daftar resmi "
                f"kabupaten {kab or kode[:5]}"
            )


def merge_aliases(frames: Iterable[pd.DataFrame | None]) -> pd.DataFrame | None:
    """Alias frames one after the other, a later row winning over an earlier one for the
    same (kabupaten, kecamatan, typed name); ``None`` when none is given."""
    given = [f for f in frames if f is not None]
    if not given:
        return None
    merged = pd.concat(given, ignore_index=True)
    return merged[~_keys(merged).duplicated(keep="last").to_numpy()].reset_index(drop=True)


def _keys(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "kab": frame["kabupaten"].astype(str).str.strip(),
        "kec": frame["kecamatan"].astype(str).map(name_key),
        "nama": frame["nama_ketik"].astype(str).map(name_key),
    })  # fmt: skip
