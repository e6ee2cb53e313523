"""Report points -> desa: hand-built squares whose answers are known by hand.

Layout (lat -9.91..-9.90), longitudes:
    A 124.000-124.010 (kode .1002) | B 124.010-124.020 (kode .1001, shares A's east edge)
    gap 124.020-124.0215 (~165 m) | C 124.0215-124.030 | gap 124.030-124.040 (~1.1 km)
    | D 124.040-124.050.  Kabupaten outline: 124.000-124.050.  Neighbour: 124.050-124.100.
At lat -9.905 one degree of longitude is about 109.7 km, so 0.0005 deg is about 54.8 m.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from shapely.geometry import box

from etl.tools.points import POINT_COLUMNS, locate_points

LAT0, LAT1 = -9.91, -9.90
MID = -9.905


@pytest.fixture
def desa() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"kode": ["53.02.01.1002", "53.02.01.1001", "53.02.01.1003", "53.02.01.1004"]},
        geometry=[
            box(124.000, LAT0, 124.010, LAT1),
            box(124.010, LAT0, 124.020, LAT1),
            box(124.0215, LAT0, 124.030, LAT1),
            box(124.040, LAT0, 124.050, LAT1),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def outline() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"kode": ["53.02"]}, geometry=[box(124.0, LAT0, 124.05, LAT1)], crs="EPSG:4326"
    )


@pytest.fixture
def tetangga() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"kode": ["53.99"], "nama": ["Kabupaten Tetangga"]},
        geometry=[box(124.05, LAT0, 124.10, LAT1)],
        crs="EPSG:4326",
    )


def test_each_case_gets_its_known_answer(
    desa: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, tetangga: gpd.GeoDataFrame
) -> None:
    points = pd.DataFrame(
        {
            "lat": [MID, MID, MID, MID, 0.0, 124.005, 124.5, MID, -95.0, None, "x"],
            "lon": [124.005, 124.010, 124.0205, 124.035, 0.0, MID, MID, 124.07, 200.0, 124.0, "1"],
        },
        index=[f"p{i}" for i in range(11)],
    )
    result = locate_points(points, desa, outline, kabupaten_lain=tetangga)
    nan = math.nan
    expected = pd.DataFrame(
        {
            "desa_kode": ["53.02.01.1002", "53.02.01.1001", "53.02.01.1001", *[None] * 8],
            "cara_cocok": ["titik", "titik", "nearest", *[None] * 8],
            "skor_cocok": [100.0, 100.0, 100.0 - 50.0 * 54.8 / 250, *[nan] * 8],
            "jarak_m": [0.0, 0.0, 54.8, *[nan] * 8],
            "lat": [MID, MID, MID, MID, 0.0, 124.005, 124.5, MID, -95.0, nan, nan],
            "lon": [124.005, 124.010, 124.0205, 124.035, 0.0, MID, MID, 124.07, 200.0, 124.0, 1.0],
            "alasan": [
                "",
                "",
                "",
                "Titik di dalam kabupaten tetapi tidak di desa mana pun (desa terdekat > 250 m)",
                "Koordinat (0, 0) tidak sah; GPS belum terkunci atau sel koordinat kosong",
                "",
                "Lintang dan bujur tampaknya tertukar, tetapi setelah ditukar titik tetap di "
                "luar kabupaten",
                "Titik di luar kabupaten (di Kabupaten Tetangga)",
                "Koordinat di luar rentang sah (lintang -90..90, bujur -180..180)",
                "Koordinat kosong atau bukan angka",
                "Koordinat kosong atau bukan angka",
            ],
        },
        index=points.index,
    )
    # the swapped pair (row p5) is corrected and flagged
    expected.loc["p5", ["desa_kode", "cara_cocok", "skor_cocok", "jarak_m"]] = [
        "53.02.01.1002",
        "tukar",
        90.0,
        0.0,
    ]
    expected.loc["p5", ["lat", "lon"]] = [MID, 124.005]
    expected = expected.astype(
        {"desa_kode": object, "cara_cocok": object, "skor_cocok": "float64", "jarak_m": "float64"}
    )
    expected.loc[expected["desa_kode"].isna(), ["desa_kode", "cara_cocok"]] = None
    assert tuple(result.columns) == POINT_COLUMNS
    pdt.assert_frame_equal(result, expected, check_exact=False, atol=0.6, check_dtype=False)


def test_shared_edge_gets_exactly_the_lowest_kode(
    desa: gpd.GeoDataFrame, outline: gpd.GeoDataFrame
) -> None:
    points = pd.DataFrame({"lat": [MID, LAT1], "lon": [124.010, 124.010]})  # edge and corner
    result = locate_points(points, desa, outline)
    assert result["desa_kode"].tolist() == ["53.02.01.1001", "53.02.01.1001"]
    reordered = locate_points(points, desa.iloc[::-1], outline)
    pdt.assert_frame_equal(reordered, result)


def test_gap_distance_and_snap_limit(desa: gpd.GeoDataFrame, outline: gpd.GeoDataFrame) -> None:
    points = pd.DataFrame({"lat": [MID], "lon": [124.0205]})  # 54.8 m from B, 109.7 m from C
    near = locate_points(points, desa, outline).iloc[0]
    assert near["cara_cocok"] == "nearest"
    assert near["jarak_m"] == pytest.approx(54.8, abs=0.5)
    strict = locate_points(points, desa, outline, snap_m=50.0).iloc[0]
    assert strict["desa_kode"] is None
    assert "desa terdekat > 50 m" in strict["alasan"]


def test_swapped_not_fixed_when_disabled(desa: gpd.GeoDataFrame, outline: gpd.GeoDataFrame) -> None:
    points = pd.DataFrame({"lat": [124.005], "lon": [MID]})
    row = locate_points(points, desa, outline, fix_swapped=False).iloc[0]
    assert row["desa_kode"] is None
    assert row["alasan"].startswith("Lintang dan bujur tertukar")
    assert (row["lat"], row["lon"]) == (124.005, MID)


def test_neighbour_point_without_neighbour_layer(
    desa: gpd.GeoDataFrame, outline: gpd.GeoDataFrame
) -> None:
    row = locate_points(pd.DataFrame({"lat": [MID], "lon": [124.07]}), desa, outline).iloc[0]
    assert row["desa_kode"] is None
    assert row["alasan"] == "Titik di luar kabupaten"


def test_sliver_hole_in_a_dissolved_outline_still_counts_as_inside(
    desa: gpd.GeoDataFrame,
) -> None:
    ring = gpd.GeoDataFrame(
        geometry=[box(123.99, -9.92, 124.06, -9.89).difference(box(124.020, LAT0, 124.0215, LAT1))],
        crs="EPSG:4326",
    )
    row = locate_points(pd.DataFrame({"lat": [MID], "lon": [124.0205]}), desa, ring).iloc[0]
    assert row["cara_cocok"] == "nearest"


def test_inputs_are_checked_and_not_mutated(
    desa: gpd.GeoDataFrame, outline: gpd.GeoDataFrame
) -> None:
    points = pd.DataFrame({"lat": [MID], "lon": [124.005]})
    before = points.copy()
    locate_points(points, desa, outline)
    pdt.assert_frame_equal(points, before)
    with pytest.raises(ValueError, match="lon"):
        locate_points(points.drop(columns="lon"), desa, outline)
    with pytest.raises(ValueError, match="CRS"):
        locate_points(points, desa.set_crs(None, allow_override=True), outline)
    metric = locate_points(points, desa.to_crs("EPSG:32750"), outline)
    assert metric["desa_kode"].tolist() == ["53.02.01.1002"]


def test_many_points_vectorised(desa: gpd.GeoDataFrame, outline: gpd.GeoDataFrame) -> None:
    rng = np.random.default_rng(7)
    lon = rng.uniform(124.0005, 124.0095, 20_000)  # all strictly inside A
    lat = rng.uniform(LAT0 + 0.0005, LAT1 - 0.0005, 20_000)
    result = locate_points(pd.DataFrame({"lat": lat, "lon": lon}), desa, outline)
    assert (result["desa_kode"] == "53.02.01.1002").all()
    assert (result["cara_cocok"] == "titik").all()
