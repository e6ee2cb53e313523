"""Peta Sosialisasi — Streamlit entry point. Only configures pages; no logic here."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

from dashboard.components import chrome, session, timing
from dashboard.components.auth import resolve_role
from dashboard.data import get_dataset, static_assets_ready
from dashboard.services.access import pages_for

HERE = Path(__file__).resolve().parent
PAGES = {
    "peta": ("views/peta.py", "page.peta", ":material/map:"),
    "kecamatan": ("views/kecamatan.py", "page.kecamatan", ":material/bar_chart:"),
    "tren": ("views/tren.py", "page.tren", ":material/trending_up:"),
    "rapat": ("views/rapat.py", "page.rapat", ":material/co_present:"),
    "prioritas": ("views/prioritas.py", "page.prioritas", ":material/route:"),
    "data_kualitas": ("views/data_kualitas.py", "page.data", ":material/fact_check:"),
    "petunjuk": ("views/petunjuk.py", "page.petunjuk", ":material/help:"),
}


def _meeting_alias() -> None:
    runpy.run_path(str(HERE / PAGES["rapat"][0]), run_name="__main__")


started = timing.start()
meeting = session.meeting_mode()
st.set_page_config(
    page_title="Peta Sosialisasi",
    page_icon=chrome.FAVICON_URL,  # drawn locally: a material icon would fetch from a CDN
    layout="wide",
    initial_sidebar_state="collapsed" if meeting else "auto",
)
static_assets_ready()
dataset = get_dataset()
chrome.language_picker()
logged = resolve_role(contoh=dataset.contoh)
st.session_state["ps_effective_role"] = logged
allowed = ["rapat"] if meeting else pages_for(session.role())
pages = [
    st.Page(
        str(HERE / PAGES[pid][0]),
        title=session.tr(PAGES[pid][1]),
        icon=PAGES[pid][2],
        url_path=f"{pid}-layar" if meeting else pid,
        default=(i == 0),
    )
    for i, pid in enumerate(p for p in PAGES if p in allowed)
]
if meeting:  # `/rapat?mode=rapat` as well as `/?mode=rapat` opens the meeting screen
    pages.append(st.Page(_meeting_alias, title=session.tr("page.rapat"), url_path="rapat"))
navigation = st.navigation(pages, position="hidden" if meeting else "sidebar")
chrome.page_header(dataset)
navigation.run()
timing.finish(started, navigation.url_path or "utama")
