"""The meeting screen (`?mode=rapat`) on the real dashboard and the synthetic sample, in
headless Chromium at the two projector sizes: on every slide the period is shown, no two
kecamatan names overlap (boxes measured in the map iframe), no name is cut, no headline
number is cut, the page fits the screen; kecamatan slides zoom to and outline their
kecamatan; the buttons say what they do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import (
    MAP_IFRAME,
    BrowserSession,
    StreamlitServer,
    open_page,
    run_dashboard,
)
from playwright.sync_api import expect

from dashboard.services.dataset import load_dataset
from dashboard.services.slideshow import period_text

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
SIZES = {"1280x720": (1280, 720), "1024x768": (1024, 768)}

# Visible kecamatan labels in the map iframe: their boxes, overlapping pairs, cut texts.
LABELS_JS = """() => {
    const boxes = [];
    let cut = [];
    document.querySelectorAll('.ps-kec-label').forEach(el => {
        if (el.style.display === 'none') { return; }
        const text = el.querySelector('.ps-kec-label-text');
        const r = text.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) { return; }
        boxes.push([r.left, r.top, r.right, r.bottom, text.textContent]);
        if (text.scrollWidth > text.clientWidth + 1) { cut.push(text.textContent); }
    });
    const pairs = [];
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) {
                pairs.push(a[4] + ' / ' + b[4]);
            }
        }
    }
    return {shown: boxes.length, pairs: pairs, cut: cut};
}"""
# Headline values: any element inside a metric value narrower than its content is cut.
HEADLINE_JS = """() => {
    const cut = [];
    const values = Array.from(document.querySelectorAll('[data-testid="stMetricValue"]'));
    values.forEach(v => [v, ...v.querySelectorAll('*')].forEach(el => {
        if (el.scrollWidth > el.clientWidth + 1) { cut.push(v.textContent); }
    }));
    const main = document.querySelector('[data-testid="stMain"]');
    return {n: values.length, cut: cut, texts: values.map(v => v.textContent),
            scroll: main ? main.scrollHeight : document.documentElement.scrollHeight};
}"""
# The outline of the slide's kecamatan, relative to the map.
OUTLINE_JS = """() => {
    const map = document.querySelector('.leaflet-container').getBoundingClientRect();
    const paths = Array.from(document.querySelectorAll('path.ps-kec-pilih'));
    if (!paths.length) { return null; }
    const r = paths[paths.length - 1].getBoundingClientRect();
    return {n: paths.length, w: r.width / map.width, h: r.height / map.height,
            inside: r.left >= map.left - 2 && r.right <= map.right + 2 &&
                    r.top >= map.top - 2 && r.bottom <= map.bottom + 2};
}"""


@pytest.fixture(scope="module")
def rapat_server(sample_data: Path) -> Iterator[StreamlitServer]:
    with run_dashboard({"PETA_DATA_DIR": str(sample_data)}, name="rapat") as server:
        yield server


@pytest.fixture
def sized_session(
    chromium_browser: Any, request: pytest.FixtureRequest
) -> Iterator[BrowserSession]:
    width, height = SIZES[request.param]
    with open_page(chromium_browser, width, height) as session:
        yield session


class _InMap:
    """Runs a script inside the (current) map iframe."""

    def __init__(self, page: Any) -> None:
        self.body = page.frame_locator(MAP_IFRAME).first.locator("body")

    def evaluate(self, script: str) -> Any:
        return self.body.evaluate(f"(body) => ({script})()")


def _wait_slide(page: Any, index: int, total: int, kecamatan: bool) -> tuple[_InMap, str]:
    """Wait until slide `index` is drawn: its number, its title and, on a kecamatan slide,
    the map's highlighted label naming that kecamatan (so the old map is gone)."""
    expect(page.locator(".ps-rapat-periode")).to_contain_text(
        f"layar {index}/{total}", timeout=TIMEOUT
    )
    title = page.locator("h1").first.inner_text()
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator("path.ps-desa")).to_have_count(278, timeout=TIMEOUT)
    if kecamatan:
        chosen = frame.locator(".ps-kec-label-pilih .ps-kec-label-text").first  # full name
        expect(chosen).to_have_text(title, timeout=TIMEOUT)
        expect(chosen).to_be_visible(timeout=TIMEOUT)
    else:
        expect(frame.locator(".ps-kec-label-pilih")).to_have_count(0, timeout=TIMEOUT)
    expect(frame.locator("path.ps-kec-pilih")).to_have_count(2 if kecamatan else 0, timeout=TIMEOUT)
    page.wait_for_timeout(300)  # let Leaflet finish fitting the view
    return _InMap(page), title


@pytest.mark.parametrize(
    ("sized_session", "slides"), [("1280x720", None), ("1024x768", 3)], indirect=["sized_session"]
)
def test_every_slide_has_period_and_no_overlapping_or_cut_text(
    rapat_server: StreamlitServer, sample_data: Path, sized_session: BrowserSession,
    slides: int | None,
) -> None:  # fmt: skip
    ds = load_dataset(sample_data)
    flt = ds.default_filters
    period = period_text(flt.start, flt.end, ds.per_tanggal, "id")
    total = 1 + len(ds.kecamatan)
    page = sized_session.page
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    page.goto(f"{rapat_server.base_url}/?mode=rapat")
    expect(page.get_by_text("DATA CONTOH").first).to_be_visible(timeout=TIMEOUT)
    back = page.get_by_role("button", name="◀ Sebelumnya")
    forward = page.get_by_role("button", name="Berikutnya ▶")
    expect(back).to_be_visible(timeout=TIMEOUT)
    expect(forward).to_be_visible()
    report = []
    for index in range(1, (slides or total) + 1):
        if index > 1:
            forward.click()
        frame, title = _wait_slide(page, index, total, kecamatan=index > 1)
        expect(page.locator(".ps-rapat-periode")).to_contain_text(period)
        labels = frame.evaluate(LABELS_JS)
        head = page.evaluate(HEADLINE_JS)
        report.append((index, title, labels["shown"], len(labels["pairs"])))
        assert labels["shown"] >= 1, (title, labels)
        assert labels["pairs"] == [], (width, title, labels["pairs"])
        assert labels["cut"] == [], (width, title, labels["cut"])
        assert head["n"] == 6 and head["cut"] == [], (width, title, head)
        assert not any("…" in t for t in head["texts"]), head
        assert head["scroll"] <= height + 4, (width, title, head["scroll"])
        if index > 1:
            outline = frame.evaluate(OUTLINE_JS)
            assert outline and outline["n"] == 2 and outline["inside"], (title, outline)
            assert max(outline["w"], outline["h"]) >= 0.5, (title, outline)  # zoomed to it
        if index <= 2:
            sized_session.screenshot(f"rapat_{width}x{height}_layar{index}")
    print("\n".join(f"layar {i} {t!r}: {n} label, {p} tumpang tindih" for i, t, n, p in report))
    sized_session.assert_no_console_errors()
    sized_session.assert_offline()
