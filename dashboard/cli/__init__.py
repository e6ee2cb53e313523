"""The ``peta-sosialisasi`` command: composes each layer's subcommands.

Lives at the top layer so it may register commands from ``geodata`` and ``etl``
(imports flow dashboard -> etl -> geodata). It only parses arguments and dispatches.
Command ``X`` is the module ``<layer>/cli/X.py`` (list below); ``python -m dashboard.cli``.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

from geodata.cli.common import PROG, ArgumentParser, run_handler

_COMMAND_MODULES = (
    "geodata.cli.geodata",
    "etl.cli.etl",
    "etl.cli.sample",
    "etl.cli.formulir",
    "etl.cli.rencana",
    "etl.cli.basisdata",
    "dashboard.cli.pengguna",
    "dashboard.cli.dashboard",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = ArgumentParser(
        prog=PROG,
        description="Peta Sosialisasi — cakupan sosialisasi keimigrasian & pencegahan TPPO",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # an optional command not installed
            if exc.name != name:
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script: exit codes and messages follow
    :mod:`geodata.cli.common` (0 done, 1 data/input, 2 usage, 3 internal, 130 cancelled)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return run_handler(args.handler, args)
