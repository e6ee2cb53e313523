"""LayerStream: the background writer makes the same GeoPackage as an in-process write,
lists layers in the order asked for, and a failure leaves the old file and no leftovers."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from geodata.fetch import sha256_of
from geodata.io.gpkg import GeoPackageError, order_layers, write_layers_atomically
from geodata.io.gpkg_stream import LayerStream


def _layers() -> dict[str, pd.DataFrame]:
    desa = gpd.GeoDataFrame(
        {
            "kode": ["53.02.01.2001", "53.02.01.2002"],
            "nama": ["Oinlasi", "Kuale'u"],
            "kunjungan_terakhir": pd.Series([date(2024, 3, 11), None], dtype=object),
            "peserta": [12, 0],
        },
        geometry=[shapely.box(124, -10, 124.1, -9.9), shapely.box(124.1, -10, 124.2, -9.9)],
        crs="EPSG:4326",
    )
    titik = gpd.GeoDataFrame(
        {"id_laporan": ["L-1"]}, geometry=gpd.points_from_xy([124.05], [-9.95]), crs=4326
    )
    tabel = pd.DataFrame({"id_kegiatan": ["K-1", "K-1"], "jumlah": [5, 7]})
    return {"titik": titik, "tabel": tabel, "desa": desa}


def _read_all(path: Path) -> dict[str, pd.DataFrame]:
    return {
        str(n): pyogrio.read_dataframe(path, layer=str(n)) for n, _ in pyogrio.list_layers(path)
    }


@pytest.mark.parametrize("background", [True, False])
def test_stream_writes_what_a_single_write_writes(tmp_path: Path, background: bool) -> None:
    layers = _layers()
    expected = write_layers_atomically(tmp_path / "satu.gpkg", layers)
    order_layers(expected, ["desa", "titik", "tabel"])
    with LayerStream(tmp_path / "alir.gpkg", background=background) as stream:
        stream.prepare_geometry("desa", layers["desa"], key="kode")  # polygons first,
        stream.put("titik", layers["titik"])
        stream.put("tabel", layers["tabel"])
        attributes = pd.DataFrame(layers["desa"].drop(columns="geometry"))  # metrics last
        stream.put("desa", attributes, geometry_key="kode")
        sha256, size, seconds = stream.close(["desa", "titik", "tabel"])
    path = tmp_path / "alir.gpkg"
    assert sha256 == sha256_of(path) and size == path.stat().st_size
    assert set(seconds) == {"desa", "titik", "tabel", "penyelesaian"}
    assert [str(row[0]) for row in pyogrio.list_layers(path)] == ["desa", "titik", "tabel"]
    got, want = _read_all(path), _read_all(expected)
    assert list(got) == list(want)
    for name in want:
        if isinstance(want[name], gpd.GeoDataFrame):
            assert_geodataframe_equal(got[name], want[name], check_less_precise=False)
        else:
            pd.testing.assert_frame_equal(got[name], want[name])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alir.gpkg", "satu.gpkg"]


def test_order_layers_moves_named_layers_first(tmp_path: Path) -> None:
    path = write_layers_atomically(tmp_path / "t.gpkg", _layers())
    order_layers(path, ["tabel", "desa"])
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents ORDER BY rowid")]
    assert names == ["tabel", "desa", "titik"]


@pytest.mark.parametrize("background", [True, False])
def test_failed_write_keeps_previous_file_and_leaves_nothing(
    tmp_path: Path, background: bool
) -> None:
    target = tmp_path / "hasil.gpkg"
    write_layers_atomically(target, {"lama": pd.DataFrame({"a": [1]})})
    before = target.read_bytes()
    bad = pd.DataFrame([[1, 2]], columns=["a", "a"])  # two fields of one name
    with (
        pytest.raises(GeoPackageError, match=r"Gagal menulis GeoPackage: .*buruk"),
        LayerStream(target, background=background) as stream,
    ):
        stream.put("baik", pd.DataFrame({"a": [1]}))
        stream.put("buruk", bad)
        stream.close()
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.gpkg"]


def test_leaving_the_block_early_discards_everything(tmp_path: Path) -> None:
    target = tmp_path / "hasil.gpkg"
    with (
        pytest.raises(RuntimeError, match="gagal di tengah"),
        LayerStream(target, background=True) as stream,
    ):
        stream.put("tabel", pd.DataFrame({"a": [1]}))
        raise RuntimeError("gagal di tengah")
    assert not list(tmp_path.iterdir())


def test_put_after_close_is_refused(tmp_path: Path) -> None:
    with LayerStream(tmp_path / "t.gpkg", background=False) as stream:
        stream.put("tabel", pd.DataFrame({"a": [1]}))
        stream.close()
        with pytest.raises(GeoPackageError, match="sudah ditutup"):
            stream.put("lagi", pd.DataFrame({"a": [2]}))


@pytest.mark.parametrize("background", [True, False])
def test_attributes_without_prepared_geometry_fail_clearly(
    tmp_path: Path, background: bool
) -> None:
    with (
        pytest.raises(GeoPackageError, match="geometri layer 'desa' belum disiapkan"),
        LayerStream(tmp_path / "t.gpkg", background=background) as stream,
    ):
        stream.put("desa", pd.DataFrame({"kode": ["a"]}), geometry_key="kode")
        stream.close()
    assert not list(tmp_path.iterdir())


def test_large_table_goes_over_in_parts_and_reads_back_whole(tmp_path: Path) -> None:
    # 7 rows in parts of 3: the first part has no date, no name and no count, later
    # ones do; every part must land in the one layer with the whole table's field types.
    tabel = pd.DataFrame(
        {
            "id_kegiatan": [f"K-{i}" for i in range(7)],
            "tanggal": pd.Series(
                [None, None, None, date(2024, 1, 2), None, date(2024, 3, 4), None], dtype=object
            ),
            "nama": pd.Series(
                [None, None, None, "Oinlasi", "Kuale'u", None, "Nunbena"], dtype="str"
            ),
            "jumlah": pd.array([None, None, None, 4, 5, 6, 7], dtype="Int64"),
            "skor": [float("nan")] * 3 + [90.5, 100.0, 88.0, 91.0],
        }
    )
    expected = write_layers_atomically(tmp_path / "satu.gpkg", {"tabel": tabel})
    with LayerStream(tmp_path / "alir.gpkg", background=True, part_rows=3) as stream:
        stream.put("tabel", tabel)
        _sha, _size, seconds = stream.close()
    path = tmp_path / "alir.gpkg"
    assert set(seconds) == {"tabel", "penyelesaian"}
    assert pyogrio.read_info(path, layer="tabel")["features"] == 7
    for key in ("fields", "dtypes"):
        got, want = (
            pyogrio.read_info(path, layer="tabel")[key],
            pyogrio.read_info(expected, layer="tabel")[key],
        )
        assert list(got) == list(want)
    pd.testing.assert_frame_equal(
        pyogrio.read_dataframe(path, layer="tabel"), pyogrio.read_dataframe(expected, layer="tabel")
    )


def test_background_output_uses_large_pages_small_output_default(tmp_path: Path) -> None:
    sizes = {}
    for background in (True, False):
        path = tmp_path / f"{background}.gpkg"
        with LayerStream(path, background=background) as stream:
            stream.put("tabel", pd.DataFrame({"a": [1, 2]}))
            stream.close()
        with sqlite3.connect(path) as db:
            sizes[background] = db.execute("PRAGMA page_size").fetchone()[0]
    assert sizes == {True: 65536, False: 4096}


@pytest.mark.parametrize("background", [True, False])
def test_appended_rows_join_the_layer_put_before(tmp_path: Path, background: bool) -> None:
    first = pd.DataFrame({"id_kegiatan": ["K-1", "K-2"], "jumlah": [5, 7]})
    second = pd.DataFrame({"id_kegiatan": ["K-3", "K-4"], "jumlah": [9, 1]}, index=[2, 3])
    with LayerStream(tmp_path / "t.gpkg", background=background, part_rows=1) as stream:
        stream.put("tabel", first)
        stream.put("tabel", second, append=True)
        with pytest.raises(GeoPackageError, match="hanya tabel tanpa geometri"):
            stream.put("titik", _layers()["titik"], append=True)
        stream.close()
    got = pyogrio.read_dataframe(tmp_path / "t.gpkg", layer="tabel")
    pd.testing.assert_frame_equal(got, pd.concat([first, second]), check_index_type=False)
