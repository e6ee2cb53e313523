"""The hardened server (`dashboard/server.py`, started with the CLI's flags) on the sample:
security headers on pages and static files, no metrics endpoint, foreign WebSockets refused,
nothing sent to the internet, and the map (a same-origin iframe) still drawn in Chromium.

"Nothing sent to the internet" is checked for real: the server runs with HTTP(S)_PROXY
pointing at a local recorder, so any request Streamlit makes through `requests` (its
external-IP lookup uses it) reaches the recorder instead of the network. The control test
runs Streamlit's plain `app.py` the same way and sees the lookup arrive."""

from __future__ import annotations

import base64
import os
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import (
    MAP_IFRAME,
    REPO,
    BrowserSession,
    StreamlitServer,
    free_port,
    run_dashboard,
    run_streamlit,
)
from playwright.sync_api import expect

from dashboard.cli.dashboard import browser_address
from dashboard.services.http_hardening import SECURITY_HEADERS

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
FOREIGN_ORIGIN = "http://penyerang.example"
LEAFLET_JS = "app/static/vendor/leaflet/leaflet.js"


class ProxyRecorder:
    """A local TCP listener standing in for the internet: records each request line."""

    def __init__(self) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        self._sock = socket.create_server(("127.0.0.1", self.port))
        self._sock.settimeout(0.5)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def env(self) -> dict[str, str]:
        url = f"http://127.0.0.1:{self.port}"
        return {name: url for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")}

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    self.lines.append(conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1"))
                except OSError:
                    self.lines.append("(koneksi tanpa data)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()


def _server_env(sample_data: Path, recorder: ProxyRecorder) -> dict[str, str]:
    env = {"PETA_DATA_DIR": str(sample_data), **recorder.env()}
    env["NO_PROXY"] = env["no_proxy"] = ""
    return env


@pytest.fixture(scope="module")
def recorder() -> Iterator[ProxyRecorder]:
    rec = ProxyRecorder()
    yield rec
    rec.close()


@pytest.fixture(scope="module")
def hardened(sample_data: Path, recorder: ProxyRecorder) -> Iterator[StreamlitServer]:
    address = [f"--browser.serverAddress={browser_address('127.0.0.1')}"]
    with run_dashboard(_server_env(sample_data, recorder), name="hardened",
                       extra_args=address) as server:  # fmt: skip
        yield server


def _get(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}


def _websocket_status(base_url: str, origin: str) -> int:
    """Open Streamlit's WebSocket by hand and return the handshake's HTTP status."""
    host = base_url.removeprefix("http://")
    name, port = host.rsplit(":", 1)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Protocol: streamlit\r\nOrigin: {origin}\r\n\r\n"
    )
    with socket.create_connection((name, int(port)), timeout=30) as conn:
        conn.sendall(request.encode())
        status_line = conn.recv(4096).split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


@pytest.mark.parametrize("path", ["", LEAFLET_JS, "_stcore/health", "tidak-ada.js"])
def test_security_headers_on_pages_and_static_files(hardened: StreamlitServer, path: str) -> None:
    status, headers = _get(f"{hardened.base_url}/{path}")
    assert status in (200, 404), (path, status)
    if path == LEAFLET_JS:
        assert status == 200
    for name, value in SECURITY_HEADERS:
        assert headers.get(name.lower()) == value, (path, name, headers)


@pytest.mark.parametrize(
    "path", ["_stcore/metrics", "_stcore/metrics/", "/_stcore//metrics", "_STCORE/Metrics"]
)
def test_metrics_endpoint_is_gone(hardened: StreamlitServer, path: str) -> None:
    status, headers = _get(f"{hardened.base_url}/{path}")
    assert status == 404
    assert headers.get("x-content-type-options") == "nosniff"


def test_foreign_websocket_refused_without_calling_out(
    hardened: StreamlitServer, recorder: ProxyRecorder
) -> None:
    assert _websocket_status(hardened.base_url, FOREIGN_ORIGIN) == 403
    assert _websocket_status(hardened.base_url, hardened.base_url) == 101
    assert recorder.lines == []
    log = hardened.log_text()
    assert "External URL" not in log and "external IP" not in log


def test_map_iframe_still_drawn_and_nothing_leaves(
    hardened: StreamlitServer, browser_session: BrowserSession, recorder: ProxyRecorder
) -> None:
    page = browser_session.page
    page.goto(hardened.base_url)  # type: ignore[attr-defined]
    desa = page.frame_locator(MAP_IFRAME).first.locator("path.ps-desa")  # type: ignore[attr-defined]
    expect(desa).to_have_count(278, timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]
    browser_session.screenshot("hardened_peta")
    browser_session.assert_no_console_errors()
    browser_session.assert_offline()
    assert recorder.lines == []


def test_control_plain_streamlit_looks_up_its_external_ip(sample_data: Path) -> None:
    """Without the middleware, the same foreign WebSocket makes Streamlit call out (here
    to the recorder): proof that the recorder would have seen a lookup above."""
    rec = ProxyRecorder()
    try:
        with run_streamlit(REPO / "dashboard" / "app.py", name="plain",
                           env=_server_env(sample_data, rec)) as server:  # fmt: skip
            _websocket_status(server.base_url, FOREIGN_ORIGIN)
    finally:
        rec.close()
    assert any("checkip.amazonaws.com" in line for line in rec.lines), rec.lines
