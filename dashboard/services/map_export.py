"""Self-contained HTML export of a folium map (no streamlit import).

The file opens from a USB stick on a laptop with no internet: Leaflet's JS and CSS (with its
images as data URIs) are inlined from the installed xstatic-leaflet package, and the title,
legend, date, data period and filters are stamped on the page. Only the optional
OpenStreetMap tile layer (when the map was built with `tiles=True`) needs a network.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import folium

from dashboard.services.offline import read_leaflet_css_inlined, read_leaflet_js

_SCRIPT_SRC = re.compile(r'<script\s+src="([^"]*)"\s*>\s*</script>', re.IGNORECASE)
_CSS_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="([^"]*)"\s*/?>', re.IGNORECASE)


def export_map_html(
    m: folium.Map, title: str, legend: str, stamp_lines: Sequence[str], *, lang: str = "id"
) -> str:
    """One HTML document: the map with Leaflet inlined, plus a panel with `title`,
    `legend` (trusted HTML from `legend_html`) and `stamp_lines` (plain text, escaped —
    e.g. creation date, data period, filters).

    Raises `ValueError` if the map references any script or stylesheet other than Leaflet,
    since such a file would not open offline. Pass a freshly built map: one that went
    through `st_folium` has been renamed and re-parented by streamlit-folium.
    """
    page = m.get_root().render()

    def _inline_js(match: re.Match[str]) -> str:
        if not match.group(1).endswith("/leaflet.js"):
            raise ValueError(
                f"peta memuat skrip luar yang tidak bisa dibawa offline: {match.group(1)}"
            )
        return f"<script>{read_leaflet_js()}</script>"

    def _inline_css(match: re.Match[str]) -> str:
        if not match.group(1).endswith("/leaflet.css"):
            raise ValueError(
                f"peta memuat CSS luar yang tidak bisa dibawa offline: {match.group(1)}"
            )
        return f"<style>{read_leaflet_css_inlined()}</style>"

    page = _SCRIPT_SRC.sub(_inline_js, page)
    page = _CSS_LINK.sub(_inline_css, page)
    stamps = "".join(f'<div class="ps-stamp">{html.escape(line)}</div>' for line in stamp_lines)
    panel = (
        '<div class="ps-export-panel">'
        f'<h1 class="ps-export-title">{html.escape(title)}</h1>'
        f'{legend}<div class="ps-stamps">{stamps}</div></div>'
    )
    head_extra = f"<title>{html.escape(title)}</title>{_PANEL_CSS}"
    page = re.sub(r"<html>", f'<html lang="{html.escape(lang)}">', page, count=1)
    page = page.replace("<head>", "<head>" + head_extra, 1)
    return page.replace("<body>", "<body>" + panel, 1)


_PANEL_CSS = (
    "<style>"
    ".ps-export-panel{position:absolute;top:12px;right:12px;z-index:1000;max-width:340px;"
    "background:rgba(255,255,255,0.95);border:1px solid #333333;border-radius:4px;"
    "padding:10px 14px;font-family:'Source Sans Pro',Arial,sans-serif;color:#111111;}"
    ".ps-export-title{font-size:18px;margin:0 0 8px 0;}"
    ".ps-stamps{margin-top:8px;font-size:12px;color:#333333;}"
    "@media print{.ps-export-panel{position:fixed;}}"
    "</style>"
)
