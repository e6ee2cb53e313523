"""The layers ``etl --db`` publishes without reading its GeoPackage again are exactly the
GeoPackage's layers: column by column, dtype by dtype, value by value, shape by shape
(real GeoPackages written by the ETL's writer, a real PostGIS database)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Point, Polygon, box

from dashboard.cli import main
from etl.io.contract import LAYER_NAMES
from etl.io.versions import current_outputs
from etl.store import open_store
from etl.store.published import as_read, layers_as_read
from geodata.io.gpkg import list_layers, read_gpkg_layer, write_layer
from tests.etl.store.cluster import fresh_database

AS_OF = date(2026, 11, 30)


def assert_same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same type, columns, dtypes and values; geometries identical byte for byte."""
    assert type(got) is type(expected)
    assert list(got.columns) == list(expected.columns)
    assert [str(t) for t in got.dtypes] == [str(t) for t in expected.dtypes]
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    if isinstance(expected, gpd.GeoDataFrame):
        assert got.crs == expected.crs
        assert list(got.geometry.to_wkb()) == list(expected.geometry.to_wkb())


def _written(tmp_path: Path, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:  # type: ignore[type-arg]
    path = tmp_path / "lapisan.gpkg"
    write_layer(path, "uji", frame)
    return read_gpkg_layer(path, "uji"), pyogrio.read_info(path, layer="uji")


def _mixed() -> gpd.GeoDataFrame:
    """Every rule by hand: text of several types, dates as objects, nullable integers
    with and without a gap, seconds, floats with NaN, single- and multi-part shapes."""
    return gpd.GeoDataFrame(
        {
            "teks": ["Oinlasi", None, "Kota Soe"],
            "campur": [1, "dua", None],
            "kosong": pd.Series([None, None, None], dtype=object),
            "str_asli": pd.Series(["a", None, "c"], dtype="str"),
            "tanggal_obj": [date(2026, 6, 1), None, date(2025, 1, 31)],
            "bulat_celah": pd.array([3, None, 5], dtype="Int64"),
            "bulat_penuh": pd.array([3, 4, 5], dtype="Int64"),
            "bulat": np.array([7, 8, 9], dtype="int64"),
            "detik": pd.Series(pd.to_datetime(["2026-06-01 00:00", None, "2026-11-30 12:00"])).astype(
                "datetime64[s]"
            ),
            "pecahan": [0.5, np.nan, -2.25],
        },
        geometry=[box(124.2, -9.9, 124.3, -9.8), MultiPolygon([box(124.3, -9.9, 124.4, -9.8),
                  box(124.5, -9.9, 124.6, -9.8)]), None],
        crs="EPSG:4326",
        index=[10, 3, 7],  # a filtered frame: its index is not written
    )  # fmt: skip


def test_every_rule_gives_what_the_geopackage_reads(tmp_path: Path) -> None:
    frame = _mixed()
    expected, info = _written(tmp_path, frame)
    assert info["geometry_type"] == "MultiPolygon"  # the writer promoted the box
    got = as_read(frame, info)
    assert got is not None
    assert_same(got, expected)
    assert got.geometry.iloc[0].geom_type == "MultiPolygon"


def test_an_attribute_table_and_an_empty_layer(tmp_path: Path) -> None:
    table = pd.DataFrame(_mixed().drop(columns="geometry"))
    expected, info = _written(tmp_path, table)
    assert_same(as_read(table, info), expected)  # type: ignore[arg-type]
    empty = pd.DataFrame({"id_kiriman": pd.Series(dtype=object), "hash": pd.Series(dtype=object)})
    path = tmp_path / "kosong.gpkg"
    write_layer(path, "kiriman", empty)
    got = as_read(empty, pyogrio.read_info(path, layer="kiriman"))
    assert got is not None
    assert_same(got, read_gpkg_layer(path, "kiriman"))


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.assign(benar=[True, False, True]),  # a boolean field
        lambda f: f.assign(detik=pd.to_datetime(f["detik"]).dt.tz_localize("Asia/Makassar")),
        lambda f: f.set_geometry([Polygon(), Point(124.2, -9.9), None]),  # empty shape, mixed
    ],
)  # fmt: skip
def test_what_the_rules_do_not_cover_is_read_back(tmp_path: Path, change: object) -> None:
    frame = change(_mixed())  # type: ignore[operator]
    path = tmp_path / "lain.gpkg"
    write_layer(path, "uji", frame)
    assert as_read(frame, pyogrio.read_info(path, layer="uji")) is None
    assert_same(layers_as_read(path, {"uji": frame})["uji"], read_gpkg_layer(path, "uji"))


def test_etl_db_publishes_the_geopackage_layers_without_reading_them_again(
    tts_build: object, postgis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The sample over two kabupaten (TTS + Kota Kupang): every layer is covered by the
    rules (the GeoPackage is never read back), and the database holds exactly what the
    GeoPackage holds."""
    import etl.store.published as published
    from etl.pipeline import run_etl

    def no_read_back(path: Path, name: str) -> pd.DataFrame:
        raise AssertionError(f"layer {name} read back from {path}")

    fresh_database(postgis_url)
    assert main(["sample", "--out", str(tmp_path / "masukan")]) == 0
    (book,) = (tmp_path / "masukan").glob("*.xlsx")
    store = open_store(postgis_url)
    monkeypatch.setattr(published, "read_gpkg_layer", no_read_back)
    out = tmp_path / "keluaran"
    run_etl([book], out, kabupaten="53.02,53.71", per_tanggal=AS_OF, store=store)
    monkeypatch.undo()
    gpkg, _ = current_outputs(out)
    names = [n for n in LAYER_NAMES if n in set(list_layers(gpkg))]
    assert len(names) >= 10
    stored = store.read_outputs(names).layers
    for name in names:
        assert_same(stored[name], read_gpkg_layer(gpkg, name))


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=8)
_GEOMS = st.one_of(
    st.none(),
    st.builds(lambda x, y: box(124 + x, -10 + y, 124.1 + x, -9.9 + y),
              st.floats(0, 1), st.floats(0, 1)),
    st.builds(lambda x: MultiPolygon([box(124 + x, -10, 124.1 + x, -9.9),
                                      box(125 + x, -10, 125.1 + x, -9.9)]), st.floats(0, 1)),
)  # fmt: skip


@st.composite
def _frames(draw: st.DrawFn) -> pd.DataFrame:
    """Frames of the kinds the ETL writes: text, mixed objects, dates as objects, nullable
    and plain integers, seconds, floats with gaps; with or without (mixed) polygons."""
    n = draw(st.integers(0, 5))

    def column(values: st.SearchStrategy[object]) -> list[object]:
        return draw(st.lists(values, min_size=n, max_size=n))

    frame = pd.DataFrame({
        "teks": pd.Series(column(st.one_of(st.none(), _TEXT)), dtype=object),
        "campur": pd.Series(column(st.one_of(st.none(), _TEXT, st.integers(-9, 9))), dtype=object),
        "tanggal": pd.Series(column(st.one_of(st.none(), st.dates(date(2000, 1, 1)))), dtype=object),
        "bulat": pd.array(column(st.one_of(st.none(), st.integers(-1000, 1000))), dtype="Int64"),
        "angka": np.array(column(st.integers(-5, 5)), dtype="int64"),
        "detik": pd.Series(pd.to_datetime(pd.Series(column(st.one_of(
            st.none(), st.datetimes(pd.Timestamp(2000, 1, 1).to_pydatetime(),
                                    pd.Timestamp(2030, 1, 1).to_pydatetime()))), dtype=object)
        )).astype("datetime64[s]"),
        "pecahan": np.array(column(st.one_of(st.just(np.nan), st.floats(-1e6, 1e6))), dtype=float),
    }, index=draw(st.permutations(range(n))) if n else None)  # fmt: skip
    if draw(st.booleans()):
        return gpd.GeoDataFrame(frame, geometry=column(_GEOMS), crs="EPSG:4326")
    return frame


@given(frame=_frames())
def test_any_frame_of_the_etl_kinds_is_what_the_geopackage_reads(frame: pd.DataFrame) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "acak.gpkg"
        write_layer(path, "acak", frame)
        got = as_read(frame, pyogrio.read_info(path, layer="acak"))
        assert got is not None  # covered by the rules: never read back
        assert_same(got, read_gpkg_layer(path, "acak"))
