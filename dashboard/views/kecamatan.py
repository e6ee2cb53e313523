"""Kecamatan: the 32 kecamatan side by side; a row filters to it and opens the map (which
zooms to the filtered kecamatan; "Hapus saringan" shows everything again)."""

from __future__ import annotations

import streamlit as st

from dashboard.components import session
from dashboard.components.filters import focus_kecamatan, sidebar_filters
from dashboard.data import get_dataset, get_metrics
from dashboard.services.charts import kecamatan_bar
from dashboard.services.public_tables import kecamatan_table

OPEN_MAP = "ps_buka_peta"
CODES = "ps_kec_table_kode"


def _row_chosen() -> None:
    """Selection callback (runs before the script, so the filter widgets can change)."""
    rows = st.session_state["ps_kec_table"]["selection"]["rows"]
    codes = st.session_state.get(CODES, [])
    if rows and rows[0] < len(codes):
        focus_kecamatan(get_dataset(), codes[rows[0]])
        st.session_state[OPEN_MAP] = True


if st.session_state.pop(OPEN_MAP, False):
    st.switch_page("views/peta.py")
ds = get_dataset()
flt = sidebar_filters(ds)
desa, kec = get_metrics(ds, flt)
role = session.role()

st.title(session.tr("page.kecamatan"))
st.caption(session.tr("kecamatan.keterangan"))
table = kecamatan_table(kec, role)
st.session_state[CODES] = table["kode"].astype(str).tolist()  # row number -> kode
shown = table.rename(columns=lambda c: session.tr(f"kolom.{c}"))
st.dataframe(
    shown, hide_index=True, width="stretch", on_select=_row_chosen,
    selection_mode="single-row", key="ps_kec_table",
    column_config={session.tr("kolom.persen_tercakup"): st.column_config.ProgressColumn(
        session.tr("kolom.persen_tercakup"), min_value=0, max_value=100, format="%.0f%%")},
)  # fmt: skip
st.plotly_chart(
    kecamatan_bar(kec, session.lang()), width="stretch", config={"displayModeBar": False}
)
