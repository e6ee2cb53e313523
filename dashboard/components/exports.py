"""Download buttons: the map as HTML/PNG, tables as Excel/CSV (formula-safe)."""

from __future__ import annotations

import io
from datetime import datetime

import geopandas as gpd
import streamlit as st

from dashboard.components import session
from dashboard.services import mapview
from dashboard.services.dataset import Dataset, Filters, export_bounds
from dashboard.services.export_info import export_stamp_lines
from dashboard.services.legend import legend_html
from dashboard.services.map_export import export_map_html
from dashboard.services.map_png import PngExportError, html_to_png
from dashboard.services.measures import MEASURES, class_counts
from dashboard.services.public_tables import desa_table, human_table, kecamatan_table
from dashboard.services.safe_text import md_escape
from dashboard.services.suppression import PublicFigures
from etl.io.export import frame_to_csv_bytes, write_tables_xlsx


def stamp_lines(ds: Dataset, flt: Filters) -> list[str]:
    """Date, data period and filters stamped on every exported map and table."""
    return export_stamp_lines(ds, flt, session.lang(), datetime.now())


def export_panel(
    ds: Dataset, desa: gpd.GeoDataFrame, kec: gpd.GeoDataFrame, flt: Filters, measure: str,
    *, meeting: bool, figures: PublicFigures | None = None,
) -> None:  # fmt: skip
    """An expander with the download buttons; files are made only when asked for, so
    ordinary reruns stay fast. `figures`: the protected counts of the view (rapat)."""
    role = session.role()
    with st.expander(session.tr("ekspor.judul"), icon=":material/download:"):
        if not st.button(session.tr("ekspor.siapkan"), key="ps_export_prepare"):
            st.caption(session.tr("ekspor.keterangan"))
            return
        lang = session.lang()
        title = f"{session.tr('app.title')} — {MEASURES[measure].name(lang)}"
        m = mapview.build_map(desa, ds.kecamatan_garis, measure, lang=lang, meeting_mode=meeting,
                              bounds=export_bounds(ds, flt))  # fmt: skip
        page = export_map_html(
            m,
            title,
            legend_html(
                measure,
                lang,
                meeting_mode=meeting,
                counts=class_counts(desa, measure, meeting_mode=meeting),
            ),
            stamp_lines(ds, flt),
            lang=lang,
        )
        tables = {
            session.tr("ekspor.lembar_desa"): human_table(desa_table(desa, role, figures), lang),
            session.tr("ekspor.lembar_kecamatan"): human_table(
                kecamatan_table(kec, role, figures), lang
            ),
        }
        buffer = io.BytesIO()
        write_tables_xlsx(tables, buffer, info=[session.tr("app.title"), *stamp_lines(ds, flt)],
                          info_sheet=session.tr("ekspor.lembar_keterangan"))  # fmt: skip
        c1, c2, c3, c4 = st.columns(4)
        c1.download_button(
            session.tr("ekspor.html"),
            page.encode("utf-8"),
            file_name="peta_sosialisasi.html",
            mime="text/html",
            on_click="ignore",
        )
        try:
            png = html_to_png(page)
        except PngExportError as exc:
            c2.warning(md_escape(exc))
        else:
            c2.download_button(
                session.tr("ekspor.png"),
                png,
                file_name="peta_sosialisasi.png",
                mime="image/png",
                on_click="ignore",
            )
        c3.download_button(
            session.tr("ekspor.excel"),
            buffer.getvalue(),
            file_name="cakupan_sosialisasi.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )
        c4.download_button(
            session.tr("ekspor.csv"),
            frame_to_csv_bytes(tables[session.tr("ekspor.lembar_desa")]),
            file_name="cakupan_desa.csv",
            mime="text/csv",
            on_click="ignore",
        )
