from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from geopandas.testing import assert_geodataframe_equal

from geodata.io.sqldump import parse_code_list, read_text
from geodata.pipeline import DISPLAY_TOLERANCE_M, LAYERS, build_kabupaten
from geodata.sources import sources_for
from geodata.tools.build import METRIC_CRS, coverage_gaps, coverage_overlaps, geojson_bytes


def _layer(path: Path, name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(path, layer=name)


def test_layers_present(tts_gpkg: Path) -> None:
    names = [row[0] for row in pyogrio.list_layers(tts_gpkg)]
    assert sorted(names) == sorted(LAYERS)
    assert {"desa", "desa_tampilan", "kecamatan", "kabupaten", "kualitas"} <= set(names)


def test_tts_counts_and_official_names(tts_gpkg: Path, data_mirror: Path) -> None:
    desa = _layer(tts_gpkg, "desa")
    assert len(desa) == 278
    assert desa["jenis"].value_counts().to_dict() == {"desa": 266, "kelurahan": 12}
    assert list(desa.columns) == [
        "kode",
        "nama",
        "jenis",
        "kecamatan_kode",
        "kecamatan",
        "luas_km2",
        "geometry",
    ]
    codes = parse_code_list(read_text(data_mirror / sources_for("53.02")["wilayah"].mirror))
    official_kec = codes[codes["kode"].str.match(r"^53\.02\.\d\d$")].sort_values("kode")
    kec = _layer(tts_gpkg, "kecamatan").sort_values("kode")
    assert len(kec) == 32
    assert kec["nama"].tolist() == official_kec["nama"].tolist()
    official_desa = codes[codes["kode"].str.match(r"^53\.02\.\d\d\.\d{4}$")]
    merged = desa.merge(official_desa, on="kode", suffixes=("", "_resmi"))
    assert len(merged) == 278 and (merged["nama"] == merged["nama_resmi"]).all()
    assert {"KI'E", "Kot olin"} <= set(kec["nama"])  # quote-escaped official names


def test_all_geometries_valid_and_in_lonlat(tts_gpkg: Path) -> None:
    for name in ["desa", "desa_tampilan", "kecamatan", "kabupaten"]:
        layer = _layer(tts_gpkg, name)
        assert layer.crs.to_epsg() == 4326
        assert layer.geometry.is_valid.all(), name
        assert not layer.geometry.is_empty.any(), name
        minx, miny, maxx, maxy = layer.total_bounds
        assert 123.5 < minx < maxx < 125.0 and -10.6 < miny < maxy < -9.3


def test_soe_point_lies_in_kelurahan_soe_only(tts_gpkg: Path) -> None:
    desa = _layer(tts_gpkg, "desa")
    point = shapely.Point(124.2718, -9.8652)  # lat -9.8652, lon 124.2718
    hits = desa[desa.geometry.contains(point)]
    assert hits["kode"].tolist() == ["53.02.01.1001"]
    assert hits["nama"].iloc[0] == "SoE"


def test_kakan_invalid_polygon_repaired(tts_build) -> None:  # type: ignore[no-untyped-def]
    q = tts_build.quality.set_index("ukuran")
    assert q.loc["geometri_diperbaiki", "nilai"] == 1
    assert "53.02.11.2003" in q.loc["geometri_diperbaiki", "keterangan"]
    assert q.loc["kode_tanpa_batas", "nilai"] == 0
    assert q.loc["batas_tanpa_kode", "nilai"] == 0
    for key in ["celah_jumlah", "celah_luas_m2", "tumpang_tindih_jumlah", "selisih_luas_km2"]:
        assert key in q.index


def test_display_layer_keeps_shared_borders(tts_gpkg: Path) -> None:
    full = _layer(tts_gpkg, "desa").geometry.to_crs(METRIC_CRS)
    display = _layer(tts_gpkg, "desa_tampilan").geometry.to_crs(METRIC_CRS)
    half = DISPLAY_TOLERANCE_M / 2
    full_gaps = shapely.union_all(coverage_gaps(full).to_numpy())
    new_gaps = coverage_gaps(display).difference(full_gaps)
    # any gap that is new in the display layer is narrower than the tolerance
    assert new_gaps.buffer(-half).is_empty.all()
    disp = display.to_numpy()
    left, right = display.sindex.query(disp, predicate="intersects")
    keep = left < right
    overlaps = shapely.intersection(disp[left[keep]], disp[right[keep]])
    polygonal = [g for g in overlaps if shapely.area(g) > 0]
    assert all(shapely.buffer(g, -half).is_empty for g in polygonal)
    assert coverage_overlaps(display, min_area_m2=1.0).sum() < 1000.0


def test_display_payload_within_budget(tts_gpkg: Path) -> None:
    display = _layer(tts_gpkg, "desa_tampilan")
    payload = geojson_bytes(display, ["kode", "nama"])
    assert len(payload) <= 400 * 1024
    assert b"124.27" in payload and b"1242718125428" not in payload


def test_build_is_idempotent(tts_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    again = build_kabupaten("53.02", out_dir=tmp_path)
    for name in ["desa", "desa_tampilan", "kecamatan", "kabupaten"]:
        assert_geodataframe_equal(_layer(tts_build.path, name), _layer(again.path, name))
    pd.testing.assert_frame_equal(
        pyogrio.read_dataframe(tts_build.path, layer="kualitas"),
        pyogrio.read_dataframe(again.path, layer="kualitas"),
    )


def test_other_kabupaten_builds(data_mirror: Path, tmp_path: Path) -> None:
    result = build_kabupaten("53.71", out_dir=tmp_path)  # Kota Kupang: all kelurahan
    desa = _layer(result.path, "desa")
    assert len(desa) == result.kelurahan + result.desa > 0
    assert desa["kode"].str.startswith("53.71.").all()
    assert not list(tmp_path.glob(".*.gpkg"))  # no temp file left behind
    others = _layer(result.path, "kabupaten_lain")
    assert "53.02" in set(others["kode"]) and "53.71" not in set(others["kode"])
