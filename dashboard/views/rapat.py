"""Rapat (meeting / projector mode): headline figures, the map and the kecamatan chart on
one 1280x720 screen; aggregated figures only (counts below 5 read "<5")."""

from __future__ import annotations

import streamlit as st

from dashboard.components import session
from dashboard.components.coverage_map import coverage_map
from dashboard.components.headline import headline
from dashboard.data import get_dataset, get_metrics, get_public_figures
from dashboard.services.charts import lowest_coverage_bar
from dashboard.services.dataset import kecamatan_bounds
from dashboard.services.slideshow import ALL, slides, step
from dashboard.services.suppression import with_public_columns

ds = get_dataset()
flt = ds.default_filters
desa, kec = get_metrics(ds, flt)
public = get_public_figures(ds, flt)
desa = with_public_columns(desa, public)
keys = slides(ds.kecamatan)
current = st.session_state.get("ps_slide", ALL)
names = dict(zip(ds.kecamatan["kode"], ds.kecamatan["nama"], strict=True))

top = st.columns([6, 1, 1, 2])
label = names.get(current, session.tr("rapat.seluruh_kabupaten"))
top[0].markdown(f"# {session.tr('app.title')} — {label}")
if top[1].button("◀", key="ps_prev", help=session.tr("rapat.sebelumnya")):
    st.session_state["ps_slide"] = step(current, keys, -1)
    st.rerun()
if top[2].button("▶", key="ps_next", help=session.tr("rapat.berikutnya")):
    st.session_state["ps_slide"] = step(current, keys, +1)
    st.rerun()
if not session.meeting_mode():
    top[3].link_button(session.tr("rapat.layar_penuh"), "/?mode=rapat")

shown_desa = desa[desa["kecamatan_kode"] == current] if current else desa
shown_kec = kec[kec["kode"] == current] if current else kec
headline(shown_desa, shown_kec, meeting=True, shown=public.headline((current,) if current else ()))
left, right = st.columns([7, 4])
with left:
    coverage_map(
        desa, ds.kecamatan_garis, "status_cakupan", meeting=True, height=420, key="peta_rapat", legend_beside=True,
        bounds=kecamatan_bounds(ds, (current,)) if current else None,
    )  # fmt: skip
with right:
    st.plotly_chart(
        lowest_coverage_bar(kec, session.lang()).update_layout(height=420),
        width="stretch",
        config={"displayModeBar": False, "staticPlot": True},
    )
