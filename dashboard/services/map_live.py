"""The live coverage map: geometry sent once, colours and values on every rerun.

A rerun that changes only colours (measure, period, role, report type, kecamatan) must not
send the 278 desa polygons again. So the map is split in two (no streamlit import here):

- the geometry — desa polygons (only `kode`) and kecamatan outlines — is one JSON file
  written once per data version under the app's static folder, named by its content hash
  (`write_map_geometry`), and fetched by the map iframe (the browser keeps it cached);
- `LiveDesaLayer`, part of the base map (which therefore no longer changes with filters,
  so streamlit-folium keeps the same Leaflet map), draws that file once;
- `style_group` returns the small FeatureGroup passed as `st_folium(feature_group_to_add=)`:
  a class id and the tooltip values per desa, the style of each class and the bounds the
  view must show (`DesaStyles`), plus the optional report and venue circles. Every rerun
  sends only this (about 40 KB for 278 desa), and the map recolours in place; the view
  is refitted only when the bounds change (zoom follows the kecamatan filter, a measure
  change keeps the user's zoom).

Property texts are exactly those of `desa_geojson` (HTML-escaped, counts below 5 read "<5"
in meeting mode), so the live map and the exported map cannot disagree.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from dashboard.services.map_data import desa_geojson, rounded_geometry, to_wgs84
from dashboard.services.map_elements import desa_style
from dashboard.services.measures import Measure, class_lookup, get_measure
from dashboard.services.offline import STATIC_URL_PREFIX
from dashboard.strings import t
from geodata.io.atomic import write_bytes_atomically

GEOMETRY_SUBDIR = "peta"
FIELDS = ("kelas", "nama", "kecamatan", "status", "kunjungan", "peserta", "nilai")
_TOOLTIP = (
    ("nama", "tooltip.desa"),
    ("kecamatan", "tooltip.kecamatan"),
    ("status", "tooltip.status"),
    ("kunjungan", "tooltip.kunjungan_terakhir"),
    ("peserta", "tooltip.peserta"),
)


def map_geometry(desa_display: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame) -> bytes:
    """The geometry file's bytes: `{"desa": FeatureCollection (kode only), "kecamatan":
    FeatureCollection (kode only)}`, coordinates rounded like every map geometry."""
    desa = to_wgs84(desa_display, ("kode",), "desa_display")
    kec = to_wgs84(kecamatan, ("kode",), "kecamatan")
    doc = {"desa": _collection(desa), "kecamatan": _collection(kec)}
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def write_map_geometry(
    static_dir: Path,
    desa_display: gpd.GeoDataFrame,
    kecamatan: gpd.GeoDataFrame,
    url_prefix: str = STATIC_URL_PREFIX,
) -> str:
    """Write the geometry file into `static_dir/peta/` (atomically, only if missing) and
    return the URL it is served at. The name is the content's hash: a browser may cache
    it forever, and new data gets a new name."""
    data = map_geometry(desa_display, kecamatan)
    name = f"geometri-{hashlib.sha256(data).hexdigest()[:16]}.json"
    target = Path(static_dir) / GEOMETRY_SUBDIR / name
    if not target.is_file():
        write_bytes_atomically(target, data, mode=0o644)
    return f"{url_prefix.rstrip('/')}/{GEOMETRY_SUBDIR}/{name}"


def style_payload(
    desa_display: gpd.GeoDataFrame,
    measure: str | Measure,
    *,
    lang: str = "id",
    meeting_mode: bool = False,
    bounds: tuple[float, float, float, float] | None = None,
) -> dict[str, Any]:
    """What one rerun sends: `s` style per class id, `t` tooltip rows (label, field
    position), `d` per desa code the values of FIELDS (class id first), `b` the bounds
    to show (`[[south, west], [north, east]]`, or None to leave the view alone)."""
    m = get_measure(measure)
    desa = to_wgs84(desa_display, ("kode", "nama", "kecamatan"), "desa_display")
    # the properties without the polygons: every desa gets a dummy point (never drawn)
    n = len(desa)
    points = gpd.GeoSeries.from_xy(np.zeros(n), np.zeros(n), index=desa.index, crs=4326)
    light = gpd.GeoDataFrame(desa.drop(columns=desa.geometry.name), geometry=points, crs=4326)
    collection = desa_geojson(light, m, lang=lang, meeting_mode=meeting_mode)
    rows = {
        f["properties"]["kode"]: [f["properties"][k] for k in FIELDS]
        for f in collection["features"]
    }
    tooltip = list(_TOOLTIP)
    if m.key not in ("status_cakupan", "peserta"):
        tooltip.append(("nilai", f"measure.{m.key}"))
    return {
        "s": {
            cid: desa_style(c.colour, c.style)
            for cid, c in class_lookup(m, meeting_mode=meeting_mode).items()
        },
        "t": [[html.escape(t(key, lang)), FIELDS.index(field)] for field, key in tooltip],
        "d": rows,
        "b": None if bounds is None else [[bounds[1], bounds[0]], [bounds[3], bounds[2]]],
    }


def style_group(
    desa_display: gpd.GeoDataFrame,
    measure: str | Measure,
    *,
    lang: str = "id",
    venues: gpd.GeoDataFrame | None = None,
    reports_per_desa: Mapping[str, int] | pd.Series | None = None,
    meeting_mode: bool = False,
    bounds: tuple[float, float, float, float] | None = None,
    payload: dict[str, Any] | None = None,
) -> folium.FeatureGroup:
    """The per-rerun FeatureGroup for `st_folium(feature_group_to_add=...)` over a base map
    built with `build_map(..., geometry_url=...)`. Build a fresh one per run. `payload`:
    the `style_payload` of the same arguments when the caller already has it (cached)."""
    from dashboard.services import mapview  # the marker helpers; mapview imports this module

    group = folium.FeatureGroup(name="data", control=False)
    if payload is None:
        payload = style_payload(
            desa_display, measure, lang=lang, meeting_mode=meeting_mode, bounds=bounds
        )
    group.add_child(DesaStyles(payload))
    if reports_per_desa is not None:
        desa = to_wgs84(desa_display, ("kode", "nama", "kecamatan"), "desa_display")
        mapview._add_reports(group, desa, reports_per_desa, lang, meeting_mode)
    if venues is not None and len(venues):
        mapview._add_venues(group, venues, lang, meeting_mode)
    mapview.stabilise_ids(group, "group-data")
    return group


class LiveDesaLayer(MacroElement):
    """Fetches the geometry file once and draws the desa (class `ps-desa`, restyled by
    `DesaStyles`) and the kecamatan outlines; then tells streamlit-folium about the new
    layers so a click on a desa reports its `kode` (`last_active_drawing`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var live = window.psLive = window.psLive || {};
            live.map = map;
            live.layers = {};
            live.styleOf = function (kode) {
                var p = live.payload, row = p && p.d[kode];
                return row ? p.s[row[0]] : {fillOpacity: 0, opacity: 0};
            };
            live.tip = function (kode) {
                var p = live.payload, row = p && p.d[kode];
                if (!row) { return ""; }
                return "<table>" + p.t.map(function (item) {
                    return "<tr><th>" + item[0] + "</th><td>" + row[item[1]] + "</td></tr>";
                }).join("") + "</table>";
            };
            live.paint = function () {
                // desa outside the filter are taken off the map, the others restyled
                Object.keys(live.layers).forEach(function (kode) {
                    var layer = live.layers[kode], shown = !!live.payload.d[kode];
                    if (!shown) { live.desa.removeLayer(layer); return; }
                    layer.setStyle(live.styleOf(kode));
                    layer.setTooltipContent(live.tip(kode));
                    if (!live.desa.hasLayer(layer)) { live.desa.addLayer(layer); }
                });
            };
            live.apply = function (payload) {
                live.payload = payload;
                var key = JSON.stringify(payload.b);
                if (payload.b && key !== live.fitted) {
                    live.fitted = key;
                    map.fitBounds(payload.b, {animate: false});
                }
                if (live.desa) { live.paint(); }
            };
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (geo) {
                L.geoJson(geo.kecamatan, {
                    pane: {{ this.pane|tojson }}, interactive: false,
                    style: function () { return {fill: false, color: "#111111",
                        weight: {{ this.weight }}, opacity: 1.0}; }
                }).addTo(map);
                live.desa = L.geoJson(geo.desa, {
                    className: "ps-desa",
                    style: function (f) { return live.styleOf(f.properties.kode); },
                    onEachFeature: function (f, layer) {
                        var kode = f.properties.kode;
                        live.layers[kode] = layer;
                        layer.bindTooltip(live.tip(kode), {sticky: true, className: "ps-tooltip"});
                        layer.on("mouseover", function () {
                            layer.setStyle({weight: 3, color: "#000000", fillOpacity: 0.95});
                        });
                        layer.on("mouseout", function () { layer.setStyle(live.styleOf(kode)); });
                    }
                }).addTo(map);
                if (live.payload) { live.paint(); }
                if (window.initComponent) { window.initComponent(map, false); }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, url: str, pane: str, weight: float) -> None:
        super().__init__()
        self._name = "LiveDesaLayer"
        self.url = url
        self.pane = pane
        self.weight = weight


class FocusWithoutScroll(MacroElement):
    """A first click on the map must select, not scroll. Leaflet focuses the map container
    on mousedown (for keyboard panning); inside streamlit-folium's iframe that focus
    scrolls the parent page to bring the iframe into view, so the mouseup lands 100+ px
    away and the click is lost. Same focus, with `preventScroll`."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var keyboard = map.keyboard;
            if (!keyboard) { return; }
            keyboard.disable();
            keyboard._onMouseDown = function () {
                if (!this._focused) { this._map._container.focus({preventScroll: true}); }
            };
            keyboard.enable();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FocusWithoutScroll"


class DesaStyles(MacroElement):
    """Applies one `style_payload` to the live layer (kept until the geometry arrives)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (payload) {
            var live = window.psLive = window.psLive || {};
            if (live.apply) { live.apply(payload); } else { live.payload = payload; }
        })({{ this.payload|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()
        self._name = "DesaStyles"
        self.payload = payload


def _collection(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    features = [
        {
            "type": "Feature",
            "properties": {"kode": html.escape(str(kode))},
            "geometry": rounded_geometry(geom),
        }
        for kode, geom in zip(frame["kode"], frame.geometry, strict=True)
        if geom is not None and not geom.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}
