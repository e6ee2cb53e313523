"""Advisory file locks between processes (stdlib only: ``fcntl`` on POSIX, ``msvcrt`` on
Windows), waited for up to a bounded time.

Two ETL runs into one output folder, or two reviewers confirming a name at the same
moment, must not interleave their writes: each takes an exclusive lock first. The lock
belongs to the open file, so it is released when the holder closes it or dies (a killed
run never leaves a stale lock behind). Lock files are never deleted: removing one while
another process waits on it would let a third lock a new file of the same name.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.05


class LockTimeout(TimeoutError):
    """The lock stayed held by another process for longer than the wait allowed."""


@contextmanager
def locked_file(path: Path, *, wait: float, append: bool = False) -> Iterator[int]:
    """Open (create when missing) ``path`` and hold an exclusive lock on it for the block.

    Yields the file descriptor (read/write; ``append=True``: every write goes to the end).
    Waits at most ``wait`` seconds for another holder to let go, then raises
    :class:`LockTimeout`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | (os.O_APPEND if append else 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o666)
    try:
        _acquire(fd, path, wait)
        try:
            yield fd
        finally:
            _release(fd)
    finally:
        os.close(fd)


def wait_for(attempt: Callable[[], bool], wait: float) -> bool:
    """Call ``attempt`` (a non-blocking try for a lock) until it returns ``True`` or
    ``wait`` seconds have passed (then ``False``); every :data:`POLL_SECONDS`."""
    deadline = time.monotonic() + max(wait, 0.0)
    while not attempt():
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


def _acquire(fd: int, path: Path, wait: float) -> None:
    if not wait_for(lambda: _try_lock(fd), wait):
        raise LockTimeout(f"{path}: masih dikunci proses lain setelah {wait:g} detik")


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
