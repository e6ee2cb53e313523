"""Dashboard and load figures with a real server and headless Debian Chromium.

- map page: time from navigation to the 278 desa polygons drawn (cold and warm), and
  bytes received (HTTP bodies + websocket frames) for the map page;
- rerun: server time per full rerun after a filter change (``PETA_TIMING_LOG``);
- load: N concurrent browser sessions each changing filters; p95 rerun time, server RSS.
All traffic stays on 127.0.0.1; request loops are bounded in count and time.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
POLYGONS = 'iframe[title="streamlit_folium.st_folium"]'


@contextmanager
def server(data: Path, timing_log: Path) -> Iterator[tuple[str, psutil.Process]]:
    """Start the real dashboard on a free loopback port; yield its URL and process."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PETA_DATA_DIR": str(data), "PETA_TIMING_LOG": str(timing_log)}
    cmd = [sys.executable, "-m", "dashboard.cli", "dashboard", "--data", str(data),
           "--port", str(port)]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        yield url, psutil.Process(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _rss_mb(proc: psutil.Process) -> float:
    procs = [proc, *proc.children(recursive=True)]
    return sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20


def _wait_polygons(page: Any, count: int, timeout_ms: int = 60_000) -> None:
    frame = page.frame_locator(POLYGONS).first
    frame.locator("path.leaflet-interactive").nth(count - 1).wait_for(timeout=timeout_ms)


def map_page_figures(url: str) -> dict[str, float]:
    """Cold and warm time to 278 polygons, and bytes received for the map page."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label in ("dingin", "hangat"):
            ctx = browser.new_context(viewport={"width": 1280, "height": 720})
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            received = _byte_counter(cdp)
            start = time.perf_counter()
            page.goto(url + "/")
            _wait_polygons(page, 278)
            out[f"peta_{label}_s"] = time.perf_counter() - start
            time.sleep(1.0)
            out[f"byte_{label}_kb"] = (received["http"] + received["ws"]) / 1024
            ctx.close()
        browser.close()
    return out


def rerun_figures(url: str, timing_log: Path, changes: int = 6) -> dict[str, float]:
    """Server time per full rerun after changing the map measure (a filter-like change)."""
    from playwright.sync_api import sync_playwright

    timing_log.write_text("", encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url + "/")
        _wait_polygons(page, 278)
        base = len(_timings(timing_log))
        for i in range(changes):
            _change_filter(page, i)
        time.sleep(1.0)
        browser.close()
    runs = _timings(timing_log)[base:]
    return _summary(runs, "rerun")


def load_figures(url: str, proc: psutil.Process, timing_log: Path, sessions: int = 10,
                 changes: int = 5) -> dict[str, float]:  # fmt: skip
    """``sessions`` concurrent browser sessions, each changing filters ``changes`` times."""
    from playwright.sync_api import sync_playwright

    timing_log.write_text("", encoding="utf-8")
    peak = {"rss": _rss_mb(proc)}
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], _rss_mb(proc))
            time.sleep(0.2)

    errors: list[str] = []
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()

    def one(i: int) -> None:
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.goto(url + "/")
                _wait_polygons(page, 278, timeout_ms=120_000)
                for j in range(changes):
                    _change_filter(page, i + j)
                browser.close()
        except Exception as exc:  # the figure reports failures; it never raises
            errors.append(f"sesi {i}: {exc}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(sessions)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    stop.set()
    watcher.join()
    out = _summary(_timings(timing_log), "beban_rerun")
    out.update(
        {
            "beban_total_s": time.perf_counter() - start,
            "beban_rss_puncak_mb": peak["rss"],
            "beban_sesi_gagal": float(len(errors)),
            "server_hidup": float(proc.is_running()),
        }
    )
    for e in errors[:3]:
        print(f"    ! {e}")
    return out


def _byte_counter(cdp: Any) -> dict[str, int]:
    """Count bytes received over HTTP (encoded) and websocket frames via CDP events."""
    received = {"http": 0, "ws": 0}

    def on_http(event: dict[str, Any]) -> None:
        received["http"] += int(event["encodedDataLength"])

    def on_ws(event: dict[str, Any]) -> None:
        received["ws"] += len(event["response"]["payloadData"])

    cdp.on("Network.loadingFinished", on_http)
    cdp.on("Network.webSocketFrameReceived", on_ws)
    return received


def _change_filter(page: Any, i: int) -> None:
    box = page.get_by_role("combobox").nth(1)  # the map measure selector
    box.click()
    options = page.get_by_role("option")
    options.nth((i % 5) + 1).click()
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    _wait_polygons(page, 278)


def _timings(path: Path) -> list[float]:
    if not path.exists():
        return []
    return [float(line.split()[0]) for line in path.read_text().splitlines() if line.strip()]


def _summary(runs: list[float], name: str) -> dict[str, float]:
    if not runs:
        return {f"{name}_n": 0.0}
    ordered = sorted(runs)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        f"{name}_n": float(len(runs)),
        f"{name}_median_ms": 1000 * statistics.median(runs),
        f"{name}_p95_ms": 1000 * p95,
    }
