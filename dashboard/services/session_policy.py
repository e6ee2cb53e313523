"""Who the viewer is when nobody logged in (pure; no Streamlit).

A newcomer's ``make run`` shows the synthetic sample on localhost: the whole product is
visible there. Real data needs a login: without an identity provider or local accounts
the app shows it in the aggregated ``rapat`` role only, and says so.
"""

from __future__ import annotations

from dashboard.services.access import Role

LOCAL_ADDRESSES = frozenset({"127.0.0.1", "localhost", "::1"})


def role_without_login(*, contoh: bool, server_address: str | None) -> Role:
    """``petugas`` only for the synthetic sample served on this machine alone."""
    local = (server_address or "").strip() in LOCAL_ADDRESSES
    return "petugas" if contoh and local else "rapat"
