"""The real dashboard (dashboard/server.py, as the CLI runs it) on the synthetic sample, in
headless Chromium: every page at 1280x720, no internet, no console errors, the map drawn,
XSS shown as text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import MAP_IFRAME, BrowserSession, StreamlitServer, run_dashboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
PAGES = {
    "peta": "Peta Cakupan", "kecamatan": "Kecamatan", "tren": "Tren", "rapat": "Rapat",
    "prioritas": "Prioritas Kunjungan", "data_kualitas": "Data & Kualitas",
    "petunjuk": "Petunjuk",
}  # fmt: skip


@pytest.fixture(scope="module")
def app_server(sample_data: Path) -> Iterator[StreamlitServer]:
    with run_dashboard({"PETA_DATA_DIR": str(sample_data)}, name="app") as server:
        yield server


def _goto(session: BrowserSession, server: StreamlitServer, path: str) -> None:
    session.page.goto(f"{server.base_url}/{path}")  # type: ignore[attr-defined]
    expect(session.page.get_by_text("DATA CONTOH").first).to_be_visible(timeout=TIMEOUT)  # type: ignore[attr-defined]


@pytest.mark.parametrize("page", PAGES)
def test_each_page_offline_without_errors(app_server: StreamlitServer,
                                          browser_session: BrowserSession, page: str) -> None:  # fmt: skip
    # open the app and navigate as a person does (a deep link makes Streamlit's frontend
    # probe `/<page>/_stcore/health` first, a harmless 404 of Streamlit's own)
    _goto(browser_session, app_server, "")
    p = browser_session.page
    if page != "peta":
        nav = p.get_by_test_id("stSidebarNav").get_by_role("link", name=PAGES[page], exact=True)  # type: ignore[attr-defined]
        nav.click()
        p.wait_for_url(f"**/{page}", timeout=TIMEOUT)  # type: ignore[attr-defined]
    if page in ("peta", "rapat", "prioritas"):
        desa = p.frame_locator(MAP_IFRAME).first.locator("path.ps-desa")  # type: ignore[attr-defined]
        expect(desa).to_have_count(278, timeout=TIMEOUT)
    if page in ("peta", "rapat"):
        expect(p.locator(".ps-legend").first).to_be_visible(timeout=TIMEOUT)  # type: ignore[attr-defined]
    p.wait_for_timeout(1500)  # type: ignore[attr-defined]
    browser_session.screenshot(f"app_{page}")
    browser_session.assert_no_console_errors()
    browser_session.assert_offline()
    assert not p.get_by_text("Traceback").count()  # type: ignore[attr-defined]


def test_meeting_mode_fits_one_screen(app_server: StreamlitServer,
                                      browser_session: BrowserSession) -> None:  # fmt: skip
    _goto(browser_session, app_server, "?mode=rapat")
    p = browser_session.page
    desa = p.frame_locator(MAP_IFRAME).first.locator("path.ps-desa")  # type: ignore[attr-defined]
    expect(desa).to_have_count(278, timeout=TIMEOUT)
    p.wait_for_timeout(1500)  # type: ignore[attr-defined]
    browser_session.screenshot("app_rapat_layar_penuh")
    sizes = p.evaluate(  # type: ignore[attr-defined]
        """() => ({
            body: parseFloat(getComputedStyle(document.querySelector('[data-testid="stMarkdownContainer"] p') || document.body).fontSize),
            metric: Math.max(...Array.from(document.querySelectorAll('[data-testid="stMetricValue"] div'), e => parseFloat(getComputedStyle(e).fontSize))),
            scroll: document.querySelector('[data-testid="stMain"]')?.scrollHeight || document.documentElement.scrollHeight,
            sidebar: !!document.querySelector('[data-testid="stSidebar"][aria-expanded="true"]'),
        })"""
    )
    assert sizes["body"] >= 20 and sizes["metric"] >= 48, sizes
    assert sizes["scroll"] <= 720 + 4, sizes
    assert not sizes["sidebar"]
    browser_session.assert_no_console_errors()
    browser_session.assert_offline()
