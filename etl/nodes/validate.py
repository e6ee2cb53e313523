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

import numpy as np
import pandas as pd

from etl.nodes._validate_cells import (
    Cells,
    Gather,
    Reasons,
    duplicated,
    gender_mismatch,
    join_reasons,
    reason_where,
)
from etl.nodes._validate_place import locate
from etl.schema import COLUMNS, KELOMPOK_PERAN, REVIEW_COLUMNS, SOURCE_COLUMNS, Kind
from etl.tables import RawTable
from etl.tools._cells import repeat_str
from etl.tools.parse import (
    cell_text,
    parse_count_series,
    parse_date_series,
    parse_jenis_series,
    parse_role_series,
)

Check = tuple[Reasons, tuple[str, ...]]
"""(problem per row, raw columns shown in ``nilai``)."""

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
    cells = Cells(frame)
    tanggal = cells.parse("tanggal", parse_date_series)
    lat, lon, place_problem, _ = locate(cells)
    checks: list[Check] = [
        (cells.required("id_kegiatan", "ID kegiatan kosong"), ("id_kegiatan",)),
        (tanggal.reasons, ("tanggal",)),
        (cells.required("desa", "desa tempat kegiatan kosong"), ("desa",)),
        (place_problem, ("lat", "lon", "koordinat")),
        (duplicated(cells, "id_kegiatan", "ID kegiatan"), ("id_kegiatan",)),
    ]
    typed: dict[str, Gather] = {
        **_texts(cells, ["id_kegiatan", "kecamatan", "desa", "kode_desa"]),
        "tanggal": tanggal.gather,
        "lat": lat.__getitem__,
        "lon": lon.__getitem__,
        **_texts(cells, ["tema", "narasumber", "penyelenggara", "catatan"]),
    }
    return _split(table, frame, typed, checks)


def validate_peserta(table: RawTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Attendance: ``id_kegiatan``, ``desa`` (home village), ``peran`` and ``jumlah`` (1..500)
    required; ``laki_laki``/``perempuan`` optional and must not contradict ``jumlah``."""
    frame = _checked_frame(table, "peserta")
    cells = Cells(frame)
    roles, role_problems = parse_role_series(cells.distinct("peran"))
    peran_codes = cells.factors("peran")[0]
    jumlah = cells.parse("jumlah", lambda v: parse_count_series(v, minimum=1))
    laki = cells.parse(
        "laki_laki", lambda v: parse_count_series(v, label="laki-laki", required=False)
    )
    perempuan = cells.parse(
        "perempuan", lambda v: parse_count_series(v, label="perempuan", required=False)
    )
    checks: list[Check] = [
        (cells.required("id_kegiatan", "ID kegiatan kosong"), ("id_kegiatan",)),
        (cells.required("desa", "desa asal kosong"), ("desa",)),
        (Reasons(role_problems.to_numpy(dtype=object), peran_codes), ("peran",)),
        (jumlah.reasons, ("jumlah",)),
        (laki.reasons, ("laki_laki",)),
        (perempuan.reasons, ("perempuan",)),
        (gender_mismatch(jumlah, laki, perempuan), ("jumlah", "laki_laki", "perempuan")),
    ]
    typed: dict[str, Gather] = {
        **_texts(cells, ["id_kegiatan", "kecamatan", "desa", "kode_desa"]),
        "peran": cells.mapped("peran", roles),
        "peran_asli": cells.text("peran"),
        "kelompok_peran": cells.mapped("peran", roles.map(KELOMPOK_PERAN)),
        "jumlah": lambda rows: jumlah.gather(rows).astype("int64"),
        "laki_laki": laki.gather,
        "perempuan": perempuan.gather,
    }
    return _split(table, frame, typed, checks)


def validate_laporan(table: RawTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reports: ``id_laporan``, ``tanggal``, ``jenis`` required, and a place: ``lat`` + ``lon``
    (or ``koordinat``) or a ``desa`` (``kecamatan`` optional)."""
    frame = _checked_frame(table, "laporan")
    cells = Cells(frame)
    tanggal = cells.parse("tanggal", parse_date_series)
    jenis = cells.parse("jenis", parse_jenis_series)
    lat, lon, place_problem, has_point = locate(cells)
    no_place = ~has_point & ~place_problem.present() & cells.blank("desa")
    checks: list[Check] = [
        (cells.required("id_laporan", "nomor laporan kosong"), ("id_laporan",)),
        (tanggal.reasons, ("tanggal",)),
        (jenis.reasons, ("jenis",)),
        (place_problem, ("lat", "lon", "koordinat")),
        (
            reason_where(no_place, "lokasi kosong: isi lat dan lon, atau desa"),
            ("lat", "lon", "desa"),
        ),
        (duplicated(cells, "id_laporan", "nomor laporan"), ("id_laporan",)),
    ]
    typed: dict[str, Gather] = {
        **_texts(cells, ["id_laporan"]),
        "tanggal": tanggal.gather,
        "jenis": cells.mapped("jenis", jenis.values),
        "jenis_asli": cells.text("jenis"),
        **_texts(cells, ["kecamatan", "desa", "kode_desa"]),
        "lat": lat.__getitem__,
        "lon": lon.__getitem__,
        **_texts(cells, ["status", "sumber"]),
    }
    return _split(table, frame, typed, checks)


# --- helpers -----------------------------------------------------------------------------
def _checked_frame(table: RawTable, kind: Kind) -> pd.DataFrame:
    if table.kind != kind:
        raise ValueError(f"Tabel {table.sumber_file} berjenis {table.kind}, bukan {kind}.")
    frame = table.frame
    missing = [c for c in (*COLUMNS[kind], "sumber_baris") if c not in frame.columns]
    if missing:
        raise ValueError(f"Tabel {kind} dari {table.sumber_file} tanpa kolom: {missing}")
    return frame.reset_index(drop=True)


def _texts(cells: Cells, columns: list[str]) -> dict[str, Gather]:
    """Text columns, stripped, blank -> missing, as pandas' string dtype."""
    return {column: cells.text(column) for column in columns}


def _split(
    table: RawTable, frame: pd.DataFrame, typed: dict[str, Gather], checks: list[Check]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(accepted, review): rows without any reason get their typed columns, the others a
    review row; each frame's columns are built for its own rows only."""
    present = [reasons.present() for reasons, _ in checks]
    bad = np.logical_or.reduce(present) if present else np.zeros(len(frame), dtype=bool)
    kept, rows = np.flatnonzero(~bad), np.flatnonzero(bad)
    sumber_baris = frame["sumber_baris"].astype("int64").to_numpy()
    accepted = pd.DataFrame(
        {
            **{column: gather(kept) for column, gather in typed.items()},
            **_source(table, sumber_baris[kept]),
        },
        columns=[*typed, *SOURCE_COLUMNS],
        copy=False,
    )
    review = pd.DataFrame(
        {
            **_source(table, sumber_baris[rows]),
            "jenis_data": repeat_str(table.kind, len(rows)),
            "alasan": pd.array(join_reasons([r for r, _ in checks], rows), dtype="str"),
            "nilai": pd.array(_nilai(frame, rows, checks), dtype="str"),
            "kandidat": repeat_str("", len(rows)),
        },
        columns=list(REVIEW_COLUMNS),
        copy=False,
    )
    return accepted, review


def _source(table: RawTable, sumber_baris: np.ndarray) -> dict[str, object]:
    return {
        "sumber_file": repeat_str(table.sumber_file, len(sumber_baris)),
        "sumber_lembar": repeat_str(table.sumber_lembar, len(sumber_baris)),
        "sumber_baris": sumber_baris,
    }


def _nilai(frame: pd.DataFrame, rows: np.ndarray, checks: list[Check]) -> list[str]:
    """Offending values of each review row: ``kolom=nilai`` for every failed check."""
    problems = [(reasons.at(rows), columns) for reasons, columns in checks]
    needed = {column for _, columns in checks for column in columns}
    cells = {column: frame[column].iloc[rows].to_numpy(dtype=object) for column in needed}
    out: list[str] = []
    for i in range(len(rows)):
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
