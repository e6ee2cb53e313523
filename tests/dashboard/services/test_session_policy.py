"""The 8-hour session cap, the same for local accounts and OIDC logins."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.services.session_policy import session_expired, session_start

HOUR = 3600.0
SEEN = 1_800_000_000.0  # when this browser session first saw the identity


@pytest.mark.parametrize(
    ("iat", "now", "expired"),
    [
        (None, SEEN + 7.9 * HOUR, False),  # no iat: counted from first seen
        (None, SEEN + 8 * HOUR, True),
        (SEEN - 7.5 * HOUR, SEEN + 0.4 * HOUR, False),  # old token, 7.9 h in total
        (SEEN - 7.5 * HOUR, SEEN + 0.5 * HOUR, True),  # new tab, old token: 8 h reached
        (int(SEEN - 9 * HOUR), SEEN, True),  # iat as int, already too old
        (str(SEEN - 9 * HOUR), SEEN, True),  # iat as text
        (SEEN + 30.0, SEEN + 60.0, False),  # provider clock a little ahead: no instant logout
        (True, SEEN + HOUR, False),  # nonsense iat falls back to first seen
        ("kemarin", SEEN + HOUR, False),
        (float("nan"), SEEN + HOUR, False),
        ([SEEN - 9 * HOUR], SEEN + HOUR, False),
    ],
)
def test_oidc_session_capped_at_eight_hours(iat: object, now: float, expired: bool) -> None:
    assert session_expired(SEEN, now, iat) is expired


def test_local_login_uses_the_same_cap() -> None:
    assert not session_expired(SEEN, SEEN + 8 * HOUR - 1)
    assert session_expired(SEEN, SEEN + 8 * HOUR)
    assert session_expired(SEEN, SEEN - 5)  # a login "in the future" means a confused clock


@given(
    seen=st.floats(min_value=0, max_value=4e9),
    iat=st.floats(min_value=0, max_value=4e9),
)
def test_start_is_never_later_than_either_clue(seen: float, iat: float) -> None:
    start = session_start(seen, iat)
    assert start == min(seen, iat)
    assert session_expired(seen, start + 8 * HOUR, iat)
