"""Both stores behind one interface (:mod:`etl.store`), the same behaviour tests run on
the folder store and on a real PostGIS database; the GeoPackage round trip; and, for
PostGIS, spatial indexes, idempotent re-loads, boundaries loaded once per build."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.io.contract import Manifest
from etl.store import DB_ENV, Boundaries, Store, StoreError, chosen_database, mask_url, open_store
from etl.store.folder import FolderStore
from etl.store.postgis import PostgisStore
from geodata.io.gpkg import list_layers, read_gpkg_layer
from tests.etl.store.cluster import fresh_database
from tests.etl.store.layers import sample_layers, sample_manifest

_WRITTEN_BY_FOLDER = ("gpkg", "waktu_tulis_detik")


@pytest.fixture
def postgis(postgis_url: str) -> PostgisStore:
    """An empty PostGIS store."""
    fresh_database(postgis_url)
    return PostgisStore(postgis_url)


def _same_manifest(read: Manifest, written: dict) -> None:
    got = {k: v for k, v in read.to_json().items() if k not in _WRITTEN_BY_FOLDER}
    assert got == Manifest.from_json(written).to_json()


def test_open_store_picks_the_kind(tmp_path: Path) -> None:
    assert isinstance(open_store(tmp_path), FolderStore)
    assert isinstance(open_store("postgresql://u@h/db"), PostgisStore)
    assert isinstance(open_store("postgres://u@h/db"), PostgisStore)


def test_publish_then_read_back_the_same_layers_and_manifest(store: Store) -> None:
    layers = sample_layers("A")
    store.publish(layers, sample_manifest("A"))
    out = store.read_outputs()
    _same_manifest(out.manifest, sample_manifest("A"))
    assert list(out.layers) == [n for n in out.layers if n in layers]
    assert set(out.layers) == set(layers)
    for name, frame in layers.items():
        pd.testing.assert_frame_equal(out.layers[name], frame, check_dtype=True)
    assert isinstance(out.layers["desa"], gpd.GeoDataFrame)
    assert out.layers["desa"].crs.to_epsg() == 4326
    assert out.version == store.version() != ""


def test_a_new_publish_replaces_the_previous_one(store: Store) -> None:
    store.publish(sample_layers("A"), sample_manifest("A"))
    first = store.version()
    store.publish(sample_layers("B", peserta_rows=5), sample_manifest("B"))
    out = store.read_outputs(("peserta", "info"))
    assert out.manifest.versi == "uji-B"
    assert out.version != first
    assert list(out.layers) == ["peserta", "info"]
    assert out.layers["peserta"]["id_kegiatan"].tolist() == [f"K-B-{i}" for i in range(5)]


def test_read_layer_and_missing_layer(store: Store) -> None:
    store.publish(sample_layers("A"), sample_manifest("A"))
    assert store.read_layer("info")["nilai"].tolist() == ["false", "A"]
    with pytest.raises(StoreError, match="tinjauan"):
        store.read_layer("tinjauan")


def test_nothing_published_yet(store: Store) -> None:
    assert store.version() == ""
    with pytest.raises(FileNotFoundError, match="etl"):
        store.read_outputs()


def test_folder_store_is_the_versioned_geopackage(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    layers = sample_layers("A")
    store.publish(layers, sample_manifest("A"))
    out = store.read_outputs()
    gpkg = Path(out.location)
    assert gpkg.name == "sosialisasi.gpkg" and gpkg.parent.parent.name == "versi"
    assert set(list_layers(gpkg)) == set(layers)
    pd.testing.assert_frame_equal(read_gpkg_layer(gpkg, "desa"), layers["desa"])
    assert out.manifest.gpkg is not None and len(out.manifest.gpkg.sha256) == 64


def test_postgis_holds_what_the_geopackage_holds(tmp_path: Path, postgis: PostgisStore) -> None:
    layers = sample_layers("A")
    FolderStore(tmp_path).publish(layers, sample_manifest("A"))
    postgis.publish(FolderStore(tmp_path).read_outputs().layers, sample_manifest("A"))
    from_gpkg, from_db = FolderStore(tmp_path).read_outputs(), postgis.read_outputs()
    for name in layers:
        pd.testing.assert_frame_equal(from_db.layers[name], from_gpkg.layers[name])


def test_postgis_geometry_is_4326_with_spatial_indexes(postgis: PostgisStore) -> None:
    postgis.publish(sample_layers("A"), sample_manifest("A"))
    with psycopg.connect(postgis.url) as conn:
        columns = conn.execute(
            "SELECT f_table_name, srid FROM geometry_columns WHERE f_table_schema = 'peta'"
        ).fetchall()
        indexes = conn.execute(
            "SELECT tablename FROM pg_indexes WHERE schemaname = 'peta'"
            " AND indexdef LIKE '%USING gist%'"
        ).fetchall()
        inside = conn.execute(
            "SELECT count(*) FROM peta.desa WHERE ST_Intersects(geometry,"
            " ST_SetSRID(ST_MakePoint(124.05, -9.85), 4326))"
        ).fetchone()
    assert sorted(columns) == [("desa", 4326), ("laporan", 4326)]
    assert sorted(t for (t,) in indexes) == ["desa", "laporan"]
    assert inside == (1,)


def test_reloading_the_same_data_is_idempotent(postgis: PostgisStore) -> None:
    for _ in range(2):
        postgis.publish(sample_layers("A"), sample_manifest("A"))
    with psycopg.connect(postgis.url) as conn:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM peta.muatan), (SELECT count(*) FROM peta.desa),"
            " (SELECT count(*) FROM peta.peserta), (SELECT count(*) FROM peta.kiriman)"
        ).fetchone()
        types = dict(
            conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns"
                " WHERE table_schema = 'peta' AND table_name = 'desa'"
            ).fetchall()
        )
    assert counts == (1, 3, 3, 0)
    assert types["kunjungan_terakhir"] == "timestamp without time zone"  # kept its type
    assert types["peserta"] == "bigint" and types["hari_sejak_kunjungan"] == "double precision"
    pd.testing.assert_frame_equal(postgis.read_layer("desa"), sample_layers("A")["desa"])


def test_a_load_with_other_columns_reads_back_its_own(postgis: PostgisStore) -> None:
    postgis.publish(sample_layers("A"), sample_manifest("A"))
    layers = sample_layers("B")
    layers["info"] = layers["info"].assign(baru=[1, 2]).drop(columns="nilai")
    postgis.publish(layers, sample_manifest("B"))
    pd.testing.assert_frame_equal(postgis.read_layer("info"), layers["info"])


def test_boundaries_are_loaded_once_per_build_with_their_sources(
    postgis: PostgisStore, tts_gpkg: Path
) -> None:
    gpkg = tts_gpkg
    bounds = (Boundaries("53.02", gpkg),)
    postgis.publish(sample_layers("A"), sample_manifest("A"), bounds)
    loaded = postgis.boundary_sources()
    postgis.publish(sample_layers("B"), sample_manifest("B"), bounds)
    again = postgis.boundary_sources()
    assert loaded["dimuat"].tolist() == again["dimuat"].tolist()  # not loaded again
    (sources,) = loaded["sumber"].tolist()
    assert {s["repo"] for s in sources} == {"cahyadsn/wilayah", "cahyadsn/wilayah_boundaries"}
    assert all(len(s["commit"]) == 40 and len(s["sha256"]) == 64 for s in sources)
    desa = postgis.read_boundaries("53.02", "desa")
    assert len(desa) == 278
    pd.testing.assert_frame_equal(desa, read_gpkg_layer(gpkg, "desa").to_crs(4326))


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://peta:s3cr%40t@db.kantor:5432/peta", "postgresql://peta:***@db.kantor:5432/peta"),
        ("postgresql://peta@db/peta?password=abc&sslmode=require",
         "postgresql://peta@db/peta?password=***&sslmode=require"),
        ("postgresql://db/peta", "postgresql://db/peta"),
    ],
)  # fmt: skip
def test_mask_url_hides_the_password(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_the_database_is_chosen_by_option_then_environment() -> None:
    env = {DB_ENV: "postgresql://a@h/env"}
    assert chosen_database("postgresql://a@h/cli", env) == "postgresql://a@h/cli"
    assert chosen_database(None, env) == "postgresql://a@h/env"
    assert chosen_database(None, {}) is None
    with pytest.raises(StoreError, match=r"\*\*\*") as caught:
        chosen_database("sqlite://u:rahasia@x/y", {})
    assert "rahasia" not in str(caught.value)


@settings(max_examples=25)  # each example is a load into the real database
@given(
    texts=st.lists(
        st.none() | st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00")),
        min_size=1,
        max_size=6,
    ),
    numbers=st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=6, max_size=6),
)
def test_any_text_and_number_comes_back_unchanged(
    postgis_url: str, texts: list[str | None], numbers: list[float]
) -> None:
    frame = pd.DataFrame({"teks": pd.Series(texts, dtype="str"), "angka": numbers[: len(texts)]})
    store = PostgisStore(postgis_url)
    store.publish({"info": frame}, sample_manifest("H"))
    pd.testing.assert_frame_equal(store.read_layer("info"), frame)
