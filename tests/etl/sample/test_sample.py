"""The synthetic sample workbook: deterministic, the right size, readable, honest truth."""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
import shapely

from etl.io.readers import read_inputs
from etl.io.sample_flag import is_sample_file
from etl.sample import (
    PERIOD_END,
    PERIOD_START,
    REAL_SESSION_ID,
    SAMPLE_FILENAME,
    Sample,
    build_sample,
    make_sample_workbook,
    write_sample_workbook,
)
from etl.tools.matching import match_village_names
from etl.tools.parse import parse_coordinate, parse_role


@pytest.fixture(scope="module")
def boundaries(tts_gpkg: Path) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    from geodata.load import read_layer, read_official_list

    return (
        read_official_list("53.02", out_dir=tts_gpkg.parent),
        read_layer("53.02", "desa", out_dir=tts_gpkg.parent),
    )


@pytest.fixture(scope="module")
def sample(boundaries: tuple[pd.DataFrame, gpd.GeoDataFrame]) -> Sample:
    return build_sample(*boundaries)


@pytest.fixture(scope="module")
def workbook(sample: Sample, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_workbook(sample, tmp_path_factory.mktemp("contoh"))


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_same_seed_gives_same_cells_and_same_bytes(
    boundaries: tuple[pd.DataFrame, gpd.GeoDataFrame], workbook: Path, tmp_path: Path
) -> None:
    again = make_sample_workbook(tmp_path, *boundaries)
    assert again.name == SAMPLE_FILENAME
    assert _cells(again) == _cells(workbook)
    assert again.read_bytes() == workbook.read_bytes()


def test_other_seed_gives_other_data(
    boundaries: tuple[pd.DataFrame, gpd.GeoDataFrame], sample: Sample
) -> None:
    other = build_sample(*boundaries, seed=7)
    assert not other.sheets["Peserta"]["Desa/Kelurahan"].equals(
        sample.sheets["Peserta"]["Desa/Kelurahan"]
    )


def test_volumes_in_expected_ranges(sample: Sample) -> None:
    c = sample.counts
    assert 120 <= c["kegiatan"] <= 180
    assert 250 <= c["laporan"] <= 350
    # distinct home desa by the generator's truth: roughly half of the 278
    assert 110 <= c["desa_asal"] <= 170
    truth = sample.sheets["Peserta"]
    assert c["desa_asal"] == truth.loc[truth["_harapan"] == "terima", "_desa_kode"].nunique()
    rows = c["kegiatan"] + c["peserta_baris"] + c["laporan"]
    bad = c["tinjau_kegiatan"] + c["tinjau_peserta"] + c["tinjau_laporan"]
    assert 0.015 <= bad / rows <= 0.05


def test_dates_in_period_and_sessions_near_soe(
    boundaries: tuple[pd.DataFrame, gpd.GeoDataFrame], sample: Sample
) -> None:
    kegiatan = sample.sheets["Kegiatan"]
    assert kegiatan["_tanggal"].between(PERIOD_START, PERIOD_END).all()
    centre = boundaries[1].set_index("kode").to_crs(32750).geometry.representative_point()
    soe = centre["53.02.01.1001"]
    dist = centre.distance(soe)
    venues = dist.reindex(kegiatan["_desa_kode"])
    assert venues.median() < dist.median() / 2


def test_real_soe_session_present(sample: Sample) -> None:
    kegiatan = sample.sheets["Kegiatan"].set_index("ID Kegiatan")
    real = kegiatan.loc[REAL_SESSION_ID]
    assert real["Tanggal"] == "11/03/2024"
    assert real["Kecamatan"] == "Kota Soe"
    assert "Kantor Imigrasi Kelas I TPI Kupang" in real["Penyelenggara"]
    assert "Teknologi Informasi" in real["Narasumber"]
    peserta = sample.sheets["Peserta"]
    rows = peserta[peserta["ID Kegiatan"] == REAL_SESSION_ID]
    assert {"lurah", "kepala desa", "ketua RT", "ketua RW"} <= set(rows["_peran"])
    assert rows["_desa_kode"].str.startswith("53.02.01.").all()
    kampung_baru = rows[(rows["_desa_kode"] == "53.02.01.1011") & (rows["_peran"] == "ketua RT")]
    assert kampung_baru["Desa/Kelurahan"].tolist() == ["Kel. Kampung Baru"]
    assert (rows["_harapan"] == "terima").all()


def test_workbook_reads_back_with_personal_columns_dropped(sample: Sample, workbook: Path) -> None:
    result = read_inputs([workbook])
    assert result.warnings == []
    assert result.dropped_columns[SAMPLE_FILENAME] == ["Nama", "No HP"]
    tables = {t.kind: t for t in result.tables}
    assert {k: len(t.frame) for k, t in tables.items()} == {
        "kegiatan": sample.counts["kegiatan"],
        "peserta": sample.counts["peserta_baris"],
        "laporan": sample.counts["laporan"],
    }
    assert tables["peserta"].frame["sumber_baris"].iloc[0] == 4  # title row, header on row 3
    assert is_sample_file(workbook)
    assert _cells(workbook)["Petunjuk"][0][0] == "DATA CONTOH — sintetis, bukan data nyata"


def test_messiness_and_bad_rows_present(sample: Sample) -> None:
    kegiatan, peserta, laporan = (sample.sheets[k] for k in ("Kegiatan", "Peserta", "Laporan"))
    typed = peserta["Desa/Kelurahan"].dropna().astype(str)
    assert typed.str.startswith(("Desa ", "Ds. ", "Kel. ", "Kelurahan ")).any()
    assert peserta["Kecamatan"].isna().sum() > 50
    assert (peserta["Jumlah"].astype(str).str.endswith(" orang")).any()
    assert kegiatan["Tanggal"].map(type).nunique() == 2  # text and real Excel dates
    assert "31/02/2025" in set(kegiatan["Tanggal"])
    assert "#N/A" in set(peserta["Jumlah"])
    oinlasi = peserta[(peserta["Desa/Kelurahan"] == "Oinlasi") & peserta["Kecamatan"].isna()]
    assert len(oinlasi) >= 1 and (oinlasi["_harapan"] == "tinjau").all()
    assert ((laporan["Lintang"] == 0) & (laporan["Bujur"] == 0)).any()
    assert (laporan["_harapan"] == "tukar").sum() >= 1


def test_typed_roles_parse_to_truth(sample: Sample) -> None:
    peserta = sample.sheets["Peserta"]
    parsed = [parse_role(text)[0] for text in peserta["Peran"]]
    assert parsed == peserta["_peran"].tolist()


def test_report_points_lie_in_their_desa(
    boundaries: tuple[pd.DataFrame, gpd.GeoDataFrame], sample: Sample
) -> None:
    laporan = sample.sheets["Laporan"]
    good = laporan[(laporan["_harapan"] == "terima") & laporan["Lintang"].notna()]
    assert len(good) > 0.7 * len(laporan)
    lat = np.array([parse_coordinate(v, "lat")[0] for v in good["Lintang"]], dtype=float)
    lon = np.array([parse_coordinate(v, "lon")[0] for v in good["Bujur"]], dtype=float)
    polygons = boundaries[1].set_index("kode").geometry.reindex(good["_desa_kode"]).to_numpy()
    assert shapely.contains_xy(polygons, lon, lat).all()


def test_truth_agrees_with_name_matcher(
    boundaries: tuple[pd.DataFrame, gpd.GeoDataFrame], sample: Sample
) -> None:
    """Every name the generator means to be matched is matched to the right desa, and the
    deliberately ambiguous or foreign names are not matched at all."""
    peserta = sample.sheets["Peserta"]
    named = peserta[peserta["Desa/Kelurahan"].notna()]
    rows = named[["Kecamatan", "Desa/Kelurahan"]].set_axis(["kecamatan", "desa"], axis=1)
    matched = match_village_names(rows, boundaries[0], kabupaten="53.02")
    want = named["_desa_kode"].where(named["_desa_kode"].notna(), None)
    expected_match = want.notna()
    assert (matched.loc[expected_match, "desa_kode"] == want[expected_match]).all()
    assert matched.loc[~expected_match, "desa_kode"].isna().all()


def test_rejects_bad_inputs(boundaries: tuple[pd.DataFrame, gpd.GeoDataFrame]) -> None:
    official, desa = boundaries
    with pytest.raises(ValueError, match="kolom"):
        build_sample(official.drop(columns="jenis"), desa)
    with pytest.raises(ValueError, match="EPSG:4326"):
        build_sample(official, desa.to_crs(32750))


def test_cli_writes_sample_and_reports_errors_without_traceback(
    boundaries: tuple[pd.DataFrame, gpd.GeoDataFrame],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import geodata.load
    from etl.cli import sample as sample_cli

    monkeypatch.setattr(geodata.load, "read_official_list", lambda *a, **k: boundaries[0])
    monkeypatch.setattr(geodata.load, "read_layer", lambda *a, **k: boundaries[1])
    parser = argparse.ArgumentParser()
    sample_cli.add_parser(parser.add_subparsers())
    args = parser.parse_args(["sample", "--out", str(tmp_path / "out"), "--seed", "3"])
    assert args.handler(args) == 0
    assert (tmp_path / "out" / SAMPLE_FILENAME).is_file()
    assert "DATA CONTOH" in capsys.readouterr().out
    blocker = tmp_path / "berkas"
    blocker.write_text("x")
    args = parser.parse_args(["sample", "--out", str(blocker)])
    assert args.handler(args) == 2
    assert "peta-sosialisasi: galat: " in capsys.readouterr().err

    def broken(*_: object, **__: object) -> None:
        raise ValueError("Kabupaten 53.02 tidak bisa dibangun")

    monkeypatch.setattr(geodata.load, "read_official_list", broken)
    args = parser.parse_args(["sample", "--out", str(tmp_path / "lagi")])
    assert args.handler(args) == 1
    err = capsys.readouterr().err
    assert "peta-sosialisasi: galat: Kabupaten 53.02" in err and "Traceback" not in err
