"""Rapat (meeting / projector mode): on one 1280x720 (or 1024x768) screen per slide the
period and data date, the gap-first headline, the map (zoomed to and outlining the
kecamatan of the slide) and what is left to do; aggregated figures only ("<5")."""

from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st

from dashboard.components import session
from dashboard.components.coverage_map import coverage_map
from dashboard.components.filters import kabupaten_selector, sync_kabupaten
from dashboard.components.headline import headline
from dashboard.data import get_dataset, get_metrics, get_public_figures
from dashboard.services.charts import gap_bar
from dashboard.services.dataset import area_kecamatan, kabupaten_options, kecamatan_bounds
from dashboard.services.gap import kecamatan_gap
from dashboard.services.safe_text import md_escape
from dashboard.services.slideshow import ALL, name_list, padded, period_text, slides, step
from dashboard.services.suppression import with_public_columns

PANEL_CSS = """
<style>
.ps-rapat-periode { font-size: 19px !important; color: #000; margin: 0; line-height: 1.25; }
.ps-rapat-daftar { font-size: 17px !important; color: #000; line-height: 1.3; }
.st-key-ps_prev button p, .st-key-ps_next button p { font-size: 18px !important; }
.ps-rapat-titel { padding-bottom: 1rem; }  /* Streamlit pulls markdown up by 1rem */
.ps-rapat-daftar .ps-kop { font-size: 20px !important; font-weight: 700; margin-top: 0.3rem; }
</style>
"""

ds = get_dataset()
# the ETL's window; of the filters only the kabupaten (several in the data: a selector)
chosen = sync_kabupaten(ds).kabupaten
kabupaten_selector(ds, kabupaten_options(ds))
flt = replace(ds.default_filters, kabupaten=chosen)
area = area_kecamatan(ds, flt)
desa, kec = get_metrics(ds, flt)
public = get_public_figures(ds, flt)
desa = with_public_columns(desa, public)
keys = slides(kec)
current = st.session_state.get("ps_slide", ALL)
current = current if current in keys else ALL
names = dict(zip(ds.kecamatan["kode"], ds.kecamatan["nama"], strict=True))
whole = kabupaten_options(ds).get(chosen[0], "") if chosen else ""
lang = session.lang()
st.markdown(PANEL_CSS, unsafe_allow_html=True)

top = st.columns([5, 2, 2, 2] if not session.meeting_mode() else [5, 2, 2])
label = names.get(current, whole or session.tr("rapat.seluruh_kabupaten"))
period = period_text(flt.start, flt.end, ds.per_tanggal, lang)
position = session.tr("rapat.slide", i=keys.index(current) + 1 if current in keys else 1,
                      n=len(keys))  # fmt: skip
top[0].markdown(f"# {md_escape(label)}")
top[0].markdown(
    f'<p class="ps-rapat-periode">{html.escape(period)} · {html.escape(position)}</p>',
    unsafe_allow_html=True,
)
if top[1].button(session.tr("rapat.sebelumnya"), key="ps_prev", width="stretch"):
    st.session_state["ps_slide"] = step(current, keys, -1)
    st.rerun()
if top[2].button(session.tr("rapat.berikutnya"), key="ps_next", width="stretch"):
    st.session_state["ps_slide"] = step(current, keys, +1)
    st.rerun()
if not session.meeting_mode():
    top[3].link_button(session.tr("rapat.layar_penuh"), "/?mode=rapat")

shown_desa = desa[desa["kecamatan_kode"] == current] if current else desa
shown_kec = kec[kec["kode"] == current] if current else kec
headline(
    shown_desa, shown_kec, meeting=True, shown=public.headline((current,) if current else area)
)
left, right = st.columns([7, 4])
with left:
    coverage_map(
        desa, ds.kecamatan_garis, "status_cakupan", meeting=True, height=400,
        key="peta_rapat", legend_beside=True, highlight=current or None,
        bounds=padded(kecamatan_bounds(ds, (current,) if current else area))
        if current or area else None,
        count_desa=shown_desa,
    )  # fmt: skip
with right:
    if not current:
        gap = kecamatan_gap(desa)
        st.markdown(
            f'<div class="ps-rapat-daftar ps-rapat-titel"><div class="ps-kop">'
            f"{html.escape(session.tr('rapat.celah_judul'))}</div></div>",
            unsafe_allow_html=True,
        )
        st.plotly_chart(
            gap_bar(gap, lang, n=9).update_layout(height=262),
            width="stretch",
            config={"displayModeBar": False, "staticPlot": True},
        )
        zero = gap[gap["tercakup"] == 0]
        text = session.tr(
            "rapat.nol_tercakup", n=len(zero), daftar=name_list(list(zero["nama"]), lang)
        )
        st.markdown(
            f'<div class="ps-rapat-daftar">{html.escape(text)}</div>', unsafe_allow_html=True
        )
    else:
        parts = []
        for status, key in (
            ("belum", "rapat.desa_belum"),
            ("kedaluwarsa", "rapat.desa_kedaluwarsa"),
        ):
            rows = sorted(
                shown_desa.loc[shown_desa["status_cakupan"] == status, "nama"].astype(str)
            )
            parts.append(
                f'<div class="ps-kop">{html.escape(session.tr(key, n=len(rows)))}</div>'
                f"<div>{html.escape(name_list(rows, lang))}</div>"
            )
        st.markdown(f'<div class="ps-rapat-daftar">{"".join(parts)}</div>', unsafe_allow_html=True)
