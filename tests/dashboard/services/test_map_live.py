"""The live map: geometry once in a static file, a small per-rerun style payload."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from streamlit_folium import _get_feature_group_string, _get_map_string

from dashboard.services import map_live, mapview
from dashboard.services.map_data import desa_geojson

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def desa(tiny_desa: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return tiny_desa


def test_geometry_file_holds_codes_and_polygons_only(desa: gpd.GeoDataFrame) -> None:
    doc = json.loads(map_live.map_geometry(desa, mapview.kecamatan_outlines(desa)))
    assert [f["properties"] for f in doc["desa"]["features"]] == [{"kode": k} for k in desa["kode"]]
    assert {f["properties"]["kode"] for f in doc["kecamatan"]["features"]} == {
        "53.02.01",
        "53.02.02",
    }
    assert XSS not in json.dumps(doc) and "SoE" not in json.dumps(doc)


def test_geometry_file_is_written_once_under_its_hash(
    desa: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    kec = mapview.kecamatan_outlines(desa)
    url = map_live.write_map_geometry(tmp_path, desa, kec)
    files = list((tmp_path / "peta").iterdir())
    assert len(files) == 1 and url == f"/app/static/peta/{files[0].name}"
    stamp = files[0].stat().st_mtime_ns
    assert map_live.write_map_geometry(tmp_path, desa, kec) == url
    assert files[0].stat().st_mtime_ns == stamp  # not rewritten
    moved = desa.set_geometry(desa.geometry.translate(0.01, 0.0))
    assert map_live.write_map_geometry(tmp_path, moved, kec) != url


def test_payload_carries_the_same_texts_as_the_geojson(desa: gpd.GeoDataFrame) -> None:
    payload = map_live.style_payload(desa, "peserta", meeting_mode=True, bounds=(1, 2, 3, 4))
    props = {
        f["properties"]["kode"]: f["properties"]
        for f in desa_geojson(desa, "peserta", meeting_mode=True)["features"]
    }
    assert payload["d"] == {k: [p[f] for f in map_live.FIELDS] for k, p in props.items()}
    assert payload["d"]["53.02.01.2002"][map_live.FIELDS.index("nama")] == (
        "&lt;img src=x onerror=alert(1)&gt;"
    )
    assert set(payload["s"]) >= {row[0] for row in payload["d"].values()}
    assert payload["b"] == [[2, 1], [4, 3]]  # [[south, west], [north, east]]


def test_a_rerun_sends_no_polygon(desa: gpd.GeoDataFrame) -> None:
    """The base map (fetched geometry) is independent of the measure, and the group
    that changes per rerun holds no coordinates of the desa polygons."""
    kec = mapview.kecamatan_outlines(desa)
    scripts = set()
    for measure in ("status_cakupan", "peserta"):
        base = mapview.build_map(
            desa, kec, measure, include_data=False, geometry_url="/app/static/peta/g.json"
        )
        base.get_root().render()
        scripts.add(_get_map_string(base))
        group = map_live.style_group(desa, measure, bounds=(124.2, -9.9, 124.4, -9.7))
        text = _get_feature_group_string(group, base)
        assert "-9.8" not in text and "Polygon" not in text  # -9.8: a vertex, not a bound
        assert "psLive" in text
    (script,) = scripts
    assert "/app/static/peta/g.json" in script and "Polygon" not in script
    assert "preventScroll" in script


def test_a_copied_base_and_a_given_payload_send_what_a_fresh_build_sends(
    desa: gpd.GeoDataFrame,
) -> None:
    """The dashboard builds the base map once and copies it per rerun, and passes a cached
    payload: the browser must get exactly what building both fresh gives, and the copy
    used for one rerun must leave the cached original unchanged."""
    import copy

    kec = mapview.kecamatan_outlines(desa)
    url = "/app/static/peta/g.json"
    bounds = (124.2, -9.9, 124.4, -9.7)

    def sent(base: object, group: object) -> tuple[str, str]:
        base.get_root().render()  # type: ignore[attr-defined]
        script = _get_map_string(base)  # type: ignore[arg-type]
        return script, _get_feature_group_string(group, base)  # type: ignore[arg-type]

    fresh = sent(
        mapview.build_map(desa, kec, "peserta", include_data=False, geometry_url=url),
        map_live.style_group(desa, "peserta", bounds=bounds),
    )
    cached = mapview.build_map(desa, kec, "status_cakupan", include_data=False, geometry_url=url)
    payload = map_live.style_payload(desa, "peserta", bounds=bounds)
    for _ in range(2):  # a second rerun from the same cached base sends the same again
        group = map_live.style_group(desa, "peserta", bounds=bounds, payload=payload)
        assert sent(copy.deepcopy(cached), group) == fresh
    assert "feature_group" not in " ".join(cached._children)
