"""Errors the ETL raises when an input cannot be read at all, or its output folder is
in use by another run.

Rows with bad values never raise: they go to the review table (``tinjauan``). These
exceptions are for whole files (missing, unreadable, unrecognisable, hostile) and carry a
plain-Indonesian message that names the file, so the CLI can print it as is.
"""

from __future__ import annotations


class InputError(Exception):
    """An input file cannot be read; the message (Bahasa Indonesia) names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnsafeFileError(InputError):
    """An input file looks hostile (zip bomb, XML entities, too large) and was not parsed."""


class OutputBusyError(Exception):
    """Another run is writing into the same output folder; the message (Bahasa Indonesia)
    names the folder. Nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
