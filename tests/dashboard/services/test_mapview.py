"""Folium map builders: offline, deterministic, escaped, clickable by kode."""

from __future__ import annotations

import json
import re

import branca
import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point, box
from streamlit_folium import _get_map_string, generate_js_hash

from dashboard.services import mapview

XSS = "<img src=x onerror=alert(1)>"
URL = re.compile(r"https?://[^\s\"'<>)]+")


@pytest.fixture
def desa(tiny_desa: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return tiny_desa


@pytest.fixture
def kecamatan(desa: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return mapview.kecamatan_outlines(desa)


def _html(m: folium.Map) -> str:
    return m.get_root().render()


def test_same_inputs_give_identical_html(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    a = mapview.build_map(desa, kecamatan, "peserta", reports_per_desa={"53.02.01.1001": 7})
    b = mapview.build_map(desa, kecamatan, "peserta", reports_per_desa={"53.02.01.1001": 7})
    assert _html(a) == _html(b)


def test_base_map_key_does_not_depend_on_measure(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    """streamlit-folium keys the component on the map JS: a stable base keeps the zoom."""
    a = mapview.build_map(desa, kecamatan, "peserta", include_data=False)
    b = mapview.build_map(desa.iloc[:1], kecamatan, "status_cakupan", lang="en", include_data=False)
    for m in (a, b):
        m.get_root().render()
    assert generate_js_hash(_get_map_string(a)) == generate_js_hash(_get_map_string(b))
    assert "ps-desa" not in _html(mapview.build_map(desa, kecamatan, "peserta", include_data=False))


def test_data_layer_group_is_deterministic(desa: gpd.GeoDataFrame) -> None:
    def render(group: folium.FeatureGroup) -> str:
        m = folium.Map(tiles=None)
        group.add_to(m)
        mapview.stabilise_ids(m.get_root(), "t")
        return _html(m)

    assert render(mapview.data_layer_group(desa, "laporan")) == render(
        mapview.data_layer_group(desa, "laporan")
    )


def test_no_external_url_without_tiles(desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame) -> None:
    page = _html(mapview.build_map(desa, kecamatan, "status_cakupan", venues=_venues()))
    assert URL.findall(page) == []
    assert '<script src="/app/static/vendor/leaflet/leaflet.js"></script>' in page
    for lib in ("jquery", "bootstrap", "awesome", "d3"):
        assert lib not in page.lower()


def test_only_osm_urls_with_tiles(desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame) -> None:
    urls = set(URL.findall(_html(mapview.build_map(desa, kecamatan, "status_cakupan", tiles=True))))
    assert urls
    assert all("openstreetmap.org" in u for u in urls), urls


def test_js_and_css_links_are_local_on_every_element(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    """What streamlit-folium passes as js_links/css_links (it walks the whole tree)."""
    m = mapview.build_map(
        desa, kecamatan, "laporan", reports_per_desa={"53.02.01.1001": 9}, venues=_venues()
    )
    links: list[str] = []

    def walk(el: object) -> None:
        assert not isinstance(el, branca.colormap.ColorMap), "branca colormaps pull d3 from a CDN"
        links.extend(url for _, url in getattr(el, "default_js", []))
        links.extend(url for _, url in getattr(el, "default_css", []))
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    assert set(links) == {
        "/app/static/vendor/leaflet/leaflet.js",
        "/app/static/vendor/leaflet/leaflet.css",
    }
    assert folium.Map.default_js[0][1].startswith("https://"), "class defaults must not be mutated"


def test_user_text_is_escaped_before_it_reaches_html(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    data = mapview.desa_geojson(desa, "status_cakupan")
    props = {f["properties"]["kode"]: f["properties"] for f in data["features"]}
    assert props["53.02.01.2002"]["nama"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert props["53.02.02.2001"]["kecamatan"] == "Mollo &lt;Selatan&gt;"
    venues = _venues().assign(label=[XSS, "Balai desa"])
    page = _html(mapview.build_map(desa, kecamatan, "status_cakupan", venues=venues))
    assert "<img" not in page
    assert "Mollo <Selatan>" not in page


def test_features_carry_kode_and_tooltip_fields(desa: gpd.GeoDataFrame) -> None:
    data = mapview.desa_geojson(desa, "hari_sejak_kunjungan")
    assert [f["id"] for f in data["features"]] == desa["kode"].tolist()
    first, second, third = (f["properties"] for f in data["features"])
    assert first["kode"] == "53.02.01.1001"
    assert first["kelas"] == "hari_le90"
    assert first["kunjungan"] == "01/06/2025"
    assert first["nilai"] == "30 hari"
    assert second["kunjungan"] == "belum pernah"
    assert third["status"] == "Tidak ada data"
    assert third["kelas"] == "tidak_ada_data"
    json.dumps(data)  # serialisable as is


def test_meeting_mode_suppresses_small_counts(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    props = [
        f["properties"]
        for f in mapview.desa_geojson(desa, "laporan", meeting_mode=True)["features"]
    ]
    assert [p["peserta"] for p in props] == ["25", "&lt;5", "—"]
    assert [p["nilai"] for p in props] == ["7", "&lt;5", "Tidak ada data"]
    reports = {"53.02.01.1001": 7, "53.02.01.2002": 2}
    normal = _html(mapview.build_map(desa, kecamatan, "laporan", reports_per_desa=reports))
    rapat = _html(
        mapview.build_map(desa, kecamatan, "laporan", reports_per_desa=reports, meeting_mode=True)
    )
    assert normal.count("ps-laporan") == 2
    assert rapat.count("ps-laporan") == 1  # the desa with 2 reports gets no circle


def test_other_crs_is_reprojected_and_missing_crs_rejected(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    utm = desa.to_crs(32750)
    data = mapview.desa_geojson(utm, "status_cakupan")
    x, y = data["features"][0]["geometry"]["coordinates"][0][0]
    assert 124 < x < 125 and -10 < y < -9
    with pytest.raises(ValueError, match="CRS"):
        mapview.build_map(desa.set_crs(None, allow_override=True), kecamatan, "peserta")
    with pytest.raises(ValueError, match="kolom wajib"):
        mapview.build_map(desa.drop(columns="kecamatan"), kecamatan, "peserta")


def test_inputs_are_not_mutated(desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame) -> None:
    before = desa.copy()
    mapview.build_map(desa, kecamatan, "peserta")
    assert desa.equals(before)


def test_kecamatan_outlines_dissolve_desa(desa: gpd.GeoDataFrame) -> None:
    kec = mapview.kecamatan_outlines(desa)
    assert kec["kode"].tolist() == ["53.02.01", "53.02.02"]
    assert kec["nama"].tolist() == ["Kota Soe", "Mollo <Selatan>"]
    assert kec.geometry.iloc[0].equals(box(124.2, -9.9, 124.4, -9.8))


def test_export_is_self_contained(desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame) -> None:
    m = mapview.build_map(desa, kecamatan, "status_cakupan")
    page = mapview.export_map_html(
        m, "Peta <cakupan>", mapview.legend_html("status_cakupan"), ["Dibuat: 01/07/2025", XSS]
    )
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=[\"']?https?:", page)
    assert 'version="1.9.3"' in page  # Leaflet inlined
    assert "url(data:image/png;base64," in page
    assert "<title>Peta &lt;cakupan&gt;</title>" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page
    assert "Tidak ada data" in page


def test_export_refuses_maps_that_need_a_cdn() -> None:
    m = folium.Map(tiles=None)  # folium's defaults: jQuery, Bootstrap ... from CDNs
    with pytest.raises(ValueError, match="offline"):
        mapview.export_map_html(m, "x", "", [])


def _venues() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"kode": ["v1", "v2"]}, geometry=[Point(124.25, -9.85), Point(124.3, -9.75)], crs=4326
    )


def test_highlighted_kecamatan_is_outlined_and_named_first(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    plain = _html(mapview.build_map(desa, kecamatan, "status_cakupan", meeting_mode=True))
    assert "ps-kec-pilih" not in plain
    chosen = _html(
        mapview.build_map(
            desa, kecamatan, "status_cakupan", meeting_mode=True, highlight="53.02.02"
        )
    )
    assert chosen.count('"className": "ps-kec-pilih"') == 2  # white halo + black line
    labels = json.loads(re.search(r"var labels = (\[.*?\]\]\]);", chosen).group(1))
    assert labels[0][2][0][0] == "Mollo &lt;Selatan&gt;"  # escaped, and first in priority
    assert len(labels[0][2]) == 1  # "<Selatan>" is no whole compass word: no short form
    assert [variant[0] for variant in labels[1][2]] == ["Kota Soe"]


def test_report_circles_sit_on_the_desa_and_grow_with_the_count(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame
) -> None:
    from dashboard.services.measures import report_radius

    reports = {"53.02.01.1001": 7, "53.02.01.2002": 20}
    out = _html(
        mapview.build_map(desa, kecamatan, "laporan", reports_per_desa=reports, meeting_mode=True)
    )
    circles = re.findall(
        r"L\.circleMarker\(\s*\[([-\d.]+), ([-\d.]+)\],\s*(\{.*?\})\s*\)", out, re.S
    )
    assert len(circles) == 2
    inner = {(round(p.y, 5), round(p.x, 5)) for p in desa.geometry.iloc[:2].representative_point()}
    assert {
        (float(a), float(b)) for a, b, _ in circles
    } == inner  # aggregated per desa, no exact points
    radii = sorted(json.loads(opts)["radius"] for *_, opts in circles)
    assert radii == [round(report_radius(7), 1), round(report_radius(20), 1)]
