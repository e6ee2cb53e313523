"""Folium map builders for the coverage map (pure: no streamlit import, inputs never mutated).

Offline by construction: the map loads only Leaflet, from the app's own static folder (see
`offline.py`); the choropleth is `folium.GeoJson` + `style_function` (no `folium.Choropleth`,
no branca colormap — both pull d3 from a CDN), points are `CircleMarker`s, the legend is
drawn by the app (`legend_html`). No basemap tiles unless `tiles=True`.

Safe by construction: every user-supplied text (desa, kecamatan, venue names) is HTML-escaped
before it enters the GeoJSON, because folium tooltips render properties as HTML. Each desa
feature carries `kode` (and `id` = kode), so streamlit-folium's
`last_active_drawing["properties"]["kode"]` identifies a clicked desa; the other string
properties there are HTML-escaped text.

Deterministic: folium gives every element a random id; `build_map` and `data_layer_group`
replace them with ids derived from the element's position in the tree, so the same inputs
give byte-identical HTML/JS and streamlit-folium's component key stays stable (zoom is kept).
"""

from __future__ import annotations

import hashlib
import html
import itertools
from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element

from dashboard.services.legend import legend_html, legend_items
from dashboard.services.map_data import (
    desa_geojson,
    extent,
    kecamatan_outlines,
    rounded_geometry,
    to_wgs84,
)
from dashboard.services.map_elements import (
    HatchPattern,
    KecamatanLabels,
    StillFitBounds,
    desa_style,
    kecamatan_labels,
    map_css,
)
from dashboard.services.map_export import export_map_html
from dashboard.services.map_live import FocusWithoutScroll, LiveDesaLayer
from dashboard.services.measures import (
    MEASURES,
    REPORT_STYLE,
    VENUE_STYLE,
    Measure,
    class_lookup,
    classify,
    format_count,
    get_measure,
    report_radius,
)
from dashboard.services.offline import leaflet_asset_urls
from dashboard.strings import t

__all__ = [
    "MEASURES",
    "build_map",
    "classify",
    "data_layer_group",
    "desa_geojson",
    "export_map_html",
    "kecamatan_outlines",
    "legend_html",
    "legend_items",
    "stabilise_ids",
]

DESA_CLASS = "ps-desa"
KECAMATAN_PANE = "ps-kecamatan"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'


def build_map(
    desa_display: gpd.GeoDataFrame,
    kecamatan: gpd.GeoDataFrame,
    measure: str | Measure,
    *,
    lang: str = "id",
    bounds: tuple[float, float, float, float] | None = None,
    tiles: bool = False,
    venues: gpd.GeoDataFrame | None = None,
    reports_per_desa: Mapping[str, int] | pd.Series | None = None,
    meeting_mode: bool = False,
    include_data: bool = True,
    asset_urls: Mapping[str, str] | None = None,
    highlight: str | None = None,
    geometry_url: str | None = None,
) -> folium.Map:
    """The coverage map: desa coloured by `measure`, kecamatan outlines and names on top.

    `bounds` is `(minx, miny, maxx, maxy)` in degrees (e.g. one kecamatan's `total_bounds`);
    default: the extent of all kecamatan, so the map does not change when filters do.
    With `include_data=False` the desa layer is left out: pass `data_layer_group(...)` to
    `st_folium(..., feature_group_to_add=...)` instead, so a filter or measure change
    recolours the map without reloading it (the base map then depends only on kecamatan,
    bounds, tiles and meeting mode). `asset_urls` overrides where Leaflet is loaded from
    (default `/app/static/vendor/leaflet/...`). `highlight` (a kecamatan code) draws that
    kecamatan's outline doubled (white halo, thick black line) and names it first. With
    `geometry_url` (see `map_live`) the desa and kecamatan polygons are fetched from that
    file instead of being inlined, and `map_live.style_group(...)` colours them: the live
    dashboard map.
    """
    kec = to_wgs84(kecamatan, ("kode", "nama"), "kecamatan")
    desa = to_wgs84(desa_display, ("kode", "nama", "kecamatan"), "desa_display")
    m_bounds = bounds or extent(kec if len(kec) else desa)
    minx, miny, maxx, maxy = (float(v) for v in m_bounds)
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=9,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        attribution_control=tiles,
    )
    urls = dict(asset_urls) if asset_urls is not None else leaflet_asset_urls()
    m.default_js = [("leaflet", urls["leaflet_js"])]  # instance attributes: no global leak
    m.default_css = [("leaflet_css", urls["leaflet_css"])]
    m.get_root().header.add_child(Element(map_css(meeting_mode)), name="ps-style")
    HatchPattern().add_to(m)
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap", max_zoom=19).add_to(
            m
        )
    folium.map.CustomPane(KECAMATAN_PANE, z_index=450, pointer_events=False).add_to(m)
    if geometry_url is not None:
        LiveDesaLayer(geometry_url, KECAMATAN_PANE, 3.5 if meeting_mode else 2.2).add_to(m)
    elif include_data:
        data_layer_group(
            desa,
            measure,
            lang=lang,
            venues=venues,
            reports_per_desa=reports_per_desa,
            meeting_mode=meeting_mode,
        ).add_to(m)
    _add_kecamatan(m, kec, meeting_mode, highlight, outlines=geometry_url is None)
    StillFitBounds([[miny, minx], [maxy, maxx]]).add_to(m)
    FocusWithoutScroll().add_to(m)
    stabilise_ids(m.get_root(), "map")
    return m


def data_layer_group(
    desa_display: gpd.GeoDataFrame,
    measure: str | Measure,
    *,
    lang: str = "id",
    venues: gpd.GeoDataFrame | None = None,
    reports_per_desa: Mapping[str, int] | pd.Series | None = None,
    meeting_mode: bool = False,
    name: str = "data",
) -> folium.FeatureGroup:
    """The data layers (coloured desa, optional venues and per-desa report counts) as one
    FeatureGroup, for `st_folium(feature_group_to_add=...)` or for `build_map`.

    Reports are always drawn aggregated per desa (one circle at the desa's inner point);
    in meeting mode a desa with fewer than 5 reports gets no circle and every count below 5
    reads "<5". Build a fresh group per run: streamlit-folium re-parents and renames it.
    """
    desa = to_wgs84(desa_display, ("kode", "nama", "kecamatan"), "desa_display")
    m = get_measure(measure)
    group = folium.FeatureGroup(name=name, control=False)
    group.add_child(HatchPattern())
    data = desa_geojson(desa, m, lang=lang, meeting_mode=meeting_mode)
    styles = {
        cid: desa_style(c.colour, c.style)
        for cid, c in class_lookup(m, meeting_mode=meeting_mode).items()
    }
    fields = ["nama", "kecamatan", "status", "kunjungan", "peserta"]
    labels = [
        "tooltip.desa",
        "tooltip.kecamatan",
        "tooltip.status",
        "tooltip.kunjungan_terakhir",
        "tooltip.peserta",
    ]
    if m.key not in ("status_cakupan", "peserta"):
        fields.append("nilai")
        labels.append(f"measure.{m.key}")
    tooltip = folium.GeoJsonTooltip(
        fields=fields,
        aliases=[html.escape(t(k, lang)) for k in labels],
        class_name="ps-tooltip",
        sticky=True,
    )
    folium.GeoJson(
        data,
        name=f"{name}-desa",
        style_function=lambda f: styles[f["properties"]["kelas"]],
        highlight_function=lambda f: {"weight": 3, "color": "#000000", "fillOpacity": 0.95},
        tooltip=tooltip if data["features"] else None,
        className=DESA_CLASS,
        control=False,
    ).add_to(group)
    if reports_per_desa is not None:
        _add_reports(group, desa, reports_per_desa, lang, meeting_mode)
    if venues is not None and len(venues):
        _add_venues(group, venues, lang, meeting_mode)
    stabilise_ids(group, f"group-{name}")
    return group


def stabilise_ids(element: Any, namespace: str) -> None:
    """Replace folium's random element ids in the tree under `element` with ids derived
    from `namespace` and the element's position, so rendering is reproducible."""
    counter = itertools.count()

    def visit(el: Any) -> None:
        el._id = hashlib.sha1(f"{namespace}:{next(counter)}".encode()).hexdigest()
        for child in list(getattr(el, "_children", {}).values()):
            visit(child)

    visit(element)


def _add_kecamatan(
    m: folium.Map,
    kec: gpd.GeoDataFrame,
    meeting_mode: bool,
    highlight: str | None = None,
    *,
    outlines: bool = True,
) -> None:
    """Kecamatan names (placed without collision) and outlines; `outlines=False` when the
    live map draws them from its geometry file. The `highlight`ed kecamatan is always
    outlined doubled (white halo, thick black line) and named first."""
    if not len(kec):
        return
    feats = [
        {
            "type": "Feature",
            "id": html.escape(str(r["kode"])),
            "properties": {"kode": html.escape(str(r["kode"]))},
            "geometry": rounded_geometry(r.geometry),
        }
        for _, r in kec.iterrows()
        if r.geometry is not None
        and not r.geometry.is_empty
        and (outlines or (highlight is not None and str(r["kode"]) == highlight))
    ]
    if outlines:
        weight = 3.5 if meeting_mode else 2.2
        folium.GeoJson(
            {"type": "FeatureCollection", "features": feats},
            name="kecamatan",
            style_function=lambda f: {
                "fill": False,
                "color": "#111111",
                "weight": weight,
                "opacity": 1.0,
            },
            interactive=False,
            pane=KECAMATAN_PANE,
            control=False,
        ).add_to(m)
    chosen = [f for f in feats if highlight is not None and f["id"] == html.escape(highlight)]
    for colour, width in (("#FFFFFF", 10.0), ("#000000", 5.0)):
        if not chosen:
            break
        folium.GeoJson(
            {"type": "FeatureCollection", "features": chosen},
            name=f"kecamatan-pilih-{colour[1:]}",
            style_function=lambda f, c=colour, w=width: {
                "fill": False,
                "color": c,
                "weight": w,
                "opacity": 1.0,
            },
            interactive=False,
            pane=KECAMATAN_PANE,
            control=False,
            className="ps-kec-pilih",
        ).add_to(m)
    KecamatanLabels(*kecamatan_labels(kec, meeting_mode, first=highlight)).add_to(m)


def _add_reports(
    group: folium.FeatureGroup,
    desa: gpd.GeoDataFrame,
    reports: Mapping[str, int] | pd.Series,
    lang: str,
    meeting_mode: bool,
) -> None:
    counts = pd.Series(reports, dtype="float64") if not isinstance(reports, pd.Series) else reports
    label = html.escape(t("tooltip.laporan", lang))
    protected = meeting_mode and "tampil_laporan" in desa.columns
    for _, r in desa.iterrows():
        n = counts.get(str(r["kode"]))
        if n is None or pd.isna(n) or n <= 0 or (meeting_mode and n < 5):
            continue
        if protected and not str(r["tampil_laporan"]).isdigit():
            continue  # hidden as a complement: no circle, or its size would tell
        point = r.geometry.representative_point()
        text = html.escape(format_count(n, lang, meeting_mode=meeting_mode))
        folium.CircleMarker(
            [round(point.y, 5), round(point.x, 5)],
            radius=round(report_radius(n), 1),
            color=REPORT_STYLE.color,
            weight=REPORT_STYLE.weight,
            fill=True,
            fill_color=REPORT_STYLE.fill_color,
            fill_opacity=0.9,
            tooltip=folium.Tooltip(f"{label}: {text}"),
            className="ps-laporan",
        ).add_to(group)


def _add_venues(
    group: folium.FeatureGroup, venues: gpd.GeoDataFrame, lang: str, meeting_mode: bool
) -> None:
    pts = to_wgs84(venues, (), "venues")
    for _, r in pts.iterrows():
        geom = r.geometry
        if geom is None or geom.is_empty:
            continue
        point = geom if geom.geom_type == "Point" else geom.representative_point()
        tip = None
        if "label" in pts.columns and pd.notna(r["label"]) and not meeting_mode:
            tip = folium.Tooltip(
                f"{html.escape(t('tooltip.tempat', lang))}: {html.escape(str(r['label']))}"
            )
        folium.CircleMarker(
            [round(point.y, 5), round(point.x, 5)],
            radius=VENUE_STYLE.radius,
            color=VENUE_STYLE.color,
            weight=VENUE_STYLE.weight,
            fill=True,
            fill_color=VENUE_STYLE.fill_color,
            fill_opacity=1.0,
            tooltip=tip,
            className="ps-venue",
        ).add_to(group)
