"""Offline assets: Leaflet copied from xstatic-leaflet, Streamlit config wired for it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit import file_util

from dashboard.services.offline import (
    VENDOR_SUBDIR,
    ensure_static_assets,
    leaflet_asset_urls,
    leaflet_source_dir,
    read_leaflet_css_inlined,
    read_leaflet_js,
)

REPO = Path(__file__).resolve().parents[3]


def test_copies_leaflet_and_returns_static_urls(tmp_path: Path) -> None:
    urls = ensure_static_assets(tmp_path / "static")
    target = tmp_path / "static" / VENDOR_SUBDIR
    assert urls == {
        "leaflet_js": "/app/static/vendor/leaflet/leaflet.js",
        "leaflet_css": "/app/static/vendor/leaflet/leaflet.css",
    }
    source = leaflet_source_dir()
    assert (target / "leaflet.js").read_bytes() == (source / "leaflet.js").read_bytes()
    assert (target / "leaflet.css").read_bytes() == (source / "leaflet.css").read_bytes()
    assert (target / "images" / "layers.png").is_file()
    assert b'version="1.9.3"' in (target / "leaflet.js").read_bytes()


def test_idempotent_and_repairs_changed_files(tmp_path: Path) -> None:
    static = tmp_path / "static"
    ensure_static_assets(static)
    js = static / VENDOR_SUBDIR / "leaflet.js"
    stamp = js.stat().st_mtime_ns
    ensure_static_assets(static)
    assert js.stat().st_mtime_ns == stamp  # untouched when already right
    js.write_text("broken", encoding="utf-8")
    ensure_static_assets(static)
    assert js.read_bytes() == (leaflet_source_dir() / "leaflet.js").read_bytes()
    assert not list((static / VENDOR_SUBDIR).glob(".*.tmp"))


def test_url_prefix_for_base_path() -> None:
    assert leaflet_asset_urls("/peta/app/static/")["leaflet_js"] == (
        "/peta/app/static/vendor/leaflet/leaflet.js"
    )


def test_inline_assets_are_self_contained() -> None:
    css = read_leaflet_css_inlined()
    assert "url(images/" not in css
    assert "data:image/png;base64," in css
    js = read_leaflet_js()
    assert "</script" not in js
    assert "sourceMappingURL" not in js


def test_streamlit_config_is_offline_and_safe() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 20
    assert config["browser"]["gatherUsageStats"] is False
    # boolean false is deprecated in Streamlit 1.67 and would mean "stacktrace"
    assert config["client"]["showErrorDetails"] == "none"


def test_static_folder_is_next_to_the_main_script() -> None:
    served = Path(file_util.get_app_static_dir(str(REPO / "dashboard" / "app.py")))
    assert served == REPO / "dashboard" / "static"
