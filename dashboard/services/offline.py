"""Offline web assets: Leaflet served by the app itself, never from a CDN.

folium points Leaflet, jQuery, Bootstrap and icon CSS at CDNs; streamlit-folium loads those
links one by one and gives up at the first failure, so offline the map stays blank. The
fix: copy Leaflet 1.9.3 from the installed PyPI package `xstatic-leaflet` into the app's
static folder (`dashboard/static/vendor/leaflet/`, gitignored — no third-party JS in the
repository) and point folium at `/app/static/...` (Streamlit's static serving, enabled by
`server.enableStaticServing = true`, serves `<main script dir>/static`). A GeoJson +
CircleMarker map needs nothing else: jQuery is only used by folium for `embed=False`
GeoJson, Bootstrap and awesome-markers only for icon markers and popups.

No streamlit import here: the CLI and the tests use it too.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from geodata.io.atomic import write_bytes_atomically

LEAFLET_VERSION = "1.9.3"
VENDOR_SUBDIR = Path("vendor") / "leaflet"
STATIC_URL_PREFIX = "/app/static"
"""Absolute URL path of Streamlit's static serving. Absolute, because the map runs inside
the streamlit-folium component iframe (`/component/streamlit_folium.st_folium/index.html`),
where a relative `app/static/...` would resolve under `/component/...` and 404."""

_FILES = ("leaflet.js", "leaflet.css", "leaflet.js.map")
_IMAGES = (
    "layers.png",
    "layers-2x.png",
    "marker-icon.png",
    "marker-icon-2x.png",
    "marker-shadow.png",
)


def leaflet_source_dir() -> Path:
    """Directory of the installed xstatic-leaflet files (checked to be the expected version)."""
    version = str(getattr(xstatic_leaflet, "VERSION", ""))
    if not version.startswith(LEAFLET_VERSION):
        raise RuntimeError(
            f"xstatic-leaflet {version} terpasang, dibutuhkan {LEAFLET_VERSION} "
            "(versi yang dipakai folium)."
        )
    return Path(xstatic_leaflet.BASE_DIR)


def leaflet_asset_urls(url_prefix: str = STATIC_URL_PREFIX) -> dict[str, str]:
    """URLs at which the app serves Leaflet, without touching the file system.

    Keys: `leaflet_js`, `leaflet_css`. `url_prefix` is `/app/static` unless Streamlit runs
    under a `server.baseUrlPath` (then `/<base>/app/static`).
    """
    base = f"{url_prefix.rstrip('/')}/{VENDOR_SUBDIR.as_posix()}"
    return {"leaflet_js": f"{base}/leaflet.js", "leaflet_css": f"{base}/leaflet.css"}


def ensure_static_assets(static_dir: Path, url_prefix: str = STATIC_URL_PREFIX) -> dict[str, str]:
    """Copy Leaflet into `static_dir/vendor/leaflet/` and return the URLs it is served at.

    Idempotent and safe while a server is reading: a file is rewritten only when its
    content differs from the package's, via a temporary file and an atomic rename, so a
    browser never receives a half-written script. Call it at app start-up (and before
    starting a server, so Streamlit finds the static folder and does not warn).
    """
    source = leaflet_source_dir()
    target = Path(static_dir) / VENDOR_SUBDIR
    (target / "images").mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        _copy_if_changed(source / name, target / name)
    for name in _IMAGES:
        _copy_if_changed(source / "images" / name, target / "images" / name)
    return leaflet_asset_urls(url_prefix)


def read_leaflet_js() -> str:
    """Leaflet's minified JS, safe to put inside an inline `<script>` element."""
    text = (leaflet_source_dir() / "leaflet.js").read_text(encoding="utf-8")
    text = re.sub(r"//# sourceMappingURL=\S+", "", text)
    return text.replace("</script", "<\\/script")


def read_leaflet_css_inlined() -> str:
    """Leaflet's CSS with its `images/*.png` references turned into data URIs.

    Used by the self-contained HTML export, which must open with no server and no network.
    """
    source = leaflet_source_dir()
    css = (source / "leaflet.css").read_text(encoding="utf-8")

    def _inline(match: re.Match[str]) -> str:
        path = source / "images" / match.group(1)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\(images/([A-Za-z0-9_.-]+\.png)\)", _inline, css)
    return css.replace("</style", "<\\/style")


def _copy_if_changed(src: Path, dst: Path) -> None:
    data = src.read_bytes()
    if dst.exists() and _digest(dst.read_bytes()) == _digest(data):
        return
    write_bytes_atomically(dst, data, mode=0o644)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
