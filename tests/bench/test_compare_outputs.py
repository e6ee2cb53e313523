"""The sameness tool on tiny hand-built outputs: equal when only row order and run facts
differ, a difference named per layer otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point, box

from tests.bench.compare_outputs import main


def _write(folder: Path, *, desa_nama: str = "Soe", shift: float = 0.0, dibuat: str = "a") -> Path:
    folder.mkdir(parents=True)
    gpkg = folder / "sosialisasi.gpkg"
    desa = gpd.GeoDataFrame(
        {"kode": ["53.02.01.2001", "53.02.01.2002"], "nama": [desa_nama, "Oinlasi"]},
        geometry=[box(0, 0, 1, 1), box(1 + shift, 0, 2, 1)],
        crs=4326,
    )
    peserta = pd.DataFrame(
        {
            "sumber_file": ["a.xlsx", "a.xlsx"],
            "sumber_lembar": ["Peserta", "Peserta"],
            "sumber_baris": [3, 2],
            "jumlah": [5.0, float("nan")],
        }
    )
    laporan = gpd.GeoDataFrame(
        {"sumber_file": ["a.xlsx"], "sumber_lembar": ["Laporan"], "sumber_baris": [2]},
        geometry=[Point(0.5, 0.5)],
        crs=4326,
    )
    pyogrio.write_dataframe(desa, gpkg, layer="desa")
    pyogrio.write_dataframe(peserta, gpkg, layer="peserta")
    pyogrio.write_dataframe(laporan, gpkg, layer="laporan")
    manifest = {"dibuat": dibuat, "versi": dibuat, "jumlah": {"desa": 2, "peserta": 2}}
    manifest["masukan"] = [{"berkas": "a.xlsx", "path": f"/{dibuat}/a.xlsx", "dibaca": 3}]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def _reverse_layer(folder: Path, layer: str) -> None:
    gpkg = folder / "sosialisasi.gpkg"
    frame = pyogrio.read_dataframe(gpkg, layer=layer)
    pyogrio.write_dataframe(frame.iloc[::-1], gpkg, layer=layer)


def test_same_rows_in_another_order_and_other_run_facts_are_equal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _write(tmp_path / "lama")
    new = _write(tmp_path / "baru", dibuat="b")
    _reverse_layer(new, "peserta")
    _reverse_layer(new, "desa")
    assert main([str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "peserta" in out and out.strip().endswith("SAMA")


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"desa_nama": "SoE"}, "desa: kolom nama: 1 baris beda"),
        ({"shift": 1e-6}, "desa: kolom geometry: 1 baris beda"),
    ],
)
def test_a_changed_value_or_geometry_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, object], named: str
) -> None:
    old = _write(tmp_path / "lama")
    new = _write(tmp_path / "baru", **change)  # type: ignore[arg-type]
    assert main([str(old), str(new)]) == 1
    assert named in capsys.readouterr().out


def test_a_geometry_within_the_tolerance_is_equal(tmp_path: Path) -> None:
    old = _write(tmp_path / "lama")
    new = _write(tmp_path / "baru", shift=1e-12)
    assert main([str(old), str(new)]) == 0


def test_a_missing_layer_a_field_type_and_the_manifest_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _write(tmp_path / "lama")
    new = _write(tmp_path / "baru")
    gpkg = new / "sosialisasi.gpkg"
    peserta = pyogrio.read_dataframe(gpkg, layer="peserta")
    pyogrio.write_dataframe(peserta.astype({"sumber_baris": str}), gpkg, layer="peserta")
    manifest = json.loads((new / "manifest.json").read_text())
    manifest["jumlah"]["peserta"] = 3
    (new / "manifest.json").write_text(json.dumps(manifest))
    assert main([str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "peserta: dtypes" in out
    assert "manifest .jumlah.peserta: 2 != 3" in out
