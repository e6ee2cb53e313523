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
    """Wait until the map iframe holds ``count`` desa paths (attached, not nec. visible)."""
    frame = page.frame_locator(POLYGONS).first
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        try:
            if frame.locator("path.ps-desa").count() >= count:
                return
        except Exception:  # the iframe may be replaced while the app reruns
            pass
        time.sleep(0.02)
    raise TimeoutError(f"peta tidak menampilkan {count} desa dalam {timeout_ms} ms")


def map_page_figures(url: str) -> dict[str, float]:
    """Time to 278 polygons and bytes received: a first visit (empty browser cache) and a
    warm reload (Streamlit's own static bundle cached, as for any returning user)."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 720})
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        for label in ("pertama", "hangat"):
            received = _byte_counter(cdp)
            start = time.perf_counter()
            if label == "pertama":
                page.goto(url + "/")
            else:
                page.reload()
            _wait_polygons(page, 278)
            out[f"peta_{label}_s"] = time.perf_counter() - start
            time.sleep(1.0)
            out[f"http_{label}_kb"] = received["http"] / 1024
            out[f"websocket_{label}_kb"] = received["ws"] / 1024
            received["aktif"] = 0
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
    """``sessions`` concurrent browser sessions (one Chromium, one context each), each
    opening the map and changing the measure ``changes`` times; p95 server rerun time,
    peak server RSS, failures, and whether the server still answers afterwards."""
    import asyncio

    from playwright.async_api import async_playwright

    timing_log.write_text("", encoding="utf-8")
    peak = {"rss": _rss_mb(proc)}
    errors: list[str] = []

    async def watch(stop: asyncio.Event) -> None:
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], _rss_mb(proc))
            await asyncio.sleep(0.2)

    async def one(browser: Any, i: int) -> None:
        ctx = await browser.new_context(viewport={"width": 1280, "height": 720})
        page = await ctx.new_page()
        try:
            await page.goto(url + "/", timeout=180_000)
            await _await_polygons(page, 278, 180_000)
            for j in range(changes):
                box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Ukuran peta")
                await box.locator('[role="combobox"]').click(timeout=120_000)
                await page.get_by_role("option").nth(((i + j) % 5) + 1).click(timeout=120_000)
                await page.wait_for_timeout(300)
                await _await_polygons(page, 278, 180_000)
        except Exception as exc:  # reported as a figure; the benchmark never raises
            errors.append(f"sesi {i}: {str(exc).splitlines()[0]}")
        finally:
            await ctx.close()

    async def main() -> float:
        stop = asyncio.Event()
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            watcher = asyncio.create_task(watch(stop))
            start = time.perf_counter()
            await asyncio.wait_for(
                asyncio.gather(*(one(browser, i) for i in range(sessions))), timeout=900
            )
            elapsed = time.perf_counter() - start
            stop.set()
            await watcher
            await browser.close()
        return elapsed

    total = asyncio.run(main())
    out = _summary(_timings(timing_log), "beban_rerun")
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as r:
            alive = float(r.status == 200)
    except OSError:
        alive = 0.0
    out.update(
        {
            "beban_total_s": total,
            "beban_rss_puncak_mb": peak["rss"],
            "beban_sesi_gagal": float(len(errors)),
            "server_menjawab": alive,
        }
    )
    for e in errors[:3]:
        print(f"    ! {e}")
    return out


async def _await_polygons(page: Any, count: int, timeout_ms: int) -> None:
    import asyncio

    frame = page.frame_locator(POLYGONS).first
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        try:
            if await frame.locator("path.ps-desa").count() >= count:
                return
        except Exception:  # the iframe may be replaced while the app reruns
            pass
        await asyncio.sleep(0.05)
    raise TimeoutError(f"peta tidak menampilkan {count} desa dalam {timeout_ms} ms")


def _byte_counter(cdp: Any) -> dict[str, int]:
    """Count bytes received over HTTP (encoded) and websocket frames via CDP events,
    until the returned dict's ``aktif`` is set to 0."""
    received = {"http": 0, "ws": 0, "aktif": 1}

    def on_http(event: dict[str, Any]) -> None:
        if received["aktif"]:
            received["http"] += int(event["encodedDataLength"])

    def on_ws(event: dict[str, Any]) -> None:
        if received["aktif"]:
            received["ws"] += len(event["response"]["payloadData"])

    cdp.on("Network.loadingFinished", on_http)
    cdp.on("Network.webSocketFrameReceived", on_ws)
    return received


def _change_filter(page: Any, i: int) -> None:
    """Pick another map measure (a full rerun, like a filter change) and wait for the map."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Ukuran peta")
    box.locator('[role="combobox"]').click()
    page.get_by_role("option").nth((i % 5) + 1).click()
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
