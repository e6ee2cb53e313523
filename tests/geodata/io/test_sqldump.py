from __future__ import annotations

import json

import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from geodata.io.sqldump import parse_boundaries, parse_code_list, parse_luas, rings_to_geometry

# A tiny hand-made dump in the upstream format: points are [lat, lng], quotes doubled.
TABLE = "wilayah" + "_boundaries"
SQUARE = [[[-9.0, 124.0], [-9.0, 124.1], [-9.1, 124.1], [-9.1, 124.0], [-9.0, 124.0]]]
DUMP = f"""
/* header comment with 'quotes' and ('99','x') inside */
INSERT INTO {TABLE}(kode,nama,lat,lng,path) VALUES
\t('53.02.20.2001','Kot''olin',-9.05,124.05,'{json.dumps(SQUARE)}'),
\t('53.03.01.2001','Lain',-9.05,124.05,'{json.dumps(SQUARE)}');
"""


def test_boundary_rows_parse_names_and_lat_first_points() -> None:
    gdf = parse_boundaries(DUMP)
    assert list(gdf["kode"]) == ["53.02.20.2001", "53.03.01.2001"]
    assert gdf.loc[0, "nama"] == "Kot'olin"
    assert gdf.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = gdf.geometry.iloc[0].bounds
    # x is longitude (124.x), y is latitude (-9.x)
    assert (minx, miny, maxx, maxy) == pytest.approx((124.0, -9.1, 124.1, -9.0))


def test_prefix_filters_rows() -> None:
    assert list(parse_boundaries(DUMP, prefix="53.02.")["kode"]) == ["53.02.20.2001"]


def test_code_list_and_luas() -> None:
    codes = parse_code_list(
        "INSERT INTO wilayah (kode, nama) VALUES\n('53.02','Kab ''X'''),\n('53.02.20','Kot''olin');"
    )
    assert codes.to_dict("records") == [
        {"kode": "53.02", "nama": "Kab 'X'"},
        {"kode": "53.02.20", "nama": "Kot'olin"},
    ]
    luas = parse_luas("VALUES ('53.02','Kab TTS',3931.747),\n('53.71','Kota Kupang',158.885);")
    assert luas["luas_km2"].tolist() == [3931.747, 158.885]


def test_ring_inside_ring_is_a_hole_and_depth4_is_multipolygon() -> None:
    outer = [[0.0, 0.0], [0.0, 10.0], [10.0, 10.0], [10.0, 0.0], [0.0, 0.0]]
    inner = [[4.0, 4.0], [4.0, 6.0], [6.0, 6.0], [6.0, 4.0], [4.0, 4.0]]
    far = [[20.0, 20.0], [20.0, 21.0], [21.0, 21.0], [21.0, 20.0], [20.0, 20.0]]
    holed = rings_to_geometry([outer, inner])
    assert holed.geom_type == "Polygon" and holed.area == pytest.approx(96.0)
    multi = rings_to_geometry([[outer], [far]])
    assert multi.geom_type == "MultiPolygon" and multi.area == pytest.approx(101.0)


@given(
    st.floats(-11, -8, allow_nan=False),
    st.floats(118, 126, allow_nan=False),
    st.floats(0.001, 0.5),
)
def test_lat_lng_order_property(lat: float, lng: float, size: float) -> None:
    ring = [[lat, lng], [lat, lng + size], [lat - size, lng + size], [lat - size, lng], [lat, lng]]
    geom = rings_to_geometry([ring])
    assert geom.bounds == pytest.approx((lng, lat - size, lng + size, lat))


def test_unknown_structure_is_rejected() -> None:
    with pytest.raises(ValueError, match="Struktur path"):
        rings_to_geometry([[1.0, 2.0]])


def test_parsed_polygon_is_shapely() -> None:
    assert isinstance(parse_boundaries(DUMP).geometry.iloc[0], shapely.Polygon)
