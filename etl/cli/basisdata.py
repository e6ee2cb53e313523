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


def apply_roles(url: str, loader: str, dashboard: str, env: Any) -> list[str]:
    """Create/update the roles and grant their rights in ONE transaction at ``url``;
    the lines to print (never a password). :class:`StoreError` when the database
    refuses (then nothing changed)."""
    from etl.store.postgis import SCHEMA, PostgisStore
    from etl.store.roles import PASSWORD_ENV, role_sql, setup_sql

    store = PostgisStore(url)
    lines = [f"Basis data: {store.location}"]
    with store.connect() as conn:
        for kind, role in (("pemuat", loader), ("dasbor", dashboard)):
            row = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", (role,))
            found = row.fetchone()
            if kind == "dasbor" and found is not None and found[0]:
                raise StoreError(f"peran dasbor '{role}' adalah superuser: pakai peran lain.")
            variable = PASSWORD_ENV[kind]
            password = str(env.get(variable, ""))
            verifier = (
                conn.pgconn.encrypt_password(
                    password.encode(), role.encode(), b"scram-sha-256"
                ).decode("ascii")
                if password
                else None
            )
            statement = role_sql(role, exists=found is not None, verifier=verifier)
            if statement is not None:
                conn.execute(statement)
            lines.append(_said(kind, role, found is not None, variable, bool(password)))
        owner = conn.execute(
            "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = %s", (SCHEMA,)
        ).fetchone()
        if owner is not None and owner[0].strip('"') != loader:
            raise StoreError(
                f"skema {SCHEMA} dimiliki '{owner[0]}', bukan '{loader}': pakai --pemuat "
                f"{owner[0]}, atau pindahkan dulu (REASSIGN OWNED BY {owner[0]} TO {loader})."
            )
        member = conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (dashboard, loader))
        if (member.fetchone() or (False,))[0]:
            raise StoreError(f"peran '{dashboard}' anggota peran '{loader}': pakai peran lain.")
        for statement in setup_sql(loader, dashboard):
            conn.execute(statement)
    lines += [
        f"Hak akses: '{loader}' memiliki skema {SCHEMA} dan log keputusan; '{dashboard}' "
        f"hanya membaca tabel data di {SCHEMA} dan hanya menambah keputusan tinjauan.",
        f"Dasbor: PETA_DB_URL=postgresql://{dashboard}:SANDI@SERVER/DB (sandi hanya di "
        "lingkungan/secrets, jangan di berkas proyek).",
    ]
    return lines


def _said(kind: str, role: str, existed: bool, variable: str, has_password: bool) -> str:
    label = f"Peran {kind} '{role}'"
    if existed:
        return f"{label}: sudah ada; " + (
            f"sandi diganti dari {variable}." if has_password else "sandinya tidak diubah."
        )
    if has_password:
        return f"{label}: dibuat, dengan sandi dari {variable}."
    return (
        f"{label}: dibuat TANPA sandi ({variable} tidak diisi); belum bisa masuk lewat "
        f"jaringan sampai sandi disetel (psql: \\password {role})."
    )
