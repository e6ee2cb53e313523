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


def _choices(path: Path) -> pd.DataFrame:
    rows = list(openpyxl.load_workbook(path, read_only=True)["choices"].iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


@pytest.mark.parametrize(
    "flags", [["--kabupaten", "53.02,53.71"], ["--kabupaten", "53.02", "--kabupaten", "53.71"]]
)
def test_cli_writes_one_form_for_a_working_area_of_two_kabupaten(
    tts_build, tmp_path: Path, capsys, flags: list[str]
) -> None:  # type: ignore[no-untyped-def]
    from etl.pipeline import load_reference

    assert main(["formulir", "--out", str(tmp_path), *flags]) == 0
    assert "desa 329" in capsys.readouterr().out  # 278 + 51
    reference = load_reference(["53.02", "53.71"], None)
    check = check_form(tmp_path / "formulir_kegiatan.xlsx")
    assert check.version == form_version(reference.official, reference.kabupaten)  # the ETL's
    assert check.choices["kecamatan"] == 32 + 6 and check.warnings == ()
    choices = _choices(tmp_path / "formulir_kegiatan.xlsx")
    kecamatan = choices[choices["list_name"] == "kecamatan"].set_index("name")["label"]
    assert kecamatan["53.71.04"] == "Oebobo (Kota Kupang)"
    assert kecamatan["53.02.14"] == "Batu Putih (Kabupaten Timor Tengah Selatan)"
    assert list(kecamatan.index) == sorted(kecamatan.index)  # grouped by kabupaten
    desa = choices[choices["list_name"] == "desa"].set_index("name")
    # Oebobo is a desa in TTS (Batu Putih) and a kelurahan in Kota Kupang (Oebobo)
    assert desa.loc["53.71.04.1001", "label"] == "Oebobo (Oebobo)"
    assert desa.loc["53.02.14.2004", "label"] == "Oebobo (Batu Putih)"
    assert sorted(desa.index) == sorted(reference.official["kode"])


def test_a_desa_name_repeated_in_a_kecamatan_of_the_same_name_names_the_kabupaten() -> None:
    official = pd.DataFrame({
        "kode": ["53.02.01.2001", "53.71.01.1001", "53.71.01.1002"],
        "nama": ["Oesapa", "Oesapa", "Lasiana"],
        "kecamatan_kode": ["53.02.01", "53.71.01", "53.71.01"],
        "kecamatan": ["Kelapa Lima", "Kelapa Lima", "Kelapa Lima"],
    })  # fmt: skip
    forms = build_forms(official, "53.02,53.71", {"53.02": "Kab. A", "53.71": "Kota B"})
    rows = pd.DataFrame(forms[FORM_LAPORAN]["choices"])
    labels = rows[rows["list_name"] == "desa"].set_index("name")["label"]
    assert labels.to_dict() == {
        "53.02.01.2001": "Oesapa (Kelapa Lima, Kab. A)",
        "53.71.01.1001": "Oesapa (Kelapa Lima, Kota B)",
        "53.71.01.1002": "Lasiana",
    }
    kec = rows[rows["list_name"] == "kecamatan"].set_index("name")["label"]
    assert kec.to_dict() == {"53.02.01": "Kelapa Lima (Kab. A)", "53.71.01": "Kelapa Lima (Kota B)"}
