"""Validate field VALUES of raw tables: every input row is accepted or sent to review.

Pure functions: a ``RawTable`` in, two NEW frames out: accepted rows with typed columns and
review rows (``etl.schema.REVIEW_COLUMNS``) with every reason of the row in Bahasa
Indonesia. Village and kecamatan NAMES are not checked here (matching comes later), only
that the fields a row needs are present and parse. Invariant (tested): ``len(accepted) +
len(review) == len(table.frame)``, and each ``sumber_baris`` lands in exactly one of them.

Decisions: a bad value in an OPTIONAL field (e.g. an unparseable ``lat`` on a kegiatan) also
sends the row to review, because accepting it would silently drop what the officer typed.
A repeated ``id_kegiatan``/``id_laporan`` within one table sends the later rows to review.
``kecamatan`` may be blank (matching then searches the whole kabupaten).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from etl.io.readers import RawTable
from etl.schema import COLUMNS, KELOMPOK_PERAN, REVIEW_COLUMNS, SOURCE_COLUMNS, Kind
from etl.tools._cells import blank_flags
from etl.tools.parse import (
    cell_text,
    parse_coordinate_pair,
    parse_coordinate_series,
    parse_count_series,
    parse_date_series,
    parse_jenis_series,
    parse_role_series,
    text_series,
)

Check = tuple[pd.Series, tuple[str, ...]]
"""(problem per row or None, raw columns shown in ``nilai``)."""

__all__ = ["validate_kegiatan", "validate_laporan", "validate_peserta", "validate_table"]


def validate_table(table: RawTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dispatch on ``table.kind``: (accepted, review)."""
    validators = {
        "kegiatan": validate_kegiatan,
        "peserta": validate_peserta,
        "laporan": validate_laporan,
    }
    return validators[table.kind](table)


def validate_kegiatan(table: RawTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sessions: ``id_kegiatan``, ``tanggal`` (day first) and ``desa`` required; ``lat``/``lon``
    (or ``koordinat``) optional but must parse when given."""
    frame = _checked_frame(table, "kegiatan")
    cells = _Cells(frame)
    tanggal, tanggal_problem = cells.parse("tanggal", parse_date_series)
    lat, lon, place_problem, _ = _locate(cells)
    checks: list[Check] = [
        (_required(cells, "id_kegiatan", "ID kegiatan kosong"), ("id_kegiatan",)),
        (tanggal_problem, ("tanggal",)),
        (_required(cells, "desa", "desa tempat kegiatan kosong"), ("desa",)),
        (place_problem, ("lat", "lon", "koordinat")),
        (_duplicated(cells, "id_kegiatan", "ID kegiatan"), ("id_kegiatan",)),
    ]
    typed = _texts(cells, ["id_kegiatan", "kecamatan", "desa", "kode_desa"]).assign(
        tanggal=tanggal, lat=lat, lon=lon
    )
    typed = typed.join(_texts(cells, ["tema", "narasumber", "penyelenggara", "catatan"]))
    return _split(table, frame, typed, checks)


def validate_peserta(table: RawTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Attendance: ``id_kegiatan``, ``desa`` (home village), ``peran`` and ``jumlah`` (1..500)
    required; ``laki_laki``/``perempuan`` optional and must not contradict ``jumlah``."""
    frame = _checked_frame(table, "peserta")
    cells = _Cells(frame)
    peran_distinct, peran_problem_distinct = parse_role_series(cells.factors("peran")[1])
    peran = cells.expand("peran", peran_distinct.astype("str"))
    peran_problem = cells.expand("peran", peran_problem_distinct)
    jumlah, jumlah_problem = cells.parse("jumlah", lambda v: parse_count_series(v, minimum=1))
    laki, laki_problem = cells.parse(
        "laki_laki", lambda v: parse_count_series(v, label="laki-laki", required=False)
    )
    perempuan, perempuan_problem = cells.parse(
        "perempuan", lambda v: parse_count_series(v, label="perempuan", required=False)
    )
    checks: list[Check] = [
        (_required(cells, "id_kegiatan", "ID kegiatan kosong"), ("id_kegiatan",)),
        (_required(cells, "desa", "desa asal kosong"), ("desa",)),
        (peran_problem, ("peran",)),
        (jumlah_problem, ("jumlah",)),
        (laki_problem, ("laki_laki",)),
        (perempuan_problem, ("perempuan",)),
        (_gender_mismatch(jumlah, laki, perempuan), ("jumlah", "laki_laki", "perempuan")),
    ]
    typed = _texts(cells, ["id_kegiatan", "kecamatan", "desa", "kode_desa"]).assign(
        peran=peran,
        peran_asli=cells.text("peran"),
        kelompok_peran=cells.expand("peran", peran_distinct.map(KELOMPOK_PERAN).astype("str")),
        jumlah=jumlah,
        laki_laki=laki,
        perempuan=perempuan,
    )
    accepted, review = _split(table, frame, typed, checks)
    accepted = accepted.astype({"jumlah": "int64", "peran": "str", "kelompok_peran": "str"})
    return accepted, review


def validate_laporan(table: RawTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reports: ``id_laporan``, ``tanggal``, ``jenis`` required, and a place: ``lat`` + ``lon``
    (or ``koordinat``) or a ``desa`` (``kecamatan`` optional)."""
    frame = _checked_frame(table, "laporan")
    cells = _Cells(frame)
    tanggal, tanggal_problem = cells.parse("tanggal", parse_date_series)
    jenis, jenis_problem = cells.parse("jenis", parse_jenis_series)
    lat, lon, place_problem, has_point = _locate(cells)
    no_place = ~has_point & place_problem.isna() & cells.blank("desa")
    place_missing = _reason_where(no_place, "lokasi kosong: isi lat dan lon, atau desa")
    checks: list[Check] = [
        (_required(cells, "id_laporan", "nomor laporan kosong"), ("id_laporan",)),
        (tanggal_problem, ("tanggal",)),
        (jenis_problem, ("jenis",)),
        (place_problem, ("lat", "lon", "koordinat")),
        (place_missing, ("lat", "lon", "desa")),
        (_duplicated(cells, "id_laporan", "nomor laporan"), ("id_laporan",)),
    ]
    typed = _texts(cells, ["id_laporan"]).assign(
        tanggal=tanggal, jenis=jenis, jenis_asli=cells.text("jenis")
    )
    typed = typed.join(_texts(cells, ["kecamatan", "desa", "kode_desa"])).assign(lat=lat, lon=lon)
    typed = typed.join(_texts(cells, ["status", "sumber"]))
    accepted, review = _split(table, frame, typed, checks)
    return accepted.astype({"jenis": "str"}), review


# --- helpers -----------------------------------------------------------------------------
def _checked_frame(table: RawTable, kind: Kind) -> pd.DataFrame:
    if table.kind != kind:
        raise ValueError(f"Tabel {table.sumber_file} berjenis {table.kind}, bukan {kind}.")
    frame = table.frame
    missing = [c for c in (*COLUMNS[kind], "sumber_baris") if c not in frame.columns]
    if missing:
        raise ValueError(f"Tabel {kind} dari {table.sumber_file} tanpa kolom: {missing}")
    return frame.reset_index(drop=True)


class _Cells:
    """Each raw column factorised once (a million rows hold few distinct cells); text,
    blank tests and parsers then run on the distinct values and are gathered back."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._factors: dict[str, tuple[np.ndarray, pd.Series]] = {}
        self._texts: dict[str, pd.Series] = {}

    def factors(self, column: str) -> tuple[np.ndarray, pd.Series]:
        """(code per row, distinct cells + a final ``None`` that blank/NA rows point to)."""
        if column not in self._factors:
            raw = self.frame[column].to_numpy(dtype=object)
            codes, uniques = pd.factorize(raw, use_na_sentinel=True)
            distinct = np.empty(len(uniques) + 1, dtype=object)
            distinct[:-1] = uniques
            distinct[-1] = None
            codes = np.where(codes < 0, len(uniques), codes).astype(np.intp)
            self._factors[column] = (codes, pd.Series(distinct, dtype=object))
        return self._factors[column]

    def expand(self, column: str, distinct: pd.Series) -> pd.Series:
        """A per-distinct-value series of ``column`` gathered back to one value per row."""
        codes, _ = self.factors(column)
        return distinct.take(codes).set_axis(self.frame.index)

    def parse(
        self, column: str, parse: Callable[[pd.Series], tuple[pd.Series, pd.Series]]
    ) -> tuple[pd.Series, pd.Series]:
        """``parse`` (a ``parse_*_series``) run on the distinct cells of ``column``."""
        value, problem = parse(self.factors(column)[1])
        return self.expand(column, value), self.expand(column, problem)

    def text(self, column: str) -> pd.Series:
        """``text_series`` of the column (cached)."""
        if column not in self._texts:
            self._texts[column] = self.expand(column, text_series(self.factors(column)[1]))
        return self._texts[column]

    def blank(self, column: str) -> pd.Series:
        """True where the cell is blank (its ``text`` would be missing)."""
        if column in self._texts:
            return self._texts[column].isna()
        codes, distinct = self.factors(column)
        flags = blank_flags(distinct.to_numpy(dtype=object))
        return pd.Series(flags[codes], index=self.frame.index, dtype=bool)


def _required(cells: _Cells, column: str, reason: str) -> pd.Series:
    return _reason_where(cells.blank(column), reason)


def _no_reasons(index: pd.Index) -> pd.Series:
    return pd.Series(np.full(len(index), None, dtype=object), index=index, dtype=object)


def _reason_where(mask: pd.Series, reason: str) -> pd.Series:
    """``reason`` where ``mask`` is true, ``None`` elsewhere."""
    out = _no_reasons(mask.index)
    out[mask.to_numpy(dtype=bool)] = reason
    return out


def _texts(cells: _Cells, columns: Sequence[str]) -> pd.DataFrame:
    """Text columns, stripped, blank -> missing, as pandas' string dtype."""
    return pd.DataFrame({column: cells.text(column) for column in columns}, index=cells.frame.index)


def _duplicated(cells: _Cells, column: str, label: str) -> pd.Series:
    frame = cells.frame
    ids = cells.text(column)
    repeated = ids.duplicated(keep="first") & ids.notna()
    out = _no_reasons(frame.index)
    if repeated.any():
        first_row = frame["sumber_baris"].groupby(ids).transform("first")
        out[repeated] = [
            f"{label} {value} sudah dipakai di baris {int(row)}"
            for value, row in zip(ids[repeated], first_row[repeated], strict=True)
        ]
    return out


def _gender_mismatch(jumlah: pd.Series, laki: pd.Series, perempuan: pd.Series) -> pd.Series:
    both = jumlah.notna() & laki.notna() & perempuan.notna()
    total = laki.fillna(0) + perempuan.fillna(0)
    wrong_sum = both & (total != jumlah)
    too_many = jumlah.notna() & ~both & (total > jumlah)
    out = _no_reasons(jumlah.index)
    out[too_many.fillna(False).astype(bool)] = "laki-laki/perempuan lebih besar dari jumlah"
    wrong = wrong_sum.fillna(False).astype(bool)
    if wrong.any():
        out[wrong] = [
            f"laki-laki + perempuan ({m} + {f}) tidak sama dengan jumlah ({j})"
            for j, m, f in zip(jumlah[wrong], laki[wrong], perempuan[wrong], strict=True)
        ]
    return out


def _pairs(
    cells: _Cells, column: str, rows: pd.Series | None = None
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(lat, lon, problem) of cells holding both coordinates; blank (or outside ``rows``)
    -> NaN, NaN, None. Each distinct cell is parsed once."""
    codes, distinct = cells.factors(column)
    if rows is not None:
        codes = np.where(rows.to_numpy(dtype=bool), codes, len(distinct) - 1)
    values = distinct.to_numpy(dtype=object)
    lat = np.full(len(values), np.nan)
    lon = np.full(len(values), np.nan)
    problems = np.full(len(values), None, dtype=object)
    for i in np.unique(codes).tolist():
        point, problem = parse_coordinate_pair(values[i])
        if point is not None:
            lat[i], lon[i] = point
        problems[i] = problem
    index = cells.frame.index
    return (
        pd.Series(lat[codes], index=index, dtype="float64"),
        pd.Series(lon[codes], index=index, dtype="float64"),
        pd.Series(problems[codes], index=index, dtype=object),
    )


def _locate(cells: _Cells) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(lat, lon, problem, has a valid point) from ``lat``/``lon``/``koordinat``; both
    coordinates typed into the ``lat`` (or ``lon``) cell with the other blank count as a pair."""
    lat_blank, lon_blank = cells.blank("lat"), cells.blank("lon")
    pair_blank = cells.blank("koordinat")
    lat, lat_problem = cells.parse("lat", lambda v: parse_coordinate_series(v, "lat"))
    lon, lon_problem = cells.parse("lon", lambda v: parse_coordinate_series(v, "lon"))
    pair_lat, pair_lon, pair_problem = _pairs(cells, "koordinat")
    for source, other_blank in (("lat", lon_blank), ("lon", lat_blank)):
        use = other_blank & ~cells.blank(source) & pair_blank
        if use.any():
            s_lat, s_lon, s_problem = _pairs(cells, source, use)
            use = use & s_problem.isna()
            pair_lat, pair_lon = pair_lat.mask(use, s_lat), pair_lon.mask(use, s_lon)
            pair_blank = pair_blank & ~use
            lat_problem, lon_problem = lat_problem.mask(use, None), lon_problem.mask(use, None)
            lat_blank, lon_blank = lat_blank | use, lon_blank | use
    one_missing = _reason_where(~lat_blank & lon_blank, "lintang diisi tetapi bujur kosong")
    one_missing = one_missing.mask(lat_blank & ~lon_blank, "bujur diisi tetapi lintang kosong")
    has_columns = ~lat_blank & ~lon_blank & lat_problem.isna() & lon_problem.isna()
    has_pair = ~pair_blank & pair_problem.isna()
    differs = (
        has_columns & has_pair & ((lat - pair_lat).abs().gt(1e-6) | (lon - pair_lon).abs().gt(1e-6))
    )
    differ_problem = _reason_where(differs, "koordinat berbeda dengan kolom lat/lon")
    problem = _join([lat_problem, lon_problem, one_missing, pair_problem, differ_problem])
    final_lat = lat.where(has_columns, pair_lat.where(has_pair))
    final_lon = lon.where(has_columns, pair_lon.where(has_pair))
    has_point = (has_columns | has_pair) & problem.isna()
    return final_lat.where(has_point), final_lon.where(has_point), problem, has_point


def _join(problems: Sequence[pd.Series]) -> pd.Series:
    """Row-wise ``"; "``-join of the non-missing reasons (``None`` when there are none)."""
    stacked = pd.concat(problems, axis=1, ignore_index=True)
    bad = stacked.notna().any(axis=1)
    out = _no_reasons(stacked.index)
    if bad.any():
        rows = stacked[bad].itertuples(index=False, name=None)
        out[bad] = ["; ".join(str(v) for v in row if v is not None and v == v) for row in rows]
    return out


def _split(
    table: RawTable, frame: pd.DataFrame, typed: pd.DataFrame, checks: list[Check]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    alasan = _join([problem for problem, _ in checks])
    bad = alasan.notna().to_numpy()
    source = pd.DataFrame(
        {
            "sumber_file": pd.Series(table.sumber_file, index=frame.index, dtype="str"),
            "sumber_lembar": pd.Series(table.sumber_lembar, index=frame.index, dtype="str"),
            "sumber_baris": frame["sumber_baris"].astype("int64"),
        }
    )
    accepted = pd.concat([typed, source], axis=1).loc[~bad].reset_index(drop=True)
    review = source.loc[bad].assign(
        jenis_data=table.kind,
        alasan=alasan.loc[bad],
        nilai=_nilai(frame.loc[bad], [check for check in checks]),
        kandidat="",
    )
    review = review.reset_index(drop=True)[list(REVIEW_COLUMNS)]
    return accepted[[*typed.columns, *SOURCE_COLUMNS]], review.astype(
        {c: "str" for c in REVIEW_COLUMNS if c != "sumber_baris"}
    )


def _nilai(rows: pd.DataFrame, checks: list[Check]) -> list[str]:
    """Offending values of each review row: ``kolom=nilai`` for every failed check."""
    positions = rows.index.to_numpy()
    problems = [(problem.to_numpy(dtype=object)[positions], columns) for problem, columns in checks]
    cells = {column: rows[column].to_numpy(dtype=object) for column in rows.columns}
    out: list[str] = []
    for i in range(len(positions)):
        parts: list[str] = []
        for reasons, columns in problems:
            if not isinstance(reasons[i], str):
                continue
            for column in columns:
                text = f"{column}={cell_text(cells[column][i]) or '(kosong)'}"
                if text not in parts:
                    parts.append(text)
        out.append("; ".join(parts))
    return out
