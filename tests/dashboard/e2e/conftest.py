"""Fixtures for end-to-end browser tests (marker `browser`). See harness.py for the wiring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    BrowserSession,
    StreamlitServer,
    open_page,
    run_streamlit,
    stage_app,
)

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    """Debian's Chromium, headless, launched by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: pasang paket Debian `chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_session(chromium_browser: object) -> Iterator[BrowserSession]:
    """A fresh 1280x720 page that records requests and console errors.

    Fails the test at teardown if anything was requested from a non-local host (those
    requests are also aborted, so the page behaves as it would with no internet).
    """
    with open_page(chromium_browser, VIEWPORT["width"], VIEWPORT["height"]) as session:
        yield session


@pytest.fixture(scope="session")
def map_app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """The map harness app (map_app.py), staged next to its own static/ folder."""
    script = stage_app(HERE / "map_app.py", tmp_path_factory.mktemp("map_app"))
    with run_streamlit(script, name="map_app") as server:
        yield server
