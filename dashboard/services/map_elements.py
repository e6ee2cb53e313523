"""Small Leaflet elements for the coverage map (no streamlit import).

Each renders only a `script` macro, so it works both in a standalone folium page and in
streamlit-folium (which evaluates each element's script macro inside its iframe).
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from jinja2 import Template

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
    """Kecamatan names as non-interactive DivIcon markers (names arrive HTML-escaped).

    Not `folium.Marker` + `DivIcon`: folium creates the marker with Leaflet's default image
    icon first and swaps the DivIcon in afterwards, which makes the browser fetch
    `marker-icon.png` from a path Leaflet guesses wrong (404 in the console).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var labels = {{ this.labels|tojson }};
            labels.forEach(function (item) {
                L.marker([item[0], item[1]], {
                    icon: L.divIcon({
                        className: "ps-kec-label",
                        html: '<div class="ps-kec-label-text">' + item[2] + "</div>",
                        iconSize: [180, 24],
                        iconAnchor: [90, 12]
                    }),
                    interactive: false,
                    keyboard: false
                }).addTo({{ this._parent.get_name() }});
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[list[Any]]) -> None:
        super().__init__()
        self._name = "KecamatanLabels"
        self.labels = labels


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


def map_css(meeting_mode: bool) -> str:
    label = 16 if meeting_mode else 12
    tip = 20 if meeting_mode else 14
    return (
        "<style>"
        "html .leaflet-container{background:#FFFFFF;font-family:'Source Sans Pro',Arial,sans-serif;}"
        ".ps-kec-label{pointer-events:none;}"
        f".ps-kec-label-text{{font-size:{label}px;font-weight:700;color:#111111;text-align:center;"
        "white-space:nowrap;line-height:24px;text-shadow:0 0 3px #FFFFFF,0 0 3px #FFFFFF,"
        "0 0 2px #FFFFFF,0 0 1px #FFFFFF;}"
        f".ps-tooltip{{font-size:{tip}px;color:#111111;}}"
        ".ps-tooltip th{padding:2px 8px 2px 2px;text-align:left;}"
        ".ps-tooltip td{padding:2px;}"
        "</style>"
    )
