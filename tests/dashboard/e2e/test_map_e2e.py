"""The coverage map in a real browser: drawn offline, interactive without full reruns, safe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
from harness import MAP_IFRAME, BrowserSession, StreamlitServer, map_frame
from playwright.sync_api import expect
from shapely.geometry import box

from dashboard.services import mapview

pytestmark = pytest.mark.browser
MAP_TIMEOUT_MS = 60_000
XSS = "<img src=x onerror=alert(1)>"


def _open(session: BrowserSession, server: StreamlitServer, query: str = "") -> int:
    """Open the harness app, wait for all desa polygons, return the number of desa."""
    page = session.page
    page.goto(f"{server.base_url}/{query}")  # type: ignore[attr-defined]
    counter = page.get_by_text(re.compile(r"jumlah_desa=\d+"))  # type: ignore[attr-defined]
    expect(counter).to_be_visible(timeout=MAP_TIMEOUT_MS)
    n = int(re.search(r"jumlah_desa=(\d+)", counter.inner_text()).group(1))  # type: ignore[union-attr]
    desa_paths = page.frame_locator(MAP_IFRAME).locator("path.ps-desa")  # type: ignore[attr-defined]
    expect(desa_paths).to_have_count(n, timeout=MAP_TIMEOUT_MS)
    return n


_FILLS = (
    "Array.from(document.querySelectorAll('path.ps-desa'), p => p.getAttribute('fill')).join(',')"
)
_FIND_DESA_POINT = """(() => {
    const box = document.getElementById('map_div').getBoundingClientRect();
    for (let fy = 0.5; fy < 0.95; fy += 0.05) {
        for (let fx = 0.5; fx < 0.95; fx += 0.05) {
            const x = box.width * fx, y = box.height * fy;
            const el = document.elementFromPoint(box.left + x, box.top + y);
            if (el && el.classList && el.classList.contains('ps-desa')) { return [x, y]; }
        }
    }
    return null;
})()"""


_POINT_IN_XSS_DESA = """(() => {
    let layer = null;
    window.map.eachLayer(l => {
        if (!layer && l.feature && String(l.feature.properties.nama).startsWith('&lt;img')) { layer = l; }
    });
    if (!layer) { return null; }
    window.map.fitBounds(layer.getBounds(), {animate: false});
    const box = document.getElementById('map_div').getBoundingClientRect();
    for (let fy = 0.3; fy < 0.7; fy += 0.02) {
        for (let fx = 0.3; fx < 0.7; fx += 0.02) {
            const x = box.width * fx, y = box.height * fy;
            if (document.elementFromPoint(box.left + x, box.top + y) === layer._path) { return [x, y]; }
        }
    }
    return null;
})()"""


def _runs(session: BrowserSession) -> int:
    text = session.page.get_by_text(re.compile(r"runs=\d+")).inner_text()  # type: ignore[attr-defined]
    return int(re.search(r"runs=(\d+)", text).group(1))  # type: ignore[union-attr]


def test_map_draws_every_desa_offline(
    browser_session: BrowserSession, map_app_server: StreamlitServer
) -> None:
    n = _open(browser_session, map_app_server)
    page = browser_session.page
    frame = page.frame_locator(MAP_IFRAME)  # type: ignore[attr-defined]

    expect(frame.locator("path.leaflet-interactive")).to_have_count(n)
    expect(page.locator(".ps-legend")).to_be_visible()  # type: ignore[attr-defined]
    expect(frame.locator(".ps-kec-label-text").first).to_be_visible()
    assert any(
        u.endswith("/app/static/vendor/leaflet/leaflet.js") for u in browser_session.requests
    )
    shot = browser_session.screenshot("map_status_cakupan")
    assert shot.stat().st_size > 10_000
    browser_session.assert_offline()
    browser_session.assert_no_console_errors()


def test_zoom_click_and_recolour_do_not_rerun_or_reload(
    browser_session: BrowserSession, map_app_server: StreamlitServer
) -> None:
    _open(browser_session, map_app_server)
    page = browser_session.page
    frame_loc = page.frame_locator(MAP_IFRAME)  # type: ignore[attr-defined]
    runs = _runs(browser_session)
    frame = map_frame(page)
    frame.evaluate("window.map.setZoom(window.map.getZoom() + 2, {animate: false})")  # type: ignore[attr-defined]
    zoom = frame.evaluate("window.map.getZoom()")  # type: ignore[attr-defined]
    frame.evaluate("window.__probe = 'same-map'")  # type: ignore[attr-defined]

    # One click on a desa returns its kode (fragment rerun only): no focusing first.
    point = frame.evaluate(_FIND_DESA_POINT)  # type: ignore[attr-defined]
    assert point is not None, "no desa visible in the map"
    frame_loc.locator("#map_div").click(position={"x": point[0], "y": point[1]})
    expect(page.get_by_text(re.compile(r"klik=53\.02\.\d\d\.\d{4}"))).to_be_visible(
        timeout=MAP_TIMEOUT_MS
    )  # type: ignore[attr-defined]

    # Switching the measure recolours the same Leaflet map (no reload, zoom kept).
    fills_before = frame.evaluate(_FILLS)  # type: ignore[attr-defined]
    page.locator('[data-testid="stSelectbox"]').first.click()  # type: ignore[attr-defined]
    page.keyboard.type("hari_sejak_kunjungan")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    expect(page.locator(".ps-legend-title")).to_have_text(
        "Hari sejak kunjungan terakhir", timeout=MAP_TIMEOUT_MS
    )  # type: ignore[attr-defined]
    frame.wait_for_function(f"{_FILLS} !== {json.dumps(fills_before)}", timeout=MAP_TIMEOUT_MS)  # type: ignore[attr-defined]
    frame = map_frame(page)
    assert frame.evaluate("window.__probe") == "same-map"  # type: ignore[attr-defined]
    assert frame.evaluate("window.map.getZoom()") == zoom  # type: ignore[attr-defined]
    assert _runs(browser_session) == runs
    browser_session.screenshot("map_after_recolour")
    browser_session.assert_offline()
    browser_session.assert_no_console_errors()


def test_html_in_desa_name_shows_as_text(
    browser_session: BrowserSession, map_app_server: StreamlitServer
) -> None:
    page = browser_session.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    _open(browser_session, map_app_server, "?xss=1")
    frame_loc = page.frame_locator(MAP_IFRAME)  # type: ignore[attr-defined]
    frame = map_frame(page)
    point = frame.evaluate(_POINT_IN_XSS_DESA)  # type: ignore[attr-defined]
    assert point is not None, "the renamed desa is not on the map"
    frame_loc.locator("#map_div").hover(position={"x": point[0], "y": point[1]})
    tooltip = frame_loc.locator(".ps-tooltip")
    expect(tooltip).to_contain_text(XSS, timeout=MAP_TIMEOUT_MS)
    assert tooltip.locator("img").count() == 0
    browser_session.screenshot("map_xss_tooltip")
    assert dialogs == []
    browser_session.assert_offline()
    browser_session.assert_no_console_errors()


def test_exported_html_opens_from_disk_without_network(
    browser_session: BrowserSession, tmp_path: Path
) -> None:
    desa = gpd.GeoDataFrame(
        {
            "kode": ["53.02.01.1001", "53.02.01.2002", "53.02.02.2001"],
            "nama": ["SoE", XSS, "Oinlasi"],
            "kecamatan_kode": ["53.02.01", "53.02.01", "53.02.02"],
            "kecamatan": ["Kota Soe", "Kota Soe", "Mollo Selatan"],
            "status_cakupan": ["tercakup", "belum", None],
        },
        geometry=[
            box(124.2, -9.9, 124.3, -9.8),
            box(124.3, -9.9, 124.4, -9.8),
            box(124.2, -9.8, 124.4, -9.7),
        ],
        crs=4326,
    )
    m = mapview.build_map(desa, mapview.kecamatan_outlines(desa), "status_cakupan")
    page_html = mapview.export_map_html(
        m, "Peta cakupan", mapview.legend_html("status_cakupan"), ["Dibuat: 01/07/2025", XSS]
    )
    path = tmp_path / "peta.html"
    path.write_text(page_html, encoding="utf-8")
    page = browser_session.page
    page.goto(path.as_uri())  # type: ignore[attr-defined]
    expect(page.locator("path.ps-desa")).to_have_count(3, timeout=MAP_TIMEOUT_MS)  # type: ignore[attr-defined]
    expect(page.locator(".ps-legend")).to_be_visible()  # type: ignore[attr-defined]
    expect(page.locator(".ps-stamps")).to_contain_text(XSS)  # type: ignore[attr-defined]
    browser_session.screenshot("export_html")
    assert all(u.startswith(("file:", "data:")) for u in browser_session.requests), (
        browser_session.requests
    )
    browser_session.assert_no_console_errors()
