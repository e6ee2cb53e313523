"""Sidebar filters shared by the pages: period, kecamatan, role group, report type.

One state: the session's stored :class:`Filters` is the filter every page applies, and the
widgets are forced to show it on every run (their session-state keys are written from it
before they are drawn). A change in a widget reaches the stored filter through its
``on_change`` callback, which runs before the script; reset and a Kecamatan row do the
same through their callbacks. Streamlit forgets a widget's state on a page without it, and
a widget left to remember its own value can show one filter while another is applied —
so the widgets never hold the truth.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from dashboard.components import session
from dashboard.services.dataset import Dataset, Filters, report_types

ROLE_GROUPS = ("kades_lurah", "rt_rw", "tokoh", "warga")
PERIODE, KECAMATAN, PERAN, JENIS = "ps_periode", "ps_kecamatan", "ps_peran", "ps_jenis"


def widget_values(flt: Filters) -> dict[str, object]:
    """The value each filter widget shows for ``flt`` (by session-state key)."""
    return {
        PERIODE: (flt.start, flt.end),
        KECAMATAN: list(flt.kecamatan),
        PERAN: list(flt.role_groups or ()),
        JENIS: list(flt.jenis_laporan or ()),
    }


def focus_kecamatan(ds: Dataset, kode: str) -> None:
    """Filter to one kecamatan (the map zooms there because the filter says so).
    Call from a callback, so the sidebar shows it in the same run."""
    session.set_filters(replace(session.filters(ds), kecamatan=(kode,)))


def sidebar_filters(ds: Dataset, *, show_roles: bool = True, show_reports: bool = True) -> Filters:
    """Draw the filters in the sidebar and return the applied :class:`Filters` — exactly
    what the widgets show. A filter a page does not show (e.g. report type on Tren) keeps
    its stored value."""
    kec = ds.kecamatan.sort_values("nama")
    names = dict(zip(kec["kode"], kec["nama"], strict=True))
    types = report_types(ds)
    stored = session.filters(ds)
    current = replace(  # values of older data that are no longer options are dropped
        stored,
        kecamatan=tuple(k for k in stored.kecamatan if k in names),
        role_groups=tuple(g for g in stored.role_groups or () if g in ROLE_GROUPS) or None,
        jenis_laporan=tuple(j for j in stored.jenis_laporan or () if j in types) or None,
    )
    session.set_filters(current)
    st.session_state.update(widget_values(current))
    bar = st.sidebar
    changed = {"on_change": _widgets_changed, "args": (ds,)}
    bar.markdown(f"**{session.tr('filter.judul')}**")
    bar.date_input(
        session.tr("filter.periode"), max_value=max(current.end, ds.per_tanggal),
        format="DD/MM/YYYY", key=PERIODE, **changed,
    )  # fmt: skip
    bar.multiselect(
        session.tr("filter.kecamatan"), list(names), format_func=lambda k: names.get(k, k),
        placeholder=session.tr("filter.semua"), select_all=False, key=KECAMATAN, **changed,
    )  # fmt: skip
    if show_roles:
        role_labels = _role_labels()
        bar.multiselect(
            session.tr("filter.kelompok_peran"), list(ROLE_GROUPS),
            format_func=role_labels.__getitem__, placeholder=session.tr("filter.semua"),
            select_all=False, key=PERAN, **changed,
        )  # fmt: skip
    if show_reports:
        bar.multiselect(
            session.tr("filter.jenis_laporan"), types, placeholder=session.tr("filter.semua"),
            select_all=False, key=JENIS, **changed,
        )  # fmt: skip
    bar.button(session.tr("filter.reset"), key="ps_reset", on_click=_reset, args=(ds,))
    return current


def _widgets_changed(ds: Dataset) -> None:
    """A filter widget changed: store what all of them now hold (runs before the script)."""
    state = st.session_state
    current = session.filters(ds)
    start, end = _period(state.get(PERIODE), current)
    session.set_filters(
        Filters(
            start=start,
            end=end,
            kecamatan=tuple(state.get(KECAMATAN, current.kecamatan)),
            role_groups=tuple(state.get(PERAN, current.role_groups or ())) or None,
            jenis_laporan=tuple(state.get(JENIS, current.jenis_laporan or ())) or None,
        )
    )


def _reset(ds: Dataset) -> None:
    session.set_filters(ds.default_filters)


def _period(value: object, current: Filters) -> tuple[date, date]:
    if isinstance(value, tuple) and len(value) == 2:
        start, end = value
        if isinstance(start, date) and isinstance(end, date):
            return (start, end) if start <= end else (end, start)
    return current.start, current.end


def _role_labels() -> dict[str, str]:
    # resolved now: format functions may be called outside this session's script run
    return {g: session.tr(f"peran.{g}") for g in ROLE_GROUPS}
