"""``peta-sosialisasi dashboard``: start the Streamlit app (no Streamlit import here).

Security-relevant server settings are passed on the command line so they hold whatever
the working directory: static serving for the offline Leaflet files, no usage
statistics, no error details to users, XSRF protection on, localhost by default.
The server runs ``server.py`` (the app inside the hardening middleware: security headers,
no metrics endpoint), and ``browser.serverAddress`` is always set so Streamlit never asks
an outside service for the machine's external IP address.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

from dashboard.services.offline import ensure_static_assets
from etl.store import DB_ENV, StoreError, chosen_database, mask_url
from geodata.cli.common import EXIT_USAGE, fail

APP = Path(__file__).resolve().parents[1] / "server.py"
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})
DEFAULT_DATA = Path("data/contoh")
STATIC = APP.parent / "static"
"""Streamlit serves ``<main script dir>/static``; it must exist before the server starts
(Streamlit checks once, at start-up, and otherwise warns "no static folder found")."""

SERVER_FLAGS = {
    "server.enableStaticServing": "true",
    "server.enableXsrfProtection": "true",
    "server.enableCORS": "true",
    "server.maxUploadSize": "20",
    "server.headless": "true",
    "browser.gatherUsageStats": "false",
    "client.showErrorDetails": "none",
    "client.toolbarMode": "minimal",
    "global.developmentMode": "false",
    "runner.postScriptGC": "false",
}
"""``runner.postScriptGC``: Streamlit runs a full ``gc.collect(2)`` after every script run,
by default. With the geodata and folium objects in memory that costs ~150 ms of CPU per
rerun, holding the interpreter lock (every other session waits), for memory Python's own
collector reclaims anyway: a filter change cost 5x the CPU of the script itself."""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``dashboard [--data DIR | --db URL] [--port N] [--address HOST]``."""
    parser = subparsers.add_parser("dashboard", help="jalankan dasbor di peramban")
    parser.add_argument("--data", type=Path, default=None, help="folder keluaran ETL (--out)")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument(
        "--address",
        default="127.0.0.1",
        help="alamat server (bawaan 127.0.0.1; 0.0.0.0 untuk jaringan kantor)",
    )
    parser.add_argument(
        "--db",
        default=None,
        metavar="postgresql://...",
        help=f"basis data PostGIS bersama, bukan --data (bawaan: ${DB_ENV})",
    )
    parser.set_defaults(handler=run)


def streamlit_command(port: int, address: str) -> list[str]:
    """The exact command line that starts the app."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP)]
    cmd += [f"--server.port={port}", f"--server.address={address}"]
    cmd += [f"--browser.serverAddress={browser_address(address)}"]
    cmd += [f"--{key}={value}" for key, value in SERVER_FLAGS.items()]
    return cmd


def browser_address(address: str) -> str:
    """The name users reach the server by: ``localhost`` on this machine, the host name
    (read locally, no network) when listening on every interface, else the address."""
    if address in ("127.0.0.1", "localhost", "::1"):
        return "localhost"
    if address in WILDCARD_ADDRESSES:
        return socket.gethostname() or "localhost"
    return address


def run(args: argparse.Namespace) -> int:
    """Start the server and wait for it; Ctrl+C stops it."""
    data = (args.data or Path(os.environ.get("PETA_DATA_DIR", DEFAULT_DATA))).resolve()
    from etl.io.versions import candidate_dirs

    try:
        db = None if args.data is not None and args.db is None else chosen_database(args.db)
    except StoreError as exc:
        return fail(exc, EXIT_USAGE)
    env = {**os.environ, "PETA_DATA_DIR": str(data)}
    env.pop(DB_ENV, None)
    if db is not None:  # the URL goes to the server in its environment, never its arguments
        env[DB_ENV] = db
    if db is None and not candidate_dirs(data):
        print(
            f"Peringatan: data di {data} belum ada. Jalankan `make run` (data contoh) "
            "atau `peta-sosialisasi etl BERKAS.xlsx --out FOLDER` lalu --data FOLDER.",
            file=sys.stderr,
        )
    ensure_static_assets(STATIC)  # the static folder exists before Streamlit looks for it
    host = "localhost" if args.address in ("127.0.0.1", "localhost") else args.address
    where = mask_url(db) if db is not None else data
    print(f"Dasbor: http://{host}:{args.port}  (data: {where}; Ctrl+C untuk berhenti)")
    try:
        return subprocess.call(streamlit_command(args.port, args.address), env=env)
    except KeyboardInterrupt:
        return 0
