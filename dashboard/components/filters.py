"""Sidebar filters shared by the pages: period, kecamatan, role group, report type."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.components import session
from dashboard.services.dataset import Dataset, Filters, report_types

ROLE_GROUPS = ("kades_lurah", "rt_rw", "tokoh", "warga")


def sidebar_filters(ds: Dataset, *, show_roles: bool = True, show_reports: bool = True) -> Filters:
    """Draw the filters in the sidebar and return the chosen :class:`Filters`."""
    current = session.filters(ds)
    bar = st.sidebar
    bar.markdown(f"**{session.tr('filter.judul')}**")
    period = bar.date_input(
        session.tr("filter.periode"), value=(current.start, current.end),
        max_value=max(current.end, ds.per_tanggal), format="DD/MM/YYYY", key="ps_periode",
    )  # fmt: skip
    start, end = _period(period, current)
    kec = ds.kecamatan.sort_values("nama")
    names = dict(zip(kec["kode"], kec["nama"], strict=True))
    chosen_kec = bar.multiselect(
        session.tr("filter.kecamatan"), list(names), default=list(current.kecamatan),
        format_func=lambda k: names.get(k, k), placeholder=session.tr("filter.semua"),
        select_all=False, key="ps_kecamatan",
    )  # fmt: skip
    groups: tuple[str, ...] | None = None
    role_labels = _role_labels()
    if show_roles:
        picked = bar.multiselect(
            session.tr("filter.kelompok_peran"), list(ROLE_GROUPS),
            default=list(current.role_groups or ()),
            format_func=role_labels.__getitem__,
            placeholder=session.tr("filter.semua"), select_all=False, key="ps_peran",
        )  # fmt: skip
        groups = tuple(picked) or None
    jenis: tuple[str, ...] | None = None
    if show_reports:
        types = report_types(ds)
        picked_j = bar.multiselect(
            session.tr("filter.jenis_laporan"), types,
            default=[j for j in (current.jenis_laporan or ()) if j in types],
            placeholder=session.tr("filter.semua"), select_all=False, key="ps_jenis",
        )  # fmt: skip
        jenis = tuple(picked_j) or None
    chosen = Filters(
        start=start, end=end, kecamatan=tuple(chosen_kec), role_groups=groups, jenis_laporan=jenis
    )
    if bar.button(session.tr("filter.reset"), key="ps_reset"):
        chosen = ds.default_filters
        for key in ("ps_periode", "ps_kecamatan", "ps_peran", "ps_jenis"):
            st.session_state.pop(key, None)
        session.set_filters(chosen)
        st.rerun()
    session.set_filters(chosen)
    return chosen


def _period(value: object, current: Filters) -> tuple[date, date]:
    if isinstance(value, tuple) and len(value) == 2:
        start, end = value
        if isinstance(start, date) and isinstance(end, date):
            return (start, end) if start <= end else (end, start)
    return current.start, current.end


def _role_labels() -> dict[str, str]:
    # resolved now: format functions may be called outside this session's script run
    return {g: session.tr(f"peran.{g}") for g in ROLE_GROUPS}
