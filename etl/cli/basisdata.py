"""``peta-sosialisasi basisdata peran --pemuat ROLE --dasbor ROLE [--db URL] [--cetak]``:
set up the two database roles of a shared server (run once by the database's
administrator, e.g. the ``postgres`` superuser, and again after adding a kabupaten).

Creates the roles when missing (``LOGIN``), with passwords ONLY from the environment
(``PETA_DB_PASSWORD_PEMUAT`` / ``PETA_DB_PASSWORD_DASBOR``; without one the role gets no
password and the output says so); an existing role keeps its password unless its variable
is set. Then the rights of :mod:`etl.store.roles`: the loader owns schema ``peta`` and
the review log, the dashboard reads the data tables and may only insert into the log.
``--cetak`` prints the SQL for a DBA instead (no password in it, no connection needed).
A password is never printed and never sent in clear: the server receives a SCRAM verifier
computed here.
"""

from __future__ import annotations

import argparse
import os
import re
from typing import Any

from etl.store import DB_ENV, StoreError, chosen_database
from geodata.cli.common import EXIT_DATA, EXIT_USAGE, fail

_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``basisdata`` (with ``peran``)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "basisdata",
        help="atur basis data bersama (peran pemuat dan dasbor)",
        description="Pengaturan basis data PostGIS bersama, dijalankan oleh admin basis data.",
    )
    actions = parser.add_subparsers(dest="aksi", metavar="{peran}")
    actions.required = True
    roles = actions.add_parser(
        "peran",
        help="buat peran pemuat (ETL) dan dasbor, beri hak aksesnya",
        description=(
            "Buat peran pemuat dan dasbor bila belum ada dan beri hak aksesnya. Kata sandi "
            "hanya dari variabel lingkungan PETA_DB_PASSWORD_PEMUAT dan "
            "PETA_DB_PASSWORD_DASBOR, tidak pernah dari baris perintah."
        ),
    )
    roles.add_argument("--pemuat", required=True, metavar="PERAN", help="peran ETL (pemilik data)")
    roles.add_argument("--dasbor", required=True, metavar="PERAN", help="peran server dasbor")
    roles.add_argument(
        "--db", default=None, metavar="postgresql://...",
        help=f"basis data, tersambung sebagai admin (bawaan: ${DB_ENV})",
    )  # fmt: skip
    roles.add_argument(
        "--cetak", action="store_true", help="cetak SQL-nya saja (untuk DBA), tanpa menjalankan"
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the SQL (``--cetak``) or run it against the database; Indonesian messages,
    exit 2 for a bad role name, 1 when the database refuses."""
    for option, name in (("--pemuat", args.pemuat), ("--dasbor", args.dasbor)):
        if not _ROLE.match(name):
            return fail(
                f"{option}: nama peran '{name}' tidak sah (huruf kecil, angka, _; "
                "diawali huruf atau _)",
                EXIT_USAGE,
            )
    if args.pemuat == args.dasbor:
        return fail("--pemuat dan --dasbor harus dua peran yang berbeda", EXIT_USAGE)
    if args.cetak:
        print(printed_sql(args.pemuat, args.dasbor))
        return 0
    try:
        url = chosen_database(args.db)
    except StoreError as exc:
        return fail(exc, EXIT_USAGE)
    if url is None:
        return fail(f"alamat basis data belum diberikan: --db postgresql://... atau ${DB_ENV}",
                    EXIT_USAGE)  # fmt: skip
    try:
        from etl.store.setup import apply_roles

        lines = apply_roles(url, args.pemuat, args.dasbor, os.environ)
    except StoreError as exc:
        return fail(
            f"{exc} Tidak ada yang diubah (perintah ini dijalankan oleh admin basis data, "
            "mis. pengguna postgres).",
            EXIT_DATA,
        )
    print("\n".join(lines))
    return 0


def printed_sql(loader: str, dashboard: str) -> str:
    """The whole setup as one SQL script for ``psql -v ON_ERROR_STOP=1 -f``: roles created
    without a password when missing, then every grant, in one transaction."""
    from etl.store.roles import role_if_missing_sql, setup_sql

    head = [
        "-- peta-sosialisasi basisdata peran: jalankan sebagai superuser, mis.",
        "--   sudo -u postgres psql -v ON_ERROR_STOP=1 -d peta -f peran.sql",
        f"-- Kata sandi tidak dicetak: setel di psql dengan \\password {loader}"
        f" dan \\password {dashboard}.",
        "BEGIN;",
    ]
    body = [role_if_missing_sql(loader), role_if_missing_sql(dashboard)]
    body += setup_sql(loader, dashboard)
    return "\n".join([*head, *(f"{statement};" for statement in body), "COMMIT;"])
