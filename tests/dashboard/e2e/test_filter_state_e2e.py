"""The real dashboard in headless Chromium: the filter the sidebar shows is the filter the
map applies, whatever the sequence of actions (issue 12 items 1 and 5), and one click on a
desa selects it (item 4).

"Applied" is read from the map itself: the fill colour of every desa polygon drawn. The
expected colours are computed here from what the sidebar SHOWS (kecamatan chips, period
text) with the product's own metric and class functions, so a sidebar that lies fails.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from harness import (
    MAP_IFRAME,
    REPO,
    BrowserSession,
    StreamlitServer,
    map_frame,
    run_dashboard,
)
from playwright.sync_api import expect

from dashboard.services.dataset import Dataset, Filters, filtered_metrics, load_dataset
from dashboard.services.map_elements import desa_style
from dashboard.services.measures import MEASURES, class_lookup, classify

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
MEASURE_LABELS = {k: m.name("id") for k, m in MEASURES.items()}
PETA_URL = r"/(peta)?$"  # the map is the default page: "/" or "/peta"
_FILLS = "Array.from(document.querySelectorAll('path.ps-desa'), p => p.getAttribute('fill'))"


@pytest.fixture(scope="module")
def app_server(sample_data: Path) -> Iterator[StreamlitServer]:
    with run_dashboard({"PETA_DATA_DIR": str(sample_data)}, name="app_filter") as server:
        yield server


@pytest.fixture(scope="module")
def dataset(sample_data: Path) -> Dataset:
    return load_dataset(sample_data)


class App:
    """A person using the dashboard, plus readers for what the page shows."""

    def __init__(self, session: BrowserSession, server: StreamlitServer, ds: Dataset) -> None:
        self.page = session.page
        self.server = server
        self.ds = ds
        self.names = dict(zip(ds.kecamatan["nama"], ds.kecamatan["kode"], strict=True))

    def open(self) -> None:
        self.page.goto(f"{self.server.base_url}/")  # type: ignore[attr-defined]
        self.wait_map()

    def idle(self) -> None:
        p = self.page
        p.wait_for_timeout(400)  # type: ignore[attr-defined]
        p.wait_for_function(  # type: ignore[attr-defined]
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT
        )
        p.wait_for_timeout(400)  # type: ignore[attr-defined]

    def wait_map(self) -> None:
        desa = self.page.frame_locator(MAP_IFRAME).first.locator("path.ps-desa")  # type: ignore[attr-defined]
        expect(desa.first).to_be_attached(timeout=TIMEOUT)
        self.idle()

    def sidebar(self) -> object:
        return self.page.get_by_test_id("stSidebar")  # type: ignore[attr-defined]

    def choose_kecamatan(self, nama: str) -> None:
        box = self.sidebar().get_by_test_id("stMultiSelect").filter(has_text="Kecamatan")  # type: ignore[attr-defined]
        box.locator("input").click()
        self.page.keyboard.type(nama)  # type: ignore[attr-defined]
        self.page.keyboard.press("Enter")  # type: ignore[attr-defined]
        self.page.keyboard.press("Escape")  # type: ignore[attr-defined]
        self.idle()

    def set_start(self, day: str, month: str, year: str) -> None:
        """Type a new start date into the period field, as a person does."""
        field = self.sidebar().get_by_test_id("stDateInput")  # type: ignore[attr-defined]
        field.locator('[data-range-field="start"] [data-type="day"]').click()
        for part in (day, month, year):
            self.page.keyboard.type(part)  # type: ignore[attr-defined]
        self.page.keyboard.press("Tab")  # type: ignore[attr-defined]
        self.page.keyboard.press("Escape")  # type: ignore[attr-defined]
        self.idle()

    def reset(self) -> None:
        self.sidebar().get_by_role("button", name="Hapus saringan").click()  # type: ignore[attr-defined]
        self.idle()

    def choose_measure(self, key: str) -> None:
        box = self.page.get_by_test_id("stSelectbox").filter(has_text="Ukuran peta")  # type: ignore[attr-defined]
        box.locator('[role="combobox"]').click()
        self.page.get_by_role("option", name=MEASURE_LABELS[key], exact=True).click()  # type: ignore[attr-defined]
        self.idle()

    def measure(self) -> str:
        """The map measure the page shows."""
        box = self.page.get_by_test_id("stSelectbox").filter(has_text="Ukuran peta")  # type: ignore[attr-defined]
        parts = box.evaluate(
            "e => [...e.innerText.split('\\n'), ...Array.from(e.querySelectorAll('input'), i => i.value)]"
        )
        return next(k for k, label in MEASURE_LABELS.items() if label in parts)

    def go(self, title: str, path: str) -> None:
        nav = self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)  # type: ignore[attr-defined]
        nav.click()
        self.page.wait_for_url(re.compile(path), timeout=TIMEOUT)  # type: ignore[attr-defined]
        self.idle()

    def back_to_map(self) -> None:
        self.go("Peta Cakupan", PETA_URL)
        self.wait_map()

    def shown(self) -> Filters:
        """The filter the sidebar shows."""
        side = self.sidebar()
        chips = side.get_by_test_id("stMultiSelect").filter(has_text="Kecamatan")  # type: ignore[attr-defined]
        names = chips.locator("[data-tag] span[title]").all_inner_texts()
        dates = (
            side.get_by_test_id("stDateInput")
            .locator("input[type=date]")
            .evaluate_all(  # type: ignore[attr-defined]
                "inputs => inputs.map(i => i.value)"
            )
        )
        assert len(dates) == 2 and all(dates), dates
        start, end = (date.fromisoformat(d) for d in dates)
        return Filters(start=start, end=end, kecamatan=tuple(self.names[n.strip()] for n in names))

    def expected_fills(self, flt: Filters, measure: str) -> Counter[str]:
        desa, _kec = filtered_metrics(self.ds, flt)
        lookup = class_lookup(measure)
        return Counter(
            desa_style(lookup[c].colour, lookup[c].style)["fillColor"]
            for c in classify(desa, measure)
        )

    def drawn_fills(self) -> Counter[str]:
        return Counter(map_frame(self.page).evaluate(_FILLS))  # type: ignore[attr-defined]

    def assert_shown_is_applied(self, step: str) -> Filters:
        """Wait (bounded) until the map's colours are those of the shown filter."""
        flt = self.shown()
        want = self.expected_fills(flt, self.measure())
        got: Counter[str] = Counter()
        for _ in range(40):
            got = self.drawn_fills()
            if got == want:
                return flt
            self.page.wait_for_timeout(250)  # type: ignore[attr-defined]
        raise AssertionError(f"{step}: sidebar shows {flt}, map draws {dict(got)} != {dict(want)}")

    def map_view(self) -> dict[str, float]:
        return map_frame(self.page).evaluate(  # type: ignore[attr-defined]
            "(() => { const b = window.map.getBounds(); return {zoom: window.map.getZoom(),"
            " s: b.getSouth(), w: b.getWest(), n: b.getNorth(), e: b.getEast()}; })()"
        )


@pytest.fixture
def app(browser_session: BrowserSession, app_server: StreamlitServer, dataset: Dataset) -> App:
    return App(browser_session, app_server, dataset)


def test_reset_then_measure_change_keeps_everything(app: App, dataset: Dataset) -> None:
    app.open()
    default = app.assert_shown_is_applied("start")
    assert default.kecamatan == ()
    app.choose_kecamatan("Boking")
    flt = app.assert_shown_is_applied("Boking")
    assert [app.names["Boking"]] == list(flt.kecamatan)
    assert sum(app.drawn_fills().values()) == int((dataset.desa["kecamatan"] == "Boking").sum())
    app.reset()
    assert app.assert_shown_is_applied("reset") == default
    app.choose_measure("hari_sejak_kunjungan")
    assert app.assert_shown_is_applied("measure after reset") == default
    assert sum(app.drawn_fills().values()) == len(dataset.desa)
    app.page.screenshot(path=str(REPO / "tests/artifacts/h5_reset_lalu_ukuran.png"))  # type: ignore[attr-defined]


def test_dates_pages_and_reset_stay_consistent(app: App) -> None:
    app.open()
    default = app.assert_shown_is_applied("start")
    app.choose_kecamatan("Boking")
    app.set_start("01", "09", "2026")
    narrowed = app.assert_shown_is_applied("period")
    assert narrowed.start != default.start
    app.go("Kecamatan", "kecamatan")
    app.back_to_map()
    assert app.assert_shown_is_applied("back from Kecamatan") == narrowed
    app.choose_measure("peserta")
    app.reset()
    assert app.assert_shown_is_applied("reset") == default
    app.go("Tren", "tren")
    app.back_to_map()
    assert app.assert_shown_is_applied("back from Tren") == default
    app.choose_kecamatan("Amanuban Barat")
    app.go("Petunjuk", "petunjuk")
    app.back_to_map()
    flt = app.assert_shown_is_applied("back from Petunjuk")
    assert flt.kecamatan == (app.names["Amanuban Barat"],)


def test_kecamatan_row_zooms_and_zoom_follows_the_filter(app: App) -> None:
    app.open()
    whole = app.map_view()
    app.go("Kecamatan", "kecamatan")
    grid = app.page.get_by_test_id("stDataFrame").first  # type: ignore[attr-defined]
    expect(grid).to_be_visible(timeout=TIMEOUT)
    # the first row's selection box (a canvas grid: click where it is drawn)
    grid.locator("canvas").first.click(position={"x": 18, "y": 54}, force=True)
    app.page.wait_for_url(re.compile(PETA_URL), timeout=TIMEOUT)  # type: ignore[attr-defined]
    app.wait_map()
    flt = app.assert_shown_is_applied("row click")
    assert len(flt.kecamatan) == 1
    zoomed = app.map_view()
    assert zoomed["zoom"] > whole["zoom"], (zoomed, whole)
    app.page.screenshot(path=str(REPO / "tests/artifacts/h5_baris_kecamatan_zoom.png"))  # type: ignore[attr-defined]
    app.reset()
    app.assert_shown_is_applied("reset")
    assert app.map_view()["zoom"] == whole["zoom"]
    app.go("Kecamatan", "kecamatan")
    app.back_to_map()
    assert app.shown().kecamatan == ()
    assert app.map_view()["zoom"] == whole["zoom"]
    app.page.screenshot(path=str(REPO / "tests/artifacts/h5_zoom_setelah_hapus.png"))  # type: ignore[attr-defined]


def test_one_click_on_a_desa_selects_it(app: App, dataset: Dataset) -> None:
    app.open()
    p = app.page
    frame = map_frame(p)
    # a point of a desa polygon that a person can see in the 1280x720 window, no scrolling
    box = p.locator(MAP_IFRAME).first.bounding_box()  # type: ignore[attr-defined]
    candidates = frame.evaluate(  # type: ignore[attr-defined]
        """(limit) => {
            const out = [];
            for (const path of document.querySelectorAll('path.ps-desa')) {
                const r = path.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (y < limit && document.elementFromPoint(x, y) === path) { out.push([x, y]); }
            }
            return out;
        }""",
        720 - box["y"] - 20,
    )
    assert candidates, "no desa visible without scrolling"
    x, y = candidates[len(candidates) // 2]
    scroll = p.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTop")  # type: ignore[attr-defined]
    p.mouse.click(box["x"] + x, box["y"] + y)  # type: ignore[attr-defined]
    detail = p.locator("h4")  # type: ignore[attr-defined]
    expect(detail.first).to_be_visible(timeout=TIMEOUT)
    assert detail.first.inner_text().strip() in set(dataset.desa["nama"].astype(str))
    after = p.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTop")  # type: ignore[attr-defined]
    assert after == scroll, f"the page jumped {after - scroll} px"
    app.page.screenshot(path=str(REPO / "tests/artifacts/h5_satu_klik.png"))  # type: ignore[attr-defined]
