"""End-to-end harness: a real Streamlit server + Debian's Chromium driven by Playwright.

How static serving is wired (read this before adding an e2e test):
- Streamlit serves `<directory of the MAIN SCRIPT>/static` at `/app/static/` when
  `server.enableStaticServing = true`, and reads `.streamlit/config.toml` from the CURRENT
  WORKING DIRECTORY. So every server here runs with `cwd = repo root` (our config applies).
- The real app (`dashboard/app.py`) has its static folder at `dashboard/static/`
  (gitignored `vendor/leaflet/` is filled by `ensure_static_assets`).
- A test app living under `tests/` would get `tests/.../static/` — inside the repository and
  not gitignored. Instead `stage_app` copies the test script into a temporary directory,
  fills `<tmp>/static/vendor/leaflet/` there, and the server runs that copy (with
  `PYTHONPATH=<repo root>` so `dashboard`, `geodata` import). Nothing is written into the repo
  except screenshots and server logs under `tests/artifacts/` (gitignored).

Browser: `/usr/bin/chromium` via `executable_path` (never `playwright install`, which
downloads), with the flags below. Every request of the page and of its iframes is recorded;
a request to any host other than 127.0.0.1/localhost is aborted and fails the test.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.services.offline import ensure_static_assets

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path(os.environ.get("PETA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
VIEWPORT = {"width": 1280, "height": 720}


def free_port() -> int:
    """A TCP port that is free right now on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stage_app(script: Path, workdir: Path) -> Path:
    """Copy a test app into `workdir` with a `static/` folder next to it; return the copy.

    Use for scripts outside `dashboard/` (their own `static/` would land in the repo).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / script.name
    shutil.copy2(script, target)
    ensure_static_assets(workdir / "static")
    return target


@dataclass
class StreamlitServer:
    """A running `streamlit run` process and its base URL."""

    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def log_text(self) -> str:
        """Server stdout/stderr so far (for failure messages)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def run_streamlit(
    script: Path,
    *,
    name: str,
    extra_args: list[str] | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 90.0,
) -> Iterator[StreamlitServer]:
    """Start `python -m streamlit run script` on a free port (cwd = repo root), wait for
    `/_stcore/health`, yield the server, and stop it (SIGTERM, then SIGKILL)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = ARTIFACTS / f"{name}-server.log"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        *(extra_args or []),
    ]
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO), full_env.get("PYTHONPATH", "")) if p
    )
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = StreamlitServer(process, f"http://127.0.0.1:{port}", log_path)
    try:
        _wait_healthy(server, timeout)
        yield server
    finally:
        _stop(process)


@contextmanager
def run_dashboard(
    env: dict[str, str], *, name: str, extra_args: list[str] | None = None
) -> Iterator[StreamlitServer]:
    """The product's dashboard as the CLI starts it (``server.py``: the app behind the
    hardening middleware, with the launcher's server flags), Leaflet copied first."""
    from dashboard.cli.dashboard import SERVER_FLAGS

    ensure_static_assets(REPO / "dashboard" / "static")
    flags = [f"--{k}={v}" for k, v in SERVER_FLAGS.items()] + list(extra_args or [])
    with run_streamlit(
        REPO / "dashboard" / "server.py", name=name, extra_args=flags, env=env
    ) as server:
        yield server


@dataclass
class BrowserSession:
    """A Playwright page plus everything it requested and every console error."""

    page: object  # playwright.sync_api.Page (kept untyped: playwright is a test-only dep)
    requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot under tests/artifacts/ and return its path."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    def assert_offline(self) -> None:
        """Fail if anything was requested from a host other than the app's."""
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"

    def assert_no_console_errors(self) -> None:
        """Fail on any console error or uncaught exception (in the page or its iframes)."""
        assert not self.console_errors, f"console errors: {self.console_errors}"


def is_local(url: str) -> bool:
    """True for URLs on this machine (and data:/blob:/about:/file: URLs: no network)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error", "file"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def attach_recorders(context: object, session: BrowserSession) -> None:
    """Route every request of `context` through a local-only check and record it."""

    def _route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        session.requests.append(url)
        if is_local(url):
            route.continue_()  # type: ignore[attr-defined]
        else:
            session.foreign_requests.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", _route)  # type: ignore[attr-defined]


def attach_console(page: object, session: BrowserSession) -> None:
    """Collect console errors and uncaught page errors."""

    def _console(msg: object) -> None:
        if msg.type == "error":  # type: ignore[attr-defined]
            session.console_errors.append(f"{msg.text} @ {msg.location}")  # type: ignore[attr-defined]

    page.on("console", _console)  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: session.console_errors.append(f"pageerror: {exc}"))  # type: ignore[attr-defined]


@contextmanager
def open_page(
    browser: object, width: int = 1280, height: int = 720, locale: str = "id-ID"
) -> Iterator[BrowserSession]:
    """A fresh page of the given size that records requests and console errors.

    Fails the test at the end if anything was requested from a non-local host (those
    requests are also aborted, so the page behaves as it would with no internet)."""
    import pytest

    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": height}, locale=locale
    )
    session = BrowserSession(page=context.new_page())
    attach_recorders(context, session)
    attach_console(session.page, session)
    try:
        yield session
    finally:
        context.close()
    if session.foreign_requests:
        pytest.fail(f"requests to non-local hosts: {session.foreign_requests}")


def map_frame(page: object) -> object:
    """The Playwright Frame of the (first) streamlit-folium map iframe."""
    for frame in page.frames:  # type: ignore[attr-defined]
        if "streamlit_folium" in frame.url:
            return frame
    raise AssertionError("streamlit-folium iframe not found")


def _wait_healthy(server: StreamlitServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    url = f"{server.base_url}/_stcore/health"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{server.log_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit not healthy after {timeout}s:\n{server.log_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
