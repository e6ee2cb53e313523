"""Login throttling: lockout per account and per client, server-wide verification budget."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.services import accounts
from dashboard.services.login_throttle import Limits, LoginGuard

SECRET = "rahasia-kantor-2025"


@dataclass
class Clock:
    """A hand-driven clock: tests move time, nothing sleeps."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Verifier:
    """Stands in for the argon2 check and counts how often it was asked."""

    right: str = SECRET
    calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, password: str) -> str | None:
        with self.lock:
            self.calls += 1
        return "petugas" if password == self.right else None


def _guard(clock: Clock, **limits: float) -> LoginGuard:
    return LoginGuard(limits=Limits(**limits), clock=clock)  # type: ignore[arg-type]


def test_lockout_refuses_the_right_password_without_evaluating_it() -> None:
    clock, verifier = Clock(), Verifier()
    guard = _guard(clock)
    for _ in range(5):
        assert guard.attempt("budi", "10.0.0.7", lambda: verifier.check("salah")).status == (
            "gagal"
        )
    locked = guard.attempt("budi", "10.0.0.7", lambda: verifier.check(SECRET))
    assert locked.status == "terkunci"
    assert locked.value is None
    assert locked.retry_after_s == pytest.approx(30.0)
    assert verifier.calls == 5
    clock.now += 30.0
    assert guard.attempt("budi", "10.0.0.7", lambda: verifier.check(SECRET)).status == "ok"


def test_lock_doubles_with_each_further_failure_and_success_clears_it() -> None:
    clock, verifier = Clock(), Verifier()
    guard = _guard(clock)
    for _ in range(4):
        assert guard.attempt("budi", None, lambda: verifier.check("salah")).status == "gagal"
    waits = []
    for _ in range(4):
        assert guard.attempt("budi", None, lambda: verifier.check("salah")).status == "gagal"
        locked = guard.attempt("budi", None, lambda: verifier.check(SECRET))
        assert locked.status == "terkunci"
        waits.append(locked.retry_after_s)
        clock.now += locked.retry_after_s
    # by hand from the limits: the 5th failure locks 30 s, each further one doubles it
    assert waits == [30.0, 60.0, 120.0, 240.0]
    assert verifier.calls == 8
    assert guard.attempt("budi", None, lambda: verifier.check(SECRET)).status == "ok"
    assert guard.attempt("budi", None, lambda: verifier.check("salah")).status == "gagal"
    assert guard.attempt("budi", None, lambda: verifier.check(SECRET)).status == "ok"


def test_one_guess_per_second_for_a_minute_gets_six_evaluated() -> None:
    """By hand: t=0..4 s evaluated (5 free failures, lock until 34 s), t=34 s evaluated
    (6th failure, lock 60 s until 94 s): 6 evaluations in the first minute."""
    clock, verifier = Clock(), Verifier()
    guard = _guard(clock)
    start = clock.now
    for second in range(60):
        clock.now = start + second
        guard.attempt("budi", "10.0.0.7", lambda: verifier.check("salah"))
    assert verifier.calls == 6


def test_same_name_in_other_case_or_spaces_is_the_same_account() -> None:
    clock, verifier = Clock(), Verifier()
    guard = _guard(clock)
    for name in ("budi", "Budi", " BUDI ", "budi", "bUdi"):
        guard.attempt(name, None, lambda: verifier.check("salah"))
    assert guard.attempt("budi", None, lambda: verifier.check(SECRET)).status == "terkunci"


def test_one_client_trying_many_names_is_locked_after_ten_failures() -> None:
    clock, verifier = Clock(), Verifier()
    guard = _guard(clock)
    for i in range(10):
        clock.now += 1.0
        guard.attempt(f"nama{i}", "10.0.0.7", lambda: verifier.check("salah"))
    blocked = guard.attempt("sari", "10.0.0.7", lambda: verifier.check(SECRET))
    assert blocked.status == "terkunci"
    assert guard.attempt("sari", "10.0.0.8", lambda: verifier.check(SECRET)).status == "ok"
    assert verifier.calls == 11


def test_success_does_not_wipe_the_clients_earlier_failures() -> None:
    clock, verifier = Clock(), Verifier()
    guard = _guard(clock)
    for i in range(9):
        guard.attempt(f"nama{i}", "10.0.0.7", lambda: verifier.check("salah"))
    assert guard.attempt("sari", "10.0.0.7", lambda: verifier.check(SECRET)).status == "ok"
    guard.attempt("nama9", "10.0.0.7", lambda: verifier.check("salah"))
    assert guard.attempt("sari", "10.0.0.7", lambda: verifier.check(SECRET)).status == "terkunci"


def test_server_wide_budget_bounds_verifications_per_minute() -> None:
    """3000 attempts in a minute from 3000 different clients on 3000 names: only the burst
    plus the per-minute budget are evaluated; the rest get 'sibuk' at no argon2 cost."""
    clock, verifier = Clock(), Verifier()
    limits = Limits()
    guard = LoginGuard(limits=limits, clock=clock)
    start = clock.now
    statuses = []
    for i in range(3000):
        clock.now = start + i * 0.02
        client = f"10.1.{i // 250}.{i % 250}"
        outcome = guard.attempt(f"nama{i}", client, lambda: verifier.check("salah"))
        statuses.append(outcome.status)
    evaluated = statuses.count("gagal")
    assert evaluated == verifier.calls
    assert evaluated <= limits.verification_burst + limits.verifications_per_minute
    assert evaluated >= limits.verifications_per_minute
    assert statuses.count("sibuk") == 3000 - evaluated


def test_parallel_sessions_cannot_slip_guesses_past_the_count() -> None:
    clock, verifier = Clock(), Verifier()
    guard = _guard(clock)
    barrier = threading.Barrier(30)
    results: list[str] = []

    def one() -> None:
        barrier.wait()
        results.append(guard.attempt("budi", None, lambda: verifier.check("salah")).status)

    threads = [threading.Thread(target=one) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert verifier.calls == 5
    assert sorted(set(results)) == ["gagal", "terkunci"]


def test_made_up_names_cannot_grow_the_store_without_bound() -> None:
    clock = Clock()
    guard = _guard(clock, max_tracked_keys=50, verifications_per_minute=10**9)
    for i in range(500):
        clock.now += 1.0
        guard.attempt(f"nama{i}", None, lambda: None)
    assert len(guard._records) <= 50


def test_log_names_user_and_client_but_never_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock, verifier = Clock(), Verifier()
    guard = _guard(clock)
    typed = "tebakan-rahasia-123"
    with caplog.at_level(logging.INFO, logger="dashboard.login"):
        for _ in range(6):
            guard.attempt("budi\nPALSU", "10.0.0.7", lambda: verifier.check(typed))
        guard.attempt("sari", "10.0.0.8", lambda: verifier.check(SECRET))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert typed not in text and SECRET not in text
    assert "10.0.0.7" in text and "terkunci" in text and "berhasil" in text
    assert all("\n" not in r.getMessage() for r in caplog.records)


def test_guard_wraps_the_real_argon2_check(tmp_path: Path) -> None:
    users = tmp_path / "pengguna.toml"
    accounts.add_user(users, "budi", SECRET, "rapat")
    clock = Clock()
    guard = _guard(clock)
    for _ in range(5):
        guard.attempt("budi", None, lambda: accounts.verify_login(users, "budi", "salah-sekali"))
    right = guard.attempt("budi", None, lambda: accounts.verify_login(users, "budi", SECRET))
    assert right.status == "terkunci"
    clock.now += right.retry_after_s
    again = guard.attempt("budi", None, lambda: accounts.verify_login(users, "budi", SECRET))
    assert (again.status, again.value) == ("ok", "rapat")


@settings(max_examples=60)
@given(
    gaps=st.lists(st.floats(min_value=0.0, max_value=40.0), min_size=1, max_size=60),
    right_at=st.sets(st.integers(min_value=0, max_value=59)),
)
def test_no_minute_ever_sees_more_than_six_evaluations(
    gaps: list[float], right_at: set[int]
) -> None:
    """Any schedule of attempts on one account: at most 5 free + 1 after a lock in any
    60-second window (the first lock is 30 s, the next 60 s) while guesses are wrong, and a
    right password is never accepted while the account is locked."""
    clock, verifier = Clock(), Verifier()
    guard = _guard(clock)
    evaluated: list[float] = []
    for i, gap in enumerate(gaps):
        clock.now += gap
        locked_before = guard._locked_for("akun:budi", clock.now) > 0
        guess = SECRET if i in right_at else "salah"
        outcome = guard.attempt("budi", None, lambda g=guess: verifier.check(g))  # type: ignore[misc]
        if locked_before:
            assert outcome.status == "terkunci"
        if outcome.status in ("ok", "gagal"):
            evaluated.append(clock.now)
        if outcome.status == "ok":
            break
    for t in evaluated:
        assert sum(1 for u in evaluated if t <= u < t + 60.0) <= 6
