"""Per-browser-session state shared by all pages: language, role, filters, meeting mode."""

from __future__ import annotations

import streamlit as st

from dashboard.services.access import Role, effective_role
from dashboard.services.dataset import Dataset, Filters
from dashboard.strings import DEFAULT_LANG, t

_LANG = "ps_lang"
_ROLE = "ps_role"
_FILTERS = "ps_filters"
FILTERS_VERSION = "ps_filters_version"


def lang() -> str:
    """The chosen UI language (Bahasa Indonesia by default)."""
    return str(st.session_state.get(_LANG, DEFAULT_LANG))


def set_lang(value: str) -> None:
    """Remember the chosen UI language."""
    st.session_state[_LANG] = value


def tr(key: str, **fmt: object) -> str:
    """Translate ``key`` into the session's language."""
    return t(key, lang(), **fmt)


def meeting_mode() -> bool:
    """True in meeting/projector mode (``?mode=rapat``)."""
    return st.query_params.get("mode") == "rapat"


def logged_in_role() -> Role | None:
    """The role the user logged in with (None when nobody did)."""
    role = st.session_state.get(_ROLE)
    return role if role in ("petugas", "rapat") else None


def set_logged_in_role(role: Role | None) -> None:
    """Store (or clear) the logged-in role."""
    st.session_state[_ROLE] = role


def role() -> Role:
    """The role the app acts with now: meeting mode always means ``rapat``."""
    return effective_role(st.session_state.get("ps_effective_role"), meeting_mode())


def filters(ds: Dataset) -> Filters:
    """The session's filters, defaulting to the dataset's own window."""
    current = st.session_state.get(_FILTERS)
    if not isinstance(current, Filters) or st.session_state.get(FILTERS_VERSION) != ds.version:
        current = ds.default_filters
        st.session_state[_FILTERS] = current
        st.session_state[FILTERS_VERSION] = ds.version
    return current


def set_filters(value: Filters) -> None:
    """Replace the session's filters."""
    st.session_state[_FILTERS] = value
