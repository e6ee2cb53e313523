"""Tren: sessions, participants and newly reached desa per month; this period against
the previous period of the same length."""

from __future__ import annotations

import streamlit as st

from dashboard.components import session
from dashboard.components.coverage_map import coverage_map
from dashboard.components.filters import sidebar_filters
from dashboard.data import get_dataset, get_metrics, get_public_figures
from dashboard.services.charts import trend_chart
from dashboard.services.dataset import (
    area_kecamatan,
    export_bounds,
    filtered_attendance,
    previous_filters,
)
from dashboard.services.gap import period_breakdown, status_counts
from dashboard.services.suppression import monthly_participants, plotted, with_public_columns
from etl.nodes.trends import compare_periods, monthly_trend

ds = get_dataset()
flt = sidebar_filters(ds, show_reports=False)
meeting = session.role() == "rapat"
st.title(session.tr("page.tren"))

attendance = filtered_attendance(ds, flt)
trend = monthly_trend(attendance, start=flt.start, end=flt.end)
if meeting:  # months add up to the headline total: protected together with it
    total = get_public_figures(ds, flt).headline(area_kecamatan(ds, flt))["peserta"]
    trend = trend.assign(peserta=plotted(monthly_participants(trend, total)[0]))
    st.caption(session.tr("tren.peserta_disembunyikan"))
st.plotly_chart(
    trend_chart(trend, session.lang()), width="stretch", config={"displayModeBar": False}
)

prev = previous_filters(flt)
change = compare_periods(ds.desa["kode"], attendance, start=flt.start, end=flt.end)
desa_now, _ = get_metrics(ds, flt)
desa_prev, _ = get_metrics(ds, prev)
# Same words and numbers as Peta and Rapat: each status, split by what changed since the
# previous period (the splits add up to the status counts).
gap, split = status_counts(desa_now), period_breakdown(desa_now, change)
st.subheader(session.tr("tren.celah_judul"))
for col, (status, parts) in zip(
    st.columns(3),
    [("belum", ()), ("kedaluwarsa", ("lepas", "kedaluwarsa_lama")),
     ("tercakup", ("baru_tercakup", "tetap_tercakup"))],
    strict=True,
):  # fmt: skip
    col.metric(session.tr(f"status.{status}"), gap[status])
    for part in parts:
        col.caption(f"{session.tr(f'perubahan.{part}')}: {split[part]}")
if meeting:
    desa_now = with_public_columns(desa_now, get_public_figures(ds, flt))
    desa_prev = with_public_columns(desa_prev, get_public_figures(ds, prev))
for column, (period, data, key, label) in zip(
    st.columns(2),
    [
        (prev, desa_prev, "peta_lalu", "tren.periode_lalu"),
        (flt, desa_now, "peta_ini", "tren.periode_ini"),
    ],
    strict=True,
):
    with column:
        st.markdown(
            session.tr(label, mulai=period.start.strftime("%d/%m/%Y"),
                       akhir=period.end.strftime("%d/%m/%Y"))
        )  # fmt: skip
        coverage_map(data, ds.kecamatan_garis, "status_cakupan", bounds=export_bounds(ds, flt),
                     meeting=meeting, height=420, key=key)  # fmt: skip
