"""Login gate: OIDC via ``st.login`` when configured, local accounts otherwise, and
the no-configuration default (see ``services.session_policy``)."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from functools import partial
from typing import Any

import streamlit as st

from dashboard.components.session import set_logged_in_role, tr
from dashboard.services import accounts, login_throttle
from dashboard.services.access import Role
from dashboard.services.safe_text import md_escape
from dashboard.services.session_policy import role_without_login, session_expired

_LOGIN_AT = "ps_login_at"
_USER = "ps_user"
_OIDC_IDENTITY = "ps_oidc_identity"
_OIDC_SEEN_AT = "ps_oidc_seen_at"


def resolve_role(*, contoh: bool) -> Role:
    """Decide the session's role and draw the login/logout controls in the sidebar."""
    secrets = _secrets()
    mode = accounts.resolve_auth_mode(secrets)
    if mode == "oidc":
        return _oidc_role(secrets)
    if mode == "local":
        return _local_role()
    address = st.get_option("server.address")
    role = role_without_login(contoh=contoh, server_address=address)
    if role == "rapat":
        st.sidebar.info(tr("auth.tanpa_konfigurasi"))
    return role


def _oidc_role(secrets: Mapping[str, Any]) -> Role:
    provider = accounts.oidc_provider(secrets) or "default"
    if not st.user.is_logged_in:
        if st.sidebar.button(tr("auth.masuk"), key="ps_oidc_login"):
            st.login() if provider == "default" else st.login(provider)
        return "rapat"
    email = str(st.user.get("email", ""))
    if _oidc_expired(identity=str(st.user.get("sub", "")) or email):
        st.sidebar.warning(tr("auth.kedaluwarsa"))
        st.logout()  # clears st.user and redirects; this run goes on as `rapat`
        return "rapat"
    if st.sidebar.button(tr("auth.keluar"), key="ps_oidc_logout"):
        st.logout()
        return "rapat"
    officers = (
        secrets.get("peta", {}).get("petugas", [])
        if isinstance(secrets.get("peta"), Mapping)
        else []
    )
    return "petugas" if email and email in officers else "rapat"


def _oidc_expired(identity: str) -> bool:
    """Apply the 8-hour cap to an OIDC login: from the token's ``iat`` when the provider
    sent one, else from when this session first saw the identity (a new identity restarts
    the record)."""
    state = st.session_state
    if state.get(_OIDC_IDENTITY) != identity:
        state[_OIDC_IDENTITY] = identity
        state[_OIDC_SEEN_AT] = time.time()
    expired = session_expired(float(state[_OIDC_SEEN_AT]), time.time(), st.user.get("iat"))
    if expired:
        del state[_OIDC_IDENTITY], state[_OIDC_SEEN_AT]
    return expired


def _local_role() -> Role:
    state = st.session_state
    role = state.get("ps_role")
    if role and session_expired(float(state.get(_LOGIN_AT, 0)), time.time()):
        set_logged_in_role(None)
        role = None
        st.sidebar.warning(tr("auth.kedaluwarsa"))
    if role in ("petugas", "rapat"):
        st.sidebar.caption(tr("auth.sebagai", user=md_escape(state.get(_USER, "")), role=role))
        if st.sidebar.button(tr("auth.keluar"), key="ps_logout"):
            set_logged_in_role(None)
            st.rerun()
        return "petugas" if role == "petugas" else "rapat"
    with st.sidebar.form("ps_login", clear_on_submit=True):
        st.markdown(f"**{tr('auth.masuk')}**")
        user = st.text_input(tr("auth.nama_pengguna"))
        password = st.text_input(tr("auth.kata_sandi"), type="password")
        if st.form_submit_button(tr("auth.masuk")):
            outcome: login_throttle.Outcome[Role] = login_throttle.GUARD.attempt(
                user,
                st.context.ip_address,
                partial(accounts.verify_login, accounts.default_users_path(), user, password),
            )
            if outcome.status == "ok" and outcome.value is not None:
                set_logged_in_role(outcome.value)
                state[_LOGIN_AT] = time.time()
                state[_USER] = user
                st.rerun()
            elif outcome.status == "gagal":
                st.error(tr("auth.gagal"))
            else:
                wait = max(1, math.ceil(outcome.retry_after_s))
                st.error(tr(f"auth.{outcome.status}", detik=wait))
    return "rapat"


def _secrets() -> dict[str, Any]:
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except (FileNotFoundError, KeyError, AttributeError):
        return {}
    except Exception:  # malformed secrets.toml: behave as unconfigured, never crash
        return {}
