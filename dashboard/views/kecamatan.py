"""Kecamatan: the 32 kecamatan side by side; a row filters to it and opens the map (which
zooms to the filtered kecamatan; "Hapus saringan" shows everything again)."""

from __future__ import annotations

import streamlit as st

from dashboard.components import session
from dashboard.components.filters import focus_kecamatan, sidebar_filters
from dashboard.data import get_dataset, get_metrics, get_public_figures
from dashboard.services.access import needs_suppression
from dashboard.services.charts import kecamatan_bar
from dashboard.services.public_tables import by_gap, kecamatan_table

# columns shown under a short label (full name on hover), so all fit 1366 px
SHORT = ("desa_tercakup", "desa_total", "jumlah_kegiatan", "peserta", "peserta_kades_lurah",
         "peserta_rt_rw", "laporan", "laporan_tanpa_cakupan")  # fmt: skip

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
figures = get_public_figures(ds, flt) if needs_suppression(role) else None
table = kecamatan_table(by_gap(kec), role, figures)  # biggest gap first, as in the chart
shown = table.rename(columns=lambda c: session.tr(f"kolom.{c}"))
config = {
    session.tr(f"kolom.{c}"): st.column_config.Column(
        session.tr(f"kolom_pendek.{c}"), help=session.tr(f"kolom.{c}"), width="small")
    for c in SHORT
}  # fmt: skip
config[session.tr("kolom.nama")] = st.column_config.Column(width=150)
config[session.tr("kolom.laporan_tanpa_cakupan")] = st.column_config.Column(
    session.tr("kolom_pendek.laporan_tanpa_cakupan"), help=session.tr("kolom.laporan_tanpa_cakupan"),
    width=105,
)  # fmt: skip
config[session.tr("kolom.persen_tercakup")] = st.column_config.ProgressColumn(
    session.tr("kolom_pendek.persen_tercakup"), help=session.tr("kolom.persen_tercakup"),
    min_value=0, max_value=100, format="%.0f%%", width=90,
)  # fmt: skip
st.session_state[CODES] = table["kode"].astype(str).tolist()  # row number -> kode
st.dataframe(
    shown, hide_index=True, width="stretch", on_select=_row_chosen,
    selection_mode="single-row", key="ps_kec_table",
    column_order=[c for c in shown.columns if c != session.tr("kolom.kode")],
    column_config=config,
)  # fmt: skip
st.plotly_chart(
    kecamatan_bar(kec, session.lang()), width="stretch", config={"displayModeBar": False}
)
