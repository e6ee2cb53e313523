"""Markdown injection, in the real dashboard and headless Chromium: a header name and a
typed desa name written as Markdown (an image from another host, a link) show as literal
text on Data & Kualitas (warning, review radio label) and nothing is fetched or linked
outside. The `browser_session` fixture fails the test on any request to another host."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from harness import BrowserSession, StreamlitServer, run_dashboard
from playwright.sync_api import expect

from dashboard.services.safe_text import WORD_JOINER

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
ATTACK = "![x](http://evil.example/a.png) [klik](http://evil.example)"
USER, PASSWORD = "petugas1", "kata-sandi-panjang"


@pytest.fixture(scope="module")
def attack_server(tts_build, workbook_factory, tmp_path_factory) -> Iterator[StreamlitServer]:  # type: ignore[no-untyped-def]
    from dashboard.services.accounts import add_user
    from etl.pipeline import run_etl

    book = workbook_factory(
        "serangan.xlsx",
        {
            "Kegiatan": [
                ["ID Kegiatan", "Tanggal", "Kecamatan", "Desa/Kelurahan", f"Kolom {ATTACK}"],
                ["K1", "11/03/2026", "Kota Soe", "SoE", "x"],
            ],
            "Peserta": [
                ["ID Kegiatan", "Kecamatan", "Desa", "Peran", "Jumlah"],
                ["K1", "Kota Soe", f"Kampung Bru {ATTACK}", "ketua RT", 3],
            ],
        },
    )
    folder = tmp_path_factory.mktemp("data_serangan")
    run_etl([book], folder, per_tanggal=date(2026, 11, 30))
    users = folder / "pengguna.toml"
    add_user(users, USER, PASSWORD, "petugas")
    env = {"PETA_DATA_DIR": str(folder), "PETA_USERS_FILE": str(users)}
    with run_dashboard(env, name="app_markdown") as server:
        yield server


def _visible(locator: object) -> str:
    """The text a person reads (the invisible word joiners that break autolinks dropped)."""
    return str(locator.inner_text()).replace(WORD_JOINER, "")  # type: ignore[attr-defined]


def _outside_elements(page: object) -> list[str]:
    """src/href of every <img>, <a> and <image> in the page that points to another host."""
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        """() => Array.from(document.querySelectorAll('img, a, image'))
            .map(e => e.getAttribute('src') || e.getAttribute('href') || '')
            .filter(u => /^(https?:)?\\/\\//i.test(u) && !/^(https?:)?\\/\\/(127\\.0\\.0\\.1|localhost)/i.test(u))"""
    )


def test_markdown_in_header_and_desa_name_shows_literally(
    attack_server: StreamlitServer, browser_session: BrowserSession
) -> None:
    p = browser_session.page
    p.goto(attack_server.base_url)  # type: ignore[attr-defined]
    sidebar = p.get_by_test_id("stSidebar")  # type: ignore[attr-defined]
    sidebar.get_by_label("Nama pengguna").fill(USER)
    sidebar.get_by_label("Kata sandi").fill(PASSWORD)
    sidebar.get_by_role("button", name="Masuk").click()
    nav = p.get_by_test_id("stSidebarNav").get_by_role("link", name="Data & Kualitas")  # type: ignore[attr-defined]
    nav.click()
    p.wait_for_url("**/data_kualitas", timeout=TIMEOUT)  # type: ignore[attr-defined]
    # the ignored-column warning names the header exactly as typed
    warning = p.get_by_test_id("stAlertContentWarning").filter(has_text="tidak dipakai")  # type: ignore[attr-defined]
    expect(warning).to_be_visible(timeout=TIMEOUT)
    assert f"Kolom {ATTACK}" in _visible(warning)
    # select the review row: the radio label quotes the typed desa name literally
    grid = p.get_by_test_id("stDataFrame").nth(1)  # type: ignore[attr-defined]
    expect(grid).to_be_visible(timeout=TIMEOUT)
    grid.click(position={"x": 12, "y": 35 + 17})  # the row's selection cell
    radio = p.get_by_test_id("stRadio")  # type: ignore[attr-defined]
    expect(radio).to_be_visible(timeout=TIMEOUT)
    assert f"'Kampung Bru {ATTACK}'" in _visible(radio)
    assert "Kampung Baru (Kota Soe) 53.02.01.1011" in _visible(radio)
    p.wait_for_timeout(1000)  # type: ignore[attr-defined]
    browser_session.screenshot("markdown_injection")
    assert _outside_elements(p) == []
    assert not p.get_by_text("Traceback").count()  # type: ignore[attr-defined]
    browser_session.assert_offline()
