"""The real dashboard in headless Chromium over a working area of two kabupaten (53.02 +
53.71): the kabupaten the sidebar shows is the one the map draws, across pages and back
to "Semua kabupaten"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from harness import MAP_IFRAME, BrowserSession, StreamlitServer, map_frame, run_dashboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
_DRAWN = "document.querySelectorAll('path.ps-desa').length"


@pytest.fixture(scope="module")
def area_server(
    sample_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StreamlitServer]:
    from etl.pipeline import run_etl

    book = next((sample_data / "masukan").glob("*.xlsx"))
    folder = tmp_path_factory.mktemp("data_dua_kabupaten_e2e")
    run_etl([book], folder, kabupaten="53.02,53.71", per_tanggal=date(2026, 11, 30))
    with run_dashboard({"PETA_DATA_DIR": str(folder)}, name="app_kabupaten") as server:
        yield server


def _idle(page: object) -> None:
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT
    )
    page.wait_for_timeout(400)  # type: ignore[attr-defined]


def _selector(page: object) -> object:
    side = page.get_by_test_id("stSidebar")  # type: ignore[attr-defined]
    return side.get_by_test_id("stSelectbox").filter(has_text="Kabupaten/kota")


def _shown(page: object) -> str:
    box = _selector(page)
    parts = box.evaluate(  # type: ignore[attr-defined]
        "e => [...e.innerText.split('\\n'), ...Array.from(e.querySelectorAll('input'), i => i.value)]"
    )
    return next(p for p in ("Kota Kupang", "Kabupaten Timor Tengah Selatan", "Semua kabupaten")
                if p in parts)  # fmt: skip


def _choose(page: object, label: str) -> None:
    _selector(page).locator('[role="combobox"]').click()  # type: ignore[attr-defined]
    page.get_by_role("option", name=label, exact=True).click()  # type: ignore[attr-defined]
    _idle(page)


def _drawn_until(page: object, count: int) -> int:
    got = -1
    for _ in range(60):
        got = int(map_frame(page).evaluate(_DRAWN))  # type: ignore[attr-defined]
        if got == count:
            return got
        page.wait_for_timeout(250)  # type: ignore[attr-defined]
    return got


def test_the_kabupaten_shown_is_the_kabupaten_drawn(
    browser_session: BrowserSession, area_server: StreamlitServer
) -> None:
    page = browser_session.page
    page.goto(f"{area_server.base_url}/")  # type: ignore[attr-defined]
    expect(page.frame_locator(MAP_IFRAME).first.locator("path.ps-desa").first).to_be_attached(  # type: ignore[attr-defined]
        timeout=TIMEOUT
    )
    _idle(page)
    assert _shown(page) == "Semua kabupaten" and _drawn_until(page, 329) == 329
    _choose(page, "Kota Kupang")
    assert _shown(page) == "Kota Kupang" and _drawn_until(page, 51) == 51
    nav = page.get_by_test_id("stSidebarNav")  # type: ignore[attr-defined]
    nav.get_by_role("link", name="Tren", exact=True).click()
    page.wait_for_url(re.compile("tren"), timeout=TIMEOUT)  # type: ignore[attr-defined]
    _idle(page)
    assert _shown(page) == "Kota Kupang"
    nav.get_by_role("link", name="Peta Cakupan", exact=True).click()
    page.wait_for_url(re.compile(r"/(peta)?$"), timeout=TIMEOUT)  # type: ignore[attr-defined]
    _idle(page)
    assert _shown(page) == "Kota Kupang" and _drawn_until(page, 51) == 51
    _choose(page, "Semua kabupaten")
    assert _shown(page) == "Semua kabupaten" and _drawn_until(page, 329) == 329
