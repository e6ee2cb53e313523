"""Small Leaflet elements for the coverage map (no streamlit import).

Each renders only a `script` macro, so it works both in a standalone folium page and in
streamlit-folium (which evaluates each element's script macro inside its iframe).
"""

from __future__ import annotations

import html
from typing import Any

import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from dashboard.services.label_layout import place_labels
from dashboard.services.measures import HATCH_FILL


class HatchPattern(MacroElement):
    """Injects (once per document) the SVG pattern used as the "tidak ada data" fill."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            if (document.getElementById("ps-hatch")) { return; }
            var holder = document.createElement("div");
            holder.setAttribute("aria-hidden", "true");
            holder.style.cssText = "position:absolute;width:0;height:0;overflow:hidden;";
            holder.innerHTML = '<svg width="0" height="0"><defs>' +
                '<pattern id="ps-hatch" patternUnits="userSpaceOnUse" width="6" height="6" ' +
                'patternTransform="rotate(45)"><rect width="6" height="6" fill="#FFFFFF"></rect>' +
                '<rect width="2.5" height="6" fill="#8C8C8C"></rect></pattern></defs></svg>';
            document.body.appendChild(holder);
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "HatchPattern"


class StillFitBounds(MacroElement):
    """Fit the view without animation (folium's FitBounds animates from `zoom_start`, and a
    screenshot or PNG export taken mid-animation shows a blown-up SVG)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitBounds"
        self.bounds = bounds


class KecamatanLabels(MacroElement):
    """Kecamatan names as non-interactive DivIcon markers, shown without collisions.

    `labels`: `[lat, lon, [[html_text, width, height], ...]]` (variants: full name, then
    abbreviated); `placement`: `{"min": z0, "step": dz, "levels": [[[label, variant], ...],
    ...], "chosen": bool}` from `label_layout.place_labels` (`chosen`: the first label is
    the highlighted kecamatan's, marked `ps-kec-label-pilih`). On every zoom/move the variants listed for the
    level `floor(zoom / step)` are shown and all others hidden. Each label's element is
    exactly the box the layout reserved, so boxes measured in the page never overlap.
    Names arrive HTML-escaped.

    Not `folium.Marker` + `DivIcon`: folium creates the marker with Leaflet's default image
    icon first and swaps the DivIcon in afterwards, which makes the browser fetch
    `marker-icon.png` from a path Leaflet guesses wrong (404 in the console).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var labels = {{ this.labels|tojson }};
            var placement = {{ this.placement|tojson }};
            var markers = labels.map(function (item, i) {
                return item[2].map(function (variant, v) {
                    var w = variant[1], h = variant[2];
                    var marker = L.marker([item[0], item[1]], {
                        icon: L.divIcon({
                            className: placement.chosen && i === 0 ?
                                "ps-kec-label ps-kec-label-pilih" : "ps-kec-label",
                            html: '<div class="ps-kec-label-text" data-label="' + i +
                                  '" style="width:' + w + "px;height:" + h + "px;line-height:" +
                                  h + 'px">' +
                                  variant[0] + "</div>",
                            iconSize: [w, h],
                            iconAnchor: [w / 2, h / 2]
                        }),
                        interactive: false,
                        keyboard: false
                    }).addTo(map);
                    return marker;
                });
            });
            function update() {
                var n = placement.levels.length;
                var k = Math.floor((map.getZoom() - placement.min) / placement.step + 1e-6);
                k = Math.max(0, Math.min(n - 1, k));
                var show = {};
                placement.levels[k].forEach(function (pair) { show[pair[0] + ":" + pair[1]] = true; });
                markers.forEach(function (variants, i) {
                    variants.forEach(function (marker, v) {
                        var el = marker.getElement();
                        if (el) { el.style.display = show[i + ":" + v] ? "" : "none"; }
                    });
                });
            }
            map.on("zoomend moveend viewreset", update);
            update();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[list[Any]], placement: dict[str, Any]) -> None:
        super().__init__()
        self._name = "KecamatanLabels"
        self.labels = labels
        self.placement = placement


def desa_style(colour: str, style: str) -> dict[str, Any]:
    if style == "hatch":
        return {
            "fillColor": HATCH_FILL,
            "fillOpacity": 1.0,
            "color": "#444444",
            "weight": 1.2,
            "dashArray": "4 3",
        }
    return {
        "fillColor": colour,
        "fillOpacity": 0.85,
        "color": "#4D4D4D",
        "weight": 0.6,
        "dashArray": None,
    }


def label_font(meeting_mode: bool) -> int:
    """Kecamatan label size in px (the label layout estimates boxes at this size)."""
    return 16 if meeting_mode else 12


def map_css(meeting_mode: bool) -> str:
    label = label_font(meeting_mode)
    tip = 20 if meeting_mode else 14
    return (
        "<style>"
        "html .leaflet-container{background:#FFFFFF;font-family:'Source Sans Pro',Arial,sans-serif;}"
        ".ps-kec-label{pointer-events:none;}"
        f".ps-kec-label-text{{font-size:{label}px;font-weight:700;color:#111111;text-align:center;"
        f"font-family:Arial,'Liberation Sans',Helvetica,sans-serif;box-sizing:border-box;"
        "white-space:nowrap;overflow:visible;text-shadow:0 0 3px #FFFFFF,0 0 3px #FFFFFF,"
        "0 0 2px #FFFFFF,0 0 1px #FFFFFF;}"
        f".ps-tooltip{{font-size:{tip}px;color:#111111;}}"
        ".ps-tooltip th{padding:2px 8px 2px 2px;text-align:left;}"
        ".ps-tooltip td{padding:2px;}"
        "</style>"
    )


def kecamatan_labels(
    kec: gpd.GeoDataFrame, meeting_mode: bool, *, first: str | None = None
) -> tuple[list[list[Any]], dict[str, Any]]:
    """Label data and collision-free placement for `KecamatanLabels`: the kecamatan
    `first` (the one a slide is about) gets its name first, then larger kecamatan before
    smaller ones (a large area has room for its name)."""
    rows = []
    for _, r in kec.iterrows():
        if r.geometry is None or r.geometry.is_empty:
            continue
        point = r.geometry.representative_point()
        rank = (str(r["kode"]) != first, -float(r.geometry.area), str(r["kode"]))
        rows.append((rank, round(point.y, 5), round(point.x, 5), str(r["nama"])))
    rows.sort(key=lambda row: row[0])
    placement = place_labels(
        [(lat, lon) for _, lat, lon, _ in rows], [name for *_, name in rows],
        font_px=label_font(meeting_mode),
    )  # fmt: skip
    labels = [
        [lat, lon, [[html.escape(b.text), b.width, b.height] for b in boxes]]
        for (_, lat, lon, _), boxes in zip(rows, placement.variants, strict=True)
    ]
    levels = [[list(pair) for pair in level] for level in placement.levels]
    chosen = bool(rows) and first is not None and rows[0][0][0] is False
    return labels, {
        "min": placement.min_zoom, "step": placement.step, "levels": levels, "chosen": chosen,
    }  # fmt: skip
