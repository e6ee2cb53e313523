"""End-to-end ETL on small hand-built workbooks over the real TTS boundaries."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from etl.errors import InputError
from etl.io.readers import read_inputs
from etl.io.versions import current_outputs
from etl.pipeline import run_etl, validate_tables

KEG = ["ID Kegiatan", "Tanggal", "Kecamatan", "Desa/Kelurahan", "Tema"]
PES = ["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah", "Nama", "No HP"]
LAP = ["No Laporan", "Tanggal", "Jenis", "Lintang", "Bujur", "Kecamatan", "Desa"]
AS_OF = date(2026, 11, 30)


@pytest.fixture(scope="module")
def basic(tts_build, workbook_factory, tmp_path_factory):  # type: ignore[no-untyped-def]
    book = workbook_factory(
        "dasar.xlsx",
        {
            "Kegiatan": [
                KEG,
                ["K1", "11/03/2024", "Kota Soe", "Kel. SoE", "TPPO"],
                ["K2", "05/10/2026", "Mollo Selatan", "Oinlasi", "<img src=x onerror=alert(1)>"],
                ["K3", "31/02/2025", "Kota Soe", "SoE", "tanggal mustahil"],
                ["K2", "06/10/2026", "Kota Soe", "SoE", "ID ganda"],
            ],
            "Peserta": [
                PES,
                ["K1", "Kota Soe", "Kampung Baru", "Ketua RT", "5 orang", "Agustina", "0812"],
                ["K1", "", "Oinlasi", "kades", "1", "B", "0813"],
                ["K2", "Mollo Selatan", "Oinlasi", "kades", "1", "C", ""],
                ["K2", "", "Nonohonsi", "warga", "12", "", ""],
                ["K2", "", "Oekefan", "lurah", "1", "", ""],
                ["K9", "", "SoE", "lurah", "1", "", ""],
                ["K2", "Kota Soe", "Cendana", "ketua RW", "-3", "", ""],
                ["K2", "Kota Soe", "Cendana", "ketua RW", "#N/A", "", ""],
                ["K2", "Kota Soe", "Penfui", "warga", "3", "", ""],
            ],
            "Laporan": [
                LAP,
                ["L1", "01/06/2026", "dugaan TPPO", "-9,8652", "124,2718", "", ""],
                ["L2", "01/06/2026", "PMI nonprosedural", "124.2718", "-9.8652", "", ""],
                ["L3", "01/06/2026", "WNA mencurigakan", "0", "0", "", ""],
                ["L4", "01/06/2026", "dugaan TPPO", "", "", "Kota Soe", "Oebesa"],
                ["L5", "02/06/2026", "dugaan TPPO", "-10.17", "123.60", "", ""],
            ],
        },
    )
    out = tmp_path_factory.mktemp("etl_dasar")
    return run_etl([book], out, per_tanggal=AS_OF), out


def _layer(out: Path, name: str) -> pd.DataFrame:
    return pyogrio.read_dataframe(current_outputs(out)[0], layer=name)


def test_every_row_read_is_accepted_or_reviewed(basic) -> None:  # type: ignore[no-untyped-def]
    result, out = basic
    sheets = {s["lembar"]: s for f in result.manifest["masukan"] for s in f["lembar"]}
    assert {k: (v["dibaca"], v["diterima"], v["ditinjau"]) for k, v in sheets.items()} == {
        "Kegiatan": (4, 2, 2),
        "Peserta": (9, 4, 5),
        "Laporan": (5, 3, 2),
    }
    review = _layer(out, "tinjauan")
    for name, layer in (("Kegiatan", "kegiatan"), ("Peserta", "peserta"), ("Laporan", "laporan")):
        accepted = _layer(out, layer)
        in_review = review[review["sumber_lembar"] == name]
        assert len(accepted) + len(in_review) == sheets[name]["dibaca"]
        rows = set(accepted["sumber_baris"]) | set(in_review["sumber_baris"])
        assert rows == set(range(2, sheets[name]["dibaca"] + 2))  # each Excel row exactly once


def test_reasons_name_the_row_and_say_why(basic) -> None:  # type: ignore[no-untyped-def]
    _, out = basic
    review = _layer(out, "tinjauan").set_index(["sumber_lembar", "sumber_baris"])
    assert "kalender" in review.loc[("Kegiatan", 4), "alasan"]
    assert "sudah dipakai di baris 3" in review.loc[("Kegiatan", 5), "alasan"]
    assert "3 kecamatan" in review.loc[("Peserta", 3), "alasan"]
    assert review.loc[("Peserta", 3), "kandidat"].count("53.02.") == 3
    assert "Kegiatan" in review.loc[("Peserta", 7), "alasan"]
    assert "(0, 0)" in review.loc[("Laporan", 4), "alasan"]
    assert "Kupang" in review.loc[("Laporan", 6), "alasan"]  # a point in the neighbour
    assert "kabupaten lain" in review.loc[("Peserta", 10), "alasan"]  # exists only elsewhere
    assert "negatif" in review.loc[("Peserta", 8), "alasan"]
    assert "#N/A" in review.loc[("Peserta", 9), "alasan"]
    assert (review["sumber_file"] == "dasar.xlsx").all()


def test_matching_and_points(basic) -> None:  # type: ignore[no-untyped-def]
    _, out = basic
    peserta = _layer(out, "peserta").set_index("sumber_baris")
    assert peserta.loc[2, "desa_kode"] == "53.02.01.1011"  # Kampung Baru, "5 orang"
    assert peserta.loc[2, "jumlah"] == 5
    assert peserta.loc[5, ("cara_cocok")] == "fuzzy"  # Nonohonsi -> Nonohonis
    assert peserta.loc[6, "desa_kode"] == "53.02.01.1009"  # Oekefan -> Oe Kefan
    laporan = _layer(out, "laporan").set_index("id_laporan")
    assert laporan.loc["L1", "desa_kode"] == "53.02.01.1001"
    assert laporan.loc["L2", "cara_cocok"] == "tukar"
    assert laporan.loc["L4", "desa_kode"] == "53.02.01.1003"


def test_point_layers_keep_numbers_as_numbers(basic) -> None:  # type: ignore[no-untyped-def]
    """Coordinates, distance and score are REAL fields GIS staff can sort and filter."""
    _, out = basic
    for layer, numbers in (
        ("kegiatan", ("lat", "lon", "skor_cocok")),
        ("laporan", ("lat", "lon", "jarak_m", "skor_cocok")),
    ):
        info = pyogrio.read_info(current_outputs(out)[0], layer=layer)
        types = dict(zip(info["fields"], info["dtypes"], strict=True))
        assert {c: types[c] for c in numbers} == dict.fromkeys(numbers, "float64"), layer
    laporan = _layer(out, "laporan").set_index("id_laporan")
    assert laporan.loc["L1", "lat"] == pytest.approx(-9.8652)
    assert laporan.loc["L2", "lon"] == pytest.approx(124.2718)  # swapped back
    assert pd.isna(laporan.loc["L4", "lat"]) and laporan.loc["L4", "skor_cocok"] > 0


def test_personal_columns_never_written(basic) -> None:  # type: ignore[no-untyped-def]
    result, out = basic
    for name in pyogrio.list_layers(current_outputs(out)[0])[:, 0]:
        columns = {c.lower() for c in _layer(out, str(name)).columns}
        assert not columns & {"nama_peserta", "no_hp", "no hp", "telepon", "nik"}, name
        if name == "peserta":
            assert "nama" not in columns
    blob = current_outputs(out)[0].read_bytes()
    assert b"Agustina" not in blob and b"0812" not in blob
    assert result.manifest["masukan"][0]["kolom_pribadi_dibuang"] == ["Nama", "No HP"]


def test_metrics_by_home_desa(basic) -> None:  # type: ignore[no-untyped-def]
    _, out = basic
    desa = gpd.read_file(current_outputs(out)[0], layer="desa").set_index("kode")
    assert len(desa) == 278
    assert desa.loc["53.02.02.2008", "status_cakupan"] == "tercakup"  # Oinlasi, Oct 2026
    assert desa.loc["53.02.01.1011", "status_cakupan"] == "kedaluwarsa"  # Kampung Baru 2024
    assert desa.loc["53.02.01.1001", "status_cakupan"] == "belum"  # SoE: only a venue
    assert desa.loc["53.02.01.1001", "laporan_tanpa_cakupan"] == 2
    kec = gpd.read_file(current_outputs(out)[0], layer="kecamatan")
    assert len(kec) == 32 and kec["desa_total"].sum() == 278


def test_idempotent(basic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result, out = basic
    book = Path(result.manifest["masukan"][0]["path"])
    again = run_etl([book], tmp_path, per_tanggal=AS_OF)
    for layer in ("desa", "kecamatan", "kegiatan", "peserta", "laporan", "tinjauan"):
        pd.testing.assert_frame_equal(_layer(out, layer), _layer(tmp_path, layer))
    assert again.manifest["masukan"] == result.manifest["masukan"]


def test_same_file_twice_counted_once(basic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result, _ = basic
    book = Path(result.manifest["masukan"][0]["path"])
    twice = run_etl([book, book], tmp_path, per_tanggal=AS_OF)
    assert len(twice.manifest["masukan"]) == 1
    assert twice.manifest["peringatan"]


def test_failed_run_leaves_previous_output(basic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result, _ = basic
    book = Path(result.manifest["masukan"][0]["path"])
    run_etl([book], tmp_path, per_tanggal=AS_OF)
    gpkg, manifest = current_outputs(tmp_path)
    before = gpkg.read_bytes(), manifest.read_text()
    junk = tmp_path / "tidak_dikenal.csv"
    junk.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"tidak_dikenal\.csv"):
        run_etl([book, junk], tmp_path, per_tanggal=AS_OF)
    assert current_outputs(tmp_path) == (gpkg, manifest)
    assert gpkg.read_bytes() == before[0]
    assert manifest.read_text() == before[1]
    assert json.loads(before[1])["gpkg"]["sha256"]


def test_semicolon_csv_with_decimal_commas(tts_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "laporan.csv"
    text = "No Laporan;Tanggal;Jenis;Lintang;Bujur\nL1;01/06/2026;dugaan TPPO;-9,8652;124,2718\n"
    csv.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run_etl([csv], tmp_path / "out", per_tanggal=AS_OF)
    sheet = result.manifest["masukan"][0]["lembar"][0]
    assert (sheet["jenis_data"], sheet["dibaca"], sheet["diterima"]) == ("laporan", 1, 1)
    assert sheet["lembar"] == ""
    laporan = _layer(tmp_path / "out", "laporan")
    assert laporan.loc[0, "desa_kode"] == "53.02.01.1001" and laporan.loc[0, "sumber_baris"] == 2


def test_validated_rows_replace_the_raw_rows_but_the_counts_stay(tmp_path: Path) -> None:
    kegiatan = tmp_path / "kegiatan.csv"
    kegiatan.write_text("ID Kegiatan,Tanggal,Kecamatan,Desa\nK1,11/03/2024,Kota Soe,SoE\n")
    laporan = tmp_path / "laporan.csv"
    laporan.write_text(
        "No Laporan,Tanggal,Jenis,Lintang,Bujur\n"
        "L1,01/06/2026,dugaan TPPO,-9.86,124.27\n"
        "L2,01/06/2026,dugaan TPPO,0,0\n"
    )
    read = read_inputs([kegiatan, laporan])
    valid, review = validate_tables(read)
    assert valid["kegiatan"]["id_kegiatan"].tolist() == ["K1"] and valid["peserta"].empty
    assert len(valid["laporan"]) == 2 and len(pd.concat(review)) == 0  # (0,0): at the join
    lighter = read.without_rows()
    assert {t.kind: (len(t.frame), t.rows) for t in lighter.tables} == {
        "kegiatan": (0, 1),
        "laporan": (0, 2),
    }
