"""The subtitle names the data's working area from the data (real ETL outputs of the
sample workbook for Kota Kupang alone and for TTS + Kota Kupang), never TTS by default."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashboard.services.area_text import area_names, area_text, page_subtitle
from dashboard.services.dataset import Dataset, load_dataset

AS_OF = date(2026, 11, 30)


def _built(sample_data: Path, folder: Path, kabupaten: str) -> Dataset:
    from etl.pipeline import run_etl

    book = next((sample_data / "masukan").glob("*.xlsx"))
    run_etl([book], folder, kabupaten=kabupaten, per_tanggal=AS_OF)
    return load_dataset(folder)


@pytest.fixture(scope="module")
def kupang(sample_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return _built(sample_data, tmp_path_factory.mktemp("kupang"), "53.71")


@pytest.fixture(scope="module")
def area(sample_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return _built(sample_data, tmp_path_factory.mktemp("dua"), "53.02,53.71")


def test_one_kabupaten_that_is_not_tts(kupang: Dataset) -> None:
    assert area_names(kupang) == ["Kota Kupang"]
    for lang in ("id", "en"):
        line = page_subtitle(kupang, lang)
        assert line.endswith(", Kota Kupang") and "Timor Tengah Selatan" not in line
    assert "Kantor Imigrasi Kupang" in page_subtitle(kupang, "id")


def test_a_working_area_names_every_kabupaten_in_its_order(area: Dataset) -> None:
    assert area_names(area) == ["Kabupaten Timor Tengah Selatan", "Kota Kupang"]
    assert area_text(area, "id") == "Kabupaten Timor Tengah Selatan dan Kota Kupang"
    assert area_text(area, "en") == "Kabupaten Timor Tengah Selatan and Kota Kupang"
    assert page_subtitle(area, "id").endswith("Kabupaten Timor Tengah Selatan dan Kota Kupang")


def test_the_sample_names_tts(sample_data: Path) -> None:
    line = page_subtitle(load_dataset(sample_data), "id")
    assert line.endswith("Kantor Imigrasi Kupang, Kabupaten Timor Tengah Selatan")
