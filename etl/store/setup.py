"""Set up the two roles of a shared database on the server itself
(``peta-sosialisasi basisdata peran``): check the roles and the schema's owner, create or
update the roles with a SCRAM verifier computed here, grant the rights of
:mod:`etl.store.roles`, all in one transaction. The CLI (:mod:`etl.cli.basisdata`)
only parses, prints and maps errors to exit codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from etl.store import StoreError
from etl.store.postgis import SCHEMA, PostgisStore
from etl.store.roles import PASSWORD_ENV, role_sql, setup_sql


def apply_roles(url: str, loader: str, dashboard: str, env: Mapping[str, str]) -> list[str]:
    """Create/update the roles and grant their rights in ONE transaction at ``url``;
    the lines to print (never a password). :class:`StoreError` when the database
    refuses (then nothing changed)."""
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
