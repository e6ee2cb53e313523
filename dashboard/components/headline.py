"""Headline figures above the map, gap first: desa never reached, lapsed, then covered.

Every value is one short number (the denominators live in the labels), so no value is cut
at 1024 px on the meeting screen; labels wrap instead of being cut off.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.components import session
from dashboard.services.gap import status_counts
from dashboard.services.measures import format_count, format_shown
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
    desa: pd.DataFrame,
    kecamatan: pd.DataFrame,
    *,
    meeting: bool = False,
    shown: Mapping[str, str] | None = None,
) -> dict[str, float]:
    """Draw the headline figures, the gap first. In meeting mode the counts of people and
    reports are `shown`, the protected figures of the same view (`PublicFigures.headline`);
    the desa counts are counts of villages, never suppressed. Meeting mode leaves out the
    leaders figure (it is on the Peta page) so the row fits a 1024 px projector.
    """
    fig = headline_figures(desa, kecamatan)
    gap = status_counts(desa)
    lang = session.lang()

    def count(key: str) -> str:
        if meeting and shown is not None:
            return format_shown(shown[key], lang)
        return format_count(fig[key], lang, meeting_mode=meeting)

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
            (session.tr("headline.peserta"), count("peserta")),
        ]
        if not meeting:
            figures.append((session.tr("headline.pemimpin"), count("pemimpin")))
        figures.append(
            (session.tr("headline.laporan_tanpa_cakupan"), count("laporan_tanpa_cakupan"))
        )
        for col, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
            col.metric(label, value)
    return fig
