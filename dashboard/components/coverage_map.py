"""The coverage map widget: folium map inside a fragment, so panning, zooming and
clicking never rerun the whole app. The polygons come once from a static geometry file
(``map_live``); a rerun sends only colours, tooltip values and the bounds as
streamlit-folium's feature group, so a filter change recolours (and zooms to the filtered
kecamatan) without reloading the map. The base map's part of the component and the
colours-only layer are prepared once and cached (``live_map``, ``dashboard/data.py``):
a rerun renders neither again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.components import live_map, session
from dashboard.data import (
    get_dataset,
    get_live_map_parts,
    get_style_script,
    map_geometry_url,
)
from dashboard.services import mapview
from dashboard.services.legend import legend_html
from dashboard.services.measures import class_counts

SELECTED = "ps_desa_pilih"


def coverage_map(
    desa: gpd.GeoDataFrame,
    kecamatan: gpd.GeoDataFrame,
    measure: str,
    *,
    bounds: tuple[float, float, float, float] | None,
    meeting: bool,
    venues: gpd.GeoDataFrame | None = None,
    reports: pd.Series | None = None,
    tiles: bool = False,
    height: int = 560,
    key: str = "peta",
    detail: Callable[[str], None] | None = None,
    legend_beside: bool = False,
    highlight: str | None = None,
    count_desa: pd.DataFrame | None = None,
) -> None:
    """Draw the map (and, inside the same fragment, the clicked desa's detail).

    The legend counts desa per class in `count_desa` (default: every desa drawn), e.g. only
    the kecamatan a meeting slide is about; `highlight` outlines one kecamatan. `bounds` is
    the view the filter asks for (None: leave the view as the user left it).
    """
    ds = get_dataset()
    url = map_geometry_url(ds)

    @st.fragment
    def _fragment() -> None:
        lang = session.lang()
        if kecamatan is ds.kecamatan_garis:  # the usual outlines: the cached base
            parts = get_live_map_parts(ds, lang=lang, tiles=tiles, meeting=meeting,
                                       highlight=highlight, key=key)  # fmt: skip
        else:
            parts = live_map.base_parts(
                mapview.build_map(
                    desa, kecamatan, measure, lang=lang, tiles=tiles, meeting_mode=meeting,
                    include_data=False, highlight=highlight, geometry_url=url,
                ),
                key=key,
            )  # fmt: skip
        group = get_style_script(ds, desa, measure, lang=lang, meeting=meeting, bounds=bounds,
                                 venues=venues, reports=reports)  # fmt: skip
        legend = legend_html(
            measure, lang, meeting_mode=meeting, large=meeting,
            counts=class_counts(
                desa if count_desa is None else count_desa, measure, meeting_mode=meeting
            ),
            venues=venues is not None and len(venues) > 0, reports=reports is not None,
        )  # fmt: skip
        if detail is None and not legend_beside:
            _draw(parts, group, height, key)
            st.html(legend)
            return
        if detail is None:
            left, right = st.columns([5, 2])
            with left:
                _draw(parts, group, height, key)
            right.html(legend)
            return
        left, right = st.columns([3, 1])
        with left:
            _draw(parts, group, height, key)
        with right:
            st.html(legend)
            kode = st.session_state.get(SELECTED)
            if kode:
                detail(str(kode))
            else:
                st.caption(session.tr("peta.klik_desa"))

    _fragment()


def _draw(parts: dict[str, Any], group: str, height: int, key: str) -> None:
    out = live_map.draw(parts, group, key=key, height=height, width="stretch")
    drawing = (out or {}).get("last_active_drawing") or {}
    kode = (drawing.get("properties") or {}).get("kode")
    if kode and kode != st.session_state.get(SELECTED):
        st.session_state[SELECTED] = kode
        st.rerun(scope="fragment")
