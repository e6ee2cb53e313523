"""Recognising export headers: group prefixes, geopoint parts, other files left alone."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.forms._export_files import field_of as _field
from etl.forms.exports import read_form_export
from etl.io.readers import read_inputs

NAME = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)


@given(NAME, st.lists(NAME, max_size=3), st.sampled_from(["/", "-"]))
def test_group_prefixes_are_dropped(name: str, groups: list[str], sep: str) -> None:
    header = sep.join([*groups, name])
    assert _field(header) == (name, "")


@given(NAME, st.lists(NAME, max_size=2))
def test_geopoint_parts_of_both_platforms(name: str, groups: list[str]) -> None:
    odk = "-".join([*groups, name])
    kobo_prefix = "/".join(groups) + "/" if groups else ""
    for part, odk_suffix, kobo_suffix in (
        ("lat", "Latitude", "latitude"), ("lon", "Longitude", "longitude"),
        ("acc", "Accuracy", "precision"),
    ):  # fmt: skip
        assert _field(f"{odk}-{odk_suffix}") == (name, part)
        assert _field(f"{kobo_prefix}_{name}_{kobo_suffix}") == (name, part)


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_an_export_of_another_form_is_left_to_the_ordinary_reader(tmp_path: Path) -> None:
    other = _csv(tmp_path / "lain.csv", [["_uuid", "pertanyaan"], ["abc", "ya"]])
    assert read_form_export(other, "lain.csv", "csv") is None
    typed = _csv(
        tmp_path / "peserta.csv",
        [["ID Kegiatan", "Desa", "Peran", "Jumlah"], ["K1", "SoE", "warga", "3"]],
    )
    assert read_form_export(typed, "peserta.csv", "csv") is None
    assert [t.kind for t in read_inputs([typed]).tables] == ["peserta"]


def test_export_with_labels_keeps_names_without_the_bracket(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "ekspor-peserta.csv",
        [
            ["peserta-id_kegiatan_induk", "peserta-kecamatan_asal", "peserta-desa_asal",
             "peserta-peran", "peserta-jumlah", "PARENT_KEY", "KEY"],
            ["KEG-1", "Mollo Selatan", "Oinlasi (Mollo Selatan)", "kepala_desa", "1",
             "uuid:a1", "uuid:a1/peserta[1]"],
            ["KEG-1", "Kota Soe", "53.02.01.1001", "warga", "4", "uuid:a1", "uuid:a1/peserta[2]"],
            ["KEG-1", "Oebobo (Kota Kupang)", "Oebobo (Oebobo)", "warga", "2", "uuid:a1",
             "uuid:a1/peserta[3]"],  # a form of a working area: the kecamatan's kabupaten
        ],
    )  # fmt: skip
    read = read_inputs([path])
    frame = read.tables[0].frame
    assert read.tables[0].kind == "peserta"
    assert list(frame["desa"]) == ["Oinlasi", "53.02.01.1001", "Oebobo"]
    assert list(frame["kecamatan"]) == ["Mollo Selatan", "Kota Soe", "Oebobo"]
    assert list(frame["kode_desa"]) == [None, "53.02.01.1001", None]
    assert list(frame["peran"]) == ["kepala desa", "warga", "warga"]
    assert list(frame["id_kiriman"]) == ["a1", "a1", "a1"]
    assert list(frame["sumber_baris"]) == [2, 3, 4]


def test_an_odk_zip_names_what_to_do(tmp_path: Path) -> None:
    import zipfile

    from etl.errors import InputError

    path = tmp_path / "sosialisasi_kegiatan.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sosialisasi_kegiatan.csv", "KEY,desa_kegiatan\n")
    with pytest.raises(InputError, match="buka zip-nya dan muat berkas CSV"):
        read_inputs([path])


def test_an_ordinary_workbook_is_not_parsed_as_an_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    import etl.forms._export_files as files

    def refuse(path: Path) -> None:
        raise AssertionError("parsed twice")

    monkeypatch.setattr(files, "_xlsx_sheets", refuse)
    book = openpyxl.Workbook()
    book.active.title = "Peserta"
    book.active.append(["ID Kegiatan", "Desa", "Peran", "Jumlah"])
    book.active.append(["K1", "SoE", "warga", 3])
    book.save(tmp_path / "biasa.xlsx")
    assert [t.kind for t in read_inputs([tmp_path / "biasa.xlsx"]).tables] == ["peserta"]
