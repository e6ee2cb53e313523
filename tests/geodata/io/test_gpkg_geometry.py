"""Geometry prepared ahead of its attributes is stored exactly as a whole-frame write."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from geodata.io.gpkg import GeoPackageError, write_layer
from geodata.io.gpkg_geometry import geometry_source, prepare_geometry, write_layer_with_geometry

_BOX = shapely.box(124.0, -10.0, 124.1, -9.9)
_MULTI = shapely.MultiPolygon(
    [shapely.box(124.2, -10.0, 124.3, -9.9), shapely.box(125, -9, 125.1, -8.9)]
)
CASES = {
    "poligon_dan_multi": [_BOX, _MULTI, None],
    "poligon_saja": [_BOX, shapely.box(1, 1, 2, 2), _BOX],
    "titik": [shapely.Point(124, -10), shapely.Point(124.5, -9.5), shapely.Point(0, 0)],
    "titik_dan_multititik": [shapely.Point(1, 2), shapely.MultiPoint([(1, 1), (2, 2)]), None],
    "campuran": [_BOX, shapely.Point(1, 1), shapely.LineString([(0, 0), (1, 1)])],
    "tiga_dimensi": [shapely.Point(1, 2, 3), shapely.Point(2, 3, 4), shapely.Point(3, 4, 5)],
    "tiga_dimensi_dan_multi": [
        shapely.Point(1, 2, 3),
        shapely.MultiPoint([(1, 1, 1), (2, 2, 2)]),
        shapely.Point(0, 0),
    ],
    "kosong": [_BOX, shapely.Polygon(), _MULTI],
    "kosong_saja": [shapely.Polygon(), None, shapely.Polygon()],
    "tanpa_baris": [],
}


def _frame(geoms: list[shapely.Geometry | None]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "kode": [f"53.02.01.200{i}" for i in range(len(geoms))],
            "peserta": list(range(len(geoms))),
            "kunjungan_terakhir": pd.Series(
                [date(2024, 3, 11), None, None][: len(geoms)], dtype=object
            ),
            "status_cakupan": pd.Series(["tercakup", None, "belum"][: len(geoms)], dtype="str"),
        },
        geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"),
    )


def _rows(path: Path, layer: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(f'SELECT * FROM "{layer}" ORDER BY fid').fetchall()


@pytest.mark.parametrize("case", sorted(CASES))
def test_prepared_geometry_writes_the_same_layer(tmp_path: Path, case: str) -> None:
    frame = _frame(CASES[case])
    whole, split = tmp_path / "utuh.gpkg", tmp_path / "pisah.gpkg"
    write_layer(whole, "desa", frame)
    prepared = prepare_geometry(geometry_source(frame, "kode"))
    write_layer_with_geometry(
        split, "desa", pd.DataFrame(frame.drop(columns="geometry")), prepared, "kode"
    )
    info_whole, info_split = (
        pyogrio.read_info(whole, layer="desa"),
        pyogrio.read_info(split, layer="desa"),
    )
    for key in ("fields", "dtypes", "geometry_type", "crs", "features"):
        assert str(info_whole[key]) == str(info_split[key]), key
    assert _rows(whole, "desa") == _rows(split, "desa")  # geometry blobs byte for byte


def test_rows_in_another_order_are_refused(tmp_path: Path) -> None:
    frame = _frame(CASES["poligon_saja"])
    prepared = prepare_geometry(geometry_source(frame, "kode"))
    shuffled = pd.DataFrame(frame.drop(columns="geometry")).iloc[::-1]
    with pytest.raises(GeoPackageError, match="urutan baris"):
        write_layer_with_geometry(tmp_path / "t.gpkg", "desa", shuffled, prepared, "kode")
