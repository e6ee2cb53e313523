"""The two database roles of a shared server and their rights, as SQL.

- the **loader** (``--pemuat``, the ETL's login): owns schema ``peta`` and everything in
  it (it creates the layer tables at each load), may create schemas in the database
  (other schemas of the ETL, e.g. raw inputs).
- the **dashboard** (``--dasbor``, the Streamlit server's login): ``USAGE`` on schema
  ``peta`` and ``SELECT`` on its data tables, now and in later loads (``ALTER DEFAULT
  PRIVILEGES FOR ROLE loader IN SCHEMA peta``); on the review log
  ``peta.keputusan_tinjauan`` only ``INSERT`` of the decision columns (no ``SELECT``,
  ``UPDATE``, ``DELETE``); nothing on any other schema: every grant names schema
  ``peta`` explicitly, never "all schemas".

Passwords never appear in this SQL: :func:`role_sql` takes a SCRAM verifier computed on
the client (libpq's ``PQencryptPasswordConn``), so not even the server's statement log
sees the password, and the printed SQL (``--cetak``) has none at all. Pure functions:
the statements as text; :mod:`etl.store.setup` runs them, ``--cetak`` prints them.
"""

from __future__ import annotations

from typing import Final

from psycopg import sql

from etl.store.postgis import SCHEMA
from etl.store.review_log import DDL, INSERT_COLUMNS, QUALIFIED, REVOKE_OTHERS

PASSWORD_ENV: Final = {"pemuat": "PETA_DB_PASSWORD_PEMUAT", "dasbor": "PETA_DB_PASSWORD_DASBOR"}
"""Where each role's password comes from (environment only, never the command line)."""


def ident(name: str) -> str:
    """``name`` quoted as an SQL identifier."""
    return sql.Identifier(name).as_string()


def literal(value: str) -> str:
    """``value`` quoted as an SQL string literal."""
    return sql.Literal(value).as_string()


def role_sql(role: str, *, exists: bool, verifier: str | None) -> str | None:
    """Create ``role`` (``LOGIN``, no superuser/createdb/createrole) when it does not
    exist, with the password ``verifier`` (a ``SCRAM-SHA-256$...`` string) if given; for
    an existing role, set the password when a verifier is given, else nothing (``None``)."""
    password = f" PASSWORD {literal(verifier)}" if verifier else ""
    if exists:
        return f"ALTER ROLE {ident(role)}{password}" if verifier else None
    return f"CREATE ROLE {ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE{password}"


def role_if_missing_sql(role: str) -> str:
    """For printed SQL: create ``role`` without a password unless it exists."""
    return (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal(role)}) "
        f"THEN CREATE ROLE {ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; "
        "END IF; END $$"
    )


def database_grants(loader: str, dashboard: str) -> list[str]:
    """``CONNECT`` on the current database for both, ``CREATE`` (schemas) for the loader."""
    grant = "EXECUTE format('GRANT {what} ON DATABASE %I TO %I', current_database(), {who})"
    return [
        "DO $$ BEGIN "
        + grant.format(what="CONNECT, CREATE", who=literal(loader)) + "; "
        + grant.format(what="CONNECT", who=literal(dashboard)) + "; END $$"
    ]  # fmt: skip


def loader_setup(loader: str) -> list[str]:
    """PostGIS, schema ``peta`` owned by ``loader`` and the review log created as
    ``loader`` (``SET ROLE``), so the loader owns it, with every other role's rights on
    it taken away (the dashboard's insert is granted after). Run by a superuser."""
    return [
        "CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public",
        f"CREATE SCHEMA IF NOT EXISTS {SCHEMA} AUTHORIZATION {ident(loader)}",
        f"SET ROLE {ident(loader)}",
        DDL.strip().rstrip(";"),
        REVOKE_OTHERS.strip(),
        "RESET ROLE",
    ]


def dashboard_grants(dashboard: str, loader: str) -> list[str]:
    """The dashboard's rights in schema ``peta``: read the data tables (those there now
    and those ``loader`` creates later), insert decisions into the review log (which
    must exist) and nothing more there. Other schemas are never named."""
    who, owner = ident(dashboard), ident(loader)
    columns = ", ".join(INSERT_COLUMNS)
    return [
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {who}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {who}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {SCHEMA}"
        f" GRANT SELECT ON TABLES TO {who}",
        f"REVOKE ALL ON TABLE {QUALIFIED} FROM {who}",
        f"GRANT INSERT ({columns}) ON TABLE {QUALIFIED} TO {who}",
    ]


def setup_sql(loader: str, dashboard: str) -> list[str]:
    """Everything after the roles exist, in order: database rights, the loader's schema
    and review log, the dashboard's grants."""
    return [*database_grants(loader, dashboard), *loader_setup(loader),
            *dashboard_grants(dashboard, loader)]  # fmt: skip
