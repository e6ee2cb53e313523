"""The XLSForm workbooks: pyxform converts them; their choices are the official list."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.cli import main
from etl.forms.fields import FORM_KEGIATAN, FORM_LAPORAN, LUAR
from etl.forms.xlsform import build_forms, check_form, form_version, write_forms
from geodata.load import read_official_list


@pytest.fixture(scope="module")
def official(tts_build) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return read_official_list("53.02")


@pytest.fixture(scope="module")
def forms(official: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_forms(tmp_path_factory.mktemp("formulir"), official, "53.02")


def test_pyxform_converts_both_forms_offline(forms: list[Path], official: pd.DataFrame) -> None:
    checks = {c.form_id: c for c in map(check_form, forms)}
    assert set(checks) == {FORM_KEGIATAN, FORM_LAPORAN}
    for check in checks.values():
        assert check.version == form_version(official, "53.02")
        assert check.warnings == ()
        assert check.choices["desa"] == len(official) == 278
        assert check.choices["kecamatan"] == official["kecamatan_kode"].nunique() == 32
    assert checks[FORM_KEGIATAN].choices["kecamatan_asal"] == 33  # + "di luar kabupaten"
    assert checks[FORM_KEGIATAN].fields > 10 and checks[FORM_LAPORAN].fields > 8


def test_choices_are_the_official_codes_with_kecamatan_where_names_repeat(
    forms: list[Path], official: pd.DataFrame
) -> None:
    book = openpyxl.load_workbook(forms[0], read_only=True)
    rows = list(book["choices"].iter_rows(values_only=True))
    header = rows[0]
    choices = pd.DataFrame(rows[1:], columns=header)
    desa = choices[choices["list_name"] == "desa"].set_index("name")
    assert sorted(desa.index) == sorted(official["kode"])
    assert (desa["kec"] == official.set_index("kode")["kecamatan_kode"].reindex(desa.index)).all()
    oinlasi = desa[desa["label"].str.startswith("Oinlasi")]["label"]
    kec = official.set_index("kode").loc[oinlasi.index, "kecamatan"]
    assert len(oinlasi) == 3 and list(oinlasi) == [f"Oinlasi ({k})" for k in kec]
    unique = official[~official["nama"].str.casefold().duplicated(keep=False)].iloc[0]
    assert desa.loc[unique["kode"], "label"] == unique["nama"]
    kecamatan = choices[choices["list_name"] == "kecamatan_asal"]["name"]
    assert LUAR in set(kecamatan)


def test_version_follows_the_official_list(official: pd.DataFrame) -> None:
    renamed = official.assign(nama=official["nama"].where(official.index != 0, "Baru"))
    assert form_version(official, "53.02") == form_version(official.iloc[::-1], "53.02")
    assert form_version(renamed, "53.02") != form_version(official, "53.02")


def test_forms_cascade_and_constrain_the_counts(official: pd.DataFrame) -> None:
    survey = pd.DataFrame(build_forms(official, "53.02")[FORM_KEGIATAN]["survey"]).set_index("name")
    assert survey.loc["desa_asal", "choice_filter"] == "kec=${kecamatan_asal}"
    assert survey.loc["desa_kegiatan", "choice_filter"] == "kec=${kecamatan_kegiatan}"
    assert "${jumlah}" in survey.loc["perempuan", "constraint"]
    assert survey.loc["lokasi_kegiatan", "type"] == "geopoint"


def test_cli_writes_the_forms(tts_build, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["formulir", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "formulir_kegiatan.xlsx",
        "formulir_laporan.xlsx",
    ]
    assert "desa 278" in capsys.readouterr().out
