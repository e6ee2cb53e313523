"""Headline figures above the map, gap first: desa never reached, lapsed, then covered.

Every value is one short number (the denominators live in the labels), so no value is cut
at 1024 px on the meeting screen; labels wrap instead of being cut off.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components import session
from dashboard.services.gap import status_counts
from dashboard.services.measures import format_count
from etl.nodes.metrics import headline_figures

HEADLINE_CSS = """
<style>
.st-key-ps_headline [data-testid="stMetricLabel"],
.st-key-ps_headline [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
.st-key-ps_headline [data-testid="stMetricValue"] { overflow: visible; }
</style>
"""
MEETING_VALUE_CSS = """
<style>
.st-key-ps_headline [data-testid="stMetricValue"],
.st-key-ps_headline [data-testid="stMetricValue"] * {
  font-size: clamp(34px, 4vw, 52px) !important; }
.st-key-ps_headline [data-testid="stMetricLabel"],
.st-key-ps_headline [data-testid="stMetricLabel"] * { font-size: 18px !important; }
</style>
"""


def headline(
    desa: pd.DataFrame, kecamatan: pd.DataFrame, *, meeting: bool = False
) -> dict[str, float]:
    """Draw the headline figures; small counts of people read "<5" in meeting mode.

    Meeting mode leaves out the leaders figure (it is on the Peta page) so the row fits a
    1024 px projector; the desa counts are counts of villages, never suppressed.
    """
    fig = headline_figures(desa, kecamatan)
    gap = status_counts(desa)
    lang = session.lang()
    pct = f"{fig['persen_tercakup']:.1f}".replace(".", "," if lang == "id" else ".")
    st.markdown(HEADLINE_CSS + (MEETING_VALUE_CSS if meeting else ""), unsafe_allow_html=True)
    with st.container(key="ps_headline"):
        figures = [
            (session.tr("headline.belum"), str(gap["belum"])),
            (session.tr("headline.kedaluwarsa"), str(gap["kedaluwarsa"])),
            (
                session.tr("headline.tercakup_dari", persen=pct, total=gap["total"]),
                str(gap["tercakup"]),
            ),
            (
                session.tr("headline.kecamatan_tanpa_jangkauan"),
                f"{fig['kecamatan_tanpa_jangkauan']:.0f} / {fig['kecamatan_total']:.0f}",
            ),
            (
                session.tr("headline.peserta"),
                format_count(fig["peserta"], lang, meeting_mode=meeting),
            ),
        ]
        if not meeting:
            figures.append((session.tr("headline.pemimpin"), format_count(fig["pemimpin"], lang)))
        figures.append(
            (
                session.tr("headline.laporan_tanpa_cakupan"),
                format_count(fig["laporan_tanpa_cakupan"], lang, meeting_mode=meeting),
            )
        )
        for col, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
            col.metric(label, value)
    return fig
