"""One convention for every ``peta-sosialisasi`` command: messages, exit codes, no traceback.

Every error is ONE line on stderr, in Indonesian, prefixed ``peta-sosialisasi: galat:``.
Exit codes (documented in README, section Commands):

- 0 — done;
- 1 — a data or input problem (missing/unreadable file, bad workbook, no boundaries): the
  message says what to fix;
- 2 — a usage problem (unknown or missing option, an impossible value);
- 3 — an unexpected internal error: the line names the error type and the log file that
  holds the traceback (``$PETA_LOG_DIR`` or ``~/.cache/peta-sosialisasi``, ``galat.log``);
- 4 — the output folder is in use by another run (``etl --out``); nothing was changed,
  try again later;
- 130 — cancelled with Ctrl+C.

It lives in ``geodata`` (the lowest layer) so that ``geodata``, ``etl`` and ``dashboard``
commands can all use it without an upward import.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO, NoReturn

PROG = "peta-sosialisasi"
PREFIX = f"{PROG}: galat: "
EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL, EXIT_BUSY, EXIT_CANCELLED = 0, 1, 2, 3, 4, 130
LOG_NAME = "galat.log"

_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), r"argumen wajib belum diisi: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"argumen tidak dikenal: \1"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        r"argumen \1: pilihan \2 tidak dikenal (pilih salah satu: \3)",
    ),
    (re.compile(r"argument (\S+): invalid \w+ value: (.*)"), r"argumen \1: nilai tidak sah: \2"),
    (re.compile(r"argument (\S+): expected one argument"), r"argumen \1: perlu satu nilai"),
    (re.compile(r"argument (\S+): (.*)"), r"argumen \1: \2"),
)


def one_line(text: object) -> str:
    """``text`` with every line break and whitespace run folded into one space."""
    return " ".join(str(text).split())


def fail(message: object, code: int = EXIT_DATA, *, stream: IO[str] | None = None) -> int:
    """Print ``message`` as the one error line and return ``code`` (for ``return fail(...)``)."""
    print(PREFIX + one_line(message), file=stream or sys.stderr, flush=True)
    return code


def log_path() -> Path:
    """Where tracebacks of unexpected errors are appended."""
    folder = os.environ.get("PETA_LOG_DIR") or Path.home() / ".cache" / PROG
    return Path(folder) / LOG_NAME


def internal_error(exc: BaseException, *, stream: IO[str] | None = None) -> int:
    """Log the traceback of an unexpected exception; print one line pointing to the log."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')} {' '.join(sys.argv)}\n")
            log.write("".join(traceback.format_exception(exc)))
        where = f"; rincian di {path}"
    except OSError:
        where = " (log tidak dapat ditulis)"
    return fail(
        f"kesalahan internal yang tidak terduga ({type(exc).__name__}){where}. "
        "Mohon laporkan kepada pengelola aplikasi.",
        EXIT_INTERNAL,
        stream=stream,
    )


def run_handler(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command's handler: its own return code, 130 on Ctrl+C, 3 (logged) on anything
    unexpected — never a traceback on the terminal."""
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return fail("dibatalkan.", EXIT_CANCELLED)
    except Exception as exc:
        return internal_error(exc)


class ArgumentParser(argparse.ArgumentParser):
    """``argparse`` whose usage errors are one Indonesian line with exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Print the usage error as one line and exit with :data:`EXIT_USAGE`."""
        for pattern, replacement in _ARGPARSE_MESSAGES:
            if pattern.match(message):
                message = pattern.sub(replacement, message, count=1)
                break
        fail(f"{message} (lihat: {self.prog} --help)", EXIT_USAGE)
        raise SystemExit(EXIT_USAGE)
