"""Peta Cakupan: which villages were reached, which never, where reports come from."""

from __future__ import annotations

import streamlit as st

from dashboard.components import exports, session
from dashboard.components.coverage_map import coverage_map
from dashboard.components.desa_detail import desa_detail
from dashboard.components.filters import sidebar_filters
from dashboard.components.headline import headline
from dashboard.data import get_dataset, get_metrics, get_public_figures
from dashboard.services.dataset import (
    area_kecamatan,
    kecamatan_bounds,
    reports_per_desa,
    venue_points,
)
from dashboard.services.measures import MEASURES
from dashboard.services.suppression import with_public_columns

MAP_HEIGHT = 400  # px: the whole kabupaten and the headline on one 1366x768 screen
ds = get_dataset()
flt = sidebar_filters(ds)
meeting = session.role() == "rapat"
desa, kec = get_metrics(ds, flt)
area = area_kecamatan(ds, flt)  # the chosen kecamatan, or those of the chosen kabupaten
public = get_public_figures(ds, flt) if meeting else None
if public is not None:  # every count a rapat viewer sees comes from the protected figures
    desa = with_public_columns(desa, public)

st.title(session.tr("page.peta"))
headline(desa, kec, meeting=meeting, shown=public.headline(area) if public else None)

measure_names = {k: m.name(session.lang()) for k, m in MEASURES.items()}
c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
measure = c1.selectbox(
    session.tr("measure.label"), list(MEASURES), key="ps_measure",
    format_func=measure_names.__getitem__,
)  # fmt: skip
show_venues = c2.toggle(session.tr("filter.lapisan_tempat"), key="ps_venues")
show_reports = c3.toggle(session.tr("filter.lapisan_laporan"), key="ps_reports")
tiles = c4.toggle(
    session.tr("filter.peta_dasar"), key="ps_tiles", help=session.tr("peta.peta_dasar_bantuan")
)
venues = venue_points(ds, flt) if show_venues else None
reports = reports_per_desa(ds, flt) if show_reports else None
coverage_map(
    desa, ds.kecamatan_garis, measure,
    bounds=kecamatan_bounds(ds, area), meeting=meeting, venues=venues,
    reports=reports, tiles=tiles, height=MAP_HEIGHT,
    detail=lambda kode: desa_detail(ds, desa, flt, kode, meeting=meeting),
)  # fmt: skip
exports.export_panel(ds, desa, kec, flt, measure, meeting=meeting, figures=public)
