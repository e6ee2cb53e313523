"""Who the viewer is when nobody logged in (pure; no Streamlit).

A newcomer's ``make run`` shows the synthetic sample on localhost: the whole product is
visible there. Real data needs a login: without an identity provider or local accounts
the app shows it in the aggregated ``rapat`` role only, and says so.

Every login, local or OIDC, ends after 8 hours (``session_expired``).
"""

from __future__ import annotations

import math

from dashboard.services.access import Role
from dashboard.services.accounts import SESSION_MAX_AGE_S, is_session_expired

LOCAL_ADDRESSES = frozenset({"127.0.0.1", "localhost", "::1"})


def role_without_login(*, contoh: bool, server_address: str | None) -> Role:
    """``petugas`` only for the synthetic sample served on this machine alone."""
    local = (server_address or "").strip() in LOCAL_ADDRESSES
    return "petugas" if contoh and local else "rapat"


def session_start(first_seen: float, issued_at: object = None) -> float:
    """When a login began, for the 8-hour cap: the identity token's ``iat`` (epoch seconds)
    when the provider gave one, else when this session first saw the identity.

    The earlier of the two counts, so a new browser tab does not restart the clock of an
    old token, and a provider clock a little ahead of ours cannot push the start into the
    future. A missing, non-numeric or boolean ``iat`` falls back to ``first_seen``."""
    if isinstance(issued_at, bool) or not isinstance(issued_at, int | float | str):
        return first_seen
    try:
        iat = float(issued_at)
    except ValueError:
        return first_seen
    return min(first_seen, iat) if math.isfinite(iat) else first_seen


def session_expired(
    first_seen: float, now: float, issued_at: object = None, max_age_s: int = SESSION_MAX_AGE_S
) -> bool:
    """True when the session has lasted ``max_age_s`` (8 h) or more — the same cap for local
    accounts (``issued_at`` None: the login time) and OIDC logins (the token's ``iat``)."""
    return is_session_expired(session_start(first_seen, issued_at), now, max_age_s)
