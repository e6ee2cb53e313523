"""PNG export of a self-contained map HTML with Debian's headless Chromium (offline)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
)  # fmt: skip


class PngExportError(RuntimeError):
    """The PNG could not be made (no Chromium, or it failed)."""


def find_chromium() -> str | None:
    """Path of a Chromium binary (``$PETA_CHROMIUM`` first), or None."""
    for candidate in (os.environ.get("PETA_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


def html_to_png(page: str, *, width: int = 1600, height: int = 1000, wait_ms: int = 1500) -> bytes:
    """Render a self-contained HTML page (e.g. :func:`export_map_html`) to PNG bytes."""
    binary = find_chromium()
    if binary is None:
        raise PngExportError("Chromium tidak ditemukan; pasang paket Debian 'chromium'.")
    with tempfile.TemporaryDirectory(prefix="peta-png-") as tmp:
        src = Path(tmp) / "peta.html"
        out = Path(tmp) / "peta.png"
        src.write_text(page, encoding="utf-8")
        cmd = [
            binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
            f"--window-size={width},{height}", f"--virtual-time-budget={wait_ms}",
            f"--screenshot={out}", src.as_uri(),
        ]  # fmt: skip
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=60)
        except (subprocess.SubprocessError, OSError) as exc:
            raise PngExportError(f"Chromium gagal membuat PNG: {exc}") from exc
        if not out.is_file():
            raise PngExportError("Chromium tidak menghasilkan PNG.")
        return out.read_bytes()
