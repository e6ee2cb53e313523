"""Minimal Streamlit app for the map e2e tests (staged next to a static/ folder by harness).

Uses the 278 real TTS desa when `geodata/build/53.02.gpkg` exists (metrics are made up,
deterministically from the desa code), else three hand-built squares. Query parameters:
`measure` (a key of MEASURES), `lang`, `rapat=1` (meeting mode), `xss=1` (renames the first
desa to an HTML-injection string, which must show as text).
The page prints `jumlah_desa=N`, `runs=N` (full reruns) and `klik=<kode>` for the tests.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from shapely.geometry import box
from streamlit_folium import st_folium

from dashboard.services import mapview
from dashboard.services.legend import legend_html
from dashboard.services.offline import ensure_static_assets

XSS = "<img src=x onerror=alert(1)>"
STATUSES = ("tercakup", "kedaluwarsa", "belum", None)


def load_frames(xss: bool) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Desa with made-up metrics, and kecamatan outlines."""
    from geodata.load import gpkg_path, read_layer

    if gpkg_path("53.02").is_file():
        desa = read_layer("53.02", "desa_tampilan")
    else:
        desa = gpd.GeoDataFrame(
            {
                "kode": ["53.02.01.1001", "53.02.01.2002", "53.02.02.2001"],
                "nama": ["SoE", "Kampung Baru", "Oinlasi"],
                "kecamatan_kode": ["53.02.01", "53.02.01", "53.02.02"],
                "kecamatan": ["Kota Soe", "Kota Soe", "Mollo Selatan"],
            },
            geometry=[
                box(124.20, -9.90, 124.30, -9.80),
                box(124.30, -9.90, 124.40, -9.80),
                box(124.20, -9.80, 124.40, -9.70),
            ],
            crs=4326,
        )
    n = len(desa)
    seeds = [int(k.replace(".", "")) % 97 for k in desa["kode"]]
    status = [STATUSES[s % 4] for s in seeds]
    desa = desa.assign(
        status_cakupan=status,
        hari_sejak_kunjungan=[
            s * 5 if st_ in ("tercakup", "kedaluwarsa") else None
            for s, st_ in zip(seeds, status, strict=True)
        ],
        kunjungan_terakhir=[
            pd.Timestamp("2025-06-30") - pd.Timedelta(days=s * 5)
            if st_ in ("tercakup", "kedaluwarsa")
            else None
            for s, st_ in zip(seeds, status, strict=True)
        ],
        peserta=[s % 60 if st_ else None for s, st_ in zip(seeds, status, strict=True)],
        peserta_kades_lurah=[s % 2 if st_ else None for s, st_ in zip(seeds, status, strict=True)],
        peserta_rt_rw=[s % 7 if st_ else None for s, st_ in zip(seeds, status, strict=True)],
        laporan=[s % 12 if st_ else None for s, st_ in zip(seeds, status, strict=True)],
        laporan_tanpa_cakupan=[
            s % 6 if st_ == "belum" else 0 for s, st_ in zip(seeds, status, strict=True)
        ],
    )
    if xss and n:
        desa.loc[desa.index[0], "nama"] = XSS
    return desa, mapview.kecamatan_outlines(desa)


ensure_static_assets(Path(__file__).resolve().parent / "static")
st.set_page_config(page_title="Peta harness", layout="wide")
params = st.query_params
measure = params.get("measure", "status_cakupan")
lang = params.get("lang", "id")
rapat = params.get("rapat") == "1"
desa, kecamatan = load_frames(params.get("xss") == "1")
st.session_state["runs"] = st.session_state.get("runs", 0) + 1
st.markdown(f"jumlah_desa={len(desa)} runs={st.session_state['runs']}")


@st.fragment
def map_fragment() -> None:
    """Map + measure switch: a fragment, so map events never rerun the whole script."""
    choice = st.selectbox(
        "ukuran", list(mapview.MEASURES), index=list(mapview.MEASURES).index(measure), key="ukuran"
    )
    st.html(legend_html(choice, lang, meeting_mode=rapat))
    base = mapview.build_map(
        desa, kecamatan, choice, lang=lang, meeting_mode=rapat, include_data=False
    )
    group = mapview.data_layer_group(
        desa,
        choice,
        lang=lang,
        meeting_mode=rapat,
        reports_per_desa=desa.set_index("kode")["laporan"]
        if params.get("laporan") == "1"
        else None,
    )
    out = st_folium(
        base,
        key="peta",
        feature_group_to_add=group,
        returned_objects=["last_active_drawing"],
        height=520,
        use_container_width=True,
    )
    drawing = (out or {}).get("last_active_drawing") or {}
    st.markdown(f"klik={(drawing.get('properties') or {}).get('kode', '-')}")


map_fragment()
