"""`rencana` CLI on a tiny GeoPackage written in tmp_path."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from planning_fixtures import synthetic_kabupaten

from etl.cli.rencana import add_parser, main, parse_base
from etl.io.output import write_outputs


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "keluaran"
    write_outputs(folder, {"desa": synthetic_kabupaten(80)}, {"contoh": True})
    return folder


def test_rencana_writes_excel_and_json(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, js = tmp_path / "rencana.xlsx", tmp_path / "rencana.json"
    code = main(
        ["rencana", "--data", str(data_dir), "--k", "4", "--radius-km", "12",
         "--base", "-9.8652,124.2718", "--anggaran-km", "150", "--detour", "1.3",
         "--out", str(out), "--json", str(js)]
    )  # fmt: skip
    assert code == 0
    data = json.loads(js.read_text(encoding="utf-8"))
    assert set(data) == {"skor", "sesi", "trip"}
    assert len(data["skor"]) == 80
    assert len(data["sesi"]) <= 4
    assert all(t["km"] <= 150 for t in data["trip"])
    assert openpyxl.load_workbook(out).sheetnames[0] == "Prioritas"
    printed = capsys.readouterr().out
    assert "DATA CONTOH" in printed
    assert "10 desa prioritas teratas" in printed
    assert "Rencana Excel" in printed


def test_rencana_with_risk_csv(data_dir: Path, tmp_path: Path) -> None:
    csv = tmp_path / "risiko.csv"
    csv.write_text("kode,calon_pmi\n53.02.01.2001,10\n53.02.99.9999,3\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    assert main(["rencana", "--data", str(data_dir), "--out", str(out), "--risiko", str(csv)]) == 0
    assert "Tinjauan Risiko" in openpyxl.load_workbook(out).sheetnames


def test_missing_data_dir_is_a_clear_indonesian_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["rencana", "--data", str(tmp_path / "tidak-ada"), "--out", str(tmp_path / "x.xlsx")]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("peta-sosialisasi: galat: folder data tidak ditemukan")
    assert err.count("\n") == 1 and "Traceback" not in err
    (tmp_path / "kosong").mkdir()
    assert (
        main(["rencana", "--data", str(tmp_path / "kosong"), "--out", str(tmp_path / "x.xlsx")])
        == 1
    )
    assert "sosialisasi.gpkg tidak ada" in capsys.readouterr().err


def test_bad_base_is_rejected_by_argparse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["rencana", "--data", str(tmp_path), "--out", "x.xlsx", "--base", "Soe"])
    assert stop.value.code == 2
    assert "LINTANG,BUJUR" in capsys.readouterr().err
    assert parse_base(" -9.8 , 124.3 ") == (-9.8, 124.3)


def test_add_parser_registers_rencana_with_defaults() -> None:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["rencana", "--data", "D", "--out", "P.xlsx"])
    assert (args.k, args.radius_km, args.anggaran_km, args.detour) == (10, 10.0, 200.0, 1.4)
    assert args.base is None  # the area's own base (etl.planning.bases)
    assert args.json is None and args.risiko is None and args.jalan is None


def test_rencana_with_a_road_network(data_dir: Path, tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import LineString

    roads = tmp_path / "jalan.gpkg"
    grid = [LineString([(124.0, -9.55 - 0.05 * i), (124.6, -9.55 - 0.05 * i)]) for i in range(13)]
    grid += [LineString([(124.0 + 0.05 * i, -9.5), (124.0 + 0.05 * i, -10.2)]) for i in range(13)]
    gpd.GeoDataFrame(geometry=grid, crs="EPSG:4326").to_file(roads)
    js = tmp_path / "r.json"
    args = [
        "rencana",
        "--data",
        str(data_dir),
        "--out",
        str(tmp_path / "r.xlsx"),
        "--json",
        str(js),
    ]
    assert main([*args, "--jalan", str(roads), "--k", "3"]) == 0
    assert json.loads(js.read_text(encoding="utf-8"))["trip"]
    (tmp_path / "rusak.gpkg").write_bytes(b"bukan geopackage")
    assert main([*args, "--jalan", str(tmp_path / "rusak.gpkg")]) == 1
    assert main([*args, "--k", "-1"]) == 2


def test_rencana_risk_name_with_control_characters_still_writes_the_plan(
    data_dir: Path, tmp_path: Path
) -> None:
    """A stray control character in a typed desa name (e.g. pasted from a PDF) used to
    abort the whole plan with an openpyxl traceback; now the review sheet keeps the name
    without it, and a formula typed as a name stays text."""
    csv = tmp_path / "risiko.csv"
    csv.write_text(
        'desa,kecamatan,calon_pmi\nDesa\x01 Aneh\x07,Kota Soe,5\n"=HYPERLINK(""x"")",,3\n',
        encoding="utf-8",
    )
    out = tmp_path / "rencana.xlsx"
    argv = ["rencana", "--data", str(data_dir), "--out", str(out), "--risiko", str(csv)]
    done = subprocess.run(
        [sys.executable, "-m", "etl.cli.rencana", *argv], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    sheet = openpyxl.load_workbook(out)["Tinjauan Risiko"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Desa Aneh; Kota Soe; calon_pmi=5" in cells
    assert '\'=HYPERLINK("x"); calon_pmi=3' in cells
    assert not any(ch in text for text in cells for ch in "\x01\x07")


def test_a_damaged_current_version_is_planned_from_the_previous_one_with_a_note(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from etl.io.versions import POINTER_NAME, current_dir

    good = current_dir(data_dir)
    assert good is not None
    first = tmp_path / "baik.json"
    args = ["rencana", "--data", str(data_dir), "--k", "2", "--out", str(tmp_path / "r.xlsx")]
    assert main([*args, "--json", str(first)]) == 0
    newer = good.with_name("29991231T000000000000Z")
    shutil.copytree(good, newer)
    with (newer / "sosialisasi.gpkg").open("ab") as handle:
        handle.write(b"rusak")
    (data_dir / POINTER_NAME).write_text(newer.name + "\n", encoding="utf-8")
    capsys.readouterr()
    again = tmp_path / "cadangan.json"
    assert main([*args, "--json", str(again)]) == 0
    printed = capsys.readouterr().out
    assert "Versi terkini tidak dipakai" in printed and newer.name in printed
    assert again.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
