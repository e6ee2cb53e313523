"""Kecamatan: the 32 kecamatan side by side; a row leads to the map zoomed there."""

from __future__ import annotations

import streamlit as st

from dashboard.components import session
from dashboard.components.filters import sidebar_filters
from dashboard.data import get_dataset, get_metrics, get_public_figures
from dashboard.services.access import needs_suppression
from dashboard.services.charts import kecamatan_bar
from dashboard.services.public_tables import kecamatan_table

ds = get_dataset()
flt = sidebar_filters(ds)
desa, kec = get_metrics(ds, flt)
role = session.role()

st.title(session.tr("page.kecamatan"))
st.caption(session.tr("kecamatan.keterangan"))
table = kecamatan_table(kec, role, get_public_figures(ds, flt) if needs_suppression(role) else None)
shown = table.rename(columns=lambda c: session.tr(f"kolom.{c}"))
event = st.dataframe(
    shown, hide_index=True, width="stretch", on_select="rerun",
    selection_mode="single-row", key="ps_kec_table",
    column_config={session.tr("kolom.persen_tercakup"): st.column_config.ProgressColumn(
        session.tr("kolom.persen_tercakup"), min_value=0, max_value=100, format="%.0f%%")},
)  # fmt: skip
rows = event.selection.rows if event is not None else []
if rows:
    kode = table.iloc[rows[0]]["kode"]
    st.session_state["ps_fokus_kecamatan"] = (kode,)
    st.switch_page("views/peta.py")
st.plotly_chart(
    kecamatan_bar(kec, session.lang()), width="stretch", config={"displayModeBar": False}
)
