"""Sidebar filters shared by the pages: kabupaten (only when the data has several),
period, kecamatan, role group, report type.

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
from dashboard.services.dataset import Dataset, Filters, kabupaten_options, report_types
from etl.nodes.area import in_kabupaten

ROLE_GROUPS = ("kades_lurah", "rt_rw", "tokoh", "warga")
PERIODE, KECAMATAN, PERAN, JENIS = "ps_periode", "ps_kecamatan", "ps_peran", "ps_jenis"
KABUPATEN = "ps_kabupaten"
SEMUA = ""
"""The kabupaten selector's value for "Semua kabupaten"."""


def widget_values(flt: Filters) -> dict[str, object]:
    """The value each filter widget shows for ``flt`` (by session-state key)."""
    return {
        KABUPATEN: flt.kabupaten[0] if flt.kabupaten else SEMUA,
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
    kabupaten = kabupaten_options(ds)
    types = report_types(ds)
    stored = session.filters(ds)
    chosen = tuple(k for k in stored.kabupaten[:1] if k in kabupaten and len(kabupaten) > 1)
    names = _kecamatan_names(ds, chosen)
    current = replace(  # values of older data that are no longer options are dropped
        stored,
        kabupaten=chosen,
        kecamatan=tuple(k for k in stored.kecamatan if k in names),
        role_groups=tuple(g for g in stored.role_groups or () if g in ROLE_GROUPS) or None,
        jenis_laporan=tuple(j for j in stored.jenis_laporan or () if j in types) or None,
    )
    session.set_filters(current)
    st.session_state.update(widget_values(current))
    bar = st.sidebar
    changed = {"on_change": _widgets_changed, "args": (ds,)}
    bar.markdown(f"**{session.tr('filter.judul')}**")
    kabupaten_selector(ds, kabupaten)
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


def kabupaten_selector(ds: Dataset, options: dict[str, str]) -> None:
    """The kabupaten selector ("Semua kabupaten" + each), drawn only when the data holds
    more than one kabupaten; its value is the stored filter's, a change goes through the
    same callback as every filter. Pages without the sidebar filters (Rapat) draw it
    alone, after :func:`sync_kabupaten`."""
    if len(options) < 2:
        return
    labels = {SEMUA: session.tr("filter.semua_kabupaten"), **options}
    st.sidebar.selectbox(
        session.tr("filter.kabupaten"), list(labels), format_func=labels.__getitem__,
        key=KABUPATEN, on_change=_widgets_changed, args=(ds,),
    )  # fmt: skip


def sync_kabupaten(ds: Dataset) -> Filters:
    """For a page that shows only the kabupaten selector: the stored filter (a kabupaten
    no longer in the data dropped), written into the selector's state before it is
    drawn, so what it shows is what the page applies."""
    stored = session.filters(ds)
    options = kabupaten_options(ds)
    chosen = tuple(k for k in stored.kabupaten[:1] if k in options and len(options) > 1)
    if chosen != stored.kabupaten:
        stored = replace(stored, kabupaten=chosen, kecamatan=())
        session.set_filters(stored)
    st.session_state[KABUPATEN] = widget_values(stored)[KABUPATEN]
    return stored


def _widgets_changed(ds: Dataset) -> None:
    """A filter widget changed: store what all of them now hold (runs before the script).
    A kecamatan outside the chosen kabupaten is dropped (it is no longer an option)."""
    state = st.session_state
    current = session.filters(ds)
    start, end = _period(state.get(PERIODE), current)
    value = state.get(KABUPATEN, SEMUA)
    kabupaten = (str(value),) if value and str(value) in kabupaten_options(ds) else ()
    names = _kecamatan_names(ds, kabupaten)
    kecamatan = tuple(state.get(KECAMATAN, current.kecamatan))
    session.set_filters(
        Filters(
            start=start,
            end=end,
            kecamatan=tuple(k for k in kecamatan if k in names),
            role_groups=tuple(state.get(PERAN, current.role_groups or ())) or None,
            jenis_laporan=tuple(state.get(JENIS, current.jenis_laporan or ())) or None,
            kabupaten=kabupaten,
        )
    )


def _kecamatan_names(ds: Dataset, kabupaten: tuple[str, ...]) -> dict[str, str]:
    """Kecamatan code -> name, by name, of the chosen kabupaten (all when none)."""
    kec = ds.kecamatan.sort_values("nama")
    kec = kec[in_kabupaten(kec["kode"].astype(str), kabupaten).to_numpy()]
    return dict(zip(kec["kode"], kec["nama"], strict=True))


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
