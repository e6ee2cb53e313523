"""Headline figures above the map."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.components import session
from dashboard.services.measures import format_count, format_shown
from etl.nodes.metrics import headline_figures


def headline(
    desa: pd.DataFrame,
    kecamatan: pd.DataFrame,
    *,
    meeting: bool = False,
    shown: Mapping[str, str] | None = None,
) -> dict[str, float]:
    """Draw the five headline figures. In meeting mode the counts are `shown`, the
    protected figures of the same view (`PublicFigures.headline`)."""
    fig = headline_figures(desa, kecamatan)
    lang = session.lang()

    def count(key: str) -> str:
        if meeting and shown is not None:
            return format_shown(shown[key], lang)
        return format_count(fig[key], lang, meeting_mode=meeting)

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
    cols[2].metric(session.tr("headline.peserta"), count("peserta"))
    cols[3].metric(session.tr("headline.pemimpin"), count("pemimpin"))
    cols[4].metric(session.tr("headline.laporan_tanpa_cakupan"), count("laporan_tanpa_cakupan"))
    return fig
