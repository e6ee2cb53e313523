"""The review log in the database: ``peta.keputusan_tinjauan``, append-only.

Every review decision (an alias: kabupaten, kecamatan, typed name -> desa code) is one
row with who made it (``dibuat_oleh``: the dashboard's logged-in user; ``pengguna_db``:
the database login that inserted it) and when (``dibuat_pada``, the server's
``clock_timestamp()``). Two officers confirming at once are two inserts: both land.

Append-only is enforced by the database itself, for every role including the table's
owner: a statement trigger rejects ``UPDATE``, ``DELETE`` and ``TRUNCATE``. The
dashboard's role gets ``INSERT`` on the decision columns only (not on ``id``,
``dibuat_pada``, ``pengguna_db``, which the server fills) and no ``SELECT``
(:mod:`etl.store.roles`): inserts never use ``RETURNING``. Read as aliases, a later row
wins (:func:`etl.tools.decisions.aliases_from_decisions`), as in ``aliases.csv``.

The table is created by the loader with the rest of the schema
(:func:`etl.store.postgis.ensure_schema`) or by ``peta-sosialisasi basisdata peran``.
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd
import psycopg

from etl.store import StoreError, mask_secrets
from etl.store.postgis import LOCK_KEY as LOAD_LOCK
from etl.store.postgis import REVIEW_LOG_LOCK_KEY as LOCK_KEY
from etl.store.postgis import SCHEMA, PostgisStore, ensure_schema
from etl.tools.decisions import DECISION_COLUMNS, Decision, empty_decisions

TABLE: Final = "keputusan_tinjauan"
QUALIFIED: Final = f"{SCHEMA}.{TABLE}"
INSERT_COLUMNS: Final = ("kabupaten", "kecamatan", "nama_ketik", "desa_kode", "dibuat_oleh")
"""The columns a writer fills; the rest are the server's."""
DDL: Final = rf"""
CREATE TABLE IF NOT EXISTS {QUALIFIED} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dibuat_pada timestamptz NOT NULL DEFAULT clock_timestamp(),
    dibuat_oleh text NOT NULL CHECK (btrim(dibuat_oleh) <> ''),
    pengguna_db text NOT NULL DEFAULT session_user,
    kabupaten text NOT NULL CHECK (kabupaten ~ '^[0-9]{{2}}\.[0-9]{{2}}$'),
    kecamatan text NOT NULL DEFAULT '',
    nama_ketik text NOT NULL CHECK (btrim(nama_ketik) <> ''),
    desa_kode text NOT NULL CHECK (desa_kode ~ '^[0-9]{{2}}\.[0-9]{{2}}\.[0-9]{{2}}\.[0-9]{{4}}$')
);
COMMENT ON TABLE {QUALIFIED} IS
    'Keputusan tinjauan (alias desa): hanya boleh ditambah, tidak diubah atau dihapus.';
CREATE OR REPLACE FUNCTION {SCHEMA}.{TABLE}_tambah_saja() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{QUALIFIED} hanya boleh ditambah: % ditolak', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER tambah_saja
    BEFORE UPDATE OR DELETE OR TRUNCATE ON {QUALIFIED}
    FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.{TABLE}_tambah_saja();
"""
"""The table, its append-only trigger (statement level: it fires even when no row
matches, and for ``TRUNCATE``)."""
REVOKE_OTHERS: Final = f"""
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
             WHERE c.oid = '{QUALIFIED}'::regclass AND a.grantee <> c.relowner LOOP
        IF r.grantee = 0 THEN
            EXECUTE 'REVOKE ALL ON TABLE {QUALIFIED} FROM PUBLIC';
        ELSE
            EXECUTE format('REVOKE ALL ON TABLE {QUALIFIED} FROM %I', pg_get_userbyid(r.grantee));
        END IF;
    END LOOP;
END
$$"""
"""Take every right on the log from every role but its owner: default privileges for a
reader (``SELECT ON TABLES``) must not reach the log; ``basisdata peran`` then grants
the dashboard ``INSERT`` alone."""


def log_exists(conn: psycopg.Connection[Any]) -> bool:
    """Whether the log table is there (visible to this role or not)."""
    row = conn.execute("SELECT to_regclass(%s)", (QUALIFIED,)).fetchone()
    return row is not None and row[0] is not None


def ensure_log(conn: psycopg.Connection[Any]) -> None:
    """Create the log table and its trigger when missing (the schema must exist). Run by
    the loader: the table's owner. Nothing is done when it exists."""
    if log_exists(conn):
        return
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
    if log_exists(conn):  # another connection created it meanwhile
        return
    conn.execute(DDL)
    conn.execute(REVOKE_OTHERS)


def record(store: PostgisStore, decision: Decision) -> None:
    """Append ``decision`` (already checked) in its own transaction. When the table is
    missing (nothing loaded yet), the schema and the log are created if this role may
    (:func:`etl.store.postgis.ensure_schema`); else
    :class:`~etl.store.StoreError` says who must create it."""
    with store.connect() as conn:
        if not log_exists(conn):
            try:
                with conn.transaction():  # one at a time with loads and other writers
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOAD_LOCK,))
                    ensure_schema(conn)  # the schema with its log, as a first load makes it
            except (psycopg.Error, StoreError):
                raise StoreError(
                    f"tabel {QUALIFIED} belum ada di basis data {store.location} dan pengguna "
                    "ini tidak boleh membuatnya: jalankan ETL dengan --db sekali, atau minta "
                    "admin menjalankan 'peta-sosialisasi basisdata peran'. Keputusan belum "
                    "disimpan."
                ) from None
        try:
            with conn.transaction():
                insert_decision(conn, decision)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StoreError(
                f"pengguna basis data ini tidak boleh menambah keputusan tinjauan "
                f"({mask_secrets(str(exc).strip(), store.url)}): minta admin menjalankan "
                "'peta-sosialisasi basisdata peran'. Keputusan belum disimpan."
            ) from None


def insert_decision(conn: psycopg.Connection[Any], decision: Decision) -> None:
    """Append one (checked) decision. No ``RETURNING``: the dashboard's role may insert
    but not read the log."""
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    conn.execute(
        f"INSERT INTO {QUALIFIED} ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders})",
        tuple(getattr(decision, c) for c in INSERT_COLUMNS),
    )


def read_log(conn: psycopg.Connection[Any]) -> pd.DataFrame:
    """Every decision in the order made (:data:`~etl.tools.decisions.DECISION_COLUMNS`
    plus ``pengguna_db``); empty when the table does not exist yet."""
    if not log_exists(conn):
        return empty_decisions().assign(pengguna_db=pd.Series(dtype="str"))
    columns = [*DECISION_COLUMNS, "pengguna_db"]
    rows = conn.execute(f"SELECT {', '.join(columns)} FROM {QUALIFIED} ORDER BY id").fetchall()
    frame = pd.DataFrame(rows, columns=columns)
    frame["dibuat_pada"] = pd.to_datetime(frame["dibuat_pada"], utc=True)
    return frame.astype({"id": "int64"} | {c: "str" for c in columns[2:]})
