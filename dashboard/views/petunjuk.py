"""Petunjuk: a short guide for officers (template, loading data, reading the map, planning)."""

from __future__ import annotations

import streamlit as st

from dashboard.components import session
from dashboard.components.form_downloads import form_downloads
from dashboard.data import get_dataset
from dashboard.services.legend import legend_html
from dashboard.services.measures import MEASURES
from etl.io.contract import DEFAULT_WINDOW_MONTHS

st.title(session.tr("page.petunjuk"))
for section in ("formulir", "isi_templat", "muat_data", "baca_peta", "rencana", "privasi"):
    st.subheader(session.tr(f"petunjuk.{section}.judul"))
    st.markdown(
        session.tr("petunjuk.baca_peta.teks", bulan=int(DEFAULT_WINDOW_MONTHS))
        if section == "baca_peta"
        else session.tr(f"petunjuk.{section}.teks")
    )
    if section == "formulir":
        form_downloads(get_dataset, "ps_petunjuk_formulir")
    if section == "baca_peta":
        cols = st.columns(3)
        for i, key in enumerate(MEASURES):
            with cols[i % 3]:
                st.html(legend_html(key, session.lang()))
