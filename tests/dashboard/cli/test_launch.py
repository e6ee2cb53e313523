"""`peta-sosialisasi dashboard` starts a real server without the "no static folder" warning."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.cli.dashboard import STATIC

REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


@pytest.mark.skipif(os.name != "posix", reason="stops the server by process group")
def test_server_starts_with_its_static_folder_and_no_warning(
    sample_data: Path, tmp_path: Path
) -> None:
    """From a fresh clone `dashboard/static/` does not exist: the launcher creates it (with
    Leaflet) before Streamlit starts, so the server log has no static-folder warning and
    Leaflet is served locally at once."""
    shutil.rmtree(STATIC, ignore_errors=True)  # generated and gitignored: as on a fresh clone
    port = _free_port()
    log = tmp_path / "server.log"
    cmd = [sys.executable, "-m", "dashboard.cli", "dashboard", "--data", str(sample_data),
           "--port", str(port)]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        assert _healthy(url, proc), log.read_text(errors="replace")
        with urllib.request.urlopen(url + "/app/static/vendor/leaflet/leaflet.js") as r:
            served = r.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = log.read_text(errors="replace")
    assert "Uvicorn server started" in text or "You can now view" in text, text
    assert "static folder" not in text.lower(), text
    assert served == (STATIC / "vendor" / "leaflet" / "leaflet.js").read_bytes()
