"""Prioritas Kunjungan: ranked villages, proposed joint sessions and day trips."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard.components import session
from dashboard.components.filters import kabupaten_selector, sync_kabupaten
from dashboard.data import get_dataset
from dashboard.services.access import can_view
from dashboard.services.dataset import kabupaten_options
from dashboard.services.plan_map import plan_legend_html, plan_map
from dashboard.services.plan_view import (
    adjust_plan,
    page_plan,
    ranking_table,
    session_table,
    trip_route,
)
from dashboard.services.safe_text import md_escape
from etl.planning.export import render_plan_html, write_plan_xlsx
from etl.planning.priority import DEFAULT_WEIGHTS, explain_components
from etl.planning.service import PlanOptions, risk_from_csv
from etl.planning.trips import DEFAULT_DETOUR

MAX_RISK_BYTES = 5 * 1024 * 1024
ds = get_dataset()
if not can_view(session.role(), "prioritas"):
    st.error(session.tr("auth.tidak_boleh"))
    st.stop()
st.title(session.tr("page.prioritas"))
st.caption(session.tr("prioritas.keterangan"))
chosen = sync_kabupaten(ds).kabupaten  # plan within the chosen kabupaten, else across all
kabupaten_selector(ds, kabupaten_options(ds))

with st.sidebar:
    st.markdown(f"**{session.tr('prioritas.bobot')}**")
    weights = {
        name: st.slider(session.tr(f"kolom.kontribusi_{name}"), -1.0 if name == "jarak" else 0.0, 1.0,
                        float(value), 0.05, key=f"ps_w_{name}", help=explain_components()[name])
        for name, value in DEFAULT_WEIGHTS.items()
    }  # fmt: skip
    k = st.slider(session.tr("prioritas.k"), 1, 30, 10)
    radius = st.slider(session.tr("prioritas.radius"), 2.0, 30.0, 10.0, 0.5)
    budget = st.slider(session.tr("prioritas.anggaran"), 50.0, 600.0, 200.0, 10.0)
    detour = st.slider(session.tr("prioritas.detour"), 1.0, 2.5, DEFAULT_DETOUR, 0.05)
    home = ds.rencana.default_base(chosen)  # the area's own base, as `rencana` starts
    base_lat = st.number_input(session.tr("prioritas.basis_lat"), value=home[0], format="%.4f")
    base_lon = st.number_input(session.tr("prioritas.basis_lon"), value=home[1], format="%.4f")

    risk_file = st.file_uploader(
        session.tr("prioritas.risiko"), type=["csv"], help=session.tr("prioritas.risiko_bantuan")
    )

risk, risk_review = None, None
if risk_file is not None and risk_file.size > MAX_RISK_BYTES:
    st.error(f"{md_escape(risk_file.name)}: {session.tr('prioritas.risiko_besar')}")
elif risk_file is not None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "risiko.csv"
        path.write_bytes(risk_file.getvalue())
        try:
            risk, risk_review = risk_from_csv(path, ds.rencana)
        except ValueError as exc:
            st.error(f"{md_escape(risk_file.name)}: {md_escape(exc)}")
    if risk_review is not None and len(risk_review):
        st.warning(session.tr("prioritas.risiko_tinjau", n=len(risk_review)))
options = PlanOptions(
    weights=weights,
    k=k,
    radius_km=radius,
    base=(base_lat, base_lon),
    budget_km=budget,
    detour=detour,
    risk=risk,
    kabupaten=chosen,
)
plan = page_plan(ds, options)  # what `rencana` computes for the same options

st.subheader(session.tr("prioritas.peringkat"))
ranking = ranking_table(plan.skor, session.lang())
numbers = ["skor", *[c for c in ranking.columns if c.startswith("kontribusi_")]]
st.dataframe(
    ranking.rename(columns=lambda c: session.tr(f"kolom.{c}")),
    hide_index=True,
    width="stretch",
    column_order=[session.tr(f"kolom.{c}") for c in ranking.columns if c != "kode"],
    column_config={
        session.tr(f"kolom.{c}"): st.column_config.NumberColumn(format="%.2f", width="small")
        for c in numbers
    }
    | {session.tr("kolom.alasan"): st.column_config.TextColumn(width=560)},
)

st.subheader(session.tr("prioritas.sesi"))
proposed = [s.venue_kode for s in plan.sessions]
names = ds.rencana.within(chosen).desa.set_index("kode")["nama"]
picked = st.multiselect(
    session.tr("prioritas.sesuaikan"),
    list(names.index),
    default=proposed,
    format_func=lambda c: f"{names.get(c, c)} ({c})",
    select_all=False,
)
plan = adjust_plan(plan, ds, picked, options)
st.dataframe(
    session_table(plan).rename(columns=lambda c: session.tr(f"kolom.{c}")),
    hide_index=True,
    width="stretch",
)
st.caption(session.tr("prioritas.perkiraan", detour=detour))
start = str(plan.parameters.get("basis_nama") or session.tr("rencana.basis"))
for trip in plan.trips:
    flag = " ⚠️ " + session.tr("prioritas.melebihi") if trip.melebihi_anggaran else ""
    route = trip_route(trip, names.to_dict(), start)
    st.markdown(
        session.tr("prioritas.trip", n=trip.number, km=f"{trip.km:.0f}", rute=md_escape(route))
        + flag
    )

map_col, legend_col = st.columns([5, 2])
with map_col:
    st_folium(
        plan_map(ds.desa, ds.kecamatan_garis, plan, lang=session.lang()),
        key="peta_rencana",
        returned_objects=[],
        height=520,
        width="stretch",
    )
legend_col.html(plan_legend_html(plan, session.lang()))

c1, c2 = st.columns(2)
with tempfile.TemporaryDirectory() as tmp:
    xlsx = write_plan_xlsx(plan, Path(tmp) / "rencana.xlsx", review=risk_review)
    c1.download_button(
        session.tr("prioritas.unduh_excel"),
        xlsx.read_bytes(),
        file_name="rencana_kunjungan.xlsx",
        on_click="ignore",
    )
c2.download_button(
    session.tr("prioritas.unduh_html"),
    render_plan_html(
        plan, ds.desa, catatan=session.tr("banner.contoh") if ds.contoh else None
    ).encode("utf-8"),
    file_name="rencana_kunjungan.html",
    mime="text/html",
    on_click="ignore",
)
