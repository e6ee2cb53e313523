"""Headline figures above the map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components import session
from dashboard.services.measures import format_count
from etl.nodes.metrics import headline_figures


def headline(
    desa: pd.DataFrame, kecamatan: pd.DataFrame, *, meeting: bool = False
) -> dict[str, float]:
    """Draw the five headline figures; small counts read "<5" in meeting mode."""
    fig = headline_figures(desa, kecamatan)
    lang = session.lang()
    cols = st.columns(5)
    pct = f"{fig['persen_tercakup']:.1f}".replace(".", "," if lang == "id" else ".")
    label = session.tr("headline.desa_tercakup")
    cols[0].metric(
        f"{label} ({pct} %)" if meeting else label,
        f"{fig['desa_tercakup']:.0f} / {fig['desa_total']:.0f}",
    )
    if not meeting:
        cols[0].caption(session.tr("headline.persen", persen=pct))
    cols[1].metric(
        session.tr("headline.kecamatan_tanpa_jangkauan"),
        f"{fig['kecamatan_tanpa_jangkauan']:.0f} / {fig['kecamatan_total']:.0f}",
    )
    cols[2].metric(
        session.tr("headline.peserta"), format_count(fig["peserta"], lang, meeting_mode=meeting)
    )
    cols[3].metric(
        session.tr("headline.pemimpin"), format_count(fig["pemimpin"], lang, meeting_mode=meeting)
    )
    cols[4].metric(
        session.tr("headline.laporan_tanpa_cakupan"),
        format_count(fig["laporan_tanpa_cakupan"], lang, meeting_mode=meeting),
    )
    return fig
