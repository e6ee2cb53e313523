"""The input files a database keeps, so that a later load (another office, another
machine) rebuilds from the whole set, and the locks that make loads into one store take
turns. (The folder store keeps them in ``OUT/masukan/``, :mod:`etl.io.kept`.)

- PostGIS: ``peta_masukan.berkas (sha256, nama, isi, dimuat)``, a schema of its own:
  raw inputs hold personal data, and the dashboard's read-only user (granted on schema
  ``peta`` only, :func:`etl.store.roles.dashboard_grants`) must not read them.

A load reads the current set, runs the ETL and publishes; two loads doing that at once
would each publish a set without the other's input.
:func:`etl.io.kept.folder_load_lock` (a lock file of its own, not the write lock the ETL
takes inside) and :func:`database_load_lock` (a session advisory lock on
:data:`LOAD_LOCK_KEY`, not the publish's ``LOCK_KEY``) make them take turns.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import psycopg

from etl.errors import OutputBusyError
from etl.store.postgis import LOAD_LOCK_KEY, PostgisStore
from geodata.io.locking import wait_for

INPUT_SCHEMA: Final = "peta_masukan"
_TABLE = f"""
CREATE SCHEMA IF NOT EXISTS {INPUT_SCHEMA};
CREATE TABLE IF NOT EXISTS {INPUT_SCHEMA}.berkas (
    sha256 text PRIMARY KEY,
    nama text NOT NULL,
    isi bytea NOT NULL,
    dimuat timestamptz NOT NULL DEFAULT clock_timestamp()
);
"""


@contextmanager
def database_load_lock(store: PostgisStore, wait: float) -> Iterator[None]:
    """Hold the session advisory lock :data:`LOAD_LOCK_KEY` on a connection of its own
    for the block (released when it ends or the process dies);
    :class:`OutputBusyError` when another load holds it for more than ``wait`` s."""
    conn = store.open_connection(autocommit=True, application_name="peta-sosialisasi muat")
    try:
        if not wait_for(lambda: _try_lock(conn), wait):
            raise OutputBusyError(
                f"ETL lain sedang memuat ke basis data {store.location} (sudah ditunggu "
                f"{wait:g} detik). Coba lagi nanti; data yang ada tidak diubah."
            )
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (LOAD_LOCK_KEY,))
    finally:
        conn.close()


def save_inputs(store: PostgisStore, files: Mapping[str, Path]) -> int:
    """Keep each file (``sha256 -> path``) in ``peta_masukan.berkas`` under its name
    (a file already kept is not sent again); returns how many were sent."""
    with store.connect() as conn:
        conn.execute(_TABLE)
        have = {
            str(row[0])
            for row in conn.execute(
                f"SELECT sha256 FROM {INPUT_SCHEMA}.berkas WHERE sha256 = ANY(%s)", (list(files),)
            ).fetchall()
        }
        missing = {digest: path for digest, path in files.items() if digest not in have}
        for digest, path in missing.items():
            conn.execute(
                f"INSERT INTO {INPUT_SCHEMA}.berkas (sha256, nama, isi) VALUES (%s, %s, %s)",
                (digest, Path(path).name, Path(path).read_bytes()),
            )
    return len(missing)


def fetch_input(store: PostgisStore, digest: str) -> tuple[str, bytes] | None:
    """The kept name and content of the input with sha256 ``digest``; ``None`` when it
    is not kept."""
    with store.connect() as conn:
        row = conn.execute("SELECT to_regclass(%s)", (f"{INPUT_SCHEMA}.berkas",)).fetchone()
        if row is None or row[0] is None:
            return None
        found = conn.execute(
            f"SELECT nama, isi FROM {INPUT_SCHEMA}.berkas WHERE sha256 = %s", (digest,)
        ).fetchone()
    return None if found is None else (str(found[0]), bytes(found[1]))


def prune_inputs(store: PostgisStore, keep: Sequence[str]) -> int:
    """Delete the kept inputs whose sha256 is not in ``keep`` (the current set: a
    replaced version's personal data goes with its rows); returns how many."""
    with store.connect() as conn:
        conn.execute(_TABLE)
        cur = conn.execute(
            f"DELETE FROM {INPUT_SCHEMA}.berkas WHERE NOT (sha256 = ANY(%s))", (list(keep),)
        )
        return cur.rowcount


def _try_lock(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
    row = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOAD_LOCK_KEY,)).fetchone()
    return bool(row and row[0])
