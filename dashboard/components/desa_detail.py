"""Detail panel of one desa: status explained, history of sessions, report count."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components import session
from dashboard.services.dataset import Dataset, Filters
from dashboard.services.explain import explain_status
from dashboard.services.measures import format_count, format_shown
from dashboard.services.safe_text import md_escape
from etl.nodes.trends import desa_history


def desa_detail(ds: Dataset, desa: pd.DataFrame, flt: Filters, kode: str, *, meeting: bool) -> None:
    """Draw the detail of desa ``kode`` (rows of ``desa`` carry the filtered metrics)."""
    rows = desa[desa["kode"] == kode]
    if rows.empty:
        st.caption(session.tr("peta.klik_desa"))
        return
    row = rows.iloc[0]
    lang = session.lang()
    st.markdown(f"#### {md_escape(row['nama'])}")
    st.caption(
        " · ".join(md_escape(v) for v in (row["kecamatan"], row["kode"], row.get("jenis", "")))
    )
    key, fmt = explain_status(row, start=flt.start, end=flt.end)
    st.markdown(session.tr(key, **fmt))

    def count(key: str) -> str:  # meeting mode: the protected figure of the same view
        if meeting and f"tampil_{key}" in row:
            return format_shown(str(row[f"tampil_{key}"]), lang)
        return format_count(row[key], lang, meeting_mode=meeting)

    st.markdown(
        f"{session.tr('detail.peserta')}: **{count('peserta')}**  \n"
        f"{session.tr('detail.laporan')}: **{count('laporan')}**"
    )
    if meeting:
        return
    history = desa_history(ds.peserta, pd.DataFrame(ds.kegiatan.drop(columns="geometry")), kode)
    if history.empty:
        st.caption(session.tr("detail.belum_ada_kegiatan"))
        return
    st.markdown(f"**{session.tr('detail.riwayat')}**")
    st.dataframe(
        history.rename(columns=lambda c: session.tr(f"kolom.{c}")),
        hide_index=True, width="stretch", height=min(35 * (len(history) + 1) + 3, 320),
    )  # fmt: skip
