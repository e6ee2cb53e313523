"""aliases.csv: append-only writing, reading with later-rows-win, validation."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from etl.tools.aliases import (
    ALIAS_COLUMNS,
    append_alias,
    read_aliases,
    read_aliases_with_warnings,
)

OFFICIAL = pd.DataFrame(
    {
        "kode": ["53.02.01.1001", "53.02.02.2008", "53.02.08.2001"],
        "nama": ["SoE", "Oinlasi", "Oinlasi"],
        "kecamatan_kode": ["53.02.01", "53.02.02", "53.02.08"],
        "kecamatan": ["Kota Soe", "Mollo Selatan", "Amanatun Selatan"],
    }
)
WHEN = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def _add(path: Path, nama: str, kode: str, kecamatan: str = "", user: str = "petugas") -> None:
    append_alias(
        path,
        kabupaten="53.02",
        kecamatan=kecamatan,
        nama_ketik=nama,
        desa_kode=kode,
        user=user,
        timestamp=WHEN,
        official=OFFICIAL,
    )


def test_missing_file_reads_as_empty(tmp_path: Path) -> None:
    frame = read_aliases(tmp_path / "aliases.csv", OFFICIAL)
    assert frame.empty
    assert tuple(frame.columns) == (*ALIAS_COLUMNS, "baris")


def test_append_creates_header_then_only_appends(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    _add(path, "Oinlasi", "53.02.02.2008")
    first = path.read_bytes()
    assert first.decode() == (
        "kabupaten,kecamatan,nama_ketik,desa_kode,dibuat_oleh,dibuat_pada\n"
        "53.02,,Oinlasi,53.02.02.2008,petugas,2025-03-01T08:30:00+00:00\n"
    )
    _add(path, "Oinlasi", "53.02.08.2001", user="kepala seksi")
    second = path.read_bytes()
    assert second.startswith(first)
    assert second.count(b"\n") == 3


def test_later_rows_win_and_lines_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    _add(path, "Oinlasi", "53.02.02.2008")
    _add(path, "Soe Kota", "53.02.01.1001", kecamatan="Kota Soe")
    _add(path, "OINLASI", "53.02.08.2001")
    frame = read_aliases(path, OFFICIAL)
    assert frame[["nama_ketik", "desa_kode", "baris"]].values.tolist() == [
        ["Soe Kota", "53.02.01.1001", 3],
        ["OINLASI", "53.02.08.2001", 4],
    ]


def test_unknown_code_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(
        "kabupaten,kecamatan,nama_ketik,desa_kode,dibuat_oleh,dibuat_pada\n"
        "53.02,,Oinlasi,53.02.02.2008,a,2025-01-01\n"
        "53.02,,Xyz,53.02.44.2001,a,2025-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"aliases\.csv, baris 3: kode desa '53\.02\.44\.2001'"):
        read_aliases(path, OFFICIAL)
    with pytest.raises(ValueError, match="tidak ada di daftar resmi"):
        _add(path, "Xyz", "53.02.44.2001")
    with pytest.raises(ValueError, match="kode desa"):
        _add(path, "Xyz", "53.03.01.2001")  # another kabupaten's code


def test_other_kabupaten_rows_are_not_checked_against_this_list(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(
        "\ufeffkabupaten;kecamatan;nama_ketik;desa_kode;dibuat_oleh;dibuat_pada\n"
        "53.01;;Oesao;53.01.06.1004;a;2025-01-01\n"
        "53.02;;Soe;53.02.01.1001;a;2025-01-01\n",
        encoding="utf-8",
    )
    assert len(read_aliases(path, OFFICIAL)) == 2
    only_ours = read_aliases(path, OFFICIAL, kabupaten="53.02")
    assert only_ours["desa_kode"].tolist() == ["53.02.01.1001"]
    _add(path, "Kota Soe", "53.02.01.1001")  # keeps the file's semicolons
    assert path.read_text(encoding="utf-8").splitlines()[-1].startswith("53.02;;Kota Soe;")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("kabupaten,nama_ketik,desa_kode\n", "kurang kolom kecamatan"),
        (
            "kabupaten,kecamatan,nama_ketik,desa_kode\n53.02,,,53.02.01.1001\n",
            "baris 2: nama_ketik",
        ),
        ("kabupaten,kecamatan,nama_ketik,desa_kode\n53.02,,Soe,5302011001\n", "baris 2: kode desa"),
        (
            "kabupaten,kecamatan,nama_ketik,desa_kode\n53.02,,Soe,53.02.01.1001,x,y,z\n",
            "baris 2: 7",
        ),
    ],
)
def test_bad_files_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_aliases(path)


def test_append_refuses_blank_fields(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    with pytest.raises(ValueError, match="nama_ketik"):
        _add(path, "  ", "53.02.01.1001")
    with pytest.raises(ValueError, match="pengguna"):
        _add(path, "Soe", "53.02.01.1001", user=" ")
    assert not path.exists()


def test_append_after_a_file_without_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(
        "kabupaten,kecamatan,nama_ketik,desa_kode,dibuat_oleh,dibuat_pada\n"
        "53.02,,Soe,53.02.01.1001,a,2025-01-01",
        encoding="utf-8",
    )
    _add(path, "Oinlasi", "53.02.02.2008", kecamatan="Mollo Selatan")
    frame = read_aliases(path, OFFICIAL)
    assert frame["nama_ketik"].tolist() == ["Soe", "Oinlasi"]
    assert frame["dibuat_pada"].tolist() == ["2025-01-01", "2025-03-01T08:30:00+00:00"]


def test_aliases_read_from_file_are_applied_by_the_matcher(tmp_path: Path) -> None:
    from etl.tools.matching import match_village_names

    path = tmp_path / "aliases.csv"
    _add(path, "Oinlasi", "53.02.08.2001")
    rows = pd.DataFrame({"kecamatan": [None, "Mollo Selatan"], "desa": ["oinlasi", "Oinlasi"]})
    result = match_village_names(rows, OFFICIAL, read_aliases(path, OFFICIAL), kabupaten="53.02")
    assert result["desa_kode"].tolist() == ["53.02.08.2001", "53.02.02.2008"]
    assert result["cara_cocok"].tolist() == ["alias", "exact"]


HEADER = "kabupaten,kecamatan,nama_ketik,desa_kode,dibuat_oleh,dibuat_pada"
RACE_TRIALS = 40


def _race(paths: list[Path], user: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    """One of two racing processes: for each new file, wait for the other, then append."""
    for path in paths:
        barrier.wait(timeout=60)
        _add(path, f"Nama {user}", "53.02.01.1001", user=user)


def test_two_processes_creating_the_file_write_one_header(tmp_path: Path) -> None:
    # Two real processes append to the same missing file at the same moment, over many
    # files: each file must end with one header and both lines.
    context = multiprocessing.get_context("fork")
    paths = [tmp_path / f"ronde{i}" / "aliases.csv" for i in range(RACE_TRIALS)]
    barrier = context.Barrier(2)
    racers = [context.Process(target=_race, args=(paths, u, barrier)) for u in ("a", "b")]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=120)
    assert [r.exitcode for r in racers] == [0, 0]
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines.count(HEADER) == 1 and lines[0] == HEADER
        frame, warnings = read_aliases_with_warnings(path, OFFICIAL)
        assert sorted(frame["dibuat_oleh"]) == ["a", "b"] and warnings == []


def test_repeated_header_is_skipped_with_a_warning(tmp_path: Path) -> None:
    # What two unlocked writers used to leave behind: the header twice.
    path = tmp_path / "aliases.csv"
    path.write_text(
        f"{HEADER}\n{HEADER}\n53.02,,Oinlasi,53.02.02.2008,a,2025-01-01\n"
        f"{HEADER}\n53.02,,Soe Kota,53.02.01.1001,b,2025-01-01\n",
        encoding="utf-8",
    )
    frame, warnings = read_aliases_with_warnings(path, OFFICIAL)
    assert frame[["nama_ketik", "baris"]].values.tolist() == [["Oinlasi", 3], ["Soe Kota", 5]]
    assert len(warnings) == 2
    assert "baris 2: header alias terulang" in warnings[0] and "baris 4" in warnings[1]
    assert read_aliases(path, OFFICIAL)["nama_ketik"].tolist() == ["Oinlasi", "Soe Kota"]
    _add(path, "Kota Soe", "53.02.01.1001")  # appending still works after it
    assert len(read_aliases(path, OFFICIAL)) == 3
