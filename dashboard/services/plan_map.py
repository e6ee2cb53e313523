"""Map of a visit plan: venues, invited desa highlighted, numbered trip lines (no Streamlit)."""

from __future__ import annotations

import html

import folium
import geopandas as gpd

from dashboard.services import mapview
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
        tooltip="Basis",
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
