"""Login throttling: per-account and per-client lockout, and a process-wide cap on how many
password verifications (argon2, ~0.1 s of CPU and 64 MiB each) the server does per minute.

Why: without it, anyone reaching the login form can guess passwords as fast as the server
hashes them, and a flood of guesses keeps the CPU busy for every other user.

How (pure; no Streamlit): every attempt passes `LoginGuard.attempt`. An account (by
normalised user name, existing or not, so the answer does not reveal which names exist) or
a client (IP address) with too many recent failures is locked for a delay that doubles with
each further failure; while locked, no password is evaluated, the right one included. Any
evaluation also takes a token from one shared bucket, so the server verifies at most
`Limits.verifications_per_minute` passwords whatever the number of accounts or clients.
A failure is booked BEFORE the (slow) verification and undone on success, so parallel
sessions cannot slip extra guesses past the count. State lives in memory, guarded by a lock,
shared by all sessions of the server process; a restart clears it (documented in README).
Every decision is logged (Python logging) with user name and client, never the password.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Generic, Literal, TypeVar

LOG: Final = logging.getLogger("dashboard.login")
Status = Literal["ok", "gagal", "terkunci", "sibuk"]
T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """The throttling numbers (defaults are the product's; tests pass smaller ones)."""

    account_free_failures: int = 5
    client_free_failures: int = 10
    first_lock_s: float = 30.0
    max_lock_s: float = 900.0
    forget_after_s: float = 24 * 3600.0
    verifications_per_minute: int = 60
    verification_burst: int = 10
    concurrent_verifications: int = 2
    max_tracked_keys: int = 10_000

    def lock_seconds(self, failures: int, free: int) -> float:
        """Lock after the `failures`-th failure: 0 below `free`, then 30 s doubling to 15 min."""
        if failures < free:
            return 0.0
        return float(min(self.max_lock_s, self.first_lock_s * 2 ** (failures - free)))


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What became of one attempt: `value` is the verifier's answer when it was asked."""

    status: Status
    value: T | None = None
    retry_after_s: float = 0.0


@dataclass
class _Record:
    failures: int = 0
    last_failure: float = 0.0
    locked_until: float = 0.0


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class LoginGuard:
    """Decides which login attempts are evaluated; one instance per server process."""

    limits: Limits = field(default_factory=Limits)
    clock: Callable[[], float] = time.monotonic
    _records: dict[str, _Record] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _bucket: _Bucket | None = field(default=None, init=False, repr=False)
    _workers: threading.BoundedSemaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._workers = threading.BoundedSemaphore(self.limits.concurrent_verifications)

    def attempt(
        self, username: str, client: str | None, verify: Callable[[], T | None]
    ) -> Outcome[T]:
        """Run `verify` (returns None for a wrong password) unless the account or the client
        is locked or the server-wide budget is spent; book the result.

        `client` None (Streamlit gives no address for localhost) skips the per-client limit;
        the per-account and server-wide limits still apply."""
        account = "akun:" + _clean(username).lower()
        keys = [account] if client is None else [account, "klien:" + _clean(client)]
        who = f"pengguna={_clean(username)!r} klien={client or '-'}"
        with self._lock:
            now = self.clock()
            wait = max(self._locked_for(key, now) for key in keys)
            if wait > 0:
                LOG.warning("login ditolak, terkunci %.0f s lagi: %s", wait, who)
                return Outcome("terkunci", retry_after_s=wait)
            if not self._take_token(now):
                wait = 60.0 / self.limits.verifications_per_minute
                LOG.warning("login ditolak, batas verifikasi server tercapai: %s", who)
                return Outcome("sibuk", retry_after_s=wait)
            for key in keys:
                self._book_failure(key, now)
        with self._workers:
            value = verify()
        with self._lock:
            if value is None:
                failures = self._records[account].failures if account in self._records else 0
                LOG.warning("login gagal (%d kali berturut-turut): %s", failures, who)
                return Outcome("gagal")
            self._records.pop(account, None)
            if len(keys) > 1:
                self._undo_failure(keys[1])
        LOG.info("login berhasil: %s", who)
        return Outcome("ok", value=value)

    def _locked_for(self, key: str, now: float) -> float:
        record = self._records.get(key)
        if record is None:
            return 0.0
        if now - record.last_failure >= self.limits.forget_after_s:
            del self._records[key]
            return 0.0
        return max(0.0, record.locked_until - now)

    def _book_failure(self, key: str, now: float) -> None:
        if key not in self._records and len(self._records) >= self.limits.max_tracked_keys:
            self._prune(now)
        record = self._records.setdefault(key, _Record())
        record.failures += 1
        record.last_failure = now
        free = (
            self.limits.account_free_failures
            if key.startswith("akun:")
            else self.limits.client_free_failures
        )
        record.locked_until = now + self.limits.lock_seconds(record.failures, free)

    def _undo_failure(self, key: str) -> None:
        record = self._records.get(key)
        if record is None:
            return
        record.failures -= 1
        if record.failures <= 0:
            del self._records[key]

    def _prune(self, now: float) -> None:
        """Drop unlocked records, oldest first, so a flood of made-up names cannot grow the
        store without bound (locked ones are kept: dropping them would lift the lock)."""
        unlocked = sorted(
            (r.last_failure, k) for k, r in self._records.items() if r.locked_until <= now
        )
        for _, key in unlocked[: max(1, len(unlocked) // 2)]:
            del self._records[key]

    def _take_token(self, now: float) -> bool:
        rate = self.limits.verifications_per_minute / 60.0
        burst = float(self.limits.verification_burst)
        if self._bucket is None:
            self._bucket = _Bucket(burst, now)
        bucket = self._bucket
        bucket.tokens = min(burst, bucket.tokens + max(0.0, now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens < 1.0:
            return False
        bucket.tokens -= 1.0
        return True


def _clean(text: str) -> str:
    """User-typed text made safe for one log line: printable, at most 64 characters."""
    return "".join(c if c.isprintable() else "?" for c in text.strip()[:64])


GUARD: Final = LoginGuard()
"""The one guard of this server process, shared by every browser session."""
