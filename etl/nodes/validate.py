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

from collections.abc import Sequence

import numpy as np
import pandas as pd

from etl.io.readers import RawTable
from etl.schema import COLUMNS, KELOMPOK_PERAN, REVIEW_COLUMNS, SOURCE_COLUMNS, Kind
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
    tanggal, tanggal_problem = parse_date_series(frame["tanggal"])
    lat, lon, place_problem, _ = _locate(frame)
    checks: list[Check] = [
        (_required(frame["id_kegiatan"], "ID kegiatan kosong"), ("id_kegiatan",)),
        (tanggal_problem, ("tanggal",)),
        (_required(frame["desa"], "desa tempat kegiatan kosong"), ("desa",)),
        (place_problem, ("lat", "lon", "koordinat")),
        (_duplicated(frame, "id_kegiatan", "ID kegiatan"), ("id_kegiatan",)),
    ]
    typed = _texts(frame, ["id_kegiatan", "kecamatan", "desa", "kode_desa"]).assign(
        tanggal=tanggal, lat=lat, lon=lon
    )
    typed = typed.join(_texts(frame, ["tema", "narasumber", "penyelenggara", "catatan"]))
    return _split(table, frame, typed, checks)


def validate_peserta(table: RawTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Attendance: ``id_kegiatan``, ``desa`` (home village), ``peran`` and ``jumlah`` (1..500)
    required; ``laki_laki``/``perempuan`` optional and must not contradict ``jumlah``."""
    frame = _checked_frame(table, "peserta")
    peran, peran_problem = parse_role_series(frame["peran"])
    jumlah, jumlah_problem = parse_count_series(frame["jumlah"], minimum=1)
    laki, laki_problem = parse_count_series(frame["laki_laki"], label="laki-laki", required=False)
    perempuan, perempuan_problem = parse_count_series(
        frame["perempuan"], label="perempuan", required=False
    )
    checks: list[Check] = [
        (_required(frame["id_kegiatan"], "ID kegiatan kosong"), ("id_kegiatan",)),
        (_required(frame["desa"], "desa asal kosong"), ("desa",)),
        (peran_problem, ("peran",)),
        (jumlah_problem, ("jumlah",)),
        (laki_problem, ("laki_laki",)),
        (perempuan_problem, ("perempuan",)),
        (_gender_mismatch(jumlah, laki, perempuan), ("jumlah", "laki_laki", "perempuan")),
    ]
    typed = _texts(frame, ["id_kegiatan", "kecamatan", "desa", "kode_desa"]).assign(
        peran=peran,
        peran_asli=_texts(frame, ["peran"])["peran"],
        kelompok_peran=peran.map(KELOMPOK_PERAN),
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
    tanggal, tanggal_problem = parse_date_series(frame["tanggal"])
    jenis, jenis_problem = parse_jenis_series(frame["jenis"])
    lat, lon, place_problem, has_point = _locate(frame)
    no_place = ~has_point & place_problem.isna() & _blank(frame["desa"])
    place_missing = _reason_where(no_place, "lokasi kosong: isi lat dan lon, atau desa")
    checks: list[Check] = [
        (_required(frame["id_laporan"], "nomor laporan kosong"), ("id_laporan",)),
        (tanggal_problem, ("tanggal",)),
        (jenis_problem, ("jenis",)),
        (place_problem, ("lat", "lon", "koordinat")),
        (place_missing, ("lat", "lon", "desa")),
        (_duplicated(frame, "id_laporan", "nomor laporan"), ("id_laporan",)),
    ]
    typed = _texts(frame, ["id_laporan"]).assign(
        tanggal=tanggal, jenis=jenis, jenis_asli=_texts(frame, ["jenis"])["jenis"]
    )
    typed = typed.join(_texts(frame, ["kecamatan", "desa", "kode_desa"])).assign(lat=lat, lon=lon)
    typed = typed.join(_texts(frame, ["status", "sumber"]))
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


def _blank(values: pd.Series) -> pd.Series:
    return text_series(values).isna()


def _required(values: pd.Series, reason: str) -> pd.Series:
    return _reason_where(_blank(values), reason)


def _no_reasons(index: pd.Index) -> pd.Series:
    return pd.Series(np.full(len(index), None, dtype=object), index=index, dtype=object)


def _reason_where(mask: pd.Series, reason: str) -> pd.Series:
    """``reason`` where ``mask`` is true, ``None`` elsewhere."""
    out = _no_reasons(mask.index)
    out[mask.to_numpy(dtype=bool)] = reason
    return out


def _texts(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Text columns, stripped, blank -> missing, as pandas' string dtype."""
    return pd.DataFrame(
        {column: text_series(frame[column]) for column in columns}, index=frame.index
    )


def _duplicated(frame: pd.DataFrame, column: str, label: str) -> pd.Series:
    ids = text_series(frame[column])
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


def _pairs(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(lat, lon, problem) of cells holding both coordinates; blank -> NaN, NaN, None."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    parsed = [parse_coordinate_pair(value) for value in uniques] + [(None, None)]
    lat = [np.nan if parsed[c][0] is None else parsed[c][0][0] for c in codes]  # type: ignore[index]
    lon = [np.nan if parsed[c][0] is None else parsed[c][0][1] for c in codes]  # type: ignore[index]
    problems = [parsed[c][1] for c in codes]
    index = values.index
    return (
        pd.Series(lat, index=index, dtype="float64"),
        pd.Series(lon, index=index, dtype="float64"),
        pd.Series(problems, index=index, dtype=object),
    )


def _locate(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(lat, lon, problem, has a valid point) from ``lat``/``lon``/``koordinat``; both
    coordinates typed into the ``lat`` (or ``lon``) cell with the other blank count as a pair."""
    lat_blank, lon_blank = _blank(frame["lat"]), _blank(frame["lon"])
    pair_blank = _blank(frame["koordinat"])
    lat, lat_problem = parse_coordinate_series(frame["lat"], "lat")
    lon, lon_problem = parse_coordinate_series(frame["lon"], "lon")
    pair_lat, pair_lon, pair_problem = _pairs(frame["koordinat"])
    for source, other_blank in ((frame["lat"], lon_blank), (frame["lon"], lat_blank)):
        use = other_blank & ~_blank(source) & pair_blank
        if use.any():
            s_lat, s_lon, s_problem = _pairs(source.where(use, None))
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
