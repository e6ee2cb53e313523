"""The real dashboard at 1366x768 with the sidebar open (a laptop in the office): the whole
kabupaten and the headline on one screen, no label cut, the Kecamatan table without a
horizontal scroll and its chart gap-first, Tren in Indonesian months from 0, and no English
widget text that Streamlit lets us change."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import (
    MAP_IFRAME,
    REPO,
    BrowserSession,
    StreamlitServer,
    open_page,
    run_dashboard,
)
from playwright.sync_api import expect

from dashboard.services.dataset import filtered_metrics, load_dataset
from dashboard.services.public_tables import by_gap
from dashboard.strings import MONTHS, MONTHS_SHORT, t

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
LAPTOP = {"width": 1366, "height": 768}
CUT_LABELS_JS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stMetricLabel"] p, [data-testid="stWidgetLabel"] p, label p'))
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.textContent)"""


@pytest.fixture(scope="module")
def app_server(sample_data: Path) -> Iterator[StreamlitServer]:
    with run_dashboard({"PETA_DATA_DIR": str(sample_data)}, name="app_layout") as server:
        yield server


@pytest.fixture
def laptop(chromium_browser: object) -> Iterator[BrowserSession]:
    """A 1366x768 page (Indonesian browser), offline, recording console errors."""
    with open_page(chromium_browser, LAPTOP["width"], LAPTOP["height"]) as session:
        yield session


def _open(session: BrowserSession, server: StreamlitServer, page: str) -> object:
    p = session.page
    p.goto(f"{server.base_url}/")  # type: ignore[attr-defined]
    expect(p.get_by_text("DATA CONTOH").first).to_be_visible(timeout=TIMEOUT)  # type: ignore[attr-defined]
    if page:
        nav = p.get_by_test_id("stSidebarNav").get_by_role("link", name=page, exact=True)  # type: ignore[attr-defined]
        nav.click()
        expect(p.get_by_role("heading", name=page).first).to_be_visible(timeout=TIMEOUT)  # type: ignore[attr-defined]
    return p


def test_whole_kabupaten_and_headline_fit_one_laptop_screen(
    app_server: StreamlitServer, laptop: BrowserSession
) -> None:
    p = _open(laptop, app_server, "")
    desa = p.frame_locator(MAP_IFRAME).first.locator("path.ps-desa")  # type: ignore[attr-defined]
    expect(desa).to_have_count(278, timeout=TIMEOUT)
    p.wait_for_timeout(1500)  # type: ignore[attr-defined]
    p.screenshot(path=str(REPO / "tests" / "artifacts" / "h7_peta_1366x768.png"))  # type: ignore[attr-defined]
    box = p.evaluate(  # type: ignore[attr-defined]
        """(sel) => {
            const f = document.querySelector(sel).getBoundingClientRect();
            const banner = document.querySelector('.ps-contoh').getBoundingClientRect();
            const metrics = Array.from(document.querySelectorAll('[data-testid="stMetricValue"]'),
                                       e => e.getBoundingClientRect().bottom);
            const sidebar = document.querySelector('[data-testid="stSidebar"]');
            return {top: f.top, bottom: f.bottom, left: f.left, right: f.right,
                    banner: banner.top, metrics: Math.max(...metrics),
                    sidebar: sidebar.getBoundingClientRect().right, vh: innerHeight};
        }""",
        MAP_IFRAME,
    )
    assert box["sidebar"] > 250 and box["left"] >= box["sidebar"], box  # sidebar open
    assert box["banner"] < 70, box  # was 112: Streamlit's 6rem of blank space
    assert box["metrics"] <= box["vh"] and box["bottom"] <= box["vh"], box
    frame = next(f for f in p.frames if "streamlit_folium" in f.url)  # type: ignore[attr-defined]
    extent = frame.evaluate(
        """() => {
            const r = Array.from(document.querySelectorAll('path.ps-desa'),
                                 e => e.getBoundingClientRect());
            return {top: Math.min(...r.map(b => b.top)), bottom: Math.max(...r.map(b => b.bottom)),
                    left: Math.min(...r.map(b => b.left)), right: Math.max(...r.map(b => b.right)),
                    w: innerWidth, h: innerHeight};
        }"""
    )
    # every desa is drawn inside the map's own viewport: nothing of the south below the fold
    assert extent["top"] >= 0 and extent["left"] >= 0, extent
    assert extent["bottom"] <= extent["h"] and extent["right"] <= extent["w"], extent
    assert p.evaluate(CUT_LABELS_JS) == []  # type: ignore[attr-defined]
    laptop.assert_no_console_errors()


def test_kecamatan_table_fits_and_chart_starts_with_the_biggest_gap(
    app_server: StreamlitServer, laptop: BrowserSession, sample_data: Path
) -> None:
    p = _open(laptop, app_server, "Kecamatan")
    expect(p.locator(".ytick text").first).to_be_visible(timeout=TIMEOUT)  # type: ignore[attr-defined]
    p.wait_for_timeout(1000)  # type: ignore[attr-defined]
    p.screenshot(path=str(REPO / "tests" / "artifacts" / "h7_kecamatan_1366x768.png"))  # type: ignore[attr-defined]
    scroll = p.evaluate(  # type: ignore[attr-defined]
        "() => Array.from(document.querySelectorAll('[data-testid=\"stDataFrame\"] .dvn-scroller'),"
        " e => [e.scrollWidth, e.clientWidth])"
    )
    assert scroll and all(width <= client for width, client in scroll), scroll
    ticks = p.evaluate(  # type: ignore[attr-defined]
        """() => Array.from(document.querySelectorAll('.ytick text'),
                 e => [e.getBoundingClientRect().top, e.textContent])
                 .sort((a, b) => a[0] - b[0]).map(x => x[1])"""
    )
    ds = load_dataset(sample_data)
    _, kec = filtered_metrics(ds, ds.default_filters)
    assert ticks == by_gap(kec)["nama"].tolist()
    assert p.evaluate(CUT_LABELS_JS) == []  # type: ignore[attr-defined]
    laptop.assert_no_console_errors()


def test_tren_months_in_indonesian_and_axes_from_zero(
    app_server: StreamlitServer, laptop: BrowserSession
) -> None:
    p = _open(laptop, app_server, "Tren")
    expect(p.locator(".xtick text").first).to_be_visible(timeout=TIMEOUT)  # type: ignore[attr-defined]
    p.wait_for_timeout(1000)  # type: ignore[attr-defined]
    p.screenshot(path=str(REPO / "tests" / "artifacts" / "h7_tren_1366x768.png"), full_page=True)  # type: ignore[attr-defined]
    months = p.evaluate(
        "() => Array.from(document.querySelectorAll('.xtick text'), e => e.textContent)"
    )  # type: ignore[attr-defined]
    assert months and all(m.split()[0] in MONTHS_SHORT["id"] for m in months), months
    assert "Mei" in " ".join(months) and "May" not in " ".join(months)
    values = p.evaluate(  # type: ignore[attr-defined]
        "() => Array.from(document.querySelectorAll('.ytick text, .y2tick text'), e => e.textContent)"
    )
    numbers = [float(re.sub(r"[^0-9.\-−]", "", v).replace("−", "-")) for v in values]
    assert numbers and min(numbers) >= 0, values
    laptop.assert_no_console_errors()


def test_widget_texts_are_indonesian_where_streamlit_allows(
    app_server: StreamlitServer, laptop: BrowserSession
) -> None:
    p = _open(laptop, app_server, "")
    # the calendar follows the browser's language (Indonesian here); the "Date range"
    # quick-select row (English presets, not translatable) is hidden
    p.get_by_test_id("stDateInput").first.locator("button").last.click(force=True)  # type: ignore[attr-defined]
    month = re.compile("^(" + "|".join(MONTHS["id"]) + ")$")
    expect(p.get_by_text(month).first).to_be_visible(timeout=TIMEOUT)  # type: ignore[attr-defined]
    assert not p.get_by_test_id("stDateInputQuickSelect").is_visible()  # type: ignore[attr-defined]
    p.screenshot(path=str(REPO / "tests" / "artifacts" / "h7_kalender.png"))  # type: ignore[attr-defined]
    p.keyboard.press("Escape")  # type: ignore[attr-defined]
    p.get_by_role("heading", name="Peta Cakupan").first.click()  # type: ignore[attr-defined]
    p.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first.click()  # type: ignore[attr-defined]
    expect(p.get_by_role("option").first).to_be_visible(timeout=TIMEOUT)  # type: ignore[attr-defined]
    assert p.get_by_role("option", name="Select all").count() == 0  # type: ignore[attr-defined]
    p.wait_for_timeout(500)  # type: ignore[attr-defined]  # the list fades in: a clear picture
    p.screenshot(path=str(REPO / "tests" / "artifacts" / "h7_pilih_kecamatan.png"))  # type: ignore[attr-defined]
    p.keyboard.press("Escape")  # type: ignore[attr-defined]
    p = _open(laptop, app_server, "Data & Kualitas")
    zone = p.get_by_test_id("stFileUploaderDropzone").first  # type: ignore[attr-defined]
    expect(zone).to_be_visible(timeout=TIMEOUT)
    shown = zone.evaluate(
        """z => {
            const after = e => getComputedStyle(e, '::after').content;
            const p = z.querySelector('button [data-testid="stMarkdownContainer"] p');
            const s = z.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span');
            return {button: after(p), limit: after(s),
                    hidden: [getComputedStyle(p).fontSize, getComputedStyle(s).fontSize]};
        }"""
    )
    assert shown["button"] == f'"{t("unggah.tombol", "id")}"', shown
    assert shown["limit"] == f'"{t("unggah.batas", "id")}"', shown
    assert shown["hidden"] == ["0px", "0px"], shown  # "Upload", "20MB per file" not shown
    zone.screenshot(path=str(REPO / "tests" / "artifacts" / "h7_unggah.png"))
    laptop.assert_no_console_errors()


def test_prioritas_names_the_start_and_explains_the_plan_map(
    app_server: StreamlitServer, laptop: BrowserSession
) -> None:
    p = _open(laptop, app_server, "Prioritas Kunjungan")
    legend = p.locator(".ps-plan-legend").first  # type: ignore[attr-defined]
    expect(legend).to_be_visible(timeout=TIMEOUT)
    desa = p.frame_locator(MAP_IFRAME).first.locator("path.ps-desa")  # type: ignore[attr-defined]
    expect(desa).to_have_count(278, timeout=TIMEOUT)
    p.wait_for_timeout(1000)  # type: ignore[attr-defined]
    p.screenshot(path=str(REPO / "tests" / "artifacts" / "h7_prioritas.png"))  # type: ignore[attr-defined]
    legend.scroll_into_view_if_needed()
    p.wait_for_timeout(500)  # type: ignore[attr-defined]
    p.screenshot(path=str(REPO / "tests" / "artifacts" / "h7_prioritas_peta.png"))  # type: ignore[attr-defined]
    text = legend.inner_text()
    assert "Titik berangkat: SoE" in text and "Rute trip 1" in text, text
    expect(p.get_by_text(re.compile(r"SoE → .+ → SoE")).first).to_be_visible()  # type: ignore[attr-defined]
    laptop.assert_no_console_errors()
