"""Map of a visit plan: venues, invited desa highlighted, numbered trip lines (no Streamlit)."""

from __future__ import annotations

import html

import folium
import geopandas as gpd

from dashboard.services import mapview
from dashboard.services.legend import legend_html
from dashboard.strings import t
from etl.planning.plan import Plan

TRIP_COLOURS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


def plan_map(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame, plan: Plan, *, lang: str = "id"
) -> folium.Map:
    """Desa coloured by coverage status, invited desa outlined, venue markers numbered by
    session, and one line per trip from the base through its venues and back."""
    m = mapview.build_map(desa, kecamatan, "status_cakupan", lang=lang)
    invited = {inv.kode for s in plan.sessions for inv in s.invited}
    chosen = desa[desa["kode"].isin(invited)]
    if len(chosen):
        folium.GeoJson(
            chosen[["kode", "geometry"]].to_json(),
            style_function=lambda _f: {"fill": False, "color": "#000000", "weight": 3},
            name="undangan",
        ).add_to(m)
    venues = {s.venue_kode: s for s in plan.sessions}
    base_lat, base_lon = plan.base
    folium.CircleMarker(
        [base_lat, base_lon],
        radius=9,
        color="#000000",
        fill=True,
        fill_color="#FFFFFF",
        fill_opacity=1,
        tooltip=html.escape(t("rencana.legenda_basis", lang, nama=_start(plan, lang))),
    ).add_to(m)
    for trip in plan.trips:
        colour = TRIP_COLOURS[(trip.number - 1) % len(TRIP_COLOURS)]
        points = [[base_lat, base_lon]]
        points += [[venues[k].venue_lat, venues[k].venue_lon] for k in trip.urutan if k in venues]
        points.append([base_lat, base_lon])
        folium.PolyLine(
            points,
            color=colour,
            weight=4,
            opacity=0.9,
            dash_array="8 6",
            tooltip=f"Trip {trip.number}: ±{trip.km:.0f} km",
        ).add_to(m)
    for session in plan.sessions:
        label = html.escape(f"{session.number}. {session.venue_nama}")
        # CircleMarker + permanent tooltip: a folium Marker/DivIcon would first request
        # Leaflet's default marker image, which is not served offline.
        folium.CircleMarker(
            [session.venue_lat, session.venue_lon], radius=8, color="#000000", weight=2,
            fill=True, fill_color="#FFD400", fill_opacity=1,
            tooltip=folium.Tooltip(label, permanent=True, direction="right"),
        ).add_to(m)  # fmt: skip
    mapview.stabilise_ids(m.get_root(), "plan")
    return m


def plan_legend_html(plan: Plan, lang: str = "id") -> str:
    """Legend for `plan_map`: the coverage colours, then the plan's own marks (start,
    venues, invited outline, one colour per trip). Inline styles only; text escaped."""
    row = (
        '<div class="ps-legend-row" style="display:flex;align-items:center;gap:8px;'
        'margin:3px 0;">{swatch}<span class="ps-legend-label">{label}</span></div>'
    )
    circle = (
        '<span style="display:inline-block;width:18px;height:18px;flex:none;border-radius:50%;'
        'box-sizing:border-box;border:2px solid #000;background:{fill};"></span>'
    )
    rows = [
        row.format(swatch=circle.format(fill="#FFFFFF"),
                   label=html.escape(t("rencana.legenda_basis", lang, nama=_start(plan, lang)))),
        row.format(swatch=circle.format(fill="#FFD400"),
                   label=html.escape(t("rencana.legenda_sesi", lang))),
        row.format(swatch='<span style="display:inline-block;width:18px;height:18px;flex:none;'
                   'box-sizing:border-box;border:3px solid #000;"></span>',
                   label=html.escape(t("rencana.legenda_undangan", lang))),
    ]  # fmt: skip
    for trip in plan.trips:
        colour = TRIP_COLOURS[(trip.number - 1) % len(TRIP_COLOURS)]
        line = (
            f'<span style="display:inline-block;width:18px;height:0;flex:none;'
            f'border-top:4px dashed {colour};"></span>'
        )
        label = t("rencana.legenda_trip", lang, n=trip.number, km=f"{trip.km:.0f}")
        rows.append(row.format(swatch=line, label=html.escape(label)))
    marks = (
        '<div class="ps-legend ps-plan-legend" style="font-size:14px;color:#111111;'
        'margin-top:8px;">' + "".join(rows) + "</div>"
    )
    return legend_html("status_cakupan", lang) + marks


def _start(plan: Plan, lang: str) -> str:
    return str(plan.parameters.get("basis_nama") or t("rencana.basis", lang))
